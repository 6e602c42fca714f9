import DecruftRegex

/// Where a rule was defined: shown by `--explain` and in error messages.
public struct RuleOrigin: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}

/// A rule that matches a block's text with a regular expression.
public struct PatternRule: Sendable {
    public var id: String
    public var pattern: BytePattern
    public var origin: RuleOrigin

    public init(id: String, pattern: BytePattern, origin: RuleOrigin) {
        self.id = id
        self.pattern = pattern
        self.origin = origin
    }

    /// Whether the rule matches `text`. A pattern that runs past its match
    /// limit counts as no match (the rule cannot hang a document).
    public func matches(_ text: String) -> Bool {
        (try? pattern.matches(text)) ?? false
    }
}

/// The rules the text filters use: patterns and word lists kept as data.
public struct RuleSet: Sendable {
    /// `[[drop]]`: blocks the `boilerplate-line` filter removes.
    public var drops: [PatternRule] = []
    /// `[[marker]]`: lines that open a related-links tail (`see-also`).
    public var markers: [PatternRule] = []
    /// `[[tag_label]]`: lowercased labels that open a tag line (`tag-line`).
    public var tagLabels: [String] = []
    /// `[html]`: class/id words that mark article and boilerplate regions.
    public var regions = RegionRules()

    public init() {}

    /// `other`'s rules added after these (a later file adds to earlier ones).
    public mutating func merge(_ other: RuleSet) {
        drops += other.drops
        markers += other.markers
        for label in other.tagLabels where !tagLabels.contains(label) {
            tagLabels.append(label)
        }
        regions.strongNegative += other.regions.strongNegative
        regions.negative += other.regions.negative
        regions.positive += other.regions.positive
        regions.caption += other.regions.caption
    }
}
