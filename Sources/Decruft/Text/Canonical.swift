import Foundation

/// Canonical paragraph text: the rules every output paragraph obeys.
///
/// - Unicode NFC.
/// - Every run of whitespace (ASCII whitespace, line breaks, no-break space and
///   the other Unicode space separators) becomes one ASCII space; the result is
///   trimmed.
/// - Removed: control characters (C0 except whitespace, DEL, C1), the byte
///   order mark / zero-width no-break space U+FEFF, zero-width space U+200B,
///   word joiner U+2060, Mongolian vowel separator U+180E and soft hyphen U+00AD.
/// - Zero-width non-joiner and joiner (U+200C, U+200D) are kept only between two
///   non-ASCII characters, where they carry meaning (Persian and Indic
///   spelling, emoji sequences); elsewhere they are removed.
/// - Curly quotes, dashes and every other visible character are kept.
///
///     Canonical.paragraph("  Hello,\u{00A0}\u{200B}world\t!  ")   // "Hello, world !"
public enum Canonical {
    /// The canonical form of one paragraph.
    public static func paragraph(_ text: String) -> String {
        var text = text
        return text.withUTF8 { isCanonical(bytes: $0) } ? text : text.withUTF8 { paragraph(bytes: $0) }
    }

    /// Whether `text` is already canonical, byte for byte.
    public static func isCanonical(_ text: String) -> Bool {
        paragraph(text).utf8.elementsEqual(text.utf8)
    }

    /// A quick, conservative test: true only for non-empty text that is
    /// canonical as it stands (single inner spaces, no controls, only
    /// characters that NFC leaves alone). False means "run `paragraph`".
    public static func isCanonical(bytes p: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = p.count
        guard n > 0, p[0] != 0x20, p[n - 1] != 0x20 else { return false }
        var previousSpace = false
        var i = 0
        while i < n {
            if i + ByteChunk.width <= n {
                let w = ByteChunk.load(p, at: i)
                if ByteChunk.isASCII(w) {
                    // Eight ASCII bytes at once: no control character, no doubled space.
                    if ByteChunk.asciiBelow(w, 0x20) | ByteChunk.equal(w, 0x7F) != 0 { return false }
                    let spaces = ByteChunk.equal(w, 0x20)
                    if ByteChunk.hasAdjacent(spaces, previousMarked: previousSpace) { return false }
                    previousSpace = ByteChunk.lastMarked(spaces)
                    i += ByteChunk.width
                    continue
                }
            }
            let b = p[i]
            if b < 0x80 {
                if b == 0x20 {
                    if previousSpace { return false }
                    previousSpace = true
                } else {
                    if b < 0x20 || b == 0x7F { return false }
                    previousSpace = false
                }
                i += 1
                continue
            }
            let length = UTF8Scan.sequenceLength(lead: b)
            guard length > 1, i + length <= n,
                  classify(UTF8Scan.decode(p, at: i, length: length)) == .keep(nfcSafe: true) else { return false }
            previousSpace = false
            i += length
        }
        return true
    }

    /// The canonical form of one paragraph given as (valid) UTF-8 bytes.
    public static func paragraph(bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pendingSpace = false
        var needsNFC = false
        var lastWasNonASCII = false
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                    pendingSpace = true
                } else if b >= 0x20 && b != 0x7F {
                    if pendingSpace && !out.isEmpty { out.append(0x20) }
                    pendingSpace = false
                    out.append(b)
                }
                lastWasNonASCII = false
                i += 1
                continue
            }
            let length = UTF8Scan.sequenceLength(lead: b)
            guard length > 1, i + length <= n else {
                // Not reachable for valid UTF-8; drop the stray byte defensively.
                i += 1
                continue
            }
            let scalar = UTF8Scan.decode(bytes, at: i, length: length)
            switch classify(scalar) {
            case .space:
                pendingSpace = true
                lastWasNonASCII = false
            case .remove:
                break
            case .joiner:
                if lastWasNonASCII && !pendingSpace && nextIsVisibleNonASCII(bytes, after: i + length) {
                    for k in 0..<length { out.append(bytes[i + k]) }
                }
            case .keep(let nfcSafe):
                if pendingSpace && !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                for k in 0..<length { out.append(bytes[i + k]) }
                if !nfcSafe { needsNFC = true }
                lastWasNonASCII = true
            }
            i += length
        }
        let result = String(decoding: out, as: UTF8.self)
        return needsNFC ? result.precomposedStringWithCanonicalMapping : result
    }

    /// Whether the scalar at `j` is a kept, visible, non-ASCII character
    /// (not a space, not removed, not another joiner).
    static func nextIsVisibleNonASCII(_ bytes: UnsafeBufferPointer<UInt8>, after j: Int) -> Bool {
        guard j < bytes.count, bytes[j] >= 0xC0 else { return false }
        let length = UTF8Scan.sequenceLength(lead: bytes[j])
        guard j + length <= bytes.count else { return false }
        if case .keep = classify(UTF8Scan.decode(bytes, at: j, length: length)) { return true }
        return false
    }

    enum ScalarClass: Equatable {
        case space
        case remove
        case joiner
        /// A visible character; `nfcSafe` when it cannot change under NFC.
        case keep(nfcSafe: Bool)
    }

    static func classify(_ v: UInt32) -> ScalarClass {
        switch v {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return .space
        case 0x80...0x9F, 0xAD, 0x180E, 0x200B, 0x2060, 0xFEFF:
            return .remove
        case 0x200C, 0x200D:
            return .joiner
        default:
            return .keep(nfcSafe: isNFCSafe(v))
        }
    }

    /// Characters that are their own NFC form and never combine with a
    /// neighbour (Quick_Check=Yes, combining class 0), in the ranges that
    /// matter for speed; anything else goes through full NFC.
    static func isNFCSafe(_ v: UInt32) -> Bool {
        switch v {
        case 0...0x2FF, 0x370...0x373, 0x376...0x37D, 0x388...0x482, 0x48A...0x52F,
             0x2010...0x2027, 0x2030...0x205E, 0x20A0...0x20CF, 0x2190...0x2328, 0x2500...0x27BF,
             0x3001...0x3029, 0x3041...0x3096, 0x309B...0x30FF, 0x4E00...0x9FFF, 0xAC00...0xD7A3,
             0xFE00...0xFE0F, 0xFF01...0xFFEF, 0xFFFD, 0x1F000...0x1FAFF:
            return true
        default:
            return false
        }
    }
}

/// Small helpers for walking UTF-8 bytes.
enum UTF8Scan {
    /// Length of the sequence that starts with `lead` (1 for ASCII or a stray
    /// continuation byte).
    @inline(__always)
    static func sequenceLength(lead: UInt8) -> Int {
        if lead < 0xC0 { return 1 }
        if lead < 0xE0 { return 2 }
        if lead < 0xF0 { return 3 }
        return 4
    }

    /// Decodes the scalar of a valid sequence of `length` bytes at `i`.
    @inline(__always)
    static func decode(_ p: UnsafeBufferPointer<UInt8>, at i: Int, length: Int) -> UInt32 {
        switch length {
        case 2:
            return UInt32(p[i] & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F)
        case 3:
            return UInt32(p[i] & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F)
        default:
            return UInt32(p[i] & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12
                | UInt32(p[i + 2] & 0x3F) << 6 | UInt32(p[i + 3] & 0x3F)
        }
    }
}
