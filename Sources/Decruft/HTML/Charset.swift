#if canImport(Glibc)
import Glibc
#endif

/// Decides a page's character encoding and converts it to UTF-8.
///
/// Order of evidence: a byte order mark; the caller's hint (`--charset`, an
/// HTTP header); `<meta charset>` / `http-equiv` in the first 4 KiB; then
/// the bytes themselves. A page that is valid UTF-8 with non-ASCII text is
/// read as UTF-8 whatever it declares (real Latin-1 text is almost never valid
/// UTF-8).
///
/// A page that declares UTF-8 is read as UTF-8 as soon as it holds any UTF-8
/// text: broken sequences (a teaser cut inside a character, a pasted Latin-1
/// byte) are repaired where they are, each with one U+FFFD, and a warning
/// says how many — the rest of the page keeps its text, however much is
/// broken. Only a page with no UTF-8 multi-byte sequence at all (a Latin-1
/// page labelled UTF-8) is read by its next declaration or as windows-1252.
///
/// Reading windows-1252 (declared, or sniffed for a page that declares
/// nothing and is not mostly UTF-8) keeps every valid UTF-8 multi-byte
/// sequence as UTF-8, so a UTF-8 paragraph pasted into a Latin-1 page does
/// not become mojibake ("CafÃ©"). ISO-8859-1 and ASCII are read as
/// windows-1252, their superset, as browsers do. Unknown or bogus names
/// ("utf-8, ie=edge") fall back to the same checks.
public enum Charset {
    public struct Decision: Sendable, Equatable {
        /// The encoding used, e.g. "utf-8", "windows-1252", "shift_jis".
        public var encoding: String
        /// Where the decision came from: bom, hint, meta, sniffed, fallback.
        public var source: String
        /// What reading the page this way had to repair or guess (invalid
        /// UTF-8 replaced, a declaration overridden, a mixed page), one
        /// warning each; `Cleaner` reports them with the page's warnings.
        public var warnings: [String] = []
    }

    /// Decodes `bytes` to valid UTF-8 bytes.
    public static func toUTF8(_ bytes: [UInt8], hint: String? = nil) -> (bytes: [UInt8], decision: Decision) {
        let decoded = decode(bytes, hint: hint)
        return (decoded.bytes, decoded.decision)
    }

    /// The page as valid UTF-8 (invalid sequences repaired with U+FFFD,
    /// counted in the decision's warnings), how it was read, and whether
    /// it is valid UTF-8 (always, now: `UTF8Repair` would change nothing).
    static func decode(_ raw: [UInt8], hint: String?) -> (bytes: [UInt8], decision: Decision, isValid: Bool) {
        var decoded = decodeUnrepaired(raw, hint: hint)
        if !decoded.isValid {
            let (repaired, replacements) = UTF8Repair.repair(decoded.bytes)
            decoded.bytes = repaired
            if replacements > 0 {
                decoded.decision.warnings.append(
                    "html: \(replacements) invalid UTF-8 sequence\(replacements == 1 ? "" : "s") replaced with U+FFFD")
            }
        }
        return (decoded.bytes, decoded.decision, true)
    }

    /// What `decodeUnrepaired` made of a page.
    struct Decoded {
        var bytes: [UInt8]
        var decision: Decision
        /// The bytes are known to be valid UTF-8 already (checked, or made by
        /// `windows1252ToUTF8`), so that `UTF8Repair` would change nothing.
        var isValid: Bool
    }

