import Foundation

/// A failure worth one line on standard error.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    /// A command-line mistake: the usage text follows the message.
    var isUsage = false
    init(_ description: String, isUsage: Bool = false) {
        self.description = description
        self.isUsage = isUsage
    }
}

/// The command line, parsed by hand: `MODE [--name value]...`.
///
/// Every option takes exactly one value; unknown options are errors.
struct Options {
    let mode: String
    private var values: [String: String] = [:]

    init(_ arguments: [String], allowed: Set<String>) throws(BenchError) {
        guard let mode = arguments.first else { throw BenchError("missing mode", isUsage: true) }
        self.mode = mode
        var rest = arguments.dropFirst()
        while let name = rest.popFirst() {
            guard name.hasPrefix("--"), allowed.contains(String(name.dropFirst(2))) else {
                throw BenchError("unknown option '\(name)' for mode '\(mode)'", isUsage: true)
            }
            guard let value = rest.popFirst() else { throw BenchError("option '\(name)' needs a value", isUsage: true) }
            values[String(name.dropFirst(2))] = value
        }
    }

    func string(_ name: String) -> String? { values[name] }

    func int(_ name: String, default fallback: Int? = nil, minimum: Int = 0) throws(BenchError) -> Int? {
        guard let raw = values[name] else { return fallback }
        guard let value = Int(raw), value >= minimum else {
            throw BenchError("--\(name) needs an integer ≥ \(minimum), got '\(raw)'", isUsage: true)
        }
        return value
    }
}

/// Mode dispatch. Public modes: `text`, `html`, `rules`, `batch`, `hostile`. Hidden modes (`*-once`) are
/// the child processes the public modes start to measure peak memory afresh.
enum BenchMain {
    static let usage = """
        usage: decruft-bench text [--mb N] [--corpus DIR] [--json FILE] [--repeats N] [--cpu K]
               decruft-bench html [--dataset DIR] [--limit N] [--json FILE] [--repeats N] [--cpu K]
               decruft-bench rules [--mb N] [--files F] [--corpus DIR] [--repeats N]
               decruft-bench batch [--mb N] [--stream-mb S] [--mid-mb M] [--decruft PATH]
                                   [--corpus DIR] [--dataset DIR] [--json FILE] [--repeats N]
               decruft-bench hostile [--repeats N]
               decruft-bench soak [--stream-mb S] [--jobs J] [--mid-mb M] [--mb N] [--decruft PATH]
                                  [--corpus DIR] [--dataset DIR] [--json FILE]

          text     UTF-8 text path on ≥ N MB (default 100) built from DIR/**/input.txt
                   (default: ./corpus, else the corpus next to this executable's package),
                   as one document and as a stream of documents; stream memory at N and 2N MB.
          html     every DIR/html/*.html.gz page (default ../shared/eval/trafilatura-eval),
                   libxml2 parse floor vs our SAX parse vs the full cleaner; memory per page size.
          rules    shipped drop regexes over ≥ N MB (default 10) of corpus paragraphs; loading
                   F (default 2000, --files) generated FiveFilters site-config files.
          batch    the decruft binary (default: next to this one) on ≥ N MB (default 150) of JSONL
                   text records and of HTML records, --jobs 1 and 2; then a ≥ S MB (default 1024)
                   stream through a pipe, peak RSS every M MB (default 256) and at the end.
          hostile  the full HTML cleaner on generated hostile pages (deep nesting, many
                   attributes, siblings, tagless text, huge values, unclosed tags, tables) at
                   ×1, ×10 and ×100: time must grow linearly, the text around the trap stay.
          soak     a ≥ S MB (default 5120) stream of the batch records through decruft --jobs J
                   (default 2), each output record checked (count, order, ids in = out);
                   peak RSS every M MB (default 512). Exits 1 if a record is lost.
          --json   also write a JSON summary to FILE
          --repeats  timings per measurement (default 3; best and median are reported)
          --cpu    the CPU to pin to (default: the one the process starts on)
        """

    static func run(_ argv: [String]) -> Int32 {
        let arguments = Array(argv.dropFirst())
        do {
            switch arguments.first {
            case "text":
                try TextBenchmark.run(Options(arguments, allowed: ["mb", "corpus", "json", "repeats", "cpu"]))
            case "html":
                try HTMLBenchmark.run(Options(arguments, allowed: ["dataset", "limit", "json", "repeats", "cpu"]))
            case "rules":
                try RulesBenchmark.run(Options(arguments, allowed: ["mb", "files", "corpus", "repeats"]))
            case "batch":
                try BatchBenchmark.run(Options(arguments, allowed: ["mb", "stream-mb", "mid-mb", "decruft", "corpus",
                                                                    "dataset", "json", "repeats"]))
            case "hostile":
                try HostileBenchmark.run(Options(arguments, allowed: ["repeats"]))
            case "soak":
                try SoakBenchmark.run(Options(arguments, allowed: ["mb", "stream-mb", "mid-mb", "jobs", "decruft", "corpus",
                                                                   "dataset", "json"]))
            case TextBenchmark.streamChildMode:
                try TextBenchmark.runStreamChild(Options(arguments, allowed: ["mb", "corpus"]))
            case HTMLBenchmark.memoryChildMode:
                try HTMLBenchmark.runMemoryChild()
            case "-h", "--help", "help":
                print(usage)
            default:
                throw BenchError("expected a mode, text, html, rules, batch, hostile or soak", isUsage: true)
            }
            return 0
        } catch {
            printError("decruft-bench: error: \(error)")
            if let error = error as? BenchError, error.isUsage {
                printError(usage)
                return 2
            }
            return 1
        }
    }
}

/// One line on standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// A progress line on standard error.
func progress(_ message: String) {
    printError("decruft-bench: \(message)…")
}
