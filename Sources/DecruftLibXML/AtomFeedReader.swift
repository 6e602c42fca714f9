/// Maps an Atom 1.0 `<feed>` tree to a `Feed` (RFC 4287). Text constructs
/// (title, summary, content) are read by their `type`: `text` (the
/// default), `html` (escaped markup) or `xhtml` (inline markup wrapped in
/// one XHTML `<div>`, which is not part of the content).
enum AtomFeedReader {
    private static let ns = FeedNamespace.atom

    static func isAtom(_ root: XMLTreeElement) -> Bool {
        root.isElement("feed", ns)
    }

    static func feed(_ root: XMLTreeElement) -> Feed {
        var feed = Feed(kind: .atom)
        feed.title = root.first("title", ns).flatMap(title)
        feed.link = alternateLink(of: root)
        let feedAuthor = authorName(of: root)
        feed.items = root.children("entry", ns).map { entry($0, feedAuthor: feedAuthor) }
        return feed
    }

    private static func entry(_ element: XMLTreeElement, feedAuthor: String?) -> FeedItem {
        var item = FeedItem()
        item.title = element.first("title", ns).flatMap(title)
        item.link = alternateLink(of: element)
        item.id = element.first("id", ns).flatMap(RSSFeedReader.trimmedText)
        item.published = (element.first("published", ns) ?? element.first("updated", ns)).flatMap(RSSFeedReader.trimmedText)
        // An entry without an author inherits its source's, then its feed's.
        item.author = authorName(of: element) ?? element.first("source", ns).flatMap(authorName) ?? feedAuthor
        item.content = element.first("content", ns).flatMap(content)
        item.summary = element.first("summary", ns).flatMap(content)
        item.unusable = element.entityRefusal
        return item
    }

    // MARK: - Constructs

    /// How a text construct's `type` says to read it.
    private enum ConstructType {
        case text, html, xhtml
        /// Out-of-line (`src`) or a binary media type: nothing to read.
        case unreadable

        init(_ element: XMLTreeElement) {
            if element.attribute("src") != nil {
                self = .unreadable
                return
            }
            let type = FeedText.trimmed(element.attribute("type") ?? "text").lowercased()
            switch type {
            case "", "text": self = .text
            case "html", "text/html": self = .html
            case "xhtml", "application/xhtml+xml": self = .xhtml
            default: self = type.hasPrefix("text/") ? .text : .unreadable
            }
        }
    }

    /// A title as plain text on one line, whatever its type.
    private static func title(_ element: XMLTreeElement) -> String? {
        let text: String
        switch ConstructType(element) {
        case .text, .unreadable: text = FeedText.collapsed(element.text)
        case .html: text = HTMLText.plain(escapedHTML(element))
        case .xhtml: text = HTMLText.plain(xhtmlMarkup(element))
        }
        return FeedText.nonEmpty(text)
    }

    /// `<content>` or `<summary>` by its type.
    private static func content(_ element: XMLTreeElement) -> FeedContent? {
        switch ConstructType(element) {
        case .text: return RSSFeedReader.nonEmptyTrimmed(element.text).map(FeedContent.text)
        case .html: return RSSFeedReader.nonEmptyTrimmed(escapedHTML(element)).map(FeedContent.html)
        case .xhtml: return RSSFeedReader.nonEmptyTrimmed(xhtmlMarkup(element)).map(FeedContent.html)
        case .unreadable: return nil
        }
    }

    /// `type="html"`: the text is the markup (raw markup in a broken feed
    /// is serialized instead).
    private static func escapedHTML(_ element: XMLTreeElement) -> String {
        element.hasElementChildren ? element.markup : element.text
    }

    /// `type="xhtml"`: the inner markup of the wrapping XHTML `<div>` (of
    /// the element itself when a feed leaves the div out).
    private static func xhtmlMarkup(_ element: XMLTreeElement) -> String {
        let elements = element.children
        if elements.count == 1, elements[0].isElement("div", FeedNamespace.xhtml) { return elements[0].markup }
        return element.markup
    }

    /// The first `<link>` with `rel="alternate"` or no `rel`, resolved
    /// against `xml:base`.
    private static func alternateLink(of element: XMLTreeElement) -> String? {
        for link in element.children("link", ns) {
            let rel = FeedText.trimmed(link.attribute("rel") ?? "alternate").lowercased()
            guard rel == "alternate" || rel == "http://www.iana.org/assignments/relation/alternate",
                  let href = link.attribute("href").flatMap(RSSFeedReader.nonEmptyTrimmed) else { continue }
            return link.resolve(href)
        }
        return nil
    }

    /// `<author><name>` of a feed, entry or source.
    private static func authorName(of element: XMLTreeElement) -> String? {
        element.first("author", ns)?.first("name", ns).flatMap(RSSFeedReader.plainText)
    }
}
