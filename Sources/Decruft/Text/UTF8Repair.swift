/// Validates UTF-8 input and repairs it: each maximal invalid subsequence
/// becomes U+FFFD (the Unicode "substitution of maximal subparts" practice),
/// so no text is silently lost and the caller can warn about it.
public enum UTF8Repair {
    /// The byte offset of the first invalid sequence, or nil when `bytes` is valid UTF-8.
    public static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = bytes.count
        guard let base = bytes.baseAddress else { return nil }
        while i < n {
            // ASCII fast path, eight bytes at a time.
            if i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    continue
                }
            }
            if bytes[i] < 0x80 {
                i += 1
                continue
            }
            let length = validSequenceLength(bytes, at: i)
            if length == 0 { return i }
            i += length
        }
        return nil
    }

    /// `bytes` with invalid sequences replaced, and how many were replaced.
    public static func repair(_ bytes: [UInt8]) -> (bytes: [UInt8], replacements: Int) {
        let first = bytes.withUnsafeBufferPointer { firstInvalidOffset($0) }
        guard let first else { return (bytes, 0) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        out.append(contentsOf: bytes[0..<first])
        var replacements = 0
        bytes.withUnsafeBufferPointer { p in
            var i = first
            while i < p.count {
                if p[i] < 0x80 {
                    out.append(p[i])
                    i += 1
                    continue
                }
                let length = validSequenceLength(p, at: i)
                if length > 0 {
                    out.append(contentsOf: p[i..<(i + length)])
                    i += length
                } else {
                    out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    replacements += 1
                    i += invalidSubpartLength(p, at: i)
                }
            }
        }
        return (out, replacements)
    }

    /// Length of the valid multi-byte sequence at `i`, or 0 if it is invalid.
    @inline(__always)
    static func validSequenceLength(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let n = p.count
        let b0 = p[i]
        @inline(__always) func cont(_ k: Int) -> Bool { i + k < n && p[i + k] & 0xC0 == 0x80 }
        switch b0 {
        case 0xC2...0xDF:
            return cont(1) ? 2 : 0
        case 0xE0:
            return i + 2 < n && (0xA0...0xBF).contains(p[i + 1]) && cont(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE, 0xEF:
            return cont(1) && cont(2) ? 3 : 0
        case 0xED:
            return i + 2 < n && (0x80...0x9F).contains(p[i + 1]) && cont(2) ? 3 : 0
        case 0xF0:
            return i + 3 < n && (0x90...0xBF).contains(p[i + 1]) && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3:
            return cont(1) && cont(2) && cont(3) ? 4 : 0
        case 0xF4:
            return i + 3 < n && (0x80...0x8F).contains(p[i + 1]) && cont(2) && cont(3) ? 4 : 0
        default:
            return 0
        }
    }

    /// How many bytes one U+FFFD replaces: the lead byte plus the continuation
    /// bytes that could still have belonged to it (at least 1).
    static func invalidSubpartLength(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let b0 = p[i]
        let expected: Int
        switch b0 {
        case 0xC2...0xDF: expected = 2
        case 0xE0...0xEF: expected = 3
        case 0xF0...0xF4: expected = 4
        default: return 1
        }
        var k = 1
        while k < expected, i + k < p.count, p[i + k] & 0xC0 == 0x80 {
            // Second-byte restrictions (E0, ED, F0, F4) end the subpart early.
            if k == 1 {
                let b1 = p[i + 1]
                if (b0 == 0xE0 && b1 < 0xA0) || (b0 == 0xED && b1 > 0x9F)
                    || (b0 == 0xF0 && b1 < 0x90) || (b0 == 0xF4 && b1 > 0x8F) { break }
            }
            k += 1
        }
        return k
    }
}
