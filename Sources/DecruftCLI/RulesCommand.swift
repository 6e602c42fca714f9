import ArgumentParser
import Decruft

/// `decruft rules …`: check, list and test rule files.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decruft rules",
        abstract: "Check, list and test rule files.",
        subcommands: [RulesCheck.self, RulesList.self]
    )
}

/// `decruft rules check FILE…`
struct RulesCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate rule files; print every problem as file:line:column and exit non-zero on any.",
        discussion: """
        Each FILE is a TOML rule file or a directory of them (*.toml). Regexes are compiled with PCRE2 and XPath expressions with libxml2, and their messages are reported. With no FILE, checks the files that would be loaded: the user's config directory and the --rules files.

        Exit codes: 0 all valid, 1 problems found.
        """
    )

    @Argument(help: "Rule files or directories.")
    var files: [String] = []

    @OptionGroup(title: "Rules")
    var ruleOptions: RuleOptions

    func run() throws {
        var sources = ruleOptions.sources
        sources.paths += files
        if !files.isEmpty { sources.userDirectory = nil }
        let (paths, missing) = sources.files()
        var problems = missing
        for path in paths { problems += RuleSources.check(file: path).errors }
        for problem in problems { Diagnostics.emit(problem.description) }
        let count = paths.count
        Diagnostics.emit("decruft: checked \(count) rule file\(count == 1 ? "" : "s"): \(problems.count) problem\(problems.count == 1 ? "" : "s")")
        if !problems.isEmpty { throw ExitCode(1) }
    }
}
