/// Which syndication format a feed is written in.
public enum FeedKind: String, Sendable {
    /// RSS 0.9x / 2.0: an `<rss>` root with a `<channel>`.
    case rss
    /// RSS 1.0 (or 0.90): an `<rdf:RDF>` root whose items are RDF resources.
    case rdf
    /// Atom 1.0: a `<feed>` root in the `http://www.w3.org/2005/Atom` namespace.
    case atom
}

/// A feed field that carries a document body.
public enum FeedContent: Sendable, Equatable {
    /// Markup, to be cleaned as HTML. CDATA sections, entity-escaped HTML and
    /// inline XHTML all arrive here as one HTML string.
    case html(String)
    /// Plain text, to be cleaned as text.
    case text(String)

    /// The string, whatever its kind.
    public var string: String {
        switch self {
        case let .html(s), let .text(s): return s
        }
    }
}

/// One entry of a feed. Every field is nil when the feed leaves it out or
/// leaves it empty.
public struct FeedItem: Sendable, Equatable {
    /// Plain text: an Atom `type="html"` or `type="xhtml"` title has its
    /// tags stripped and its entities decoded; whitespace is collapsed.
    public var title: String?
    /// RSS `<link>` (or a permalink `<guid>`), or Atom
    /// `<link rel="alternate" href>` (a link without `rel` is an alternate),
    /// resolved against `xml:base` when the feed sets one.
    public var link: String?
    /// RSS `<guid>`, RSS 1.0 `rdf:about`, or Atom `<id>`.
    public var id: String?
    /// RSS `<pubDate>` or `<dc:date>`; Atom `<published>` or else
    /// `<updated>`. As written in the feed, not parsed.
    public var published: String?
    /// RSS `<author>` or `<dc:creator>`; Atom `<author><name>` (the entry's,
    /// else its source's, else the feed's).
    public var author: String?
    /// The full body: RSS `<content:encoded>` (or inline `<xhtml:body>`),
    /// or Atom `<content>` by its `type` (html and xhtml give `.html`, text
    /// gives `.text`; out-of-line `src` content and binary types give nil).
    public var content: FeedContent?
    /// The teaser: RSS `<description>` (always `.html`), or Atom `<summary>`
    /// by its `type`.
    public var summary: FeedContent?
    /// Why the item cannot be used, when it cannot: it refers to XML
    /// entities whose expansion was refused (an entity-expansion attack),
    /// so its text is not what the feed says. nil for a usable item.
    public var unusable: String?

    public init(title: String? = nil, link: String? = nil, id: String? = nil, published: String? = nil,
                author: String? = nil, content: FeedContent? = nil, summary: FeedContent? = nil) {
        self.title = title
        self.link = link
        self.id = id
        self.published = published
        self.author = author
        self.content = content
        self.summary = summary
    }
}

/// A parsed feed: its own title and link, and its items in document order.
public struct Feed: Sendable, Equatable {
    public var kind: FeedKind
    /// Plain text, like `FeedItem.title`.
    public var title: String?
    /// The site the feed belongs to (RSS channel `<link>`, Atom alternate link).
    public var link: String?
    public var items: [FeedItem]
    /// What was lost outside the items (entity references refused in the
    /// channel), one line each.
    public var warnings: [String] = []

    public init(kind: FeedKind, title: String? = nil, link: String? = nil, items: [FeedItem] = []) {
        self.kind = kind
        self.title = title
        self.link = link
        self.items = items
    }
}

/// Why a document could not be read as a feed.
public enum FeedParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes are not XML: libxml2 found no root element. `message` is
    /// libxml2's first error, `line` its 1-based line.
    case notXML(message: String, line: Int)
    /// Well-formed enough, but the root element is not `<rss>`, an Atom
    /// `<feed>` or an `<rdf:RDF>`. `namespace` is the root's namespace URI.
    case notAFeed(rootElement: String, namespace: String?)
    /// The input is larger than `FeedParser.maxInputBytes`.
    case tooLarge(bytes: Int, limit: Int)
    /// The document's entities expand past `limit` (see
    /// `FeedParser.entityBudget(forInputBytes:)`) or refer to themselves —
    /// an entity-expansion attack ("billion laughs", quadratic blowup) or a
    /// badly broken DTD — and no item is left untouched by it.
    case entityExpansion(limit: Int)
    /// libxml2 could not set up a parser (out of memory).
    case parserUnavailable

    public var description: String {
        switch self {
        case let .notXML(message, line):
            return "not XML (line \(line)): \(message)"
        case let .notAFeed(root, namespace):
            let where_ = namespace.map { " in namespace \($0)" } ?? ""
            return "not a feed: the root element is <\(root)>\(where_), not <rss>, an Atom <feed> or <rdf:RDF>"
        case let .tooLarge(bytes, limit):
            return "feed of \(bytes) bytes exceeds the \(limit)-byte limit"
        case let .entityExpansion(limit):
            return "the feed's XML entities expand past the \(limit)-byte limit (entity-expansion attack?)"
        case .parserUnavailable:
            return "libxml2 could not create an XML parser"
        }
    }
}
