/// The text of `decruft rules list`: one line per rule, with its origin.
///
///     drop       share-prompt        rules/default.toml:11   *             /^(share|tweet…)/i
public enum RuleListing {
    public static func lines(_ rules: RuleSet, filters: [String]) -> [String] {
        var lines = ["filters    " + filters.joined(separator: ", ")]
        for override in rules.filters.overrides {
            lines.append(row("setting", "\(override.filter).\(override.key)", override.origin, .everywhere,
                             number(override.value)))
        }
        for rule in rules.replaces {
            let stage = rule.rawHTML ? " (raw HTML)" : ""
            lines.append(row("replace", rule.id, rule.origin, rule.sites,
                             pattern(rule.pattern.source, rule.pattern.caseInsensitive) + " → \"\(rule.replacement)\"" + stage))
        }
        for (kind, list) in [("drop", rules.drops), ("truncate", rules.truncates), ("marker", rules.markers)] {
            for rule in list {
                lines.append(row(kind, rule.id, rule.origin, rule.sites,
                                 pattern(rule.pattern.source, rule.pattern.caseInsensitive)))
            }
        }
        for rule in rules.tagLabelRules {
            lines.append(row("tag_label", rule.id, rule.origin, rule.sites, rule.labels.joined(separator: ", ")))
        }
        for rule in rules.html {
            let prune = rule.action == .body && !rule.prune ? " (prune: no)" : ""
            lines.append(row(rule.action.rawValue, rule.id, rule.origin, rule.sites, rule.selector.description + prune))
        }
        let regions = rules.regions
        lines.append("html       strong_negative: " + regions.strongNegative.joined(separator: " "))
        lines.append("html       negative: " + regions.negative.joined(separator: " "))
        lines.append("html       positive: " + regions.positive.joined(separator: " "))
        lines.append("html       caption: " + regions.caption.joined(separator: " "))
        return lines
    }

    static func row(_ kind: String, _ id: String, _ origin: RuleOrigin, _ sites: SiteScope, _ what: String) -> String {
        pad(kind, 11) + pad(id, 28) + pad(origin.description, 32) + pad("sites=" + sites.description, 24) + what
    }

    static func pattern(_ source: String, _ caseInsensitive: Bool) -> String {
        let shown = source.count > 100 ? String(source.prefix(100)) + "…" : source
        return "/\(shown)/" + (caseInsensitive ? "i" : "")
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
