/// The `[filters]` table of a rule file: which filters run, in which order,
/// and threshold overrides.
///
/// ```toml
/// [filters]
/// order = ["normalize", "boilerplate-line", "see-also"]   # the pipeline, replacing the earlier order
/// disable = ["tag-line"]                                  # switch off
/// enable = ["tag-line"]                                   # switch back on (undo an earlier disable)
///
/// [filters.see-also]
/// tail_fraction = 0.6
/// ```
public struct FilterSettings: Sendable {
    /// Order/enable/disable steps, applied in file order over the default order.
    public var steps: [Step] = []
    /// Threshold overrides, applied in file order (a later one wins).
    public var overrides: [Override] = []

    public init() {}

    public enum Step: Sendable {
        case order([String], RuleOrigin)
        case disable([String], RuleOrigin)
        case enable([String], RuleOrigin)
    }

    public struct Override: Sendable {
        public var filter: String
        public var key: String
        public var value: Double
        public var origin: RuleOrigin
    }

    /// The filters to run after the steps, starting from `base`.
    public func order(from base: [String]) -> [String] {
        var current = base
        for step in steps {
            switch step {
            case .order(let names, _):
                current = names
            case .disable(let names, _):
                current.removeAll { names.contains($0) }
            case .enable(let names, _):
                for name in names where !current.contains(name) {
                    current = FilterSettings.insert(name, into: current)
                }
            }
        }
        return current
    }

    /// `name` placed in `list` after the filters that come before it in the default order.
    public static func insert(_ name: String, into list: [String]) -> [String] {
        let defaults = FilterCatalog.defaultOrder
        guard let rank = defaults.firstIndex(of: name) else { return list + [name] }
        var result = list
        let position = result.firstIndex { (defaults.firstIndex(of: $0) ?? Int.max) > rank } ?? result.count
        result.insert(name, at: position)
        return result
    }

    /// Applies the steps and overrides to `configuration`.
    public func apply(to configuration: inout Configuration) {
        configuration.filters = order(from: configuration.filters)
        for override in overrides {
            FilterSettingKeys.find(override.filter, override.key)?.apply(&configuration, override.value)
        }
    }
}

/// Every threshold a rule file may override, by filter and key.
public enum FilterSettingKeys {
    public struct Key: Sendable {
        public var name: String
        public var isInteger: Bool
        let apply: @Sendable (inout Configuration, Double) -> Void
    }

    static func int(_ name: String, _ set: @escaping @Sendable (inout Configuration, Int) -> Void) -> Key {
        Key(name: name, isInteger: true) { set(&$0, Int($1)) }
    }

    static func real(_ name: String, _ set: @escaping @Sendable (inout Configuration, Double) -> Void) -> Key {
        Key(name: name, isInteger: false) { set(&$0, $1) }
    }

