/// Every problem found in a set of rule files, each at file:line:column.
public struct RuleErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [RuleError]

    public init(_ errors: [RuleError]) {
        self.errors = errors
    }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

extension Configuration {
    /// The configuration the command line builds: the built-in rules (unless
    /// `sources.useDefaults` is false), then the user's directory and the
    /// given files in order, and the `[filters]` settings of all of them.
    ///
    ///     let configuration = try Configuration(loading: RuleSources(paths: ["mine.toml"]))
    ///     let cleaner = Cleaner(configuration: configuration)
    ///
    /// Without the built-in rules, the built-in share/follow/like lexicon is
    /// off too (a rule file can switch it back on with
    /// `[filters.boilerplate-line] social_lines = 1`).
    /// - Throws: `RuleErrors` with every problem in every file.
    public init(loading sources: RuleSources) throws(RuleErrors) {
        let (rules, errors) = sources.load()
        guard errors.isEmpty else { throw RuleErrors(errors) }
        self.init(rules: rules)
        if !sources.useDefaults {
            boilerplateLine.socialLines = false
            rules.filters.apply(to: &self)
        }
    }
}

extension Cleaner {
    /// A cleaner for the given rule files (and the built-in rules unless
    /// `includeDefaults` is false), their `[filters]` settings applied, and
    /// FiveFilters site-config files from `siteConfig` if given: what
    /// `decruft --rules … --site-config …` uses.
    ///
    ///     let cleaner = try Cleaner(ruleFiles: ["rules/mine.toml"])
    ///     let result = cleaner.clean(text: scraped)
    ///
    /// Rule files are not read from the user's configuration directory here
    /// (`RuleSources` and `Configuration(loading:)` do that when asked).
    /// - Throws: `RuleErrors` with every problem in every file.
    public init(ruleFiles: [String], includeDefaults: Bool = true, siteConfig: String? = nil) throws(RuleErrors) {
        let sources = RuleSources(useDefaults: includeDefaults, userDirectory: nil, paths: ruleFiles)
        let configuration = try Configuration(loading: sources)
        self.init(configuration: configuration, siteRules: siteConfig.map { SiteConfigDirectory(path: $0) })
    }
}
