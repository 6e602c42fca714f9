import Foundation
import Testing
@testable import Decruft

/// Every malformed file under corpus/bad-rules is caught with the
/// file:line:column and message its `# expect:` lines give.
struct RuleCheckTests {
    static let directory = repositoryRoot.appendingPathComponent("corpus/bad-rules")

    static func files() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".toml") || $0.hasSuffix(".txt") }.sorted()
    }

    struct Expectation {
        var line: Int
        var column: Int
        var text: String
    }

    static func expectations(_ text: String) -> [Expectation] {
        text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("# expect: ") else { return nil }
            let parts = line.dropFirst("# expect: ".count).split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, let l = Int(parts[0]), let c = Int(parts[1]) else { return nil }
            return Expectation(line: l, column: c, text: parts[2].trimmingCharacters(in: .whitespaces))
        }
    }

    @Test("malformed rule file", arguments: files())
    func malformedFile(_ name: String) throws {
        let path = Self.directory.appendingPathComponent(name).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let expected = Self.expectations(text)
        #expect(!expected.isEmpty, "\(name) has no '# expect:' line")
        let errors = name.hasSuffix(".txt") ? SiteConfigFile.load(path).problems : RuleSources.check(file: path).errors
        #expect(errors.count == expected.count, "\(name): \(errors.map(\.description))")
        for (error, want) in zip(errors, expected) {
            #expect(error.file == path)
            #expect((error.line, error.column) == (want.line, want.column), "\(name): \(error)")
            #expect(error.description.contains(want.text), "\(name): \(error)")
        }
    }

    @Test func everyErrorClassIsCovered() {
        #expect(Self.files().count >= 15)
    }

    @Test func checkCommandFailsOnTheDirectoryAndPassesOnShippedRules() throws {
        let bad = try Binary.run(["rules", "check", Self.directory.path])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("bad-regex.toml:4:11: rule 'bad': invalid regex"))
        #expect(bad.stderr.contains("broken.example.txt:5:1: unknown directive 'titl'"))
        let good = try Binary.run(["rules", "check", repositoryRoot.appendingPathComponent("rules/default.toml").path,
                                   repositoryRoot.appendingPathComponent("corpus/site-config").path])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stderr.contains("unsupported directives ignored: http_header (line 15)"))
    }

    @Test func siteConfigTestsPassOnSavedPages() throws {
        let run = try Binary.run(["rules", "test", repositoryRoot.appendingPathComponent("corpus/site-config").path,
                                  "--pages", repositoryRoot.appendingPathComponent("corpus/site-config-pages").path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("2 passed, 0 failed, 0 skipped"))
    }
}
