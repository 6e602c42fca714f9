/// The `--explain` line for one removed block:
/// `removed SOURCE:WHERE FILTER/REASON [RULE FILE:LINE]: "excerpt"`.
public enum RemovalLog {
    public static func line(_ removal: Removal, source: String) -> String {
        var rule = removal.rule.map { " [\($0)" } ?? ""
        if !rule.isEmpty { rule += removal.ruleOrigin.map { " \($0)]" } ?? "]" }
        return "removed \(source):\(removal.provenance.label) \(removal.filter)/\(removal.reason)\(rule): \(excerpt(removal.text))"
    }

    /// The text in quotes, cut after `limit` Unicode scalars with an ellipsis.
    public static func excerpt(_ raw: String, limit: Int = 80) -> String {
        let text = Canonical.paragraph(raw)
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return "\"\(text)\"" }
        var cut = String.UnicodeScalarView()
        cut.append(contentsOf: scalars.prefix(limit))
        return "\"\(String(cut))…\""
    }
}
