import Testing
import TOML

/// A realistic rule file as the loader will see it.
@Suite("Rules file")
struct RulesFileTests {
    static let rules = #"""
    # decruft rules
    [filters]
    order = ["normalize", "boilerplate-line"]
    disable = ["see-also"]
    [filters.see-also]
    tail_fraction = 0.5

    [[drop]]
    id = "example-read-full"
    pattern = '^Read the full story at '
    case_insensitive = true
    sites = ["example.com", ".example.org"]

    [[drop]]
    id = "x"
    text = """
    multi
    line"""
    """#

    @Test func parsesFiltersSection() throws {
        let doc = try TOML.parse(Self.rules)
        #expect(doc.keys == ["filters", "drop"])
        let filters = try #require(doc.value("filters")?.tableValue)
        #expect(filters.position == pos(2, 1))
        #expect(filters.keys == ["order", "disable", "see-also"])
        #expect(filters["order"]?.value.arrayValue?.map { $0.value.stringValue } == ["normalize", "boilerplate-line"])
        #expect(filters["order"]?.value.arrayValue?.map(\.position) == [pos(3, 10), pos(3, 23)])
        #expect(filters["disable"]?.value.arrayValue?.first?.value.stringValue == "see-also")
        #expect(filters.keyPosition(of: "see-also") == pos(5, 10))
        #expect(doc.value("filters", "see-also", "tail_fraction")?.floatValue == 0.5)
        #expect(doc.node("filters", "see-also", "tail_fraction")?.position == pos(6, 17))
    }

    @Test func parsesDropRules() throws {
        let doc = try TOML.parse(Self.rules)
        let drops = try #require(doc.value("drop")?.arrayValue)
        #expect(drops.count == 2)
        #expect(drops.map(\.position) == [pos(8, 1), pos(14, 1)])

        let first = try #require(drops[0].value.tableValue)
        #expect(first.keys == ["id", "pattern", "case_insensitive", "sites"])
        #expect(first["id"]?.value.stringValue == "example-read-full")
        #expect(first["pattern"]?.value.stringValue == "^Read the full story at ")
        #expect(first["pattern"]?.position == pos(10, 11))
        #expect(first["case_insensitive"]?.value.boolValue == true)
        #expect(first["sites"]?.value.arrayValue?.map { $0.value.stringValue } == ["example.com", ".example.org"])
        #expect(first.keyPosition(of: "sites") == pos(12, 1))

        let second = try #require(drops[1].value.tableValue)
        #expect(second["id"]?.value.stringValue == "x")
        #expect(second["text"]?.value.stringValue == "multi\nline")
        #expect(second["text"]?.position == pos(16, 8))
    }

    /// The loader's use case: turn a bad value into a file:line:column message.
    @Test func loaderStyleDiagnostics() throws {
        let doc = try TOML.parse(Self.rules)
        let drops = try #require(doc.value("drop")?.arrayValue)
        let first = try #require(drops[0].value.tableValue)
        let node = try #require(first["case_insensitive"])
        let message = "rules.toml:\(node.position): expected string, found \(node.value.typeName)"
        #expect(message == "rules.toml:11:20: expected string, found boolean")
    }

    @Test func syntaxErrorInRulesFile() throws {
        let broken = Self.rules.replacing("case_insensitive = true", with: "case_insensitive = yes", maxReplacements: 1)
        let error = try #require(parseError(broken))
        #expect(error.position == pos(11, 20))
        #expect("rules.toml:\(error.position): \(error.message)"
                == "rules.toml:11:20: invalid value 'yes': strings must be quoted, and booleans are 'true' or 'false'")
    }

    @Test func duplicateRuleKeyInRulesFile() throws {
        let broken = Self.rules + "\nid = \"dup\"\n"
        let error = try #require(parseError(broken))
        #expect(error.description == "line 19, column 1: duplicate key 'id' (first defined at line 15, column 1)")
    }
}
