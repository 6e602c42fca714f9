import Testing
@testable import Decruft
import DecruftRegex

struct PatternBankTests {
    func rule(_ id: String, _ pattern: String, caseInsensitive: Bool = false) throws -> PatternRule {
        PatternRule(id: id, pattern: try BytePattern(pattern, caseInsensitive: caseInsensitive),
                    origin: RuleOrigin(file: "test.toml", line: 1))
    }

    @Test func firstRuleInListOrderWins() throws {
        let bank = PatternBank([try rule("a", "^share"), try rule("b", "share$"), try rule("c", "^share this$")])
        #expect(bank.firstMatch("share this")?.id == "a")
        #expect(bank.firstMatch("please share")?.id == "b")
        #expect(bank.firstMatch("nothing here") == nil)
    }

    @Test func rulesWithBackReferencesWork() throws {
        let bank = PatternBank([try rule("x", "^nope"), try rule("twice", "^(\\w+) \\1")])
        #expect(bank.firstMatch("bye bye")?.id == "twice")
        #expect(bank.firstMatch("bye now") == nil)
    }

    @Test func anchoredRulesGetAFirstByteTable() throws {
        let bank = PatternBank([try rule("s", "^(share|tweet)$", caseInsensitive: true),
                                try rule("c", "^©.{0,20}$|^\\(c\\) \\d{4}"),
                                try rule("p", "^The post ", caseInsensitive: true)])
        let share = try #require(bank.firstBytes[0])
        for byte in "sStT".utf8 { #expect(share[Int(byte)]) }
        #expect(!share[Int(UInt8(ascii: "x"))])
        let copyright = try #require(bank.firstBytes[1])
        #expect(copyright[0xC2] && copyright[Int(UInt8(ascii: "("))])   // 0xC2 leads ©
        let post = try #require(bank.firstBytes[2])
        #expect(post[Int(UInt8(ascii: "t"))] && post[Int(UInt8(ascii: "T"))] && !post[Int(UInt8(ascii: "x"))])
        #expect(bank.firstMatch("Tweet")?.id == "s")
        #expect(bank.firstMatch("© 2024 Example")?.id == "c")
        #expect(bank.firstMatch("THE POST x")?.id == "p")
        #expect(bank.firstMatch("x share") == nil)
    }

    @Test func unanchoredRulesAreAlwaysTried() throws {
        let bank = PatternBank([try rule("a", "^share|tweet$"), try rule("b", "reserved$")])
        #expect(bank.firstBytes[0] == nil && bank.firstBytes[1] == nil)
        #expect(bank.firstMatch("please tweet")?.id == "a")
        #expect(bank.firstMatch("All rights reserved")?.id == "b")
    }

    @Test func mostShippedRulesHaveATable() {
        // Not: all-rights-reserved (matches anywhere in the line), the date
        // line, which may start with a word in any script, the advertising
        // label, which may start with any bracket or dash, and the rules
        // that find a line by what it contains (newsletter and cookie
        // notices and sign-ups, "may not be reproduced").
        let bank = PatternBank(RuleLoader.defaults.drops)
        let without = bank.rules.indices.filter { bank.firstBytes[$0] == nil }.map { bank.rules[$0].id }
        #expect(without.sorted() == ["advertisement-intl", "all-rights-reserved", "cookie-notice-intl",
                                     "cookie-notice-we-use", "date-line", "newsletter-prompt-intl",
                                     "newsletter-signup-shape", "no-reproduction"])
    }

    @Test func alternativesSplitOnlyAtTopLevel() {
        #expect(BytePattern.topLevelAlternatives("^a(b|c)|^d[|]|^e\\|f") == ["^a(b|c)", "^d[|]", "^e\\|f"])
        #expect(BytePattern.topLevelAlternatives("^[]|]x|^y") == ["^[]|]x", "^y"])
    }

    @Test func onlyPlainAnchoredRulesShareTheCombinedRegex() {
        #expect(PatternBank.canShareRegex("^(share|tweet)( this)?[.!:]?$"))
        #expect(PatternBank.canShareRegex("^a(?:b|c)(?=d)(?!e)(?<=x)(?<!y)\\(\\d\\w\\s\\.\\)"))
        for source in ["^(\\w+) \\1", "^(a)\\g1", "^(?<n>a)\\k<n>", "^(a)(?1)", "^(a)?(?(1)b|c)", "^a(*COMMIT)b",
                       "^\\Qa)", "^(?x)a # comment", "^(?i)a", "^(?#note)a", "^(?|a|b)"] {
            #expect(!PatternBank.canShareRegex(source), "\(source)")
        }
        #expect(PatternBank.isAnchored("^a|^b(c|d)"))
        #expect(!PatternBank.isAnchored("^a|b"))
        let bank = PatternBank(RuleLoader.defaults.drops)
        #expect(bank.combined != nil)
        let alone = bank.rules.indices.filter { !bank.inCombined[$0] }.map { bank.rules[$0].id }
        // The two unanchored rules, each led by literal words PCRE2 can skip to.
        #expect(alone == ["all-rights-reserved", "cookie-notice-intl"])
    }

    @Test func combinedBankAnswersAsEachRuleInTurn() throws {
        // Rules in and out of the combined regex, case-insensitive or not,
        // on texts each of them matches and on texts none does.
        let rules = RuleLoader.defaults.drops + [try rule("twice", "^(\\w+) \\1$"), try rule("exact", "^Exact$"),
                                                 try rule("anywhere", "needle")]
        let bank = PatternBank(rules)
        #expect(bank.combined != nil)
        let texts = Body.paragraphs + [
            "Share this article", "Follow us on Twitter", "Advertisement", "© 2024 Example Media", "Photo: Reuters",
            "Updated 12.03.2024, 10:15 Uhr", "bye bye", "Exact", "exact", "a needle here", "All rights reserved.",
            "The post Storm hits appeared first on Example News.", "", "Comments (3)", "Print this page",
        ]
        for text in texts {
            #expect(bank.firstMatch(text)?.id == rules.first { $0.matches(text) }?.id, "\(text)")
        }
    }
}
