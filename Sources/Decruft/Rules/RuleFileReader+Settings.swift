import TOML

/// `[filters]` and `[html]`.
extension RuleFileReader {
    mutating func readSettings(_ key: String, _ node: TOMLNode) throws(RuleError) {
        guard case .table(let table) = node.value else {
            throw RuleError(file: file, line: node.position.line, column: node.position.column,
                            message: "'\(key)' must be a table, written [\(key)]")
        }
        let values = RuleValues(file: file, table: table)
        if key == "html" {
            try values.rejectUnknownKeys(["strong_negative", "negative", "positive", "caption"], ruleID: "html")
            var regions = RegionRules()
            regions.strongNegative = try values.strings("strong_negative", ruleID: "html").map { $0.lowercased() }
            regions.negative = try values.strings("negative", ruleID: "html").map { $0.lowercased() }
            regions.positive = try values.strings("positive", ruleID: "html").map { $0.lowercased() }
            regions.caption = try values.strings("caption", ruleID: "html").map { $0.lowercased() }
            rules.regions.add(regions)
            return
        }
        for entry in table.entries {
            do throws(RuleError) {
                try readFilterEntry(entry.key, entry.keyPosition, entry.node, values)
            } catch {
                errors.append(error)
            }
        }
    }

    private mutating func readFilterEntry(_ key: String, _ position: TOMLPosition, _ node: TOMLNode,
                                          _ values: RuleValues) throws(RuleError) {
        let origin = RuleOrigin(file: file, line: position.line)
        switch key {
        case "order", "disable", "enable":
            let names = try values.strings(key, ruleID: "filters")
            for name in names where !FilterCatalog.isKnown(name) {
                throw values.error(node.position, "filters",
                                   "unknown filter '\(name)' (known: \(FilterCatalog.defaultOrder.joined(separator: ", ")))")
            }
            switch key {
            case "order": rules.filters.steps.append(.order(names, origin))
            case "disable": rules.filters.steps.append(.disable(names, origin))
            default: rules.filters.steps.append(.enable(names, origin))
            }
        default:
            guard let keys = FilterSettingKeys.all[key] else {
                let known = FilterSettingKeys.all.keys.sorted().joined(separator: ", ")
                throw values.error(position, "filters",
                                   "unknown key '\(key)' in [filters] (expected order, disable, enable, or a settings table [filters.NAME] for one of: \(known))")
            }
            guard case .table(let settings) = node.value else {
                throw values.error(node.position, "filters", "'\(key)' must be a table of settings, written [filters.\(key)]")
            }
            for entry in settings.entries {
                do throws(RuleError) {
                    guard let setting = keys.first(where: { $0.name == entry.key }) else {
                        let expected = keys.map(\.name).joined(separator: ", ")
                        throw values.error(entry.keyPosition, "filters.\(key)",
                                           "unknown setting '\(entry.key)' (expected one of: \(expected))")
                    }
                    let value = try number(entry.node, setting, filter: key, values)
                    rules.filters.overrides.append(FilterSettings.Override(
                        filter: key, key: setting.name, value: value,
                        origin: RuleOrigin(file: file, line: entry.keyPosition.line)))
                } catch {
                    errors.append(error)
                }
            }
        }
    }

    private func number(_ node: TOMLNode, _ setting: FilterSettingKeys.Key, filter: String,
                        _ values: RuleValues) throws(RuleError) -> Double {
        let scope = "filters.\(filter)"
        let value: Double
        switch node.value {
        case .integer(let n):
            value = Double(n)
        case .float(let x) where !setting.isInteger:
            value = x
        default:
            let wanted = setting.isInteger ? "an integer" : "a number"
            throw values.error(node.position, scope, "'\(setting.name)' must be \(wanted), not \(node.value.typeName)")
        }
        if !value.isFinite || value < 0 || value > 1_000_000_000 {
            throw values.error(node.position, scope, "'\(setting.name)' must be between 0 and 1000000000")
        }
        if setting.isShare && value > 1 {
            throw values.error(node.position, scope, "'\(setting.name)' is a share and must be between 0 and 1")
        }
        return value
    }
}

extension FilterSettingKeys.Key {
    /// Settings that are a share of something (0…1).
    var isShare: Bool {
        ["share", "fraction", "similarity", "ratio", "position", "density", "coverage"].contains { name.contains($0) }
    }
}
