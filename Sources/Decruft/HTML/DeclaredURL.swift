/// The URL a page declares for itself, read from its raw bytes before
/// parsing: `<link rel="canonical" href="…">`, else `<meta property="og:url"
/// content="…">`. Site rules need the page's host before the page is parsed
/// (raw-HTML replacements run first), and a directory of saved pages has no
/// `--url` per file.
///
/// Only the first `window` bytes are read (the head), tags are matched
/// without regard to case, values with or without quotes; any ASCII-
/// compatible charset works, since URLs in markup are ASCII.
public enum DeclaredURL {
    /// Where the URL came from.
    public enum Source: String, Sendable {
        case canonical = "canonical link"
        case openGraph = "og:url"
    }

    static let window = 256 * 1024

    public static func find(in bytes: [UInt8]) -> (url: String, source: Source)? {
        let end = min(bytes.count, window)
        var openGraph: String?
        var i = 0
        while i < end {
            guard bytes[i] == 0x3C else {
                i += 1
                continue
            }
            let name = tagName(bytes, from: i + 1, end: end)
            guard name == "link" || name == "meta" else {
                i += 1
                continue
            }
            let attributes = attributes(bytes, from: i + 1 + name.utf8.count, end: end)
            i = attributes.next
            let values = attributes.values
            if name == "link", values["rel"].map({ $0.lowercased().split(separator: " ").contains("canonical") }) == true,
               let href = values["href"], isAbsolute(href) {
                return (href, .canonical)
            }
            if name == "meta", openGraph == nil, values["property"]?.lowercased() == "og:url",
               let content = values["content"], isAbsolute(content) {
                openGraph = content
            }
        }
        return openGraph.map { ($0, .openGraph) }
    }

    static func isAbsolute(_ url: String) -> Bool {
        let lower = url.lowercased()
        return (lower.hasPrefix("http://") || lower.hasPrefix("https://")) && URLHost.of(url) != nil
    }

    /// The lowercased ASCII tag name at `start` (empty when none).
    static func tagName(_ bytes: [UInt8], from start: Int, end: Int) -> String {
        var k = start
        var name: [UInt8] = []
        while k < end, name.count < 8 {
            let b = bytes[k] | 0x20
            guard b >= 0x61 && b <= 0x7A else { break }
            name.append(b)
            k += 1
        }
        guard k < end, bytes[k] == 0x20 || bytes[k] == 0x09 || bytes[k] == 0x0A || bytes[k] == 0x0D || bytes[k] == 0x2F
        else { return "" }
        return String(decoding: name, as: UTF8.self)
    }

    /// The attributes of a tag (names lowercased) up to its `>`, and where
    /// the scan goes on.
    static func attributes(_ bytes: [UInt8], from start: Int, end: Int) -> (values: [String: String], next: Int) {
        var values: [String: String] = [:]
        var k = start
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C }
        while k < end {
            while k < end, isSpace(bytes[k]) || bytes[k] == 0x2F { k += 1 }
            guard k < end, bytes[k] != 0x3E else { return (values, k + 1) }
            let nameStart = k
            while k < end, !isSpace(bytes[k]), bytes[k] != 0x3D, bytes[k] != 0x3E { k += 1 }
            let name = String(decoding: bytes[nameStart..<k], as: UTF8.self).lowercased()
            while k < end, isSpace(bytes[k]) { k += 1 }
            guard k < end, bytes[k] == 0x3D else { continue }
            k += 1
            while k < end, isSpace(bytes[k]) { k += 1 }
            guard k < end else { break }
            var value: ArraySlice<UInt8>
            if bytes[k] == 0x22 || bytes[k] == 0x27 {
                let quote = bytes[k]
                let valueStart = k + 1
                k = valueStart
                while k < end, bytes[k] != quote { k += 1 }
                value = bytes[valueStart..<k]
                k += 1
            } else {
                let valueStart = k
                while k < end, !isSpace(bytes[k]), bytes[k] != 0x3E { k += 1 }
                value = bytes[valueStart..<k]
            }
            if values[name] == nil, value.count <= 2048 {
                values[name] = String(decoding: value, as: UTF8.self).trimmingSpaces()
            }
        }
        return (values, end)
    }
}
