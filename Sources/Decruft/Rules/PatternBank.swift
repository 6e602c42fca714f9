import DecruftRegex

/// A list of pattern rules asked together "which is the first to match?".
///
/// Most blocks match no rule, so one combined pattern — every rule's pattern
/// as one branch of an alternation, with its own case option — answers that
/// in a single regex call; only when it matches are the rules tried one by
/// one, in order, to name the winner. Rules whose patterns would change
/// meaning inside a larger one (numbered back references, recursion) are
/// tried on their own every time. If the combined pattern does not compile
/// (e.g. two rules define the same group name) every rule is tried on its own.
public struct PatternBank: Sendable {
    public let rules: [PatternRule]
    /// Matches when some combinable rule matches.
    private let combined: BytePattern?
    /// Positions of the rules left out of `combined`.
    private let standalone: [Int]

    public init(_ rules: [PatternRule]) {
        self.rules = rules
        var branches: [String] = []
        var standalone: [Int] = []
        for (i, rule) in rules.enumerated() {
            if rule.pattern.refersToGroups {
                standalone.append(i)
            } else {
                branches.append("(?:" + (rule.pattern.caseInsensitive ? "(?i)" : "") + rule.pattern.source + ")")
            }
        }
        var combined: BytePattern? = nil
        if branches.count >= 2 {
            combined = try? BytePattern(branches.joined(separator: "|"))
        }
        if combined == nil { standalone = Array(rules.indices) }
        self.combined = combined
        self.standalone = standalone
    }

    /// The first rule, in list order, that matches `text`.
    public func firstMatch(_ text: String) -> PatternRule? {
        firstMatch(text) { rule in rule.matches(text) }
    }

    /// The first rule, in list order, that matches `text`; a rule that runs
    /// past its match limit is reported on `pass` and counts as no match.
    public func firstMatch(_ text: String, reportingTo pass: inout FilterPass) -> PatternRule? {
        firstMatch(text) { rule in rule.matches(text, reportingTo: &pass) }
    }

    private func firstMatch(_ text: String, _ test: (PatternRule) -> Bool) -> PatternRule? {
        guard let combined else { return rules.first(where: test) }
        var anyCombined = true
        do {
            anyCombined = try combined.matches(text)
        } catch {
            // The combined pattern ran out of budget: decide rule by rule.
        }
        if anyCombined { return rules.first(where: test) }
        for i in standalone where test(rules[i]) { return rules[i] }
        return nil
    }
}
