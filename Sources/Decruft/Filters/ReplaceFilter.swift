/// `replace`: rewrites block text with the `[[replace]]` rules, in order —
/// e.g. strips a "(Reuters) - " dateline prefix. The result is made
/// canonical again; a block left empty is dropped.
///
/// Reason code: `emptied` (the rule id of the last rule that changed the block is logged).
public struct ReplaceFilter: Filter {
    public let name = "replace"
    public var rules: [ReplaceRule]
    /// NB: a replacement may match its own output ("a" → "aa"): applying it
    /// once per document keeps the result stable.
    public var repeatsOnLaterPasses: Bool { false }
    /// It rewrites the text, so it measures nothing beforehand.
    public var usesFeatures: Bool { false }

    public init(rules: [ReplaceRule]) {
        self.rules = rules.filter { !$0.rawHTML }
    }

    public func apply(to pass: inout FilterPass) {
        guard !rules.isEmpty else { return }
        for i in pass.blocks.indices {
            var text = pass.text(i)
            var lastRule: ReplaceRule?
            for rule in rules {
                do {
                    if let replaced = try rule.pattern.replace(in: text, with: rule.replacement, literal: rule.literal) {
                        text = replaced
                        lastRule = rule
                    }
                } catch {
                    pass.warn("rule '\(rule.id)' (\(rule.origin)): \(error)")
                }
            }
            guard let lastRule else { continue }
            let canonical = Canonical.paragraph(text)
            if canonical.isEmpty {
                pass.drop(i, reason: "emptied", by: lastRule)
            } else {
                pass.setText(i, canonical)
            }
        }
    }
}
