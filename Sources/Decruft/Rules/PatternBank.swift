import DecruftRegex

/// A list of pattern rules asked "which is the first to match this block?".
///
/// Most blocks match no rule, and most rules are anchored at the start of
/// the block (`^…`). For each such rule PCRE2 works out which bytes a match
/// can begin with; a block whose first byte is not among them is not handed
/// to that rule's regex at all. And the rules that can share one regex are
/// first tried together, as one alternation: when it does not match, none of
/// them can, and only the rules left out of it are tried. The answer is the
/// same as trying every rule in order — only cheaper.
public struct PatternBank: Sendable {
    public let rules: [PatternRule]
    /// Per rule: the bytes a matching block can begin with, or nil when the
    /// rule must always be tried.
    let firstBytes: [[Bool]?]
    /// The rules that can share one regex, as one alternation; nil when
    /// fewer than two can (or it does not compile).
    let combined: BytePattern?
    /// Per rule: whether it is part of `combined`.
    let inCombined: [Bool]
    /// The bytes a match of `combined` can begin with (the union of its
    /// rules' tables), or nil when any byte might.
    let combinedFirstBytes: [Bool]?

    public init(_ rules: [PatternRule]) {
        self.rules = rules
        self.firstBytes = rules.map(Self.firstByteTable)
        var members = rules.map { Self.canShareRegex($0.pattern.source) && Self.isAnchored($0.pattern.source) }
        var combined: BytePattern?
        if members.filter({ $0 }).count >= 2 {
            let branches = zip(rules, members).filter(\.1).map { rule, _ in
                (rule.pattern.caseInsensitive ? "(?i:" : "(?:") + rule.pattern.source + ")"
            }
            combined = try? BytePattern(branches.joined(separator: "|"))
        }
        if combined == nil { members = rules.map { _ in false } }
        self.combined = combined
        self.inCombined = members
        var union: [Bool]? = combined == nil ? nil : [Bool](repeating: false, count: 256)
        for (table, member) in zip(firstBytes, members) where member {
            guard let table, let current = union else {
                union = nil
                break
            }
            union = zip(current, table).map { $0 || $1 }
        }
        self.combinedFirstBytes = union
    }

    /// Whether every alternative of `source` starts with `^`.
    ///
    /// NB: only anchored rules are combined: their alternation is anchored
    /// too and is tried at the block's first byte only; one unanchored
    /// branch would make it try every branch at every byte.
    static func isAnchored(_ source: String) -> Bool {
        BytePattern.topLevelAlternatives(source).allSatisfy { $0.hasPrefix("^") }
    }

    /// Whether a rule's regex means the same as a branch `(?:…)` of a larger
    /// alternation. Conservative: not when it refers to groups by number
    /// (`\1`, `\g`, `\k`, `(?1)`, conditions), which would count the other
    /// branches' groups; not with backtracking verbs such as `(*COMMIT)`,
    /// which act on the whole match; not with `\Q` (an open quote would
    /// swallow the closing parenthesis) or any `(?` other than a plain
    /// group or a lookaround (an `(?x)` comment could do the same).
    static func canShareRegex(_ source: String) -> Bool {
        let p = Array(source.utf8)
        var i = 0
        while i < p.count {
            switch p[i] {
            case UInt8(ascii: "\\"):
                guard i + 1 < p.count else { return false }
                let next = p[i + 1]
                if (0x30...0x39).contains(next) || next == UInt8(ascii: "g") || next == UInt8(ascii: "k")
                    || next == UInt8(ascii: "Q") { return false }
                i += 2
                continue
            case UInt8(ascii: "("):
                guard i + 1 < p.count else { return false }
                if p[i + 1] == UInt8(ascii: "*") { return false }
                if p[i + 1] == UInt8(ascii: "?") {
                    let rest = p[(i + 2)...]
                    let allowed = [":", "=", "!", "<=", "<!"].contains { rest.starts(with: Array($0.utf8)) }
                    if !allowed { return false }
                }
            default:
                break
            }
            i += 1
        }
        return true
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
        // NB: a combined regex that runs past its match limit (or fails
        // otherwise) decides nothing: every rule is then tried on its own,
        // and reports its own limit as before.
        var combinedMayMatch = false
        if let combined {
            if let table = combinedFirstBytes, let first, !table[first] {
                combinedMayMatch = false
            } else {
                combinedMayMatch = (try? combined.matches(text)) ?? true
            }
        }
        for (i, rule) in rules.enumerated() {
            if inCombined[i] && !combinedMayMatch { continue }
            if let table = firstBytes[i], let first, !table[first] { continue }
            if test(rule) { return rule }
        }
        return nil
    }
}
