import Foundation
import Testing
@testable import Decruft
import DecruftRegex

struct RuleLoaderTests {
    func parseError(_ text: String, file: String = "rules.toml") -> RuleError? {
        do {
            _ = try RuleLoader.parse(text, file: file)
            return nil
        } catch {
            return error
        }
    }

    // MARK: - Shipped rules

    @Test func shippedDefaultsLoad() throws {
        let rules = RuleLoader.defaults
        let ids = Set(rules.drops.map(\.id))
        for id in ["share-prompt", "follow-prompt", "subscribe-prompt", "appeared-first", "originally-appeared", "copyright",
                   "advertisement", "cookie-banner", "app-prompt", "comments-count", "print-page"] {
            #expect(ids.contains(id), "missing shipped rule \(id)")
        }
        #expect(rules.markers.map(\.id).contains("see-also-en"))
        #expect(rules.tagLabels.contains("tags"))
        #expect(rules.tagLabels.contains("filed under"))
        #expect(rules.tagLabels.allSatisfy { $0 == $0.lowercased() })
        #expect(Set(rules.drops.map(\.id)).count == rules.drops.count)
        #expect(rules.drops.allSatisfy { $0.pattern.caseInsensitive && $0.origin.file == "rules/default.toml" })
    }

    @Test func embeddedRulesMatchTheRuleFile() throws {
        let onDisk = try String(contentsOf: repositoryRoot.appendingPathComponent("rules/default.toml"), encoding: .utf8)
        #expect(DefaultRules.text == onDisk)
        let reparsed = try RuleLoader.parse(onDisk, file: "rules/default.toml")
        #expect(reparsed.drops.map(\.id) == RuleLoader.defaults.drops.map(\.id))
    }

    @Test func originPointsAtTheTableHeader() throws {
        let text = """
        # comment

        [[drop]]
        id = "one"
        text = "One"

        [[drop]]
        id = "two"
        pattern = '^two$'
        """
        let rules = try RuleLoader.parse(text, file: "mine.toml")
        #expect(rules.drops.map(\.origin) == [RuleOrigin(file: "mine.toml", line: 3), RuleOrigin(file: "mine.toml", line: 7)])
        #expect(rules.drops[1].origin.description == "mine.toml:7")
    }

    @Test func emptyFileIsEmptyRuleSet() throws {
        let rules = try RuleLoader.parse("# nothing here\n", file: "empty.toml")
        #expect(rules.drops.isEmpty && rules.markers.isEmpty && rules.tagLabels.isEmpty)
    }

    // MARK: - Rule semantics

    @Test func textIsALiteralSubstring() throws {
        let rules = try RuleLoader.parse("""
        [[drop]]
        id = "lit"
        text = "a.b (c)"
        """, file: "t.toml")
        let rule = try #require(rules.drops.first)
        #expect(rule.matches("xx a.b (c) yy"))
        #expect(!rule.matches("axb (c)"))
        #expect(!rule.matches("A.B (C)"))
    }

    @Test func textContainingQuoteEndIsEscaped() throws {
        let rules = try RuleLoader.parse("""
        [[drop]]
        id = "lit"
        text = 'x\\Ey.*'
        """, file: "t.toml")
        let rule = try #require(rules.drops.first)
        #expect(rule.matches("x\\Ey.*"))
        #expect(!rule.matches("x\\Eyzzz"))
    }

    @Test func caseInsensitiveFlag() throws {
        let rules = try RuleLoader.parse("""
        [[drop]]
        id = "ci"
        text = "Advert"
        case_insensitive = true

        [[marker]]
        id = "cs"
        pattern = '^Read on$'
        case_insensitive = false
        """, file: "t.toml")
        #expect(rules.drops[0].matches("ADVERT"))
        #expect(rules.markers[0].matches("Read on"))
        #expect(!rules.markers[0].matches("read on"))
    }

    @Test func tagLabelsAreLowercased() throws {
        let rules = try RuleLoader.parse("""
        [[tag_label]]
        id = "de"
        labels = ["Schlagwörter", "THEMEN"]
        """, file: "t.toml")
        #expect(rules.tagLabels == ["schlagwörter", "themen"])
    }

    @Test func mergeAddsRulesAndDeduplicatesLabels() throws {
        var base = RuleLoader.defaults
        let extra = try RuleLoader.parse("""
        [[drop]]
        id = "extra"
        text = "zzz"

        [[tag_label]]
        id = "more"
        labels = ["tags", "trefwoord"]
        """, file: "extra.toml")
        base.merge(extra)
        #expect(base.drops.last?.id == "extra")
        #expect(base.drops.count == RuleLoader.defaults.drops.count + 1)
        #expect(base.tagLabels.filter { $0 == "tags" }.count == 1)
        #expect(base.tagLabels.last == "trefwoord")
    }

    // MARK: - Errors carry file:line:column

