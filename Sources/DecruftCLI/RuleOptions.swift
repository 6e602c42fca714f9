import ArgumentParser
import Decruft

/// Where rules come from: shared by the cleaner and `decruft rules …`.
struct RuleOptions: ParsableArguments {
    @Option(name: .customLong("rules"),
            help: ArgumentHelp("A rule file, or a directory of *.toml rule files (repeatable; later wins).",
                               valueName: "file-or-dir"))
    var ruleFiles: [String] = []

    @Flag(name: .customLong("no-default-rules"),
          help: "Start from no rules instead of the built-in ones (and without the built-in share/follow/like lexicon).")
    var noDefaultRules = false

    @Option(name: .customLong("site-config"),
            help: ArgumentHelp("A directory of FiveFilters site-config files (example.com.txt, .example.com.txt, global.txt), applied by the --url host.",
                               valueName: "dir"))
    var siteConfig: String?

    var sources: RuleSources {
        RuleSources(useDefaults: !noDefaultRules, paths: ruleFiles)
    }

    /// The merged rules, or the errors in the rule files.
    func loadRules() -> (rules: RuleSet, errors: [RuleError]) {
        sources.load()
    }

    /// The merged rules, or every error on standard error and exit 78.
    func loadRulesOrExit() throws -> RuleSet {
        let (rules, errors) = loadRules()
        if !errors.isEmpty {
            for error in errors { Diagnostics.error(error.description) }
            throw ExitCode(exitConfigError)
        }
        return rules
    }

    /// A configuration with the merged rules and their `[filters]` settings.
    func loadConfigurationOrExit() throws -> Configuration {
        do {
            // NB: the library's entry point, so that the command line and
            // `Cleaner(ruleFiles:)` cannot drift apart.
            return try Configuration(loading: sources)
        } catch {
            for problem in error.errors { Diagnostics.error(problem.description) }
            throw ExitCode(exitConfigError)
        }
    }

    /// The per-site rule provider for `--site-config`, if given.
    func siteRules() -> SiteConfigDirectory? {
        siteConfig.map { SiteConfigDirectory(path: $0, report: { Diagnostics.warning($0) }) }
    }
}

/// Exit status for a bad configuration (rule files), as in sysexits.h.
let exitConfigError: Int32 = 78
