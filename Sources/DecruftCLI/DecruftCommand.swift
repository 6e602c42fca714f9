import ArgumentParser
import Decruft

@main
struct DecruftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decruft",
        abstract: "Remove syndication cruft from scraped text and write clean canonical text.",
        discussion: """
        Reads each FILE (or standard input when none is given, or for '-') and writes the
        cleaned text to standard output. A line holding only a form feed separates
        documents in a stream; the output separates documents the same way.

        Examples:
          decruft < article.txt > clean.txt
          decruft --explain a.txt b.txt > clean.txt
          decruft --format jsonl - < article.txt
          decruft --disable see-also --disable tag-line article.txt
          decruft --only repeated-block article.txt

        Exit codes: 0 success, 64 bad usage, 65 unreadable input data,
        66 missing file, 74 I/O error.
        """,
        version: Version.string
    )

    @Argument(help: "Input files; '-' or none reads standard input.")
    var files: [String] = []

    @Option(help: "Output format: text (canonical text) or jsonl (one JSON object per document).")
    var format: OutputFormat = .text

    @Flag(help: "Write the removal log to standard error: one line per removed block.")
    var explain = false

    @Option(name: .customLong("disable"), help: ArgumentHelp("Do not run this filter (repeatable).", valueName: "name"))
    var disabled: [String] = []

    @Option(help: ArgumentHelp("Run only this filter (repeatable); the pipeline order is kept.", valueName: "name"))
    var only: [String] = []

    @Flag(help: "List the filters in pipeline order and exit.")
    var listFilters = false

    func validate() throws {
        for name in disabled + only where !FilterCatalog.isKnown(name) {
            throw ValidationError("unknown filter '\(name)'; known filters: \(FilterCatalog.defaultOrder.joined(separator: ", "))")
        }
    }

    func run() throws {
        if listFilters {
            for name in FilterCatalog.defaultOrder {
                print("\(name.padding(18))\(FilterCatalog.summaries[name] ?? "")")
            }
            return
        }
        var configuration = Configuration()
        configuration.filters = FilterCatalog.defaultOrder.filter { name in
            (only.isEmpty || only.contains(name)) && !disabled.contains(name)
        }
        let session = Session(cleaner: Cleaner(configuration: configuration), format: format, explain: explain)
        let status = session.run(paths: files.isEmpty ? ["-"] : files)
        if status != 0 { throw ExitCode(status) }
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case jsonl
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
