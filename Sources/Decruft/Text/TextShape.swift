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

    /// Measures valid UTF-8 bytes (one pass, eight bytes at a time while they
    /// are ASCII, no decoding).
    public init(bytes p: UnsafeBufferPointer<UInt8>) {
        var characters = 0
        var words = 0
        var inWord = false
        var lastStart = -1
        var i = 0
        let n = p.count
        while i < n {
            if i + ByteChunk.width <= n {
                let w = ByteChunk.load(p, at: i)
                if ByteChunk.isASCII(w) {
                    // Eight characters at once: a visible byte after a space
                    // (or after a space before the chunk) starts a word.
                    let visible = ~ByteChunk.asciiWhitespace(w) & ByteChunk.high
                    characters += ByteChunk.width
                    words += ByteChunk.count(visible & ~((visible << 8) | (inWord ? 0x80 : 0)))
                    if visible != 0 { lastStart = i + ByteChunk.lastOffset(visible) }
                    inWord = ByteChunk.lastMarked(visible)
                    i += ByteChunk.width
                    continue
                }
            }
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
            var writer = KeyWriter(out: out)
            scanLoose(p, into: &writer)
            count = writer.count
        }
    }

    /// The length and `hash` of `loose(bytes: p)`, without building the key.
    public static func looseHash(bytes p: UnsafeBufferPointer<UInt8>) -> (length: Int, hash: UInt64) {
        var hasher = KeyHasher()
        scanLoose(p, into: &hasher)
        return (hasher.length, hasher.hash)
    }

    /// The `hash` of every word of `loose(bytes: p)`, sorted, each once.
    public static func wordHashes(bytes p: UnsafeBufferPointer<UInt8>) -> [UInt64] {
        var hasher = WordHasher()
        scanLoose(p, into: &hasher)
        hasher.finishWord()
        hasher.words.sort()
        var unique = 0
        for hash in hasher.words where unique == 0 || hasher.words[unique - 1] != hash {
            hasher.words[unique] = hash
            unique += 1
        }
        hasher.words.removeSubrange(unique...)
        return hasher.words
    }

    /// `wordHashes` of a text.
    public static func wordHashes(_ text: String) -> [UInt64] {
        var text = text
        return text.withUTF8 { wordHashes(bytes: $0) }
    }

    /// A 64-bit FNV-1a hash of `bytes` (fast; callers confirm equality on a hit).
    @inline(__always)
    public static func hash<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var h = fnvOffset
        for b in bytes { h = fnv(h, b) }
        return h
    }

    static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325

    /// One FNV-1a step.
    @inline(__always)
    static func fnv(_ h: UInt64, _ byte: UInt8) -> UInt64 { (h ^ UInt64(byte)) &* 0x100_0000_01b3 }

    /// The words of a loose key.
    public static func words(_ key: [UInt8]) -> [ArraySlice<UInt8>] {
        key.split(separator: 0x20)
    }

    /// Receives a loose key as `scanLoose` works it out.
    protocol Sink {
        /// The next byte of a word.
        mutating func append(_ byte: UInt8)
        /// The space between two words.
        mutating func separate()
        /// Eight bytes of a word at once, the first in the lowest bits.
        mutating func append(eight w: UInt64)
    }

    /// Works out the loose key of valid UTF-8 bytes and hands it to `sink`:
    /// one walk for building the key, hashing it, or hashing its words.
    @inline(__always)
    static func scanLoose<S: Sink>(_ p: UnsafeBufferPointer<UInt8>, into sink: inout S) {
        // NB: the state lives in a local value, not in `sink` (inout) or a
        // closure's captures, so that it stays in registers.
        var scan = LooseScan(sink: sink)
        let n = p.count
        var i = 0
        while i < n {
            if i + ByteChunk.width <= n {
                let w = ByteChunk.load(p, at: i)
                if ByteChunk.isASCII(w) {
                    // Eight ASCII bytes: letters and digits are kept, letters
                    // lowercased (0x20 added where the letter mask has 0x80).
                    let (digits, letters) = ByteChunk.asciiAlphanumerics(w)
                    var kept = digits | letters
                    var folded = w | (letters >> 2)
                    if kept == ByteChunk.high {
                        scan.characters(eight: folded)
                        i += ByteChunk.width
                        continue
                    }
                    for _ in 0..<ByteChunk.width {
                        if kept & 0x80 != 0 {
                            scan.character(UInt8(truncatingIfNeeded: folded))
                        } else {
                            scan.pendingSpace = true
                        }
                        kept >>= 8
                        folded >>= 8
                    }
                    i += ByteChunk.width
                    continue
                }
            }
            let b = p[i]
            if b < 0x80 {
                let lower = b | 0x20
                if b &- 0x30 < 10 || lower &- 0x61 < 26 {
                    scan.character(b &- 0x30 < 10 ? b : lower)
                } else {
                    scan.pendingSpace = true
                }
                i += 1
                continue
            }
            let length = UTF8Scan.sequenceLength(lead: b)
            guard length > 1, i + length <= n else { i += 1; continue }
            let v = UTF8Scan.decode(p, at: i, length: length)
            i += length
            if isSeparator(v) {
                scan.pendingSpace = true
                continue
            }
            var lowered = Unicode.Scalar(v) ?? "\u{FFFD}"
            if lowered.properties.isUppercase, let first = lowered.properties.lowercaseMapping.unicodeScalars.first {
                lowered = first
            }
            scan.scalar(lowered)
        }
        sink = scan.sink
    }

    /// `scanLoose`'s state: the sink and whether a space is owed.
    struct LooseScan<S: Sink> {
        var sink: S
        /// A separator came since the last kept character.
        var pendingSpace = false
        /// Some character was kept.
        var started = false

        /// Hands on one kept ASCII character, after the space owed before it.
        @inline(__always)
        mutating func character(_ byte: UInt8) {
            if pendingSpace && started { sink.separate() }
            pendingSpace = false
            started = true
            sink.append(byte)
        }

        /// Hands on eight kept ASCII characters, after the space owed before them.
        @inline(__always)
        mutating func characters(eight w: UInt64) {
            if pendingSpace && started { sink.separate() }
            pendingSpace = false
            started = true
            sink.append(eight: w)
        }

        /// Hands on one kept scalar, after the space owed before it.
        mutating func scalar(_ scalar: Unicode.Scalar) {
            if pendingSpace && started { sink.separate() }
            pendingSpace = false
            started = true
            UTF8.encode(scalar) { byte in sink.append(byte) }
        }
    }

    /// Writes the key into a buffer that is large enough.
    struct KeyWriter: Sink {
        let out: UnsafeMutableBufferPointer<UInt8>
        var count = 0
        @inline(__always) mutating func append(_ byte: UInt8) {
            out[count] = byte
            count &+= 1
        }
        @inline(__always) mutating func separate() { append(0x20) }
        @inline(__always) mutating func append(eight w: UInt64) {
            UnsafeMutableRawPointer(out.baseAddress! + count).storeBytes(of: w.littleEndian, as: UInt64.self)
            count &+= ByteChunk.width
        }
    }

    /// Hashes the key as `hash` would, and counts its bytes.
    struct KeyHasher: Sink {
        var hash = TextKey.fnvOffset
        var length = 0
        @inline(__always) mutating func append(_ byte: UInt8) {
            hash = TextKey.fnv(hash, byte)
            length &+= 1
        }
        @inline(__always) mutating func separate() { append(0x20) }
    }

    /// Hashes each word of the key as `hash` would.
    struct WordHasher: Sink {
        var words: [UInt64] = []
        var current = TextKey.fnvOffset
        var inWord = false
        @inline(__always) mutating func append(_ byte: UInt8) {
            current = TextKey.fnv(current, byte)
            inWord = true
        }
        @inline(__always) mutating func separate() { finishWord() }
        mutating func finishWord() {
            guard inWord else { return }
            words.append(current)
            current = TextKey.fnvOffset
            inWord = false
        }
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

extension TextKey.Sink {
    /// Byte by byte, unless the sink has a faster way.
    @inline(__always)
    mutating func append(eight w: UInt64) {
        for k in 0..<ByteChunk.width { append(ByteChunk.byte(w, k)) }
    }
}
