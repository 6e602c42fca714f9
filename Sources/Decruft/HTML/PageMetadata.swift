import DecruftLibXML
import Foundation

/// Title, URL, language, date and author from meta tags, JSON-LD and the page.
enum PageMetadata {
    static func read(_ dom: DOM, url: String?) -> Metadata {
        let head = dom.head
        let meta = head.meta
        var metadata = Metadata()
        metadata.title = title(dom)
        metadata.url = nonEmpty(url) ?? nonEmpty(head.canonical) ?? nonEmpty(meta["og:url"])
        metadata.language = nonEmpty(head.language) ?? nonEmpty(meta["content-language"])
            ?? nonEmpty(meta["og:locale"]) ?? nonEmpty(meta["dc.language"])
        metadata.published = firstValue(meta, ["article:published_time", "og:article:published_time",
                                               "datepublished", "date", "dc.date", "dc.date.issued",
                                               "pubdate", "publishdate", "sailthru.date", "parsely-pub-date"])
        metadata.author = firstValue(meta, ["author", "article:author", "dc.creator", "byl", "parsely-author",
                                            "sailthru.author"])
        // JSON-LD only when the meta tags left a gap (parsing it is not free).
        if !head.jsonLD.isEmpty && (metadata.language == nil || metadata.published == nil || metadata.author == nil) {
            let jsonLD = JSONLDFacts(head.jsonLD)
            metadata.language = metadata.language ?? jsonLD.language
            metadata.published = metadata.published ?? jsonLD.published
            metadata.author = metadata.author ?? jsonLD.author
        }
        return metadata
    }

    /// The headline: the first `<h1>` (or `<h2>`) that is most of the
    /// `<title>` or `og:title` (so a logo `<h1>` holding the site name does not
    /// win), else `og:title`, else `<title>` without a site-name suffix, else
    /// the first `<h1>`.
    static func title(_ dom: DOM) -> String? {
        let og = nonEmpty(dom.head.meta["og:title"]).map(Canonical.paragraph)
        let titleTag = nonEmpty(dom.head.title).map(Canonical.paragraph)
        let shortTitle = titleTag.map(withoutSiteName)
        let references = [og, shortTitle].compactMap { $0?.lowercased() }.filter { !$0.isEmpty }
        var firstH1: String?
        for tag in [HTMLTag.h1, .h2] {
            for heading in headings(dom, tag, limit: 8) {
                if tag == .h1 && firstH1 == nil { firstH1 = heading }
                let lower = heading.lowercased()
                guard !lower.isEmpty, lower.count <= 300 else { continue }
                if references.contains(where: { contains($0, lower) && lower.count * 2 >= $0.count }) {
                    return heading
                }
            }
        }
        if let og, !og.isEmpty { return og }
        if let titleTag, !titleTag.isEmpty { return shortTitle }
        return firstH1?.isEmpty == false ? firstH1 : nil
    }

    /// The canonical text of the first `limit` visible `tag` elements.
    static func headings(_ dom: DOM, _ tag: HTMLTag, limit: Int) -> [String] {
        var result: [String] = []
        var k = 0
        let count = dom.nodes.count
        while k < count, result.count < limit {
            let node = dom.nodes[k]
            guard node.tag == tag, !node.isText, !node.flags.contains(.hidden) else {
                k += 1
                continue
            }
            var bytes: [UInt8] = []
            for j in (k + 1)..<Int(node.subtreeEnd) where dom.nodes[j].isText {
                bytes += dom.text(of: dom.nodes[j])
            }
            result.append(Canonical.paragraph(String(decoding: bytes, as: UTF8.self)))
            k = Int(node.subtreeEnd)
        }
        return result
    }