    static func decodeUnrepaired(_ bytes: [UInt8], hint: String?) -> Decoded {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return Decoded(bytes: Array(bytes.dropFirst(3)), decision: Decision(encoding: "utf-8", source: "bom"), isValid: false)
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let name = bytes[0] == 0xFF ? "utf-16le" : "utf-16be"
            if let converted = iconvToUTF8(Array(bytes.dropFirst(2)), from: name) {
                return Decoded(bytes: converted, decision: Decision(encoding: name, source: "bom"), isValid: false)
            }
        }
        let census = UTF8Census(bytes)
        var candidates: [(String, String)] = hint.map { [($0, "hint")] } ?? []
        candidates += declarations(in: bytes).map { ($0, "meta") }
        var wrongUTF8Declaration: String?
        for (name, source) in candidates {
            guard let label = canonicalLabel(name) else { continue }
            if label == "utf-8" {
                // Any UTF-8 text at all: the declaration holds, broken bytes are repaired.
                if census.isValid || census.valid > 0 {
                    return Decoded(bytes: bytes, decision: Decision(encoding: "utf-8", source: source), isValid: census.isValid)
                }
                // None: a legacy page labelled UTF-8; a later declaration
                // (the page's own, after an archive's) may be right.
                wrongUTF8Declaration = wrongUTF8Declaration ?? source
                continue
            }
            if census.isValid && census.valid > 0 {
                return Decoded(bytes: bytes, decision: Decision(encoding: "utf-8", source: "sniffed"), isValid: true)
            }
            if label == "windows-1252" {
                return windows1252(bytes, census, Decision(encoding: label, source: source), overriding: wrongUTF8Declaration)
            }
            if let converted = iconvToUTF8(bytes, from: label) {
                var decoded = Decoded(bytes: converted, decision: Decision(encoding: label, source: source), isValid: false)
                if let wrong = wrongUTF8Declaration { decoded.decision.warnings.append(overridden(wrong, by: label)) }
                return decoded
            }
        }
        if census.isValid { return Decoded(bytes: bytes, decision: Decision(encoding: "utf-8", source: "fallback"), isValid: true) }
        if census.isMostlyUTF8 {
            return Decoded(bytes: bytes, decision: Decision(encoding: "utf-8", source: "sniffed"), isValid: false)
        }
        let source = wrongUTF8Declaration != nil || census.valid > 0 ? "sniffed" : "fallback"
        return windows1252(bytes, census, Decision(encoding: "windows-1252", source: source), overriding: wrongUTF8Declaration)
    }

    /// windows-1252, keeping the valid UTF-8 multi-byte sequences.
    private static func windows1252(_ bytes: [UInt8], _ census: UTF8Census, _ decision: Decision,
                                    overriding wrongDeclaration: String?) -> Decoded {
        var decoded = Decoded(bytes: windows1252ToUTF8(bytes, keepingUTF8: census.valid > 0), decision: decision, isValid: true)
        if let wrong = wrongDeclaration { decoded.decision.warnings.append(overridden(wrong, by: "windows-1252")) }
        if census.valid > 0 {
            decoded.decision.warnings.append("html: the page mixes UTF-8 (\(census.valid) sequence\(census.valid == 1 ? "" : "s") kept) "
                + "with \(census.invalid) byte\(census.invalid == 1 ? "" : "s") read as windows-1252")
        }
        return decoded
    }

    private static func overridden(_ source: String, by label: String) -> String {
        let place = source == "hint" ? "its HTTP header (or --charset)" : "its <meta>"
        return "html: the page declares UTF-8 in \(place), but none of its non-ASCII bytes are UTF-8: read as \(label)"
    }

    /// How the non-ASCII bytes of a page read as UTF-8: how many valid
    /// multi-byte sequences, how many bytes that start none.
    struct UTF8Census {
        var valid = 0
        var invalid = 0

        init(_ bytes: [UInt8]) {
            bytes.withUnsafeBufferPointer { p in
                guard var i = UTF8Repair.firstInvalidOffset(p) else {
                    // Valid: only the count of sequences is left to find.
                    valid = p.reduce(0) { $0 + ($1 >= 0xC0 ? 1 : 0) }
                    return
                }
                valid = p[0..<i].reduce(0) { $0 + ($1 >= 0xC0 ? 1 : 0) }
                while i < p.count {
                    if p[i] < 0x80 {
                        i += 1
                        continue
                    }
                    let length = UTF8Repair.validSequenceLength(p, at: i)
                    if length > 0 {
                        valid += 1
                        i += length
                    } else {
                        invalid += 1
                        i += 1
                    }
                }
            }
        }

        var isValid: Bool { invalid == 0 }

        /// Valid UTF-8 except for a few stray bytes: non-ASCII text that is
        /// mostly well-formed multi-byte sequences (Latin-1 text is almost never).
        var isMostlyUTF8: Bool {
            valid > 0 && Double(invalid) <= Double(valid + invalid) * Charset.maxInvalidUTF8Share
        }
    }

    /// At most this share of an undeclared page's multi-byte sequences may be
    /// invalid for it to be read as UTF-8 with a few stray bytes (repaired);
    /// past it the page is read as windows-1252 (its UTF-8 sequences kept).
    static let maxInvalidUTF8Share = 0.1

    /// The charset the first `<meta>` in the first 4 KiB declares, if any.
    public static func declared(in bytes: [UInt8]) -> String? {
        declarations(in: bytes).first
    }

    /// The charsets that `<meta>` tags in the first 4 KiB declare, in order.
    /// A `charset` attribute of any other tag (`<script charset>`) is not one.
    static func declarations(in bytes: [UInt8]) -> [String] {
        let window = bytes.prefix(4096).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        let needle = Array("charset".utf8)
        let meta = Array("<meta".utf8)
        var found: [String] = []
        var insideMeta = false
        var i = 0
        while i + needle.count < window.count {
            if window[i] == 0x3C {   // "<": a tag starts; is it a <meta>?
                insideMeta = window[i...].starts(with: meta)
            } else if window[i] == 0x3E {
                insideMeta = false
            }
            guard insideMeta, window[i] == 0x63, window[i..<(i + needle.count)].elementsEqual(needle) else {
                i += 1
                continue
            }
            var j = i + needle.count
            while j < window.count, window[j] == 0x20 { j += 1 }
            guard j < window.count, window[j] == 0x3D else {   // "="
                i = j
                continue
            }
            j += 1
            while j < window.count, window[j] == 0x20 || window[j] == 0x22 || window[j] == 0x27 { j += 1 }
            var k = j
            while k < window.count, k - j < 40, isLabelByte(window[k]) { k += 1 }
            if k > j { found.append(String(decoding: window[j..<k], as: UTF8.self)) }
            i = k
        }
        return found
    }

    static func isLabelByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x5F || b == 0x2E || b == 0x3A
    }

    /// A WHATWG-style normalised label, or nil when the name is unusable.
    static func canonicalLabel(_ raw: String) -> String? {
        let name = raw.lowercased().split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " }).first
            .map(String.init) ?? ""
        switch name {
        case "": return nil
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8": return "utf-8"
        case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp1252",
             "windows-1252", "x-cp1252", "iso_8859-1", "cp819", "ibm819":
            return "windows-1252"
        case "gb2312", "gb_2312-80", "x-gbk", "gbk": return "gbk"
        case "x-sjis", "sjis", "shift-jis", "ms_kanji": return "shift_jis"
        case "utf-16", "unicode": return "utf-16le"
        default: return name
        }
    }

    /// windows-1252 → UTF-8; the five undefined bytes map to C1 controls
    /// (which canonical text later removes). With `keepingUTF8`, a valid
    /// UTF-8 multi-byte sequence is kept as it is instead.
    public static func windows1252ToUTF8(_ bytes: [UInt8], keepingUTF8: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        bytes.withUnsafeBufferPointer { p in
            var i = 0
            while i < p.count {
                let b = p[i]
                if b < 0x80 {
                    out.append(b)
                    i += 1
                    continue
                }
                if keepingUTF8 {
                    let length = UTF8Repair.validSequenceLength(p, at: i)
                    if length > 0 {
                        out.append(contentsOf: p[i..<(i + length)])
                        i += length
                        continue
                    }
                }
                let scalar = b < 0xA0 ? cp1252High[Int(b - 0x80)] : UInt32(b)
                UTF8.encode(Unicode.Scalar(scalar)!) { out.append($0) }
                i += 1
            }
        }
        return out
    }

    /// 0x80…0x9F in windows-1252.
    static let cp1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// Converts with the C library's iconv; nil if the encoding is unknown
    /// to it. Undecodable bytes are skipped rather than failing the page.
    static func iconvToUTF8(_ bytes: [UInt8], from name: String) -> [UInt8]? {
        if bytes.isEmpty { return [] }
        let converter = iconv_open("UTF-8", name)
        if converter == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(converter) }
        var output = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
        var input = bytes
        var produced = 0
        input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
                var outLeft = outBuf.count
                while inLeft > 0 {
                    let rc = iconv(converter, &inPtr, &inLeft, &outPtr, &outLeft)
                    if rc == -1 {
                        // EILSEQ / EINVAL: skip one byte and go on.
                        if errno == E2BIG { break }
                        inPtr = inPtr.map { $0 + 1 }
                        inLeft -= 1
                    }
                }
                produced = outBuf.count - outLeft
            }
        }
        return Array(output[0..<produced])
    }
}
