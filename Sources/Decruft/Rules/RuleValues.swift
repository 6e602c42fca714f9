import TOML
import DecruftRegex
import DecruftLibXML

/// Typed access to one rule table's keys; every problem becomes a
/// `RuleError` at the offending key or value.
struct RuleValues {
    let file: String
    let table: TOMLTable

    var origin: RuleOrigin { RuleOrigin(file: file, line: table.position.line) }

    // MARK: - Rule kinds

    /// `[[drop]]`, `[[marker]]`, `[[truncate]]`: `pattern` or `text`.
    func patternRule(id: String) throws(RuleError) -> PatternRule {
        try rejectUnknownKeys(["id", "pattern", "text", "case_insensitive", "sites", "enabled"], ruleID: id)
        let (pattern, _) = try compiledPattern(id: id)
        return PatternRule(id: id, pattern: pattern, origin: origin, sites: try sites(ruleID: id))
    }

    /// `[[replace]]`: `pattern` or `text`, and `replacement`.
    func replaceRule(id: String) throws(RuleError) -> ReplaceRule {
        try rejectUnknownKeys(["id", "pattern", "text", "replacement", "case_insensitive", "raw_html", "sites", "enabled"],
                              ruleID: id)
        let (pattern, literal) = try compiledPattern(id: id)
        guard let node = table["replacement"] else {
            throw error(table.position, id, "missing 'replacement' (the text to put in place of a match; \"\" deletes it)")
        }
        let replacement = try string(node, "replacement", ruleID: id)
        if !literal, let problem = ReplacementCheck.problem(replacement, groups: pattern.captureCount) {
            throw error(node.position, id, problem)
        }
        return ReplaceRule(id: id, pattern: pattern, replacement: replacement, literal: literal,
                           rawHTML: try bool("raw_html", ruleID: id) ?? false, origin: origin,
                           sites: try sites(ruleID: id))
    }

    /// `[[tag_label]]`: `labels`.
    func tagLabelRule(id: String) throws(RuleError) -> TagLabelRule {
        try rejectUnknownKeys(["id", "labels", "sites", "enabled"], ruleID: id)
        guard table["labels"] != nil else { throw error(table.position, id, "missing 'labels' (an array of strings)") }
        let labels = try strings("labels", ruleID: id)
        return TagLabelRule(id: id, labels: labels, origin: origin, sites: try sites(ruleID: id))
    }

    /// `[[strip]]`, `[[dissolve]]` (`xpath` or `id_or_class`), `[[body]]`, `[[title]]` (`xpath`).
    func htmlRule(id: String, action: HTMLRule.Action) throws(RuleError) -> HTMLRule {
        var allowed: Set<String> = ["id", "xpath", "sites", "enabled"]
        if action == .strip || action == .dissolve { allowed.insert("id_or_class") }
        if action == .body { allowed.insert("prune") }
        try rejectUnknownKeys(allowed, ruleID: id)
        let selector: HTMLRule.Selector
        switch (table["xpath"], table["id_or_class"]) {
        case (let x?, nil):
            let expression = try string(x, "xpath", ruleID: id)
            if let problem = XPath.validate(expression) { throw error(x.position, id, problem.description) }
            selector = .xpath(expression)
        case (nil, let s?):
            let value = try string(s, "id_or_class", ruleID: id)
            if value.isEmpty { throw error(s.position, id, "'id_or_class' must not be empty") }
            selector = .idOrClass(value.lowercased())
        case (.some, .some):
            throw error(table.position, id, "give either 'xpath' or 'id_or_class', not both")
        case (nil, nil):
            let wanted = allowed.contains("id_or_class") ? "'xpath' or 'id_or_class'" : "'xpath'"
            throw error(table.position, id, "missing \(wanted)")
        }
        return HTMLRule(id: id, action: action, selector: selector, origin: origin, sites: try sites(ruleID: id),
                        prune: try bool("prune", ruleID: id) ?? true)
    }

