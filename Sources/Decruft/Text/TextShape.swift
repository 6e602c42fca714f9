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
        var characters = 0
        var words = 0
        var inWord = false
        var last: UInt32 = 0
        for scalar in text.unicodeScalars {
            characters += 1
            let v = scalar.value
            let space = v == 0x20 || (v >= 0x09 && v <= 0x0D) || v == 0xA0
            if space {
                inWord = false
            } else {
                if !inWord { words += 1 }
                inWord = true
                last = v
            }
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
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                let b = UInt8(v)
                if (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A) {
                    if pendingSpace && !out.isEmpty { out.append(0x20) }
                    pendingSpace = false
                    out.append(b)
                } else if b >= 0x41 && b <= 0x5A {
                    if pendingSpace && !out.isEmpty { out.append(0x20) }
                    pendingSpace = false
                    out.append(b | 0x20)
                } else {
                    pendingSpace = true
                }
            } else if isSeparator(v) {
                pendingSpace = true
            } else {
                if pendingSpace && !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                var lowered = scalar
                if scalar.properties.isUppercase, let first = scalar.properties.lowercaseMapping.unicodeScalars.first {
                    lowered = first
                }
                UTF8.encode(lowered) { out.append($0) }
            }
        }
        return out
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
