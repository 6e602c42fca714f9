/// `boilerplate-line`: removes short blocks that are page chrome or
/// syndication lines rather than article text — share/follow/subscribe
/// prompts, "The post … appeared first on …", copyright lines,
/// "Advertisement", cookie and newsletter prompts.
///
/// The patterns are data: the `[[drop]]` rules of `rules/default.toml` plus
/// any user rules. Reason code: `pattern` (the rule id is logged).
public struct BoilerplateLineFilter: Filter {
    public struct Settings: Sendable, Equatable {
        /// Longer blocks are article text, never tested against the patterns.
        public var maxCharacters = 300
        /// Recognise share, follow and like lines by their words (`SocialLine`).
        public var socialLines = true
        public init() {}
    }

    public let name = "boilerplate-line"
    public var settings: Settings
    /// A block is chrome or not by its own text.
    public var decidesPerBlock: Bool { true }
    public var rules: [PatternRule] { bank.rules }
    private let bank: PatternBank

    public init(rules: [PatternRule], settings: Settings = Settings()) {
        self.bank = PatternBank(rules)
        self.settings = settings
    }

    public func apply(to pass: inout FilterPass) {
        var kinds: [SocialLine.Kind?] = []
        if settings.socialLines {
            kinds = pass.blocks.indices.map { i in
                pass.features[i].bytes <= SocialLine.maxBytes ? SocialLine.kind(pass.blocks[i].text) : nil
            }
        }
        for i in pass.blocks.indices {
            guard pass.features[i].characters <= settings.maxCharacters else { continue }
            let text = pass.blocks[i].text
            if !rules.isEmpty, let rule = bank.firstMatch(text, reportingTo: &pass) {
                pass.drop(i, reason: "pattern", by: rule)
                continue
            }
            guard settings.socialLines, let kind = kinds[i] else { continue }
            switch kind {
            case .social: pass.drop(i, reason: "social")
            case .likeWidget: pass.drop(i, reason: "like-widget")
            case .bareNetwork:
                // "Twitter" alone is a share button only beside other share lines.
                let beside = (i > 0 && kinds[i - 1] != nil) || (i + 1 < kinds.count && kinds[i + 1] != nil)
                if beside { pass.drop(i, reason: "social") }
            }
        }
    }
}
