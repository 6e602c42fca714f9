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

/// A rule with an id, an origin and a site scope.
public protocol IdentifiedRule: Sendable {
    var id: String { get }
    var origin: RuleOrigin { get }
    var sites: SiteScope { get }
}

/// A rule that matches a block's text with a regular expression.
public struct PatternRule: IdentifiedRule {
    public var id: String
    public var pattern: BytePattern
    public var origin: RuleOrigin
    public var sites: SiteScope

    public init(id: String, pattern: BytePattern, origin: RuleOrigin, sites: SiteScope = .everywhere) {
        self.id = id
        self.pattern = pattern
        self.origin = origin
        self.sites = sites
    }

    /// Whether the rule matches `text`. A pattern that runs past its match
    /// limit counts as no match (the rule cannot hang a document).
    public func matches(_ text: String) -> Bool {
        (try? pattern.matches(text)) ?? false
    }

    /// Whether the rule matches `text`; a runaway match is reported on `pass`
    /// (once per rule and document) and counts as no match.
    public func matches(_ text: String, reportingTo pass: inout FilterPass) -> Bool {
        do {
            return try pattern.matches(text)
        } catch {
            pass.warn("rule '\(id)' (\(origin)): \(error)")
            return false
        }
    }
}

/// `[[replace]]`: rewrites the text a pattern matches.
public struct ReplaceRule: IdentifiedRule {
    public var id: String
    public var pattern: BytePattern
    /// With `$1`-style group references unless `literal`.
    public var replacement: String
    /// The rule was written with `text` (a literal substring and replacement).
    public var literal: Bool
    /// Applied to the raw HTML before parsing (FiveFilters `find_string`),
    /// not to block text.
    public var rawHTML: Bool
    public var origin: RuleOrigin
    public var sites: SiteScope

    public init(id: String, pattern: BytePattern, replacement: String, literal: Bool, rawHTML: Bool = false,
                origin: RuleOrigin, sites: SiteScope = .everywhere) {
        self.id = id
        self.pattern = pattern
        self.replacement = replacement
        self.literal = literal
        self.rawHTML = rawHTML
        self.origin = origin
        self.sites = sites
    }
}

/// `[[tag_label]]`: labels that open a tag line ("Tags:", "Filed under").
public struct TagLabelRule: IdentifiedRule {
    public var id: String
    /// Lowercased.
    public var labels: [String]
    public var origin: RuleOrigin
    public var sites: SiteScope

    public init(id: String, labels: [String], origin: RuleOrigin, sites: SiteScope = .everywhere) {
        self.id = id
        self.labels = labels.map { $0.lowercased() }
        self.origin = origin
        self.sites = sites
    }
}

/// An HTML rule: what to do with the elements a selector finds.
public struct HTMLRule: IdentifiedRule {
    public enum Action: String, Sendable, CaseIterable {
        /// Remove the elements and everything inside them.
        case strip
        /// Keep the children, drop the wrapper (its class words, its link, its block break).
        case dissolve
        /// The article: only text inside these elements is kept.
        case body
        /// The page title: the text of the first element found.
        case title
        /// Remove the attributes an XPath selects (`//div/@class`); only
        /// attributes decruft reads matter: class/id/role (region words),
        /// hidden/style/aria-hidden (hidden), href (links), itemprop.
        case stripAttr = "strip_attr"
    }

    public enum Selector: Sendable, Hashable, CustomStringConvertible {
        /// An XPath 1.0 expression evaluated by libxml2.
        case xpath(String)
        /// A case-insensitive substring of an element's id or class.
        case idOrClass(String)

        public var description: String {
            switch self {
            case .xpath(let x): return "xpath \(x)"
            case .idOrClass(let s): return "id_or_class \(s)"
            }
        }
    }

    public var id: String
    public var action: Action
    public var selector: Selector
    public var origin: RuleOrigin
    public var sites: SiteScope
    /// `body` only: apply decruft's own region removal inside the body
    /// (FiveFilters `prune: yes`, the default).
    public var prune: Bool

    public init(id: String, action: Action, selector: Selector, origin: RuleOrigin,
                sites: SiteScope = .everywhere, prune: Bool = true) {
        self.id = id
        self.action = action
        self.selector = selector
        self.origin = origin
        self.sites = sites
        self.prune = prune
    }

    public var xpath: String? {
        if case .xpath(let x) = selector { return x }
        return nil
    }
}

/// The rules the filters and the HTML extractor use, kept as data.
public struct RuleSet: Sendable {
    /// `[[drop]]`: blocks the `boilerplate-line` filter removes.
    public var drops: [PatternRule] = []
    /// `[[marker]]`: lines that open a related-links tail (`see-also`).
    public var markers: [PatternRule] = []
    /// `[[truncate]]`: a block that cuts the document (`truncate`).
    public var truncates: [PatternRule] = []
    /// `[[replace]]`: text rewrites (`replace`, or raw HTML before parsing).
    public var replaces: [ReplaceRule] = []
    /// `[[tag_label]]`: labels that open a tag line (`tag-line`).
    public var tagLabelRules: [TagLabelRule] = []
    /// `[[strip]]`, `[[dissolve]]`, `[[body]]`, `[[title]]`.
    public var html: [HTMLRule] = []
    /// `[html]`: class/id words that mark article and boilerplate regions.
    public var regions = RegionRules()
    /// `[filters]`: pipeline order and threshold overrides.
    public var filters = FilterSettings()
    /// `enabled = false` entries: rules of earlier files to switch off.
    public var disabled: [RuleKey] = []

    public init() {}

    /// Lowercased labels of every `[[tag_label]]` rule, without repeats.
    public var tagLabels: [String] {
        var labels: [String] = []
        for rule in tagLabelRules {
            for label in rule.labels where !labels.contains(label) { labels.append(label) }
        }
        return labels
    }

    /// Whether any rule is limited to some sites.
    public var hasScopedRules: Bool {
        drops.contains { !$0.sites.isEverywhere } || markers.contains { !$0.sites.isEverywhere }
            || truncates.contains { !$0.sites.isEverywhere } || replaces.contains { !$0.sites.isEverywhere }
            || tagLabelRules.contains { !$0.sites.isEverywhere } || html.contains { !$0.sites.isEverywhere }
    }

    /// The rules that apply to a document from `host` (nil: unknown host,
    /// only unscoped rules apply).
    public func forHost(_ host: String?) -> RuleSet {
        var result = self
        result.drops = drops.filter { $0.sites.matches(host: host) }
        result.markers = markers.filter { $0.sites.matches(host: host) }
        result.truncates = truncates.filter { $0.sites.matches(host: host) }
        result.replaces = replaces.filter { $0.sites.matches(host: host) }
        result.tagLabelRules = tagLabelRules.filter { $0.sites.matches(host: host) }
        result.html = html.filter { $0.sites.matches(host: host) }
        return result
    }
}

/// A rule's kind and id: a later rule with the same key replaces an earlier one.
public struct RuleKey: Sendable, Hashable, CustomStringConvertible {
    /// The table name: `drop`, `marker`, `truncate`, `replace`, `tag_label`,
    /// `strip`, `dissolve`, `body` or `title`.
    public var kind: String
    public var id: String

    public init(kind: String, id: String) {
        self.kind = kind
        self.id = id
    }

    public var description: String { "[[\(kind)]] '\(id)'" }
}
