import Decruft
import Foundation

/// `decruft-bench rules`: the cost of rules.
///
/// * Regex throughput: every shipped `[[drop]]` pattern (PCRE2, JIT, match
///   limit) over every paragraph of ≥ N MB of corpus text, with no length
///   cap (the worst case: the filter itself skips blocks over 300
///   characters), reported as MB of text per second through the whole rule
///   set and per pattern; then the `boilerplate-line` filter as it runs.
/// * Site-config loading: F generated FiveFilters files in a temporary
///   directory; a cold lookup for one host (what a run pays: only that
///   host's candidates and global.txt are read), and parsing all F files
///   (what `rules check DIR` pays).
enum RulesBenchmark {
    static func run(_ options: Options) throws(BenchError) {
        let megabytes = try options.int("mb", default: 10, minimum: 1) ?? 10
        let fileCount = try options.int("files", default: 2000, minimum: 1) ?? 2000
        let repeats = try options.int("repeats", default: 3, minimum: 1) ?? 3
        let corpus = try Paths.corpus(options.string("corpus"))
        try regexThroughput(corpus: corpus, megabytes: megabytes, repeats: repeats)
        try siteConfigLoading(files: fileCount, repeats: repeats)
    }

    static func paragraphs(corpus: String, bytes target: Int) throws(BenchError) -> [String] {
        var sources: [String] = []
        let walker = FileManager.default.enumerator(atPath: corpus)
        while let path = walker?.nextObject() as? String {
            guard path.hasSuffix("input.txt"),
                  let text = try? String(contentsOfFile: corpus + "/" + path, encoding: .utf8) else { continue }
            sources += text.components(separatedBy: "\n\n").map { $0.replacingOccurrences(of: "\n", with: " ") }
                .filter { !$0.isEmpty }
        }
        guard !sources.isEmpty else { throw BenchError("no input.txt under \(corpus)") }
        var result: [String] = []
        var size = 0
        while size < target {
            for paragraph in sources {
                result.append(paragraph)
                size += paragraph.utf8.count + 2
            }
        }
        return result
    }

    static func regexThroughput(corpus: String, megabytes: Int, repeats: Int) throws(BenchError) {
        let blocks = try paragraphs(corpus: corpus, bytes: megabytes * 1_000_000)
        let bytes = blocks.reduce(0) { $0 + $1.utf8.count }
        let rules = RuleLoader.defaults.drops
        progress("regex: \(rules.count) drop rules over \(blocks.count) paragraphs, \(bytes / 1_000_000) MB")
        var matched = 0
        let all = Stats.measure(repeats: repeats) {
            matched = 0
            for block in blocks {
                for rule in rules where rule.matches(block) { matched += 1 }
            }
        }
        let megabytesOfText = Double(bytes) / 1e6
        let seconds = all.best.cpuSeconds
        print(String(format: "regex, all %d drop rules, every paragraph: %.1f MB of text in %.3f s CPU = %.1f MB/s through the rule set, %.0f MB/s per pattern (%d matches)",
                     rules.count, megabytesOfText, seconds, megabytesOfText / seconds,
                     megabytesOfText * Double(rules.count) / seconds, matched))
        let filter = BoilerplateLineFilter(rules: rules)
        let pipeline = Pipeline(filters: [filter])
        let document = Document(blocks: blocks.enumerated().map { Block(text: $1, index: $0) })
        let asRun = Stats.measure(repeats: repeats) { _ = pipeline.run(document) }
        print(String(format: "boilerplate-line filter as run (blocks ≤ 300 characters tested): %.1f MB/s",
                     megabytesOfText / asRun.best.cpuSeconds))
    }

    static func siteConfigLoading(files count: Int, repeats: Int) throws(BenchError) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("decruft-bench-siteconfig-\(getpid())")
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for i in 0..<count {
                let text = """
                # generated site config \(i)
                title: //h1[@class='headline-\(i)']
                body: //div[@id='article-\(i)'] | //article[contains(@class,'story')]
                strip: //div[contains(@class,'related-\(i)')]
                strip: //aside
                strip_id_or_class: promo-\(i)
                find_string: <p>AD \(i)</p>
                replace_string: <p></p>
                prune: no
                test_url: https://site\(i).example/2024/story
                test_contains: paragraph \(i)

                """
                try Data(text.utf8).write(to: directory.appendingPathComponent("site\(i).example.txt"))
            }
            try Data("strip_id_or_class: cookie\n".utf8).write(to: directory.appendingPathComponent("global.txt"))
        } catch {
            throw BenchError("cannot write the site-config files: \(error)")
        }
        progress("site-config: \(count) files in \(directory.path)")
        let host = "www.site\(count / 2).example"
        var found = 0
        let lazy = Stats.measure(repeats: repeats) {
            let provider = SiteConfigDirectory(path: directory.path)
            found = provider.rules(forHost: host)?.html.count ?? 0
        }
        let hundred = Stats.measure(repeats: repeats) {
            let provider = SiteConfigDirectory(path: directory.path)
            for i in 0..<100 { _ = provider.rules(forHost: "news.site\(i * 7 % count).example") }
        }
        var parsed = 0
        let eager = Stats.measure(repeats: repeats) {
            parsed = SiteConfigDirectory.all(in: directory.path).count
        }
        let texts = (0..<count).map { (try? String(contentsOfFile: directory.path + "/site\($0).example.txt", encoding: .utf8)) ?? "" }
        let parseOnly = Stats.measure(repeats: repeats) {
            for text in texts { _ = SiteConfigFile(text: text, path: "x.txt") }
        }
        print(String(format: "site-config, parsing %d files already in memory: %.1f ms", count, parseOnly.best.cpuSeconds * 1000))
        print(String(format: "site-config, %d files: cold lookup of one host %.2f ms (%d HTML rules), 100 distinct hosts %.1f ms, parsing all %d files %.1f ms (wall %.1f ms)",
                     count, lazy.best.wallSeconds * 1000, found, hundred.best.wallSeconds * 1000, parsed,
                     eager.best.cpuSeconds * 1000, eager.best.wallSeconds * 1000))
    }
}
