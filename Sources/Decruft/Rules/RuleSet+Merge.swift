/// How rule files layer (defaults → user config → `--rules`, later wins):
/// - a rule whose kind and id match an earlier rule replaces it in place;
/// - a rule with a new id is added after the earlier ones;
/// - `enabled = false` with just an `id` switches an earlier rule off;
/// - `[html]` word lists add words; `[filters]` steps and settings apply in order.
extension RuleSet {
    public mutating func merge(_ later: RuleSet) {
        for key in later.disabled { remove(key) }
        Self.layer(&drops, later.drops)
        Self.layer(&markers, later.markers)
        Self.layer(&truncates, later.truncates)
        Self.layer(&replaces, later.replaces)
        Self.layer(&tagLabelRules, later.tagLabelRules)
        for rule in later.html {
            if let i = html.firstIndex(where: { $0.id == rule.id && $0.action == rule.action }) {
                html[i] = rule
            } else {
                html.append(rule)
            }
        }
        regions.add(later.regions)
        filters.steps += later.filters.steps
        filters.overrides += later.filters.overrides
        disabled += later.disabled
    }

    /// `other`'s rules added after these, none replaced (site-config rules,
    /// whose ids name the directive and need not be unique).
    public mutating func append(_ other: RuleSet) {
        drops += other.drops
        markers += other.markers
        truncates += other.truncates
        replaces += other.replaces
        tagLabelRules += other.tagLabelRules
        html += other.html
        regions.add(other.regions)
    }

    /// Removes the rule `key` names, if present.
    mutating func remove(_ key: RuleKey) {
        switch key.kind {
        case "drop": drops.removeAll { $0.id == key.id }
        case "marker": markers.removeAll { $0.id == key.id }
        case "truncate": truncates.removeAll { $0.id == key.id }
        case "replace": replaces.removeAll { $0.id == key.id }
        case "tag_label": tagLabelRules.removeAll { $0.id == key.id }
        default: html.removeAll { $0.id == key.id && $0.action.rawValue == key.kind }
        }
    }

    static func layer<R: IdentifiedRule>(_ base: inout [R], _ later: [R]) {
        for rule in later {
            if let i = base.firstIndex(where: { $0.id == rule.id }) {
                base[i] = rule
            } else {
                base.append(rule)
            }
        }
    }
}

extension RegionRules {
    /// Adds the words of `other` not already listed.
    mutating func add(_ other: RegionRules) {
        for word in other.strongNegative where !strongNegative.contains(word) { strongNegative.append(word) }
        for word in other.negative where !negative.contains(word) { negative.append(word) }
        for word in other.positive where !positive.contains(word) { positive.append(word) }
        for word in other.caption where !caption.contains(word) { caption.append(word) }
    }
}
