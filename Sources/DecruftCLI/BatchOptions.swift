import ArgumentParser
import Decruft

#if canImport(Glibc)
import Glibc
#endif

/// Flags for many documents and record streams: input formats, JSONL
/// fields, errors, parallelism, outputs and reporting.
struct BatchOptions: ParsableArguments {
    @Option(help: ArgumentHelp("What the inputs hold; auto recognises WARC and feeds by their first bytes (of gzip input: once decompressed), JSON Lines by a .jsonl/.ndjson name (also with .gz), else HTML or text.",
                               valueName: "format"))
    var input: InputFormat = .auto

    @Option(help: ArgumentHelp("JSONL: the field holding plain text (default: text).", valueName: "name"))
    var textField: String?

    @Option(help: ArgumentHelp("JSONL: the field holding HTML (default: html, when a record has it and --text-field is not given).",
                               valueName: "name"))
    var htmlField: String?

    @Option(help: ArgumentHelp("JSONL: the field holding the record's URL, for site rules; a dotted path such as metadata.url works.",
                               valueName: "name"))
    var urlField = "url"

    @Option(help: ArgumentHelp("JSONL: the field the cleaned text is written to (default: the text field).", valueName: "name"))
    var outputField: String?

    @Option(help: ArgumentHelp("A bad record (invalid JSON, missing or non-string field, timeout): keep it flagged with an \"error\" field, skip it, or fail the run.",
                               valueName: "keep|skip|fail"))
    var onError: BatchSettings.OnError = .keep

    @Option(name: [.customShort("j"), .long], help: ArgumentHelp("Worker threads (default: the number of CPUs).", valueName: "n"))
    var jobs: Int?

    @Option(help: ArgumentHelp("Give up on a document after this many milliseconds and write an error record instead (0: no limit).",
                               valueName: "ms"))
    var timeoutMs = 30_000

    @Option(help: ArgumentHelp("A JSONL line or WARC record larger than this many MB becomes an error record; a document decompressed from gzip or converted from UTF-16/UTF-32 may not be larger either.", valueName: "mb"))
    var maxRecordMb = 64

    @Flag(name: [.customShort("r"), .long], help: "Read every file under each directory argument.")
    var recursive = false

    @Option(name: [.customShort("O"), .long],
            help: ArgumentHelp("Write one output file per input under this directory, mirroring the input names (.txt, or .jsonl for --format jsonl). Each file is written under a hidden temporary name and renamed when complete.",
                               valueName: "dir"))
    var outputDir: String?

    @Flag(help: "With --output-dir: skip the inputs whose output file is already there (finished by an earlier, interrupted run).")
    var resume = false

    @Option(help: ArgumentHelp("Text output: the line written between two documents (default: a form feed).", valueName: "text"))
    var separator: String?

    @Flag(name: [.customShort("q"), .long], help: "No progress line and no final summary on standard error.")
    var quiet = false

    @Flag(help: "Show the progress line from the start, even when standard error is not a terminal or standard output is. (By itself it appears only on a terminal whose output goes elsewhere, after a second.)")
    var progress = false

    @Flag(help: "At the end, print the removals per filter and the record counts on standard error.")
    var stats = false

    @Flag(help: "At the end, write Hadoop Streaming counters (reporter:counter:decruft,NAME,N) on standard error.")
    var hadoopCounters = false

    func validate() throws {
        if let jobs, jobs < 1 || jobs > 1024 { throw ValidationError("--jobs must be between 1 and 1024") }
        if timeoutMs < 0 { throw ValidationError("--timeout-ms must be 0 (no limit) or more") }
        if maxRecordMb < 1 || maxRecordMb > 1024 { throw ValidationError("--max-record-mb must be between 1 and 1024") }
        for (flag, value) in [("--text-field", textField), ("--html-field", htmlField), ("--output-field", outputField)] {
            if let value, value.isEmpty { throw ValidationError("\(flag) needs a field name") }
        }
        if let separator, separator.contains("\n") { throw ValidationError("--separator must be one line") }
        if resume && outputDir == nil {
            throw ValidationError("--resume needs --output-dir: it skips the inputs whose output file is already in that directory")
        }
    }

    /// Worker threads: `--jobs`, else the CPUs this process may run on.
    var workerCount: Int {
        if let jobs { return jobs }
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// The output format when `--format` is not given: JSON Lines for record
    /// inputs (`--input jsonl|warc`, or input files all named *.jsonl,
    /// *.ndjson, *.warc, each maybe with .gz), else text.
    func defaultFormat(paths: [String]) -> OutputFormat {
        switch input {
        case .jsonl, .warc: return .jsonl
        case .text, .html, .feed: return .text
        case .auto:
            let recordNames = [".jsonl", ".ndjson", ".warc"]
            let named = paths.filter { $0 != "-" }
            guard !named.isEmpty, named.count == paths.count else { return .text }
            return named.allSatisfy { path in
                var name = path.lowercased()
                if name.hasSuffix(".gz") { name.removeLast(3) }
                return recordNames.contains { name.hasSuffix($0) }
            } ? .jsonl : .text
        }
    }
}

extension InputFormat: ExpressibleByArgument {}
extension BatchSettings.OnError: ExpressibleByArgument {}