    /// The compiled `pattern` (a regex) or `text` (a literal); true when literal.
    func compiledPattern(id: String) throws(RuleError) -> (BytePattern, Bool) {
        let caseInsensitive = try bool("case_insensitive", ruleID: id) ?? false
        let source: String
        let node: TOMLNode
        let literal: Bool
        switch (table["pattern"], table["text"]) {
        case (let p?, nil):
            source = try string(p, "pattern", ruleID: id)
            node = p
            literal = false
        case (nil, let t?):
            let text = try string(t, "text", ruleID: id)
            if text.isEmpty { throw error(t.position, id, "'text' must not be empty") }
            source = RuleLoader.escapeLiteral(text)
            node = t
            literal = true
        case (.some, .some):
            throw error(table.position, id, "give either 'pattern' or 'text', not both")
        case (nil, nil):
            throw error(table.position, id, "missing 'pattern' (a regex) or 'text' (a literal substring)")
        }
        do {
            return (try BytePattern(source, caseInsensitive: caseInsensitive), literal)
        } catch {
            throw self.error(node.position, id, "\(error)")
        }
    }

    // MARK: - Values

    func sites(ruleID: String) throws(RuleError) -> SiteScope {
        guard let node = table["sites"] else { return .everywhere }
        let patterns = try strings("sites", ruleID: ruleID)
        if patterns.isEmpty { throw error(node.position, ruleID, "'sites' must list at least one site (leave it out to apply everywhere)") }
        for pattern in patterns {
            if let problem = SiteScope.problem(pattern) { throw error(node.position, ruleID, problem) }
        }
        return SiteScope(patterns)
    }

    func requiredString(_ key: String, ruleID: String?) throws(RuleError) -> String {
        guard let node = table[key] else { throw error(table.position, ruleID, "missing '\(key)'") }
        let value = try string(node, key, ruleID: ruleID)
        if value.isEmpty { throw error(node.position, ruleID, "'\(key)' must not be empty") }
        return value
    }

    func string(_ node: TOMLNode, _ key: String, ruleID: String?) throws(RuleError) -> String {
        guard case .string(let value) = node.value else {
            throw error(node.position, ruleID, "'\(key)' must be a string, not \(node.value.typeName)")
        }
        return value
    }

    func bool(_ key: String, ruleID: String?) throws(RuleError) -> Bool? {
        guard let node = table[key] else { return nil }
        guard case .bool(let flag) = node.value else {
            throw error(node.position, ruleID, "'\(key)' must be a boolean, not \(node.value.typeName)")
        }
        return flag
    }

    /// An array of strings (absent: empty).
    func strings(_ key: String, ruleID: String?) throws(RuleError) -> [String] {
        guard let node = table[key] else { return [] }
        guard case .array(let items) = node.value else {
            throw error(node.position, ruleID, "'\(key)' must be an array of strings, not \(node.value.typeName)")
        }
        var result: [String] = []
        for item in items { result.append(try string(item, key, ruleID: ruleID)) }
        return result
    }

    func rejectUnknownKeys(_ allowed: Set<String>, ruleID: String?, hint: String? = nil) throws(RuleError) {
        for entry in table.entries where !allowed.contains(entry.key) {
            let expected = hint ?? "expected one of: " + allowed.sorted().joined(separator: ", ")
            throw RuleError(file: file, line: entry.keyPosition.line, column: entry.keyPosition.column,
                            ruleID: ruleID, message: "unknown key '\(entry.key)' (\(expected))")
        }
    }

    func error(_ position: TOMLPosition, _ ruleID: String?, _ message: String) -> RuleError {
        RuleError(file: file, line: position.line, column: position.column, ruleID: ruleID, message: message)
    }
}

/// Checks `$n` references in a replacement against the pattern's groups.
enum ReplacementCheck {
    static func problem(_ replacement: String, groups: Int) -> String? {
        let bytes = Array(replacement.utf8)
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "$") else {
                i += 1
                continue
            }
            var k = i + 1
            if k < bytes.count, bytes[k] == UInt8(ascii: "$") {
                i = k + 1
                continue
            }
            let braced = k < bytes.count && bytes[k] == UInt8(ascii: "{")
            if braced { k += 1 }
            var number = 0
            var digits = 0
            while k < bytes.count, bytes[k] >= 0x30, bytes[k] <= 0x39 {
                number = min(number * 10 + Int(bytes[k] - 0x30), 100_000)
                digits += 1
                k += 1
            }
            if digits == 0 && !braced {
                return "'$' in a replacement must be followed by a group number or '{name}' ('$$' for a dollar sign)"
            }
            if digits > 0 && number > groups {
                return "replacement refers to group \(number) but the pattern has \(groups) group\(groups == 1 ? "" : "s")"
            }
            i = k
        }
        return nil
    }
}
