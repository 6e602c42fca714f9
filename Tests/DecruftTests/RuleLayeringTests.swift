import Foundation
import Testing
@testable import Decruft

/// Defaults → $XDG_CONFIG_HOME/decruft/*.toml → --rules (in order) → flags.
struct RuleLayeringTests {
    static let article = Body.paragraphs[0] + "\n\nAlpha promo line\n\nShare this article\n\n" + Body.paragraphs[1] + "\n"

    /// A temporary XDG config home holding `files` under decruft/.
    func configHome(_ files: [String: String]) throws -> (TempDirectory, [String: String]) {
        let temp = try TempDirectory()
        let dir = temp.url.appendingPathComponent("config/decruft")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CONFIG_HOME"] = temp.url.appendingPathComponent("config").path
        return (temp, environment)
    }

    static let alphaDrop = """
    [[drop]]
    id = "alpha"
    text = "Alpha promo"
    """

    @Test func doneWhenThreeLineFileWithURLAndExplain() throws {
        let temp = try TempDirectory()
        let rules = try temp.file("it.toml", """
        [[drop]]
        id = "their-read-full"
        pattern = "^Read the full story at "
        """)
        let page = "<html><body><article><p>\(Body.paragraphs[0])</p><p>Read the full story at Their Site.</p><p>\(Body.paragraphs[1])</p></article></body></html>"
        let run = try Binary.run(["--rules", rules, "--url", "https://their.site/x", "--explain"], stdin: Data(page.utf8))
        #expect(run.status == 0)
        #expect(!run.stdout.contains("Read the full story"))
        #expect(run.stdout.contains(Body.paragraphs[1]))
        #expect(run.stderr.contains("boilerplate-line/pattern [their-read-full \(rules):1]: \"Read the full story at Their Site.\""))
        let jsonl = try Binary.run(["--rules", rules, "--url", "https://their.site/x", "--format", "jsonl"], stdin: Data(page.utf8))
        #expect(jsonl.stdout.contains(#""rule":"their-read-full","rule_file":"\#(rules)","rule_line":1"#))
    }

    @Test func userConfigDirectoryApplies() throws {
        let (temp, environment) = try configHome(["10-alpha.toml": Self.alphaDrop])
        _ = temp
        let run = try Binary.run([], stdin: Data(Self.article.utf8), environment: environment)
        #expect(!run.stdout.contains("Alpha promo"))
        #expect(!run.stdout.contains("Share this article"))
    }

    @Test func laterFileReplacesRuleWithSameID() throws {
        let (temp, environment) = try configHome(["10-alpha.toml": Self.alphaDrop])
        // Same id, a pattern that no longer matches the line: the later file wins.
        let later = try temp.file("later.toml", """
        [[drop]]
        id = "alpha"
        text = "Omega"
        """)
        let run = try Binary.run(["--rules", later], stdin: Data(Self.article.utf8), environment: environment)
        #expect(run.stdout.contains("Alpha promo line"))
        let list = try Binary.run(["rules", "list", "--rules", later], environment: environment)
        let alpha = list.stdout.split(separator: "\n").filter { $0.contains(" alpha ") }
        #expect(alpha.count == 1)
        #expect(alpha.first?.contains("\(later):1") == true)
    }

    @Test func rulesFilesLayerInCommandLineOrder() throws {
        let temp = try TempDirectory()
        let on = try temp.file("on.toml", Self.alphaDrop)
        let off = try temp.file("off.toml", "[[drop]]\nid = \"alpha\"\nenabled = false\n")
        let offLast = try Binary.run(["--rules", on, "--rules", off], stdin: Data(Self.article.utf8))
        #expect(offLast.stdout.contains("Alpha promo line"))
        let onLast = try Binary.run(["--rules", off, "--rules", on], stdin: Data(Self.article.utf8))
        #expect(!onLast.stdout.contains("Alpha promo line"))
    }

    @Test func noDefaultRulesStartsEmpty() throws {
        let temp = try TempDirectory()
        let alpha = try temp.file("a.toml", Self.alphaDrop)
        let run = try Binary.run(["--no-default-rules", "--rules", alpha], stdin: Data(Self.article.utf8))
        #expect(run.stdout.contains("Share this article"))
        #expect(!run.stdout.contains("Alpha promo"))
    }

    @Test func commandLineFlagsWinOverFiles() throws {
        let temp = try TempDirectory()
        let file = try temp.file("f.toml", Self.alphaDrop + "\n\n[filters]\ndisable = [\"tag-line\"]\n")
        let disabled = try Binary.run(["--rules", file, "--disable", "boilerplate-line"], stdin: Data(Self.article.utf8))
        #expect(disabled.stdout.contains("Alpha promo line"))
        let only = try Binary.run(["--rules", file, "--only", "tag-line"], stdin: Data("Tags: a, b\n\nText here.".utf8))
        #expect(!only.stdout.contains("Tags:"))
    }

    @Test func directoryLoadsTomlFilesInNameOrder() throws {
        let temp = try TempDirectory()
        let dir = temp.url.appendingPathComponent("rules.d")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(Self.alphaDrop.utf8).write(to: dir.appendingPathComponent("20-on.toml"))
        try Data("[[drop]]\nid = \"alpha\"\nenabled = false\n".utf8).write(to: dir.appendingPathComponent("10-off.toml"))
        try Data("not toml".utf8).write(to: dir.appendingPathComponent("notes.txt"))
        let run = try Binary.run(["--rules", dir.path], stdin: Data(Self.article.utf8))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stdout.contains("Alpha promo line"))
    }

    @Test func badRuleFileStopsWithExit78() throws {
        let temp = try TempDirectory()
        let bad = try temp.file("bad.toml", "[[drop]]\nid = \"x\"\npattern = \"(\"\n")
        let run = try Binary.run(["--rules", bad], stdin: Data("text".utf8))
        #expect(run.status == 78)
        #expect(run.stderr.contains("\(bad):3:11: rule 'x': invalid regex"))
        let missing = try Binary.run(["--rules", temp.url.appendingPathComponent("nope.toml").path], stdin: Data("x".utf8))
        #expect(missing.status == 78)
        #expect(missing.stderr.contains("no such rule file or directory"))
    }

    @Test func siteScopeFromURLInTextMode() throws {
        let temp = try TempDirectory()
        let file = try temp.file("s.toml", Self.alphaDrop + "\nsites = [\".example.org\"]\n")
        let hit = try Binary.run(["--rules", file, "--url", "https://news.example.org/a"], stdin: Data(Self.article.utf8))
        #expect(!hit.stdout.contains("Alpha promo"))
        let miss = try Binary.run(["--rules", file, "--url", "https://example.org/a"], stdin: Data(Self.article.utf8))
        #expect(miss.stdout.contains("Alpha promo"))
    }
}
