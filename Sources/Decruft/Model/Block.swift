/// What a block is in the document's structure.
public enum BlockKind: String, Sendable, Codable, CaseIterable {
    case title
    case heading
    case paragraph
    case listItem = "list-item"
    case quote
    case tableRow = "table-row"
    case preformatted
    case caption
}

/// Where a block came from, so that a decision about it can be explained.
public struct Provenance: Sendable, Hashable {
    /// First and last 1-based input line (plain text), or 0 when unknown.
    public var firstLine: Int
    public var lastLine: Int
    /// The element path for HTML input (e.g. `body>div.story>p`), else nil.
    public var path: String?

    public init(firstLine: Int = 0, lastLine: Int = 0, path: String? = nil) {
        self.firstLine = firstLine
        self.lastLine = lastLine
        self.path = path
    }

    /// `12` or `12-14` for text; the element path for HTML.
    public var label: String {
        if let path { return path }
        if firstLine == 0 { return "?" }
        return firstLine == lastLine ? "\(firstLine)" : "\(firstLine)-\(lastLine)"
    }
}

/// One unit of a document: a paragraph, heading, list item, quote…
public struct Block: Sendable {
    public var text: String
    public var kind: BlockKind
    /// 1–6 for HTML headings, 0 otherwise.
    public var level: Int
    /// Position of the block in the document as read (0-based, never renumbered).
    public var index: Int
    public var provenance: Provenance
    /// Characters of text inside links (HTML input); 0 for plain text.
    public var linkCharacters: Int
    /// List items from HTML: how many lists enclose the item (1 = top
    /// level), and whether the nearest one is ordered; 0/false otherwise.
    public var listDepth = 0
    public var ordered = false
    /// Code lines and table rows from HTML: an id of the `<pre>` or
    /// `<table>` they belong to, so that consecutive blocks of one group are
    /// written as one code block or table; -1 otherwise.
    public var group = -1
    /// A code line as written in the page, indentation kept (`text` is
    /// canonical: whitespace collapsed); nil for other blocks.
    public var verbatim: String?

    public init(text: String, kind: BlockKind = .paragraph, level: Int = 0, index: Int = 0,
                provenance: Provenance = Provenance(), linkCharacters: Int = 0) {
        self.text = text
        self.kind = kind
        self.level = level
        self.index = index
        self.provenance = provenance
        self.linkCharacters = linkCharacters
    }
}
