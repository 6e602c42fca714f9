/// Cheap measurements of a block's text, on its UTF-8 bytes.
public struct TextShape: Sendable, Equatable {
    /// Unicode scalars.
    public var characters: Int
    /// Whitespace-separated tokens.
    public var words: Int
    /// The last visible character is `.`, `!`, `?` or `…`.
    public var endsSentence: Bool
    /// The last visible character is `:`.
    public var endsWithColon: Bool
    /// The last visible character is `.`.
    public var endsWithPeriod: Bool

    public init(_ text: String) {
        var text = text
        self = text.withUTF8 { TextShape(bytes: $0) }
    }

    /// Measures valid UTF-8 bytes (one pass, no decoding of ASCII).
    public init(bytes p: UnsafeBufferPointer<UInt8>) {
        var characters = 0
        var words = 0
        var inWord = false
        var lastStart = -1
        var i = 0
        let n = p.count
        while i < n {
            let b = p[i]
            var space = false
            if b < 0x80 {
                space = b == 0x20 || (b >= 0x09 && b <= 0x0D)
            } else if b == 0xC2, i + 1 < n, p[i + 1] == 0xA0 {
                space = true
            }
            if b & 0xC0 != 0x80 { characters += 1 }
            if space {
                inWord = false
            } else if b & 0xC0 != 0x80 {
                if !inWord { words += 1 }
                inWord = true
                lastStart = i
            }
            i += 1
        }
        var last: UInt32 = 0
        if lastStart >= 0 {
            let length = UTF8Scan.sequenceLength(lead: p[lastStart])
            last = length == 1 ? UInt32(p[lastStart])
                : (lastStart + length <= n ? UTF8Scan.decode(p, at: lastStart, length: length) : 0)
        }
        self.characters = characters
        self.words = words
        self.endsSentence = last == 0x2E || last == 0x21 || last == 0x3F || last == 0x2026
            || last == 0x3002 || last == 0xFF01 || last == 0xFF1F
        self.endsWithColon = last == 0x3A
        self.endsWithPeriod = last == 0x2E
    }

    /// A short line without a closing full stop: a headline or a link title.
    public func isHeadingLike(maxWords: Int, maxCharacters: Int) -> Bool {
        words > 0 && words <= maxWords && characters <= maxCharacters && !endsWithPeriod
    }
}

/// Keys that make two texts compare equal despite cosmetic differences.
public enum TextKey {
    /// Letters and digits only, lowercased (ASCII; other scripts as written),
    /// with one space between words: curly vs straight quotes, dashes,
    /// punctuation, case and whitespace do not matter.
    public static func loose(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { loose(bytes: $0) }
    }

    /// `loose` on valid UTF-8 bytes.
    public static func loose(bytes p: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let n = p.count
        // NB: the key is at most 1.5× the input: a lowercase mapping grows a
        // 2-byte scalar to at most 3 bytes, and a space stands for at least
        // one dropped byte.
        return [UInt8](unsafeUninitializedCapacity: n + n / 2 + 8) { out, count in
            var o = 0
            var pendingSpace = false
            var i = 0
            while i < n {
                let b = p[i]
                if b < 0x80 {
                    if (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) {
                        if pendingSpace && o > 0 { out[o] = 0x20; o += 1 }
                        pendingSpace = false
                        out[o] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
                        o += 1
                    } else {
                        pendingSpace = true
                    }
                    i += 1
                    continue
                }
                let length = UTF8Scan.sequenceLength(lead: b)
                guard length > 1, i + length <= n else { i += 1; continue }
                let v = UTF8Scan.decode(p, at: i, length: length)
                i += length
                if isSeparator(v) {
                    pendingSpace = true
                    continue
                }
                if pendingSpace && o > 0 { out[o] = 0x20; o += 1 }
                pendingSpace = false
                var lowered = Unicode.Scalar(v) ?? "\u{FFFD}"
                if lowered.properties.isUppercase, let first = lowered.properties.lowercaseMapping.unicodeScalars.first {
                    lowered = first
                }
                UTF8.encode(lowered) { byte in out[o] = byte; o += 1 }
            }
            count = o
        }
    }

    /// A 64-bit FNV-1a hash of `bytes` (fast; callers confirm equality on a hit).
    @inline(__always)
    public static func hash<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h &*= 0x100_0000_01b3
        }
        return h
    }

    /// Hashes of the words of a loose key.
    public static func wordHashes(_ key: [UInt8]) -> Set<UInt64> {
        var result = Set<UInt64>()
        var start = 0
        for i in 0...key.count where i == key.count || key[i] == 0x20 {
            if i > start { result.insert(hash(key[start..<i])) }
            start = i + 1
        }
        return result
    }

    /// The words of a loose key.
    public static func words(_ key: [UInt8]) -> [ArraySlice<UInt8>] {
        key.split(separator: 0x20)
    }

    /// Punctuation and spaces outside ASCII that should not tell texts apart.
    static func isSeparator(_ v: UInt32) -> Bool {
        switch v {
        case 0x80...0xBF, 0xD7, 0xF7, 0x2000...0x206F, 0x3000...0x303F, 0xFE10...0xFE6F, 0xFF01...0xFF0F, 0xFEFF:
            return true
        default:
            return false
        }
    }
}