    /// "Headline | Site" → "Headline": keeps the longest part when a title
    /// is split by a separator.
    static func withoutSiteName(_ title: String) -> String {
        let ascii = isASCII(title)
        for separator in [" | ", " – ", " — ", " - ", " :: ", " · ", " » "] {
            // NB: the dashes, the dot and the guillemet have no decomposition,
            // so ASCII text never holds them, even as Foundation compares.
            if ascii && !isASCII(separator) { continue }
            let parts: [String]
            if ascii {
                guard let split = asciiComponents(title, separatedBy: separator) else { continue }
                parts = split
            } else {
                guard title.contains(separator) else { continue }
                parts = title.components(separatedBy: separator)
            }
            if let longest = parts.max(by: { $0.count < $1.count }), longest.split(separator: " ").count >= 3 {
                return longest
            }
        }
        return title
    }

    static func firstValue(_ meta: [String: String], _ keys: [String]) -> String? {
        for key in keys {
            if let value = nonEmpty(meta[key]) { return value }
        }
        return nil
    }

    /// `s` without surrounding whitespace, or nil when nothing is left.
    static func nonEmpty(_ s: String?) -> String? {
        guard let s else { return nil }
        // Most values have nothing to trim: no need to ask Foundation.
        if let first = s.unicodeScalars.first, let last = s.unicodeScalars.last,
           !whitespace.contains(first), !whitespace.contains(last) {
            return s
        }
        let trimmed = s.trimmingCharacters(in: whitespace)
        return trimmed.isEmpty ? nil : trimmed
    }

    private static let whitespace = CharacterSet.whitespacesAndNewlines

    /// `text.contains(part)` as Foundation decides it (canonical
    /// equivalence); compared as bytes when both are ASCII, where that is
    /// the same thing.
    static func contains(_ text: String, _ part: String) -> Bool {
        guard isASCII(text), isASCII(part) else { return text.contains(part) }
        return firstRange(of: Array(part.utf8), in: Array(text.utf8), from: 0) != nil
    }

    /// `text.components(separatedBy: separator)` for ASCII text and
    /// separator, or nil when the separator does not occur.
    static func asciiComponents(_ text: String, separatedBy separator: String) -> [String]? {
        let bytes = Array(text.utf8), needle = Array(separator.utf8)
        var parts: [String] = []
        var start = 0
        while let hit = firstRange(of: needle, in: bytes, from: start) {
            parts.append(String(decoding: bytes[start..<hit], as: UTF8.self))
            start = hit + needle.count
        }
        guard !parts.isEmpty else { return nil }
        parts.append(String(decoding: bytes[start...], as: UTF8.self))
        return parts
    }

    /// Where `needle` (not empty) first occurs in `bytes` at or after `from`.
    static func firstRange(of needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
        var i = from
        while i + needle.count <= bytes.count {
            if bytes[i] == needle[0] && bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    static func isASCII(_ s: String) -> Bool {
        s.utf8.allSatisfy { $0 < 0x80 }
    }
}

/// The few facts decruft reads from JSON-LD (`schema.org` Article and kin).
struct JSONLDFacts {
    var published: String?
    var author: String?
    var language: String?
    var articleBody: String?

    init(_ scripts: [String]) {
        for script in scripts {
            guard let data = script.data(using: .utf8),
                  let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { continue }
            visit(json, depth: 0)
        }
    }

    private mutating func visit(_ value: Any, depth: Int) {
        guard depth < 8 else { return }
        if let list = value as? [Any] {
            for item in list { visit(item, depth: depth + 1) }
            return
        }
        guard let object = value as? [String: Any] else { return }
        if published == nil, let date = object["datePublished"] as? String { published = date }
        if language == nil, let lang = object["inLanguage"] as? String { language = lang }
        if articleBody == nil, let body = object["articleBody"] as? String { articleBody = body }
        if author == nil, let who = object["author"] { author = JSONLDFacts.name(who) }
        if let graph = object["@graph"] { visit(graph, depth: depth + 1) }
    }

    static func name(_ value: Any) -> String? {
        if let s = value as? String { return s }
        if let object = value as? [String: Any] { return object["name"] as? String }
        if let list = value as? [Any] {
            let names = list.compactMap(name)
            return names.isEmpty ? nil : names.joined(separator: ", ")
        }
        return nil
    }
}
