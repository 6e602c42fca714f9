/// How plain text becomes UTF-8: as it is (invalid sequences repaired),
/// by `--charset`, or — for UTF-16 and UTF-32, recognised by a byte order
/// mark or named by `--charset` — converted whole before it is split into
/// documents (its bytes hold NULs, and a form feed or newline byte may be
/// half of another character).
///
///     TextDecoding.wideEncoding(of: [0xFF, 0xFE, 0x48, 0x00][...], charset: nil)   // "utf-16le"
///     TextDecoding.wideToUTF8([0xFF, 0xFE, 0x48, 0x00], encoding: "utf-16le")   // "H"
///     TextDecoding.toUTF8([0x43, 0x61, 0x66, 0xE9], charset: "latin1").bytes   // "Café"
public enum TextDecoding {
    /// Byte order marks, longest first (the UTF-32LE one starts like UTF-16LE's).
    static let marks: [(bytes: [UInt8], encoding: String)] = [
        ([0xFF, 0xFE, 0x00, 0x00], "utf-32le"),
        ([0x00, 0x00, 0xFE, 0xFF], "utf-32be"),
        ([0xFF, 0xFE], "utf-16le"),
        ([0xFE, 0xFF], "utf-16be"),
    ]

    /// The wide encoding of an input starting with `prefix`: its byte order
    /// mark's, else `charset`'s when that names UTF-16 or UTF-32; nil for
    /// everything else (UTF-8, single-byte and ASCII-based charsets).
    public static func wideEncoding(of prefix: ArraySlice<UInt8>, charset: String?) -> String? {
        if let mark = marks.first(where: { prefix.starts(with: $0.bytes) }) { return mark.encoding }
        guard let charset, let label = Charset.canonicalLabel(charset) else { return nil }
        let wide = ["utf-16le", "utf-16be", "utf-32", "utf-32le", "utf-32be", "ucs-2", "ucs-4", "ucs-2le", "ucs-2be"]
        return wide.contains(label) ? label : nil
    }

    /// `bytes` in `encoding` as valid UTF-8, without the byte order mark;
    /// bytes that are not text in it are skipped (as `Charset` does for
    /// HTML). nil when the C library cannot convert from `encoding`.
    public static func wideToUTF8(_ bytes: [UInt8], encoding: String) -> [UInt8]? {
        var body = bytes[...]
        if let mark = marks.first(where: { $0.encoding == encoding && bytes.starts(with: $0.bytes) }) {
            body = body.dropFirst(mark.bytes.count)
        }
        // NB: iconv is told the byte order, so it does not look for a mark
        // (a second one, U+FEFF, is left for `normalize`).
        guard let converted = Charset.iconvToUTF8(Array(body), from: encoding) else { return nil }
        return UTF8Repair.repair(converted).bytes
    }

    /// Whether the C library can read text in `charset` (a name as given to
    /// `--charset`: "latin1", "utf-16", "shift_jis"…).
    public static func isKnown(_ charset: String) -> Bool {
        guard let label = Charset.canonicalLabel(charset) else { return false }
        if label == "utf-8" || label == "windows-1252" { return true }
        return Charset.iconvToUTF8([0x20], from: label) != nil
    }

    /// One document of plain text (not UTF-16 or UTF-32) as valid UTF-8,
    /// and the warnings for what had to be repaired. Without `charset`,
    /// invalid UTF-8 is replaced with U+FFFD. With it, the text is read as
    /// `Charset` reads an HTML page with that hint: a byte order mark
    /// first, and text that is valid UTF-8 with non-ASCII characters stays
    /// UTF-8 whatever the hint says.
    public static func toUTF8(_ bytes: [UInt8], charset: String?) -> (bytes: [UInt8], warnings: [String]) {
        guard let charset else {
            let (repaired, replaced) = UTF8Repair.repair(bytes)
            return (repaired, replaced > 0 ? [replacedWarning(replaced)] : [])
        }
        let (converted, decision) = Charset.toUTF8(bytes, hint: charset)
        // NB: Charset words its warnings for pages ("html: …").
        let warnings = decision.warnings.map { $0.hasPrefix("html: ") ? String($0.dropFirst(6)) : $0 }
        return (converted, warnings)
    }

    /// `3 invalid UTF-8 sequences replaced with U+FFFD`.
    public static func replacedWarning(_ count: Int) -> String {
        "\(count) invalid UTF-8 sequence\(count == 1 ? "" : "s") replaced with U+FFFD"
    }
}
