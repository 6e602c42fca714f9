/// Every setting that shapes cleaning: the rules, each filter's thresholds,
/// and which filters run in which order.
public struct Configuration: Sendable {
    public var rules: RuleSet
    public var splitter = TextSplitter.Settings()
    public var boilerplateLine = BoilerplateLineFilter.Settings()
    public var tagLine = TagLineFilter.Settings()
    public var seeAlso = SeeAlsoFilter.Settings()
    public var duplicateHeadline = DuplicateHeadlineFilter.Settings()
    public var repeatedBlock = RepeatedBlockFilter.Settings()
    public var pageFurniture = PageFurnitureFilter.Settings()
    public var truncate = TruncateFilter.Settings()
    public var html = HTMLExtractor.Settings()
    /// The filters to run, in order.
    public var filters: [String] = FilterCatalog.defaultOrder

    /// The configuration for `rules`, with the `[filters]` settings the
    /// rule files carried (order, enable/disable, thresholds) applied.
    public init(rules: RuleSet = RuleLoader.defaults) {
        self.rules = rules
        rules.filters.apply(to: &self)
    }
}

/// The named filters and how to build them from a configuration.
public enum FilterCatalog {
    /// The default pipeline, in order.
    public static let defaultOrder = [
        "normalize", "replace", "boilerplate-line", "tag-line", "truncate", "see-also", "duplicate-headline",
        "repeated-block", "page-furniture",
    ]

    /// One line about each filter, for `--list-filters`.
    public static let summaries: [String: String] = [
        "normalize": "canonical text: NFC, one space between words, invisible and control characters removed",
        "replace": "rewrites text with the [[replace]] rules (e.g. a '(Reuters) - ' dateline prefix)",
        "truncate": "cuts the document at a block a [[truncate]] rule matches",
        "boilerplate-line": "share/follow/subscribe prompts, 'The post … appeared first on …', copyright, ads, cookies",
        "tag-line": "topic, tag and category lines ('Tags: a, b', 'Topics #featured #trending')",
        "see-also": "a tail marker ('Also, see:', 'Read more', 'Related articles') and the links after it",
        "duplicate-headline": "a headline-like line that repeats an earlier block",
        "repeated-block": "a paragraph or run of paragraphs repeated earlier in the document",
        "page-furniture": "text mode: the header menus, footer and menu runs of a whole web page rendered as text",
    ]

    public static func isKnown(_ name: String) -> Bool { summaries[name] != nil }

    /// The filter called `name`, set up from `configuration`.
    public static func make(_ name: String, _ configuration: Configuration) -> (any Filter)? {
        switch name {
        case "normalize":
            return NormalizeFilter()
        case "replace":
            return ReplaceFilter(rules: configuration.rules.replaces)
        case "truncate":
            return TruncateFilter(rules: configuration.rules.truncates, settings: configuration.truncate)
        case "boilerplate-line":
            return BoilerplateLineFilter(rules: configuration.rules.drops, settings: configuration.boilerplateLine)
        case "tag-line":
            return TagLineFilter(rules: configuration.rules.tagLabelRules, settings: configuration.tagLine)
        case "see-also":
            return SeeAlsoFilter(markers: configuration.rules.markers, settings: configuration.seeAlso)
        case "duplicate-headline":
            return DuplicateHeadlineFilter(settings: configuration.duplicateHeadline)
        case "repeated-block":
            return RepeatedBlockFilter(settings: configuration.repeatedBlock)
        case "page-furniture":
            return PageFurnitureFilter(settings: configuration.pageFurniture)
        default:
            return nil
        }
    }

    /// The pipeline for `configuration.filters` (unknown names are skipped;
    /// the command line validates names before it gets here).
    public static func pipeline(_ configuration: Configuration) -> Pipeline {
        Pipeline(filters: configuration.filters.compactMap { make($0, configuration) })
    }
}
