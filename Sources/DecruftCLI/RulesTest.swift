import ArgumentParser
import Decruft
import Foundation

/// `decruft rules test DIR --pages DIR`
struct RulesTest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the test_url/test_contains checks of site-config files against saved pages.",
        discussion: """
        For every test_url in DIR's *.txt files, the saved page is looked up in the --pages directory: first in its mapping file 'urls.tsv' (lines 'URL<TAB>FILE', FILE relative to the pages directory), else as the file named by the URL's hash ('decruft rules test DIR --print-names' prints the name for each test_url). The page is cleaned as HTML with that URL (so DIR's rules for the host apply, plus the built-in and --rules rules), and the output must contain every test_contains string (compared after whitespace is collapsed).

        Exit codes: 0 every test with a page passed, 1 a test failed; tests without a saved page are reported as skipped.
        """
    )

    @Argument(help: "A directory of site-config files.")
    var directory: String

    @Option(help: ArgumentHelp("A directory of saved pages.", valueName: "dir"))
    var pages: String?

    @Flag(help: "Print the page file name expected for each test_url and exit.")
    var printNames = false

    @OptionGroup(title: "Rules")
    var ruleOptions: RuleOptions

    func validate() throws {
        if pages == nil && !printNames { throw ValidationError("give --pages DIR (or --print-names)") }
    }

    func run() throws {
        let files = SiteConfigDirectory.all(in: directory)
        if printNames {
            for file in files {
                for test in file.tests { print("\(SavedPages.hashedName(test.url))\t\(test.url)") }
            }
            return
        }
        let configuration = try ruleOptions.loadConfigurationOrExit()
        let cleaner = Cleaner(configuration: configuration,
                              siteRules: SiteConfigDirectory(path: directory, report: { Diagnostics.warning($0) }))
        let saved = SavedPages(directory: pages ?? ".")
        var counts = (passed: 0, failed: 0, skipped: 0)
        for file in files {
            for test in file.tests {
                let label = "\(file.path):\(test.line) \(test.url)"
                guard let page = saved.page(for: test.url) else {
                    print("SKIP \(label): no saved page (\(SavedPages.hashedName(test.url)) or urls.tsv)")
                    counts.skipped += 1
                    continue
                }
                var options = HTMLOptions()
                options.url = test.url
                let text: String
                do {
                    text = CanonicalWriter.text(try cleaner.clean(html: page, options: options).document)
                } catch {
                    print("FAIL \(label): \(error)")
                    counts.failed += 1
                    continue
                }
                let missing = test.contains.filter { !SavedPages.squeezed(text).contains(SavedPages.squeezed($0)) }
                if missing.isEmpty {
                    print("PASS \(label)")
                    counts.passed += 1
                } else {
                    for needle in missing { print("FAIL \(label): output lacks \"\(needle)\"") }
                    counts.failed += 1
                }
            }
        }
        print("\(counts.passed) passed, \(counts.failed) failed, \(counts.skipped) skipped")
        if counts.failed > 0 { throw ExitCode(1) }
    }
}

/// Saved pages for `rules test`: a `urls.tsv` mapping, else hashed names.
struct SavedPages {
    let directory: String
    let mapping: [String: String]

    init(directory: String) {
        self.directory = directory
        var mapping: [String: String] = [:]
        if let data = FileManager.default.contents(atPath: directory + "/urls.tsv") {
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
                let parts = line.split(separator: "\t", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2 { mapping[parts[0]] = parts[1] }
            }
        }
        self.mapping = mapping
    }

    func page(for url: String) -> [UInt8]? {
        let name = mapping[url] ?? Self.hashedName(url)
        return FileManager.default.contents(atPath: directory + "/" + name).map { Array($0) }
    }

    /// `HEX.html`: the 64-bit FNV-1a hash of the URL's UTF-8 bytes, 16 hex digits.
    static func hashedName(_ url: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in url.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex + ".html"
    }

    static func squeezed(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }
}
