import ArgumentParser
import Decruft

@main
struct DecruftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decruft",
        abstract: "Remove syndication cruft from scraped text and write clean canonical text.",
        discussion: """
        Reads each FILE (or standard input when none is given, or for '-') and writes the cleaned text to standard output. In plain text, a line holding only a form feed separates documents in a stream; the output separates documents the same way.

        Input is plain text or HTML, recognised by its first bytes (--html and --text force one). HTML is parsed with libxml2; the article is found among menus, sidebars, share bars and comments, and its blocks go through the same filters as text.

        Examples:
          decruft < article.txt > clean.txt
          decruft page.html > article.txt
          decruft --explain a.txt b.txt > clean.txt
          decruft --format jsonl - < article.txt
          decruft --disable see-also --disable tag-line article.txt
          decruft --only repeated-block article.txt

        Exit codes: 0 success, 64 bad usage, 65 unreadable input data, 66 missing file, 74 I/O error.
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

    @Flag(help: "Treat the input as HTML (default: decide by looking at it).")
    var html = false

    @Flag(help: "Treat the input as plain text.")
    var text = false

    @Flag(name: .customLong("no-title"), help: "HTML: do not emit the page title as the first block.")
    var noTitle = false

    @Flag(help: "HTML: keep comment sections.")
    var comments = false

    @Flag(help: "HTML: keep figure captions.")
    var captions = false

    @Option(help: "HTML: the page's URL (reported in jsonl output).")
    var url: String?

    @Option(help: "HTML: the page's charset when known from outside (e.g. an HTTP header).")
    var charset: String?

    func validate() throws {
        if html && text { throw ValidationError("--html and --text exclude each other") }
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
        var options = HTMLOptions()
        options.includeTitle = !noTitle
        options.includeComments = comments
        options.includeCaptions = captions
        options.recordRemovals = explain
        options.url = url
        options.charset = charset
        let forced: InputKind? = html ? .html : (text ? .text : nil)
        let session = Session(cleaner: Cleaner(configuration: configuration), format: format, explain: explain,
                              inputKind: forced, htmlOptions: options)
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
