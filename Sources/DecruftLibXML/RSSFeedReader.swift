/// Namespace URIs of the feed vocabularies.
enum FeedNamespace {
    static let atom = "http://www.w3.org/2005/Atom"
    static let content = "http://purl.org/rss/1.0/modules/content/"
    static let dublinCore = "http://purl.org/dc/elements/1.1/"
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let rss1 = "http://purl.org/rss/1.0/"
    static let rss090 = "http://my.netscape.com/rdf/simple/0.9/"
    static let xhtml = "http://www.w3.org/1999/xhtml"
    /// RSS 2.0 has no namespace, but a few feeds put it in one of these.
    static let rss2: [String?] = [nil, "http://backend.userland.com/rss2", "http://blogs.law.harvard.edu/tech/rss"]
}

/// Maps an `<rss>` or `<rdf:RDF>` tree to a `Feed`. Both share the item
/// vocabulary (title, link, description), RSS 2.0 in no namespace and
/// RSS 1.0 in its own; Dublin Core and `content:encoded` extend both.
enum RSSFeedReader {
    static func isRSS(_ root: XMLTreeElement) -> Bool {
        root.isElement("rss", in: FeedNamespace.rss2)
    }

    static func isRDF(_ root: XMLTreeElement) -> Bool {
        root.isElement("RDF", FeedNamespace.rdf)
    }

    /// RSS 0.9x / 2.0: items sit in the channel (a few feeds put them
    /// beside it).
    static func feed(_ root: XMLTreeElement) -> Feed {
        read(root, kind: .rss, namespace: root.namespace)
    }

    /// RSS 1.0 / 0.90: the channel and the items are siblings under
    /// `rdf:RDF`.
    static func rdfFeed(_ root: XMLTreeElement) -> Feed {
        let vocabulary = root.children.first { $0.isElement("channel", FeedNamespace.rss090) || $0.isElement("item", FeedNamespace.rss090) }
            != nil ? FeedNamespace.rss090 : FeedNamespace.rss1
        return read(root, kind: .rdf, namespace: vocabulary)
    }

    private static func read(_ root: XMLTreeElement, kind: FeedKind, namespace ns: String?) -> Feed {
        let channel = root.first("channel", ns)
        var feed = Feed(kind: kind)
        feed.title = channel?.first("title", ns).flatMap(plainText)
        feed.link = channel?.first("link", ns).flatMap(link)
        let items = (channel?.children("item", ns) ?? []) + root.children("item", ns)
        feed.items = items.map { item($0, namespace: ns) }
        return feed
    }

    private static func item(_ element: XMLTreeElement, namespace ns: String?) -> FeedItem {
        var item = FeedItem()
        item.title = element.first("title", ns).flatMap(plainText)
        let guid = element.first("guid", ns)
        item.id = guid.flatMap(trimmedText) ?? element.attribute("about", namespace: FeedNamespace.rdf).flatMap(nonEmptyTrimmed)
        item.link = element.first("link", ns).flatMap(link) ?? guid.flatMap(permalink)
        item.published = (element.first("pubDate", ns) ?? element.first("date", FeedNamespace.dublinCore)).flatMap(trimmedText)
        item.author = (element.first("author", ns) ?? element.first("creator", FeedNamespace.dublinCore)).flatMap(trimmedText)
        if let encoded = element.first("encoded", FeedNamespace.content) {
            item.content = html(encoded)
        } else if let body = element.first("body", FeedNamespace.xhtml) {
            item.content = FeedText.nonEmpty(FeedText.trimmed(body.markup)).map(FeedContent.html)
        }
        item.summary = element.first("description", ns).flatMap(html)
        item.unusable = element.entityRefusal
        return item
    }

    // MARK: - Fields

    /// An element's text on one line; nil when empty.
    static func plainText(_ element: XMLTreeElement) -> String? {
        FeedText.nonEmpty(FeedText.collapsed(element.text))
    }

    /// An element's text, trimmed; nil when empty.
    static func trimmedText(_ element: XMLTreeElement) -> String? {
        nonEmptyTrimmed(element.text)
    }

    static func nonEmptyTrimmed(_ text: String) -> String? {
        FeedText.nonEmpty(FeedText.trimmed(text))
    }

    /// A link element's URL, resolved against `xml:base`.
    private static func link(_ element: XMLTreeElement) -> String? {
        trimmedText(element).map(element.resolve)
    }

    /// A `<guid>` that is a permalink (the default) and looks like a URL.
    private static func permalink(_ guid: XMLTreeElement) -> String? {
        guard guid.attribute("isPermaLink").map({ FeedText.trimmed($0).lowercased() }) != "false",
              let value = trimmedText(guid),
              value.lowercased().hasPrefix("http://") || value.lowercased().hasPrefix("https://") else { return nil }
        return guid.resolve(value)
    }

    /// An HTML-carrying element (description, content:encoded): its text
    /// is the HTML — whether it came in CDATA or entity-escaped, libxml2
    /// hands over the same characters. An element that holds raw markup
    /// instead (a broken feed) gives that markup, serialized.
    static func html(_ element: XMLTreeElement) -> FeedContent? {
        let markup = element.hasElementChildren ? element.markup : element.text
        return FeedText.nonEmpty(FeedText.trimmed(markup)).map(FeedContent.html)
    }
}