    @Test func unknownKey() throws {
        let error = try #require(parseError("""
        [[drop]]
        id = "x"
        patern = 'a'
        """))
        #expect(error.file == "rules.toml")
        #expect((error.line, error.column) == (3, 1))
        #expect(error.ruleID == "x")
        #expect(error.message.contains("unknown key 'patern'"))
        #expect(error.description.hasPrefix("rules.toml:3:1: rule 'x': unknown key 'patern'"))
    }

    @Test func unknownTable() throws {
        let error = try #require(parseError("""
        # rules
        [[dorp]]
        id = "x"
        """))
        #expect((error.line, error.column) == (2, 3))
        #expect(error.ruleID == nil)
        #expect(error.message.contains("unknown table 'dorp'"))
        #expect(error.description.hasPrefix("rules.toml:2:3: unknown table"))
    }

    @Test func unknownTopLevelKeyIsUnknownTable() throws {
        let error = try #require(parseError("version = 2\n"))
        #expect((error.line, error.column) == (1, 1))
        #expect(error.message.contains("unknown table 'version'"))
    }

    @Test func tableNotArrayOfTables() throws {
        let error = try #require(parseError("""
        [drop]
        id = "x"
        """))
        #expect(error.line == 1)
        #expect(error.message.contains("must be an array of tables"))
    }

    @Test func wrongTypeForFlag() throws {
        let error = try #require(parseError("""
        [[drop]]
        id = "x"
        pattern = 'a'
        case_insensitive = "yes"
        """))
        #expect((error.line, error.column) == (4, 20))
        #expect(error.ruleID == "x")
        #expect(error.message == "'case_insensitive' must be a boolean, not string")
    }

    @Test func wrongTypeForPattern() throws {
        let error = try #require(parseError("""
        [[marker]]
        id = "x"
        pattern = 5
        """))
        #expect((error.line, error.column) == (3, 11))
        #expect(error.message == "'pattern' must be a string, not integer")
    }

    @Test func wrongTypeForID() throws {
        let error = try #require(parseError("""
        [[drop]]
        id = true
        text = "a"
        """))
        #expect((error.line, error.column) == (2, 6))
        #expect(error.ruleID == nil)
        #expect(error.message == "'id' must be a string, not boolean")
    }

    @Test func wrongTypeForLabels() throws {
        let error = try #require(parseError("""
        [[tag_label]]
        id = "l"
        labels = ["ok", 3]
        """))
        #expect((error.line, error.column) == (3, 17))
        #expect(error.message == "'labels' must be a string, not integer")
    }

    @Test func badRegexCarriesPCRE2Message() throws {
        let error = try #require(parseError("""
        [[drop]]
        id = "bad"
        pattern = '(unclosed'
        """, file: "user.toml"))
        #expect(error.file == "user.toml")
        #expect((error.line, error.column) == (3, 11))
        #expect(error.ruleID == "bad")
        #expect(error.message.contains("missing closing parenthesis"))
        #expect(error.message.contains("(unclosed"))
        #expect(error.description.hasPrefix("user.toml:3:11: rule 'bad': invalid regex"))
    }

    @Test func missingPatternAndText() throws {
        let error = try #require(parseError("""
        [[drop]]
        id = "ok"
        text = "fine"

        [[drop]]
        id = "m"
        case_insensitive = true
        """))
        #expect((error.line, error.column) == (5, 1))
        #expect(error.ruleID == "m")
        #expect(error.message.contains("missing 'pattern'"))
    }

    @Test func bothPatternAndText() throws {
        let error = try #require(parseError("""
        [[marker]]
        id = "b"
        pattern = 'a'
        text = "a"
        """))
        #expect((error.line, error.column) == (1, 1))
        #expect(error.ruleID == "b")
        #expect(error.message == "give either 'pattern' or 'text', not both")
    }

    @Test func missingAndEmptyID() throws {
        let missing = try #require(parseError("[[drop]]\ntext = \"a\"\n"))
        #expect((missing.line, missing.column) == (1, 1))
        #expect(missing.message == "missing 'id'")
        let empty = try #require(parseError("[[drop]]\nid = \"\"\ntext = \"a\"\n"))
        #expect((empty.line, empty.column) == (2, 6))
        #expect(empty.message == "'id' must not be empty")
    }

    @Test func missingLabels() throws {
        let error = try #require(parseError("[[tag_label]]\nid = \"l\"\n"))
        #expect((error.line, error.column) == (1, 1))
        #expect(error.ruleID == "l")
        #expect(error.message.contains("missing 'labels'"))
    }

    @Test func tomlSyntaxError() throws {
        let error = try #require(parseError("[[drop]]\nid = \"unterminated\n", file: "broken.toml"))
        #expect(error.file == "broken.toml")
        #expect(error.line == 2)
        #expect(error.column > 1)
        #expect(!error.message.isEmpty)
    }
}
