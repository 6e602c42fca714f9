import Foundation
import Testing
@testable import Decruft

/// The library's entry points load rule files the way the command line does.
struct LibraryEntryTests {
    let rules = """
        [[drop]]
        id = "sponsored-by"
        pattern = '^sponsored by .{1,60}$'
        case_insensitive = true

        [filters]
        disable = ["tag-line"]
        """

    @Test func cleanerFromRuleFilesAppliesRulesAndSettings() throws {
        let directory = try TempDirectory()
        let path = try directory.file("mine.toml", rules)
        let cleaner = try Cleaner(ruleFiles: [path])
        #expect(!cleaner.pipeline.names.contains("tag-line"))
        let text = [Body.paragraphs[0], "Sponsored by Harbour Holidays", "Tags: harbour, council"].joined(separator: "\n\n")
        let result = cleaner.clean(text: text)
        #expect(CanonicalWriter.text(result.document) == Body.paragraphs[0] + "\n\nTags: harbour, council\n")
        #expect(result.removals.map(\.rule) == ["sponsored-by"])
    }

    /// `Configuration(rules:)` no longer ignores the `[filters]` settings the
    /// rule set carries.
    @Test func configurationFromARuleSetAppliesItsFilterSettings() throws {
        var set = RuleLoader.defaults
        set.merge(try RuleLoader.parse(rules, file: "mine.toml"))
        let configuration = Configuration(rules: set)
        #expect(!configuration.filters.contains("tag-line"))
    }

    @Test func badRuleFilesThrowEveryProblemWithItsPlace() throws {
        let directory = try TempDirectory()
        let path = try directory.file("bad.toml", "[[drop]]\nid = \"x\"\npattern = '(unclosed'\n")
        do {
            _ = try Cleaner(ruleFiles: [path, directory.url.path + "/missing.toml"])
            Issue.record("no error thrown")
        } catch {
            #expect(error.errors.count == 2)
            #expect(error.description.contains("bad.toml:3:"))
            #expect(error.description.contains("missing.toml"))
        }
    }

    @Test func withoutDefaultsTheLexiconIsOffToo() throws {
        let configuration = try Configuration(loading: RuleSources(useDefaults: false, userDirectory: nil, paths: []))
        #expect(!configuration.boilerplateLine.socialLines)
        #expect(configuration.rules.drops.isEmpty)
    }

    @Test func htmlFromAnyByteCollection() throws {
        let page = "<html><body><article><p>\(Body.paragraphs[0])</p><p>\(Body.paragraphs[1])</p></article></body></html>"
        let fromData = try Cleaner().clean(html: Data(page.utf8))
        let fromSlice = try Cleaner().clean(html: Array(page.utf8)[...])
        #expect(CanonicalWriter.text(fromData.document) == CanonicalWriter.text(fromSlice.document))
        #expect(CanonicalWriter.text(fromData.document).contains(Body.paragraphs[1]))
    }
}
