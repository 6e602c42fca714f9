/// Substring and sign searches on a line's UTF-8 bytes, for filters that run
/// on every block: no `Character` iteration, no Foundation, no copies.
enum ByteSearch {
    /// The byte offset where the last occurrence of `needle` starts in `p`.
    static func lastOffset(of needle: [UInt8], in p: UnsafeBufferPointer<UInt8>) -> Int? {
        let m = needle.count
        guard m > 0, p.count >= m else { return nil }
        let first = needle[0]
        var i = p.count - m
        while i >= 0 {
            if p[i] == first {
                var k = 1
                while k < m && p[i + k] == needle[k] { k += 1 }
                if k == m { return i }
            }
            i -= 1
        }
        return nil
    }

    /// Space-separated words (runs of bytes other than U+0020) in `p[from...]`.
    static func spaceSeparatedWords(_ p: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var words = 0
        var inWord = false
        var i = start
        while i < p.count {
            let space = p[i] == 0x20
            if !space && !inWord { words += 1 }
            inWord = !space
            i += 1
        }
        return words
    }

    /// The offset just after the first sign of `signs` in `p`, if any.
    static func endOfFirst(_ signs: SignSet, in p: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = p.count
        while i < n {
            let b = p[i]
            if b < 0x80 {
                if signs.ascii & (1 << UInt128(b)) != 0 { return i + 1 }
                i += 1
                continue
            }
            let length = UTF8Scan.sequenceLength(lead: b)
            if length > 1, i + length <= n {
                let scalar = UTF8Scan.decode(p, at: i, length: length)
                if signs.others.contains(scalar) { return i + length }
            }
            i += max(length, 1)
        }
        return nil
    }

    /// A small set of signs: ASCII ones as a bit set, the rest as scalars.
    struct SignSet: Sendable {
        let ascii: UInt128
        let others: [UInt32]

        init(_ signs: String) {
            var ascii: UInt128 = 0
            var others: [UInt32] = []
            for scalar in signs.unicodeScalars {
                if scalar.value < 0x80 { ascii |= 1 << UInt128(scalar.value) } else { others.append(scalar.value) }
            }
            self.ascii = ascii
            self.others = others
        }
    }
}
