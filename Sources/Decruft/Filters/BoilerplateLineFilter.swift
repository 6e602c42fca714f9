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
    public var rules: [PatternRule]

    public init(rules: [PatternRule], settings: Settings = Settings()) {
        self.rules = rules
        self.settings = settings
    }

    public func apply(to pass: inout FilterPass) {
        guard !rules.isEmpty else { return }
        for i in pass.blocks.indices {
            let text = pass.blocks[i].text
            // NB: bytes ≥ characters, so this cheap test never skips a short block.
            guard text.utf8.count <= settings.maxCharacters * 4,
                  text.unicodeScalars.count <= settings.maxCharacters else { continue }
            if let rule = rules.first(where: { $0.matches(text, reportingTo: &pass) }) {
                pass.drop(i, reason: "pattern", by: rule)
            }
        }
    }
}
