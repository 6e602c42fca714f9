import TOML
import Foundation
import DecruftRegex

/// Reads rule files (TOML) into a `RuleSet`.
///
/// Recognised tables (every one an array of tables):
/// - `[[drop]]`: `id`, `pattern` (PCRE2) or `text` (literal substring),
///   optional `case_insensitive` — applied by `boilerplate-line`;
/// - `[[marker]]`: same keys — marker lines for `see-also`;
/// - `[[tag_label]]`: `id`, `labels` (array of strings) — for `tag-line`.
/// - `[html]`: `strong_negative`, `negative`, `positive`, `caption` (arrays
///   of class/id words) — region verdicts and caption marks for HTML pages.
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
    public static func parse(_ text: String, file: String) throws(RuleError) -> RuleSet {
        let root: TOMLTable
        do {
            root = try TOML.parse(text)
        } catch {
            throw RuleError(file: file, line: error.position.line, column: error.position.column,
                            message: error.message)
        }
        var rules = RuleSet()
        for entry in root.entries {
            if entry.key == "html" {
                rules.regions = try regionRules(entry.node, file: file)
                continue
            }
            guard ["drop", "marker", "tag_label"].contains(entry.key) else {
                throw RuleError(file: file, line: entry.keyPosition.line, column: entry.keyPosition.column,
                                message: "unknown table '\(entry.key)' (expected [[drop]], [[marker]], [[tag_label]] or [html])")
            }
            let list = try tables(entry, file: file)
            switch entry.key {
            case "drop":
                for table in list { rules.drops.append(try patternRule(table, file: file)) }
            case "marker":
                for table in list { rules.markers.append(try patternRule(table, file: file)) }
            case "tag_label":
                for table in list { rules.tagLabels += try tagLabels(table, file: file) }
            default:
                throw RuleError(file: file, line: entry.keyPosition.line, column: entry.keyPosition.column,
                                message: "unknown table '\(entry.key)' (expected [[drop]], [[marker]], [[tag_label]] or [html])")
            }
        }
        return rules
    }

    static func tables(_ entry: (key: String, keyPosition: TOMLPosition, node: TOMLNode),
                       file: String) throws(RuleError) -> [TOMLTable] {
        guard case .array(let nodes) = entry.node.value else {
            throw error(file, entry.node.position, nil, "'\(entry.key)' must be an array of tables, written [[\(entry.key)]]")
        }
        var result: [TOMLTable] = []
        for node in nodes {
            guard case .table(let table) = node.value else {
                throw error(file, node.position, nil, "'\(entry.key)' entries must be tables")
            }
            result.append(table)
        }
        return result
    }

    static func patternRule(_ table: TOMLTable, file: String) throws(RuleError) -> PatternRule {
        let id = try requiredString(table, "id", file: file, ruleID: nil)
        try rejectUnknownKeys(table, allowed: ["id", "pattern", "text", "case_insensitive"], file: file, ruleID: id)
        var caseInsensitive = false
        if let node = table["case_insensitive"] {
            guard case .bool(let flag) = node.value else {
                throw error(file, node.position, id, "'case_insensitive' must be a boolean, not \(node.value.typeName)")
            }
            caseInsensitive = flag
        }
        let patternNode = table["pattern"]
        let textNode = table["text"]
        let source: String
        let node: TOMLNode
        switch (patternNode, textNode) {
        case (let p?, nil):
            source = try string(p, "pattern", file: file, ruleID: id)
            node = p
        case (nil, let t?):
            source = escapeLiteral(try string(t, "text", file: file, ruleID: id))
            node = t
        case (.some, .some):
            throw error(file, table.position, id, "give either 'pattern' or 'text', not both")
        case (nil, nil):
            throw error(file, table.position, id, "missing 'pattern' (a regex) or 'text' (a literal substring)")
        }
        do {
            let pattern = try BytePattern(source, caseInsensitive: caseInsensitive)
            return PatternRule(id: id, pattern: pattern, origin: RuleOrigin(file: file, line: table.position.line))
        } catch {
            throw RuleLoader.error(file, node.position, id, "\(error)")
        }
    }

    static func tagLabels(_ table: TOMLTable, file: String) throws(RuleError) -> [String] {
        let id = try requiredString(table, "id", file: file, ruleID: nil)
        try rejectUnknownKeys(table, allowed: ["id", "labels"], file: file, ruleID: id)
        guard let node = table["labels"], case .array(let items) = node.value else {
            throw error(file, table.position, id, "missing 'labels' (an array of strings)")
        }
        var labels: [String] = []
        for item in items {
            labels.append(try string(item, "labels", file: file, ruleID: id).lowercased())
        }
        return labels
    }

    static func regionRules(_ node: TOMLNode, file: String) throws(RuleError) -> RegionRules {
        guard case .table(let table) = node.value else {
            throw error(file, node.position, nil, "'html' must be a table, written [html]")
        }
        try rejectUnknownKeys(table, allowed: ["strong_negative", "negative", "positive", "caption"], file: file, ruleID: "html")
        var regions = RegionRules()
        regions.strongNegative = try stringList(table, "strong_negative", file: file)
        regions.negative = try stringList(table, "negative", file: file)
        regions.positive = try stringList(table, "positive", file: file)
        regions.caption = try stringList(table, "caption", file: file)
        return regions
    }

    static func stringList(_ table: TOMLTable, _ key: String, file: String) throws(RuleError) -> [String] {
        guard let node = table[key] else { return [] }
        guard case .array(let items) = node.value else {
            throw error(file, node.position, "html", "'\(key)' must be an array of strings, not \(node.value.typeName)")
        }
        var words: [String] = []
        for item in items { words.append(try string(item, key, file: file, ruleID: "html").lowercased()) }
        return words
    }

    static func requiredString(_ table: TOMLTable, _ key: String, file: String, ruleID: String?) throws(RuleError) -> String {
        guard let node = table[key] else {
            throw error(file, table.position, ruleID, "missing '\(key)'")
        }
        let value = try string(node, key, file: file, ruleID: ruleID)
        if value.isEmpty { throw error(file, node.position, ruleID, "'\(key)' must not be empty") }
        return value
    }

    static func string(_ node: TOMLNode, _ key: String, file: String, ruleID: String?) throws(RuleError) -> String {
        guard case .string(let value) = node.value else {
            throw error(file, node.position, ruleID, "'\(key)' must be a string, not \(node.value.typeName)")
        }
        return value
    }

    static func rejectUnknownKeys(_ table: TOMLTable, allowed: Set<String>, file: String, ruleID: String?) throws(RuleError) {
        for entry in table.entries where !allowed.contains(entry.key) {
            let expected = allowed.sorted().joined(separator: ", ")
            throw RuleError(file: file, line: entry.keyPosition.line, column: entry.keyPosition.column,
                            ruleID: ruleID, message: "unknown key '\(entry.key)' (expected one of: \(expected))")
        }
    }

    /// A literal substring as a PCRE2 pattern (`\Q…\E` quoting).
    static func escapeLiteral(_ text: String) -> String {
        "\\Q" + text.replacingOccurrences(of: "\\E", with: "\\E\\\\E\\Q") + "\\E"
    }

    static func error(_ file: String, _ position: TOMLPosition, _ ruleID: String?, _ message: String) -> RuleError {
        RuleError(file: file, line: position.line, column: position.column, ruleID: ruleID, message: message)
    }
}
