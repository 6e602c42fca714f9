/// `[[replace]]` rules with `raw_html = true` (FiveFilters `find_string` /
/// `replace_string`): applied to the page's UTF-8 text before parsing.
enum RawHTMLReplacer {
    static func apply(_ rules: [ReplaceRule], to bytes: inout [UInt8], warnings: inout [String]) {
        let raw = rules.filter(\.rawHTML)
        guard !raw.isEmpty else { return }
        var text = String(decoding: bytes, as: UTF8.self)
        var changed = false
        for rule in raw {
            do {
                if let replaced = try rule.pattern.replace(in: text, with: rule.replacement, literal: rule.literal) {
                    text = replaced
                    changed = true
                }
            } catch {
                warnings.append("rule '\(rule.id)' (\(rule.origin)): \(error)")
            }
        }
        if changed { bytes = Array(text.utf8) }
    }
}
