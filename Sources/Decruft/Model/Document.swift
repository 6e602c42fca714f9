/// Facts about a document found alongside its text (HTML meta tags, JSON-LD…).
public struct Metadata: Sendable, Equatable {
    public var title: String?
    public var url: String?
    public var language: String?
    public var published: String?
    public var author: String?

    public init(title: String? = nil, url: String? = nil, language: String? = nil,
                published: String? = nil, author: String? = nil) {
        self.title = title
        self.url = url
        self.language = language
        self.published = published
        self.author = author
    }
}

/// A document: an ordered list of blocks plus metadata.
public struct Document: Sendable {
    public var blocks: [Block]
    public var metadata: Metadata
    /// Where the blocks come from. In markup, block kinds are known and a
    /// short line that repeats (a label in every card, a line of code) is
    /// page structure, not syndication cruft: the repeat filters are narrower there.
    public var origin: Origin = .text

    public enum Origin: Sendable, Equatable {
        /// Plain text split into blocks.
        case text
        /// Blocks cut from HTML (pages, feed items, WARC responses).
        case markup
    }

    public init(blocks: [Block], metadata: Metadata = Metadata()) {
        self.blocks = blocks
        self.metadata = metadata
    }
}

/// One removed block and why: the "why removed" record.
public struct Removal: Sendable, Equatable {
    /// Stable kebab-case name of the filter that removed the block.
    public var filter: String
    /// Short reason code, e.g. `marker`, `link-after-marker`, `exact`.
    public var reason: String
    /// The id of the rule that matched, when a rule made the decision.
    public var rule: String?
    /// Where that rule was defined (file:line), when known.
    public var ruleOrigin: RuleOrigin?
    /// The removed text.
    public var text: String
    /// The block's position in the document as read (0-based).
    public var position: Int
    public var provenance: Provenance

    public init(filter: String, reason: String, rule: String? = nil, ruleOrigin: RuleOrigin? = nil, text: String,
                position: Int, provenance: Provenance) {
        self.filter = filter
        self.reason = reason
        self.rule = rule
        self.ruleOrigin = ruleOrigin
        self.text = text
        self.position = position
        self.provenance = provenance
    }
}
