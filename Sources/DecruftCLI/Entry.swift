import ArgumentParser

/// Dispatches `decruft rules …` to the rules tools, `decruft help [rules …]`
/// to the help, and everything else to the cleaner.
///
/// NB: not argument-parser subcommands on `DecruftCommand`: its positional
/// FILE list would then compete with subcommand names, and `decruft FILE`,
/// `decruft < in` and `decruft -` must keep working exactly as before. Only
/// a first argument of exactly `rules` or `help` selects them (a file named
/// `rules` or `help` is read as `./rules`, `./help`).
@main
enum Entry {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        switch arguments.first {
        case "rules":
            RulesCommand.main(Array(arguments.dropFirst()))
        case "help":
            // `decruft help rules check` is `decruft rules help check`.
            if arguments.dropFirst().first == "rules" {
                RulesCommand.main(["help"] + arguments.dropFirst(2))
            } else {
                DecruftCommand.main(["--help"])
            }
        default:
            DecruftCommand.main(arguments)
        }
    }
}
