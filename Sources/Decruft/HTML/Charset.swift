#if canImport(Glibc)
import Glibc
#endif

/// Decides a page's character encoding and converts it to UTF-8.
///
/// Order of evidence: a byte order mark; the caller's hint (`--charset`, an
/// HTTP header); `<meta charset>` / `http-equiv` in the first 4 KiB; then
/// the bytes themselves. A page that is valid UTF-8 with non-ASCII text is
/// read as UTF-8 whatever it declares (real Latin-1 text is almost never valid
/// UTF-8), and a page that declares UTF-8 but is not UTF-8 is read by its next
/// declaration or as windows-1252, so a wrong declaration does not produce
/// mojibake. A UTF-8 page with a few stray bytes (a truncated teaser, one
/// pasted Latin-1 character) is still UTF-8: the stray bytes are repaired
/// later, the rest of the page keeps its text. ISO-8859-1
/// and ASCII are read as windows-1252, their superset, as browsers do.
/// Unknown or bogus names ("utf-8, ie=edge") fall back to the same checks.
public enum Charset {
    public struct Decision: Sendable, Equatable {
        /// The encoding used, e.g. "utf-8", "windows-1252", "shift_jis".
        public var encoding: String
        /// Where the decision came from: bom, hint, meta, sniffed, fallback.
        public var source: String
    }

    /// Decodes `bytes` to UTF-8 bytes (invalid sequences not yet repaired).
    public static func toUTF8(_ bytes: [UInt8], hint: String? = nil) -> (bytes: [UInt8], decision: Decision) {
        let decoded = decode(bytes, hint: hint)
        return (decoded.bytes, decoded.decision)
    }

    /// `toUTF8`, and whether the bytes are known to be valid UTF-8 already
    /// (checked, or made by `windows1252ToUTF8`), so that `UTF8Repair` would
    /// change nothing.
    static func decode(_ bytes: [UInt8], hint: String?) -> (bytes: [UInt8], decision: Decision, isValid: Bool) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return (Array(bytes.dropFirst(3)), Decision(encoding: "utf-8", source: "bom"), false)
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let name = bytes[0] == 0xFF ? "utf-16le" : "utf-16be"
            if let converted = iconvToUTF8(Array(bytes.dropFirst(2)), from: name) {
                return (converted, Decision(encoding: name, source: "bom"), false)
            }
        }
        let validUTF8 = bytes.withUnsafeBufferPointer { UTF8Repair.firstInvalidOffset($0) } == nil
        var candidates: [(String, String)] = hint.map { [($0, "hint")] } ?? []
        candidates += declarations(in: bytes).map { ($0, "meta") }
        var declaredUTF8 = false
        for (name, source) in candidates {
            guard let label = canonicalLabel(name) else { continue }
            if label == "utf-8" {
                if validUTF8 || mostlyUTF8(bytes) {
                    return (bytes, Decision(encoding: "utf-8", source: source), validUTF8)
                }
                // Declared UTF-8 but is not: the declaration is wrong; a
                // later one (the page's own, after an archive's) may be right.
                declaredUTF8 = true
                continue
            }
            if validUTF8 && hasNonASCII(bytes) {
                return (bytes, Decision(encoding: "utf-8", source: "sniffed"), true)
            }
            if label == "windows-1252" {
                return (windows1252ToUTF8(bytes), Decision(encoding: label, source: source), true)
            }
            if let converted = iconvToUTF8(bytes, from: label) {
                return (converted, Decision(encoding: label, source: source), false)
            }
        }
        if validUTF8 { return (bytes, Decision(encoding: "utf-8", source: "fallback"), true) }
        return (windows1252ToUTF8(bytes), Decision(encoding: "windows-1252", source: declaredUTF8 ? "sniffed" : "fallback"),
                true)
    }

    /// At most this share of a page's multi-byte sequences may be invalid for
    /// it to count as UTF-8 with a few stray bytes.
    static let maxInvalidUTF8Share = 0.1

    /// Valid UTF-8 except for a few stray bytes: non-ASCII text that is
    /// mostly well-formed multi-byte sequences (Latin-1 text is almost never).
    static func mostlyUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { p in
            var valid = 0, invalid = 0, i = 0
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
            return valid > 0 && Double(invalid) <= Double(valid + invalid) * maxInvalidUTF8Share
        }
    }

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

    static func hasNonASCII(_ bytes: [UInt8]) -> Bool {
        bytes.contains { $0 >= 0x80 }
    }

    /// windows-1252 → UTF-8; the five undefined bytes map to C1 controls
    /// (which canonical text later removes).
    public static func windows1252ToUTF8(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for b in bytes {
            if b < 0x80 {
                out.append(b)
                continue
            }
            let scalar = b < 0xA0 ? cp1252High[Int(b - 0x80)] : UInt32(b)
            UTF8.encode(Unicode.Scalar(scalar)!) { out.append($0) }
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
