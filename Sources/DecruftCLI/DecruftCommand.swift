import ArgumentParser
import Decruft

struct DecruftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decruft",
        abstract: "Remove syndication cruft from scraped text and write clean canonical text.",
        discussion: """
        Reads each FILE (or standard input when none is given, or for '-') and writes the cleaned text to standard output, or to -o FILE. In plain text, a line holding only a form feed separates documents in a stream; the output separates documents the same way.

        Input is plain text, HTML, an RSS/Atom feed or a WARC file, recognised by its first bytes, or JSON Lines (a .jsonl name, or --input jsonl); --input, --html and --text force one. gzip input is decompressed whatever its name, and judged by what it holds; text in UTF-16 or UTF-32 with a byte order mark is converted (--charset names the encoding of text without one); binary data (an image, a PDF, a program) is refused. A directory needs -r. HTML is parsed with libxml2; the article is found among menus, sidebars, share bars and comments, and its blocks go through the same filters as text.

        Examples:
          decruft < article.txt > clean.txt
          decruft page.html > article.txt
          decruft --explain a.txt b.txt > clean.txt
          decruft --format jsonl - < article.txt
          decruft --disable see-also --disable tag-line article.txt
          decruft --only repeated-block article.txt
          decruft --rules mine.toml --url https://example.com/a --explain < page.html
          decruft --input jsonl < in.jsonl > out.jsonl
          decruft --input jsonl --text-field body --on-error skip --stats < in.jsonl > out.jsonl
          decruft --format jsonl feed.xml
          decruft crawl.warc.gz > pages.jsonl
          decruft --jobs 2 --recursive pages/ --output-dir clean/
          decruft -j 2 -r pages/ -O clean/ --resume
          decruft -o clean.txt page.html.gz
          decruft help            (this text; a file named help is read as ./help)

        Batches: JSON Lines records keep every other field byte for byte and gain a "decruft" object; a bad record is written with an "error" field (--on-error). Records are cleaned on --jobs threads and written in input order. With --output-dir, each file is written under a hidden temporary name (.NAME.decruft-tmp-PID) and renamed once complete, so a killed run leaves no half file under a final name; --resume then skips the inputs whose output file is there.

        Rules: the built-in rules, then $XDG_CONFIG_HOME/decruft/*.toml (or ~/.config/decruft/*.toml), then each --rules file or directory, in order; a later rule with the same id replaces an earlier one. See 'decruft rules --help' to check, list and test rule files.

        Exit codes: 0 success, 64 bad usage (a directory without -r too), 65 unreadable input data (binary data, damaged gzip), 66 missing file, 74 I/O error, 78 bad rule file.
        """
    )

    @Argument(help: "Input files; '-' or none reads standard input.")
    var files: [String] = []

    @Option(name: [.customShort("f"), .long],
            help: "Output format: text (canonical text), markdown (headings, lists, tables and code kept from HTML), html (the same as one minimal <article>), or jsonl (one JSON object per document or record; the default for JSONL and WARC input).")
    var format: OutputFormat?

    @Option(name: .customLong("jsonl-text"),
            help: ArgumentHelp("With --format jsonl: write each record's text as text (canonical, the default), markdown or html.",
                               valueName: "style"))
    var jsonlText: BatchSettings.TextStyle = .text

    @Option(name: [.customShort("o"), .long],
            help: ArgumentHelp("Write the output to this file instead of standard output; it is replaced only when the run has written everything (it may be an input).",
                               valueName: "file"))
    var output: String?

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

    @Option(help: "The document's URL: its host selects site-scoped rules and site-config files; reported in jsonl output.")
    var url: String?

    @OptionGroup(title: "Rules")
    var ruleOptions: RuleOptions

    @Option(help: "The input's charset when known from outside (e.g. an HTTP header): a hint for HTML, the encoding of plain text (UTF-16 and UTF-32 with a byte order mark need none).")
    var charset: String?

    @OptionGroup(title: "Batches: JSON Lines, feeds, WARC, many files")
    var batch: BatchOptions

    @Flag(name: [.customShort("V"), .long], help: "Show the version and exit.")
    var version = false

    func validate() throws {
        if version {
            print(Version.string)
            throw ExitCode.success
        }
        if html && text { throw ValidationError("--html and --text exclude each other") }
        if (html || text) && batch.input != .auto {
            throw ValidationError("--\(html ? "html" : "text") and --input exclude each other")
        }
        for name in disabled + only where !FilterCatalog.isKnown(name) {
            throw ValidationError("unknown filter '\(name)'; known filters: \(FilterCatalog.defaultOrder.joined(separator: ", "))")
        }
        if let charset, !TextDecoding.isKnown(charset) {
            throw ValidationError("unknown charset '\(charset)' (--charset); names such as utf-8, latin1, windows-1251, shift_jis, utf-16le work")
        }
        if !batch.recursive, let directory = files.first(where: { $0 != "-" && InputFiles.isDirectory($0) }) {
            throw ValidationError("\(directory) is a directory: give -r (--recursive) to read every file under it")
        }
        if let output, output != "-" {
            if batch.outputDir != nil { throw ValidationError("-o (--output) and -O (--output-dir) exclude each other") }
            if InputFiles.isDirectory(output) {
                throw ValidationError("-o \(output) is a directory: -o names one output file; -O (--output-dir) writes one file per input")
            }
        }
    }

    func run() throws {
        if listFilters {
            for name in FilterCatalog.defaultOrder {
                print("\(name.padding(18))\(FilterCatalog.summaries[name] ?? "")")
            }
            return
        }
        var configuration = try ruleOptions.loadConfigurationOrExit()
        configuration.filters = CommandLineFilters(only: only, disabled: disabled).apply(to: configuration.filters)
        var options = HTMLOptions()
        options.includeTitle = !noTitle
        options.includeComments = comments
        options.includeCaptions = captions
        options.recordRemovals = explain
        options.url = url
        options.charset = charset
        let paths = files.isEmpty ? ["-"] : files
        var settings = BatchSettings()
        let chosen = format ?? batch.defaultFormat(paths: paths)
        settings.format = chosen == .jsonl ? .jsonl : .text
        switch chosen {
        case .markdown: settings.textStyle = .markdown
        case .html: settings.textStyle = .html
        case .jsonl: settings.textStyle = jsonlText
        case .text: settings.textStyle = .text
        }
        settings.explain = explain
        settings.html = options
        settings.host = url.flatMap(URLHost.of)
        settings.documentKind = html ? .html : (text ? .text : nil)
        if let textField = batch.textField {
            settings.textField = textField
            settings.textFieldGiven = true
        }
        settings.htmlField = batch.htmlField
        settings.urlField = batch.urlField
        settings.outputField = batch.outputField
        settings.onError = batch.onError
        var inputFormat = batch.input
        if html { inputFormat = .html } else if text { inputFormat = .text }
        let cleaner = Cleaner(configuration: configuration, siteRules: ruleOptions.siteRules())
        let session = Session(cleaner: cleaner, settings: settings, batch: batch, format: inputFormat, output: output)
        let status = session.run(paths: paths)
        if status != 0 { throw ExitCode(status) }
    }
}

/// `--only` and `--disable`: the last layer, over the rule files' order.
struct CommandLineFilters {
    let only: [String]
    let disabled: [String]

    func apply(to order: [String]) -> [String] {
        var result = order
        if !only.isEmpty {
            // --only wins over a rule file that disabled the filter.
            for name in only where !result.contains(name) { result = FilterSettings.insert(name, into: result) }
            result = result.filter { only.contains($0) }
        }
        return result.filter { !disabled.contains($0) }
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case markdown
    case html
    case jsonl
}

extension BatchSettings.TextStyle: ExpressibleByArgument {}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
