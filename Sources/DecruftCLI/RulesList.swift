import ArgumentParser
import Decruft

/// `decruft rules list`
struct RulesList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Print the effective, merged rules and where each came from (file:line).",
        discussion: """
        Layers the built-in rules, the user's config directory and the --rules files as the cleaner does. With --url, shows only the rules that apply to that page's host.
        """
    )

    @OptionGroup(title: "Rules")
    var ruleOptions: RuleOptions

    @Option(help: "Show only the rules that apply to this URL's host.")
    var url: String?

    func run() throws {
        let loaded = try ruleOptions.loadRulesOrExit()
        var rules = loaded
        if let url {
            let cleaner = Cleaner(configuration: Configuration(rules: loaded), siteRules: ruleOptions.siteRules())
            rules = cleaner.rules(forHost: URLHost.of(url))
        }
        var configuration = Configuration(rules: rules)
        rules.filters.apply(to: &configuration)
        for line in RuleListing.lines(rules, filters: configuration.filters) { print(line) }
    }
}
