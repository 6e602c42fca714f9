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
        guard !rules.isEmpty else { return }
        for i in pass.blocks.indices {
            guard pass.features[i].characters <= settings.maxCharacters else { continue }
            let text = pass.blocks[i].text
            if let rule = bank.firstMatch(text, reportingTo: &pass) {
                pass.drop(i, reason: "pattern", by: rule)
            }
        }
    }
}
