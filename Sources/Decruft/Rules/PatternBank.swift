import DecruftRegex

/// A list of pattern rules asked "which is the first to match this block?".
///
/// Most blocks match no rule, and most rules are anchored at the start of
/// the block (`^…`). For each such rule PCRE2 works out which bytes a match
/// can begin with; a block whose first byte is not among them is not handed
/// to that rule's regex at all. The answer is the same as trying every rule
/// in order — only cheaper.
public struct PatternBank: Sendable {
    public let rules: [PatternRule]
    /// Per rule: the bytes a matching block can begin with, or nil when the
    /// rule must always be tried.
    let firstBytes: [[Bool]?]

    public init(_ rules: [PatternRule]) {
        self.rules = rules
        self.firstBytes = rules.map(Self.firstByteTable)
    }

    /// Built from a probe pattern: the rule's alternatives with their
    /// leading `^` removed, so that PCRE2 computes the possible first bytes
    /// (it does not for anchored patterns). A match of the anchored rule
    /// starts at the block's first byte, which the probe's table allows.
    /// Nil when some alternative is not anchored, when the probe does not
    /// compile or when PCRE2 gives no table.
    static func firstByteTable(_ rule: PatternRule) -> [Bool]? {
        var branches: [String] = []
        for alternative in BytePattern.topLevelAlternatives(rule.pattern.source) {
            guard alternative.hasPrefix("^") else { return nil }
            branches.append("(?:" + alternative.dropFirst() + ")")
        }
        let probe = try? BytePattern(branches.joined(separator: "|"), caseInsensitive: rule.pattern.caseInsensitive,
                                     jit: false)
        return probe?.possibleFirstBytes
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
        let first = text.utf8.first.map(Int.init)
        for (i, rule) in rules.enumerated() {
            if let table = firstBytes[i], let first, !table[first] { continue }
            if test(rule) { return rule }
        }
        return nil
    }
}