    /// Filter (or `html`, `splitter`) → its keys.
    public static let all: [String: [Key]] = [
        "boilerplate-line": [
            int("max_characters") { $0.boilerplateLine.maxCharacters = $1 },
            int("social_lines") { $0.boilerplateLine.socialLines = $1 != 0 },
        ],
        "tag-line": [
            int("max_characters") { $0.tagLine.maxCharacters = $1 },
            real("min_hashtag_share") { $0.tagLine.minHashtagShare = $1 },
            int("min_hashtags") { $0.tagLine.minHashtags = $1 },
            int("max_words_per_item") { $0.tagLine.maxWordsPerItem = $1 },
        ],
        "see-also": [
            real("tail_fraction") { $0.seeAlso.tailFraction = $1 },
            int("max_link_words") { $0.seeAlso.maxLinkWords = $1 },
            int("max_link_characters") { $0.seeAlso.maxLinkCharacters = $1 },
            int("max_marker_characters") { $0.seeAlso.maxMarkerCharacters = $1 },
        ],
        "duplicate-headline": [
            int("max_words") { $0.duplicateHeadline.maxWords = $1 },
            int("max_characters") { $0.duplicateHeadline.maxCharacters = $1 },
            int("min_words") { $0.duplicateHeadline.minWords = $1 },
            real("min_similarity") { $0.duplicateHeadline.minSimilarity = $1 },
            int("min_words_for_near") { $0.duplicateHeadline.minWordsForNear = $1 },
            int("headline_window") { $0.duplicateHeadline.headlineWindow = $1 },
            int("max_site_name_words") { $0.duplicateHeadline.maxSiteNameWords = $1 },
            int("near_window") { $0.duplicateHeadline.nearWindow = $1 },
        ],
        "repeated-block": [
            int("min_characters") { $0.repeatedBlock.minCharacters = $1 },
            int("min_run_blocks") { $0.repeatedBlock.minRunBlocks = $1 },
            int("min_prose_words") { $0.repeatedBlock.minProseWords = $1 },
        ],
        "page-furniture": [
            int("min_prose_words") { $0.pageFurniture.minProseWords = $1 },
            int("long_words") { $0.pageFurniture.longWords = $1 },
            int("min_prose_characters") { $0.pageFurniture.minProseCharacters = $1 },
            int("max_menu_words") { $0.pageFurniture.maxMenuWords = $1 },
            int("max_menu_characters") { $0.pageFurniture.maxMenuCharacters = $1 },
            int("min_edge_blocks") { $0.pageFurniture.minEdgeBlocks = $1 },
            real("min_furniture_share") { $0.pageFurniture.minFurnitureShare = $1 },
            int("min_inner_run") { $0.pageFurniture.minInnerRun = $1 },
            real("min_inner_furniture_share") { $0.pageFurniture.minInnerFurnitureShare = $1 },
            int("keep_before_article") { $0.pageFurniture.keepBeforeArticle = $1 },
        ],
        "truncate": [real("min_position") { $0.truncate.minPosition = $1 }],
        "html": [
            int("min_article_characters") { $0.html.minArticleCharacters = $1 },
            int("good_block_characters") { $0.html.goodBlockCharacters = $1 },
            int("edge_max_words") { $0.html.edgeMaxWords = $1 },
            int("edge_sentence_words") { $0.html.edgeSentenceWords = $1 },
            int("edge_max_blocks") { $0.html.edgeMaxBlocks = $1 },
            int("min_paragraph_characters") { $0.html.selector.minParagraphCharacters = $1 },
            real("max_link_density") { $0.html.selector.maxLinkDensity = $1 },
            real("min_good_coverage") { $0.html.selector.minGoodCoverage = $1 },
            real("listing_link_share") { $0.html.listingLinkShare = $1 },
            int("listing_entry_words") { $0.html.listingEntryWords = $1 },
            real("text_mass_min_share") { $0.html.textMass.minShare = $1 },
            real("text_mass_min_gain") { $0.html.textMass.minGain = $1 },
            real("text_mass_widen_gain") { $0.html.textMass.widenGain = $1 },
            int("text_mass_link_entry_words") { $0.html.textMass.minLinkEntryWords = $1 },
            int("siblings_min") { $0.html.siblings.minSiblings = $1 },
            int("siblings_max_climb") { $0.html.siblings.maxClimb = $1 },
            real("siblings_min_extra_share") { $0.html.siblings.minExtraShare = $1 },
            real("regions_max_link_density") { $0.html.regions.maxLinkDensity = $1 },
            int("regions_min_longest_block") { $0.html.regions.minLongestBlock = $1 },
        ],
        "splitter": [
            int("max_wrap_width") { $0.splitter.maxWrapWidth = $1 },
            int("min_wrap_width") { $0.splitter.minWrapWidth = $1 },
            real("min_full_line_share") { $0.splitter.minFullLineShare = $1 },
            real("full_line_ratio") { $0.splitter.fullLineRatio = $1 },
        ],
    ]

    public static func find(_ filter: String, _ key: String) -> Key? {
        all[filter]?.first { $0.name == key }
    }
}
