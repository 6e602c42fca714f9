/// Plain text or HTML, decided by looking at the start of the input.
public enum InputKind: String, Sendable {
    case text
    case html

    /// HTML when the first visible character opens a tag or declaration
    /// (`<!doctype`, `<html`, `<div`, `<!--`…), or when the first 4 KiB
    /// contain `<html`, `<body`, `<head`, `<div`, `<p>` or `<br`; otherwise text.
    public static func sniff(_ prefix: ArraySlice<UInt8>) -> InputKind {
        var bytes = prefix
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let first = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }),
           bytes[first] == 0x3C, first + 1 < bytes.endIndex {
            let next = bytes[first + 1] | 0x20
            if (next >= 0x61 && next <= 0x7A) || bytes[first + 1] == 0x21 || bytes[first + 1] == 0x3F {
                return .html
            }
        }
        let window = bytes.prefix(4096).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        for marker in ["<html", "<body", "<head", "<div", "<p>", "<br"] {
            let needle = Array(marker.utf8)
            if window.count >= needle.count,
               (0...(window.count - needle.count)).contains(where: { window[$0..<($0 + needle.count)].elementsEqual(needle) }) {
                return .html
            }
        }
        return .text
    }
}
