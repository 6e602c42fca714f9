import Foundation
import DecruftRegex
import DecruftLibXML

/// One FiveFilters site-config file, read into decruft rules.
///
/// Format: `directive: value` lines, `#` comments; repeated directives add
/// values; `replace_string(find): replacement` is a find/replace pair in one
/// line. Values of `body`, `title`, `strip`, `strip_attr` and `dissolve` are
/// XPath 1.0. A rule's id is its directive (`strip`, `find_string`…); its
/// origin is the file and line.
public struct SiteConfigFile: Sendable {
    /// A `test_url` and the strings its page must contain.
    public struct Test: Sendable {
        public var url: String
        public var contains: [String]
        public var line: Int
    }

    public var path: String
    public var rules = RuleSet()
    public var tests: [Test] = []
    /// Unknown directives and unusable values: errors for `rules check`,
    /// warnings when cleaning (the line is skipped).
    public var problems: [RuleError] = []
    /// Unsupported directives found, with their first line.
    public var unsupported: [(directive: String, line: Int)] = []

    /// Parses `text`; `path` names the file in ids and messages.
    public init(text: String, path: String) {
        self.path = path
        var reader = SiteConfigReader(path: path)
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            reader.read(line, number: number + 1)
        }
        reader.finish()
        self = reader.file
    }

    fileprivate init(path: String, placeholder: Void) {
        self.path = path
    }

    /// Reads the file at `path`.
    public static func load(_ path: String) -> SiteConfigFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            var file = SiteConfigFile(path: path, placeholder: ())
            file.problems.append(RuleError(file: path, line: 0, column: 0, message: "cannot read the file"))
            return file
        }
        return SiteConfigFile(text: String(decoding: data, as: UTF8.self), path: path)
    }
}

/// Line-by-line reader behind `SiteConfigFile`.
private struct SiteConfigReader {
    var file: SiteConfigFile
    let name: String
    var pendingFinds: [(String, Int)] = []
    var pendingReplacements: [(String, Int)] = []
    var prune: Bool?

    init(path: String) {
        file = SiteConfigFile(path: path, placeholder: ())
        name = path.split(separator: "/").last.map(String.init) ?? path
    }

    mutating func read(_ raw: Substring, number: Int) {
        let line = String(raw).trimmingSpaces()
        if line.isEmpty || line.hasPrefix("#") { return }
        guard let (directive, argument, value) = Self.split(line) else {
            problem(number, "not a 'directive: value' line")
            return
        }
        if SiteConfigDirectives.unsupported.contains(directive) {
            if !file.unsupported.contains(where: { $0.directive == directive }) {
                file.unsupported.append((directive, number))
            }
            return
        }
        guard SiteConfigDirectives.supported.contains(directive) else {
            problem(number, "unknown directive '\(directive)'")
            return
        }
        apply(directive, argument, value, number)
    }

    mutating func apply(_ directive: String, _ argument: String?, _ value: String, _ number: Int) {
        let origin = RuleOrigin(file: file.path, line: number)
        let id = directive
        switch directive {
        case "title", "body", "strip", "dissolve", "strip_attr":
            if let error = XPath.validate(value) {
                problem(number, error.description)
                return
            }
            let action = HTMLRule.Action(rawValue: directive)!
            file.rules.html.append(HTMLRule(id: id, action: action, selector: .xpath(value), origin: origin))
        case "strip_id_or_class":
            let needle = value.replacingOccurrences(of: "'", with: "").replacingOccurrences(of: "\"", with: "")
            guard !needle.isEmpty else { return problem(number, "strip_id_or_class needs a value") }
            file.rules.html.append(HTMLRule(id: id, action: .strip, selector: .idOrClass(needle.lowercased()), origin: origin))
        case "find_string":
            pendingFinds.append((value, number))
        case "replace_string":
            if let argument {
                addReplace(find: argument, replacement: value, number)
            } else {
                pendingReplacements.append((value, number))
            }
        case "prune":
            guard let flag = Self.yesNo(value) else { return problem(number, "prune must be yes or no, not '\(value)'") }
            prune = flag
        case "test_url":
            file.tests.append(SiteConfigFile.Test(url: value, contains: [], line: number))
        case "test_contains":
            guard !file.tests.isEmpty else { return problem(number, "test_contains before any test_url") }
            file.tests[file.tests.count - 1].contains.append(value)
        default:
            break
        }
    }

    mutating func addReplace(find: String, replacement: String, _ number: Int) {
        guard !find.isEmpty else { return problem(number, "find_string must not be empty") }
        do {
            let pattern = try BytePattern(RuleLoader.escapeLiteral(find))
            file.rules.replaces.append(ReplaceRule(id: "find_string", pattern: pattern, replacement: replacement,
                                                   literal: true, rawHTML: true,
                                                   origin: RuleOrigin(file: file.path, line: number)))
        } catch {
            problem(number, "\(error)")
        }
    }

    /// Pairs find_string/replace_string lines in order; applies `prune`.
    mutating func finish() {
        for (k, find) in pendingFinds.enumerated() {
            guard k < pendingReplacements.count else {
                problem(find.1, "find_string without a matching replace_string")
                continue
            }
            addReplace(find: find.0, replacement: pendingReplacements[k].0, find.1)
        }
        for extra in pendingReplacements.dropFirst(pendingFinds.count) {
            problem(extra.1, "replace_string without a matching find_string")
        }
        if let prune {
            for k in file.rules.html.indices where file.rules.html[k].action == .body { file.rules.html[k].prune = prune }
        }
    }

    mutating func problem(_ line: Int, _ message: String) {
        file.problems.append(RuleError(file: file.path, line: line, column: 1, message: message))
    }

    /// `name: value` or `name(argument): value`.
    static func split(_ line: String) -> (String, String?, String)? {
        let scalars = Array(line.unicodeScalars)
        var k = 0
        while k < scalars.count, Self.isNameScalar(scalars[k]) { k += 1 }
        guard k > 0, k < scalars.count else { return nil }
        let directive = String(String.UnicodeScalarView(scalars[0..<k])).lowercased()
        var argument: String?
        var rest = String(String.UnicodeScalarView(scalars[k...]))
        if rest.hasPrefix("(") {
            guard let close = rest.range(of: "):") else { return nil }
            argument = String(rest[rest.index(after: rest.startIndex)..<close.lowerBound])
            rest = String(rest[close.upperBound...])
        } else {
            guard rest.hasPrefix(":") else { return nil }
            rest.removeFirst()
        }
        return (directive, argument, rest.trimmingSpaces())
    }

    /// ASCII letters, digits and '_'.
    static func isNameScalar(_ s: Unicode.Scalar) -> Bool {
        (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9") || s == "_"
    }

    static func yesNo(_ value: String) -> Bool? {
        switch value.lowercased() {
        case "yes", "true", "1", "on": return true
        case "no", "false", "0", "off": return false
        default: return nil
        }
    }
}
