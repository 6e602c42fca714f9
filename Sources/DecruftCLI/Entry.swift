import ArgumentParser

/// Dispatches `decruft rules …` to the rules tools and everything else to
/// the cleaner.
///
/// NB: not argument-parser subcommands on `DecruftCommand`: its positional
/// FILE list would then compete with subcommand names, and `decruft FILE`,
/// `decruft < in` and `decruft -` must keep working exactly as before. Only
/// a first argument of exactly `rules` selects the rules tools (a file named
/// `rules` is read as `./rules`).
@main
enum Entry {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "rules" {
            RulesCommand.main(Array(arguments.dropFirst()))
        } else {
            DecruftCommand.main(arguments)
        }
    }
}
