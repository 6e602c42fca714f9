import Testing
import TOML

extension TOMLTable {
    /// Follows `path` through nested tables (not arrays).
    func node(_ path: String...) -> TOMLNode? {
        var table = self
        for (i, key) in path.enumerated() {
            guard let node = table[key] else { return nil }
            if i == path.count - 1 { return node }
            guard case .table(let next) = node.value else { return nil }
            table = next
        }
        return nil
    }

    /// The value at `path`, if present.
    func value(_ path: String...) -> TOMLValue? {
        var table = self
        for (i, key) in path.enumerated() {
            guard let node = table[key] else { return nil }
            if i == path.count - 1 { return node.value }
            guard case .table(let next) = node.value else { return nil }
            table = next
        }
        return nil
    }
}

/// Shorthand for a position.
func pos(_ line: Int, _ column: Int) -> TOMLPosition { TOMLPosition(line: line, column: column) }

/// Parses `text`, which must fail, and returns the error.
func parseError(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> TOMLError? {
    do {
        let table = try TOML.parse(text)
        Issue.record("expected a parse error, got keys \(table.keys)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// A document that must fail at a given position with a message containing `message`.
struct ErrorCase: Sendable, CustomTestStringConvertible {
    var name: String
    var toml: String
    var line: Int
    var column: Int
    var message: String

    init(_ name: String, _ toml: String, _ line: Int, _ column: Int, _ message: String) {
        self.name = name
        self.toml = toml
        self.line = line
        self.column = column
        self.message = message
    }

    var testDescription: String { name }
}

/// Checks an error case.
func check(_ errorCase: ErrorCase, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let error = parseError(errorCase.toml, sourceLocation: sourceLocation) else { return }
    #expect(error.position == pos(errorCase.line, errorCase.column),
            "\(errorCase.name): got \(error)", sourceLocation: sourceLocation)
    #expect(error.message.contains(errorCase.message),
            "\(errorCase.name): got \(error)", sourceLocation: sourceLocation)
}
