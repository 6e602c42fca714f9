import Foundation
import TOML

/// Reads rule files (TOML) into a `RuleSet`. See docs/RULES.md for the format.
///
/// Tables (`[[…]]` are arrays of tables, one entry per rule, each with an `id`):
/// - text rules: `[[drop]]`, `[[marker]]`, `[[truncate]]`, `[[replace]]`, `[[tag_label]]`;
/// - HTML rules: `[[strip]]`, `[[dissolve]]`, `[[body]]`, `[[title]]`;
/// - settings: `[filters]` (order, enable/disable, thresholds) and `[html]` (region words).
/// Unknown tables and keys are errors, not silently ignored.
public enum RuleLoader {
    /// The rules shipped in `rules/default.toml`, compiled into the binary.
    public static let defaults: RuleSet = {
        do {
            return try parse(DefaultRules.text, file: "rules/default.toml")
        } catch {
            // NB: the shipped file is tested; reaching this is a build defect.
            preconditionFailure("shipped rules/default.toml is invalid: \(error)")
        }
    }()

    /// Parses one rule file's text. `file` names it in errors.
    /// - Throws: the first problem found.
    public static func parse(_ text: String, file: String) throws(RuleError) -> RuleSet {
        let result = check(text, file: file)
        if let first = result.errors.first { throw first }
        return result.rules
    }

    /// Parses one rule file's text and returns the rules that are valid plus
    /// every problem found (a TOML syntax error stops at the first one).
    public static func check(_ text: String, file: String) -> (rules: RuleSet, errors: [RuleError]) {
        let root: TOMLTable
        do {
            root = try TOML.parse(text)
        } catch {
            return (RuleSet(), [RuleError(file: file, line: error.position.line, column: error.position.column,
                                          message: error.message)])
        }
        var reader = RuleFileReader(file: file)
        reader.read(root)
        return (reader.rules, reader.errors)
    }

    /// A literal substring as a PCRE2 pattern (`\Q…\E` quoting).
    static func escapeLiteral(_ text: String) -> String {
        "\\Q" + text.replacingOccurrences(of: "\\E", with: "\\E\\\\E\\Q") + "\\E"
    }
}

/// Reads the tables of one parsed rule file, collecting every error.
struct RuleFileReader {
    let file: String
    var rules = RuleSet()
    var errors: [RuleError] = []
    /// Ids seen in this file per table, with their line (duplicates are errors).
    var seen: [RuleKey: Int] = [:]

    static let ruleTables = ["drop", "marker", "truncate", "replace", "tag_label", "strip", "dissolve", "body", "title",
                             "strip_attr"]
    static let settingTables = ["filters", "html"]

    init(file: String) {
        self.file = file
    }

    mutating func read(_ root: TOMLTable) {
        for entry in root.entries {
            do throws(RuleError) {
                if Self.settingTables.contains(entry.key) {
                    try readSettings(entry.key, entry.node)
                } else if Self.ruleTables.contains(entry.key) {
                    for table in try tables(entry.key, entry.node) { readRule(entry.key, table) }
                } else {
                    let expected = Self.ruleTables.map { "[[\($0)]]" }.joined(separator: ", ") + ", [filters] or [html]"
                    throw RuleError(file: file, line: entry.keyPosition.line, column: entry.keyPosition.column,
                                    message: "unknown table '\(entry.key)' (expected \(expected))")
                }
            } catch {
                errors.append(error)
            }
        }
    }

    /// Reads one rule; its errors are recorded and the rule skipped.
    mutating func readRule(_ kind: String, _ table: TOMLTable) {
        do throws(RuleError) {
            let values = RuleValues(file: file, table: table)
            let id = try values.requiredString("id", ruleID: nil)
            let key = RuleKey(kind: kind, id: id)
            if let line = seen[key] {
                throw values.error(table.position, id, "duplicate id '\(id)' in [[\(kind)]] (first at line \(line))")
            }
            seen[key] = table.position.line
            if let enabled = try values.bool("enabled", ruleID: id), !enabled {
                try values.rejectUnknownKeys(["id", "enabled"], ruleID: id, hint: "a rule switched off with 'enabled = false' needs only its id")
                rules.disabled.append(key)
                return
            }
            try add(kind, values, id: id)
        } catch {
            errors.append(error)
        }
    }

    mutating func add(_ kind: String, _ values: RuleValues, id: String) throws(RuleError) {
        switch kind {
        case "drop": rules.drops.append(try values.patternRule(id: id))
        case "marker": rules.markers.append(try values.patternRule(id: id))
        case "truncate": rules.truncates.append(try values.patternRule(id: id))
        case "replace": rules.replaces.append(try values.replaceRule(id: id))
        case "tag_label": rules.tagLabelRules.append(try values.tagLabelRule(id: id))
        default:
            guard let action = HTMLRule.Action(rawValue: kind) else { return }
            rules.html.append(try values.htmlRule(id: id, action: action))
        }
    }

    func tables(_ key: String, _ node: TOMLNode) throws(RuleError) -> [TOMLTable] {
        guard case .array(let nodes) = node.value else {
            throw RuleError(file: file, line: node.position.line, column: node.position.column,
                            message: "'\(key)' must be an array of tables, written [[\(key)]]")
        }
        var result: [TOMLTable] = []
        for item in nodes {
            guard case .table(let table) = item.value else {
                throw RuleError(file: file, line: item.position.line, column: item.position.column,
                                message: "'\(key)' entries must be tables")
            }
            result.append(table)
        }
        return result
    }
}
