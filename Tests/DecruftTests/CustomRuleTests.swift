import Testing
@testable import Decruft

/// User rule kinds: site scope, replace, truncate, tag labels, [filters].
struct CustomRuleTests {
    func rules(_ text: String) throws -> RuleSet {
        var rules = RuleSet()
        rules.merge(try RuleLoader.parse(text, file: "user.toml"))
        return rules
    }

    func clean(_ text: String, rules: RuleSet, host: String? = nil) -> CleanResult {
        var configuration = Configuration(rules: rules)
        rules.filters.apply(to: &configuration)
        return Cleaner(configuration: configuration).clean(text: text, host: host)
    }

    static let story = Body.paragraphs[0] + "\n\nRead the full story at The Site.\n\n" + Body.paragraphs[1]

    @Test func siteScopeMatchesHostWwwAndSubdomains() {
        let scope = SiteScope(["Example.com", ".example.org"])
        #expect(scope.matches(host: "example.com"))
        #expect(scope.matches(host: "www.example.com"))
        #expect(!scope.matches(host: "news.example.com"))
        #expect(!scope.matches(host: "badexample.com"))
        #expect(scope.matches(host: "news.example.org"))
        #expect(scope.matches(host: "a.b.example.org"))
        #expect(!scope.matches(host: "example.org"))
        #expect(!scope.matches(host: nil))
        #expect(SiteScope.everywhere.matches(host: nil))
    }

    @Test func hostOfURL() {
        #expect(URLHost.of("https://User@News.Example.com:8080/x?y#z") == "news.example.com")
        #expect(URLHost.of("example.com/path") == "example.com")
        #expect(URLHost.of("http://example.com./") == "example.com")
        #expect(URLHost.of("") == nil)
    }

    @Test func threeLineRuleRemovesTheLineOnItsSiteOnly() throws {
        let set = try rules("""
        [[drop]]
        id = "their-read-full"
        pattern = "^Read the full story at "
        sites = ["their.site"]
        """)
        let onSite = clean(Self.story, rules: set, host: "their.site")
        #expect(onSite.removals.map(\.rule) == ["their-read-full"])
        #expect(onSite.removals.first?.ruleOrigin == RuleOrigin(file: "user.toml", line: 1))
        #expect(clean(Self.story, rules: set, host: "other.site").removals.isEmpty)
        #expect(clean(Self.story, rules: set).removals.isEmpty)
    }

    @Test func replaceStripsDatelinePrefix() throws {
        let set = try rules("""
        [[replace]]
        id = "reuters-dateline"
        pattern = '^([A-Z]+) \\(Reuters\\) - '
        replacement = ""
        """)
        let out = CanonicalWriter.text(clean("LONDON (Reuters) - Shares rose on Monday.", rules: set).document)
        #expect(out == "Shares rose on Monday.\n")
    }

    @Test func replaceWithGroupsAndLiteral() throws {
        let set = try rules("""
        [[replace]]
        id = "swap"
        pattern = '(\\w+)@(\\w+)'
        replacement = '$2 at $1'

        [[replace]]
        id = "dollar"
        text = "$5"
        replacement = "five dollars ($)"
        """)
        let out = CanonicalWriter.text(clean("Mail bob@home for $5.", rules: set).document)
        #expect(out == "Mail home at bob for five dollars ($).\n")
    }

    @Test func replaceThatEmptiesABlockDropsIt() throws {
        let set = try rules("""
        [[replace]]
        id = "kill"
        pattern = '^Sponsored$'
        replacement = ""
        """)
        let result = clean("Sponsored\n\nText stays here.", rules: set)
        #expect(result.removals.map(\.reason) == ["emptied"])
        #expect(result.removals.map(\.rule) == ["kill"])
    }

    @Test func truncateCutsTheRest() throws {
        let set = try rules("""
        [[truncate]]
        id = "partners"
        text = "More from our partners"
        """)
        let text = Body.paragraphs[0] + "\n\nMore from our partners\n\n" + Body.paragraphs[1] + "\n\n" + Body.paragraphs[2]
        let result = clean(text, rules: set)
        #expect(result.document.blocks.map(\.text) == [Body.paragraphs[0]])
        #expect(result.removals.map(\.reason) == ["marker", "after-marker", "after-marker"])
        #expect(Set(result.removals.compactMap(\.rule)) == ["partners"])
    }

    @Test func userTagLabels() throws {
        let set = try rules("""
        [[tag_label]]
        id = "schlagworte"
        labels = ["Schlagworte"]
        """)
        let result = clean(Body.paragraphs[0] + "\n\nSchlagworte: Politik, Wirtschaft", rules: set)
        #expect(result.removals.map(\.rule) == ["schlagworte"])
    }

    @Test func filterSettingsAndOrder() throws {
        let set = try rules("""
        [filters]
        disable = ["tag-line"]

        [filters.boilerplate-line]
        max_characters = 10
        """)
        var configuration = Configuration(rules: set)
        set.filters.apply(to: &configuration)
        #expect(!configuration.filters.contains("tag-line"))
        #expect(configuration.boilerplateLine.maxCharacters == 10)
        let enabled = try rules("""
        [filters]
        disable = ["tag-line", "see-also"]
        enable = ["tag-line"]
        """)
        #expect(enabled.filters.order(from: FilterCatalog.defaultOrder)
            == FilterCatalog.defaultOrder.filter { $0 != "see-also" })
        let ordered = try rules("""
        [filters]
        order = ["repeated-block", "normalize"]
        """)
        #expect(ordered.filters.order(from: FilterCatalog.defaultOrder) == ["repeated-block", "normalize"])
    }

    @Test func htmlExtractionThresholdsAreSettable() throws {
        let set = try rules("""
        [filters.html]
        text_mass_widen_gain = 4.5
        siblings_min = 5
        max_link_density = 0.4
        """)
        var configuration = Configuration(rules: set)
        set.filters.apply(to: &configuration)
        #expect(configuration.html.textMass.widenGain == 4.5)
        #expect(configuration.html.siblings.minSiblings == 5)
        #expect(configuration.html.selector.maxLinkDensity == 0.4)
        #expect(throws: RuleError.self) {
            try rules("""
            [filters.html]
            max_link_density = 1.5
            """)
        }
    }

    @Test func matchLimitIsReportedNotFatal() throws {
        let set = try rules("""
        [[drop]]
        id = "runaway"
        pattern = '^(a+)+$'
        """)
        let result = clean(String(repeating: "a", count: 40) + "b", rules: set)
        #expect(result.removals.isEmpty)
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.contains("rule 'runaway' (user.toml:1)") == true)
    }
}
