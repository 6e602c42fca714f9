import ArgumentParser
import Foundation
import Decruft

/// `decruft rules …`: check, list and test rule files.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decruft rules",
        abstract: "Check, list and test rule files.",
        subcommands: [RulesCheck.self, RulesList.self, RulesTest.self]
    )
}

/// `decruft rules check FILE…`
struct RulesCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate rule files; print every problem as file:line:column and exit non-zero on any.",
        discussion: """
        Each FILE is a TOML rule file (*.toml), a FiveFilters site-config file (*.txt), or a directory of either. Regexes are compiled with PCRE2 and XPath expressions with libxml2, and their messages are reported. With no FILE, checks the files that would be loaded: the user's config directory and the --rules files.

        Exit codes: 0 all valid, 1 problems found.
        """
    )

    @Argument(help: "Rule files or directories.")
    var files: [String] = []

    @OptionGroup(title: "Rules")
    var ruleOptions: RuleOptions

    func run() throws {
        var sources = ruleOptions.sources
        let siteConfig = files.filter { $0.hasSuffix(".txt") || RulesCheck.holdsSiteConfig($0) }
            + (ruleOptions.siteConfig.map { [$0] } ?? [])
        sources.paths += files.filter { !$0.hasSuffix(".txt") }
        if !files.isEmpty { sources.userDirectory = nil }
        let (paths, missing) = sources.files()
        var problems = missing
        for path in paths { problems += RuleSources.check(file: path).errors }
        var count = paths.count
        for path in siteConfig {
            let parsed = path.hasSuffix(".txt") ? [SiteConfigFile.load(path)] : SiteConfigDirectory.all(in: path)
            count += parsed.count
            for file in parsed {
                problems += file.problems
                if !file.unsupported.isEmpty {
                    let list = file.unsupported.map { "\($0.directive) (line \($0.line))" }.joined(separator: ", ")
                    Diagnostics.emit("\(file.path): note: unsupported directives ignored: \(list)")
                }
            }
        }
        for problem in problems { Diagnostics.emit(problem.description) }
        Diagnostics.emit("decruft: checked \(count) rule file\(count == 1 ? "" : "s"): \(problems.count) problem\(problems.count == 1 ? "" : "s")")
        if !problems.isEmpty { throw ExitCode(1) }
    }

    /// A directory with site-config files (*.txt) in it.
    static func holdsSiteConfig(_ path: String) -> Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.contains { $0.hasSuffix(".txt") }
    }
}
