/// `truncate`: cuts the document at the first block a `[[truncate]]` rule
/// matches — that block and everything after it go ("Read the full story
/// at …", "— More from our partners —").
///
/// Unlike `see-also`, this is the user's explicit marker: it applies anywhere
/// after `minPosition` of the document and removes every later block.
///
/// Reason codes: `marker` (the matching block) and `after-marker` (each later
/// block); both log the rule id.
public struct TruncateFilter: Filter {
    public struct Settings: Sendable, Equatable {
        /// The marker must start after this share of the document's characters
        /// (0: anywhere).
        public var minPosition = 0.0
        public init() {}
    }

    public let name = "truncate"
    public var rules: [PatternRule] { bank.rules }
    private let bank: PatternBank
    public var settings: Settings

    public init(rules: [PatternRule], settings: Settings = Settings()) {
        self.bank = PatternBank(rules)
        self.settings = settings
    }

    public func apply(to pass: inout FilterPass) {
        guard !rules.isEmpty else { return }
        var total = 0
        for feature in pass.features { total += feature.bytes }
        let start = Int(Double(total) * settings.minPosition)
        var offset = 0
        for i in pass.blocks.indices {
            defer { offset += pass.features[i].bytes }
            guard offset >= start,
                  let rule = bank.firstMatch(pass.blocks[i].text, reportingTo: &pass) else { continue }
            pass.drop(i, reason: "marker", by: rule)
            for j in (i + 1)..<pass.blocks.count { pass.drop(j, reason: "after-marker", by: rule) }
            return
        }
    }
}
