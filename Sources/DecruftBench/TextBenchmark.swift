import Decruft
import Foundation

/// The corpus's plain-text inputs, each one document.
struct TextCorpus {
    /// Every `input.txt`, in path order, each ending with a blank line so
    /// that inputs laid end to end stay separate paragraphs. The one big
    /// document is exactly these bytes concatenated, so both parts of the
    /// text benchmark process the same bytes.
    let documents: [[UInt8]]
    let bytes: Int

    init(directory: String) throws {
        guard let walker = FileManager.default.enumerator(atPath: directory) else {
            throw BenchError("cannot list \(directory)")
        }
        var paths: [String] = []
        for case let path as String in walker where path == "input.txt" || path.hasSuffix("/input.txt") {
            paths.append(path)
        }
        guard !paths.isEmpty else { throw BenchError("no input.txt under \(directory)") }
        documents = try paths.sorted().map { path in
            let url = URL(fileURLWithPath: directory).appendingPathComponent(path)
            var bytes = [UInt8](try Data(contentsOf: url))
            if !bytes.isEmpty {
                if bytes.last != 0x0A { bytes.append(0x0A) }
                if bytes.count < 2 || bytes[bytes.count - 2] != 0x0A { bytes.append(0x0A) }
            }
            return bytes
        }
        bytes = documents.reduce(0) { $0 + $1.count }
    }

    /// How many passes over the corpus make at least `megabytes` MB.
    func rounds(forMegabytes megabytes: Int) -> Int {
        max(1, (megabytes * 1_000_000 + bytes - 1) / bytes)
    }
}

/// `decruft-bench text`: the plain-text path, one big document vs a stream.
enum TextBenchmark {
    static let streamChildMode = "text-stream-once"

    struct Summary: Encodable {
        var mode = "text"
        /// 1/5/15-minute load averages before and after the run.
        var loadAverage: [String]
        var cpu: Int?
        var repeats: Int
        var corpus: String
        var corpusDocuments: Int
        var corpusBytes: Int
        var rounds: Int
        var oneDocument: Throughput
        /// ru_maxrss of this process after the one-document part.
        var oneDocumentPeakRssMib: Double
        var stream: Throughput
        /// ru_maxrss of this process after the stream part (monotonic: includes the part before).
        var streamPeakRssMib: Double
        /// The stream run once in a fresh process per size.
        var streamFreshProcess: [FreshStream]
    }

    struct FreshStream: Codable {
        var targetMb: Int
        var bytes: Int
        var documents: Int
        /// VmHWM of the child: its own peak.
        var peakRssMib: Double
        /// The child's ru_maxrss (spawned while this process was still small).
        var ruMaxrssMib: Double
        var cpuSeconds: Double
        var wallSeconds: Double
    }

    static func run(_ options: Options) throws {
        let megabytes = try options.int("mb", default: 100, minimum: 1)!
        let repeats = try options.int("repeats", default: 3, minimum: 1)!
        let corpusPath = try Paths.corpus(options.string("corpus"))
        let cpu = CPUPinning.pin(to: try options.int("cpu"))
        let corpus = try TextCorpus(directory: corpusPath)
        let loadAtStart = Load.average()
        let rounds = corpus.rounds(forMegabytes: megabytes)
        let totalBytes = rounds * corpus.bytes
        let documents = rounds * corpus.documents.count

        // Fresh-process stream runs first, while this process is still small:
        // Linux hands a parent's ru_maxrss down through exec, so a child's
        // ru_maxrss is only its own when the parent's peak is lower. (The
        // child's VmHWM, the headline, is its own in any case.)
        var fresh: [FreshStream] = []
        for size in [megabytes, 2 * megabytes] {
            progress("stream of \(size) MB in a fresh process")
            let report = try Subprocess.runSelf([streamChildMode, "--mb", String(size), "--corpus", corpusPath])
            fresh.append(FreshStream(targetMb: size, bytes: report.int("bytes"), documents: report.int("documents"),
                                     peakRssMib: Memory.mib(report.int("vmhwm_kb")),
                                     ruMaxrssMib: Memory.mib(report.int("maxrss_kb")),
                                     cpuSeconds: report.double("cpu_s"), wallSeconds: report.double("wall_s")))
        }

        let cleaner = Cleaner()
        var input: [UInt8] = []
        input.reserveCapacity(totalBytes)
        for _ in 0..<rounds {
            for document in corpus.documents { input.append(contentsOf: document) }
        }

        progress("one document of \(Format.mb(totalBytes)), \(repeats)×")
        var oneOutput = 0
        let oneStats = Stats.measure(repeats: repeats) {
            var out: [UInt8] = []
            clean(input, with: cleaner, appendingTo: &out)
            oneOutput = out.count
        }
        let onePeak = Memory.maxRSSKiB()
        input = []

        progress("stream of \(documents) documents, \(repeats)×")
        var streamOutput = 0
        let streamStats = Stats.measure(repeats: repeats) {
            streamOutput = stream(corpus, rounds: rounds, with: cleaner)
        }
        let streamPeak = Memory.maxRSSKiB()

        let summary = Summary(
            loadAverage: [loadAtStart, Load.average()], cpu: cpu, repeats: repeats, corpus: corpusPath,
            corpusDocuments: corpus.documents.count,
            corpusBytes: corpus.bytes, rounds: rounds,
            oneDocument: Throughput(oneStats, bytes: totalBytes, items: 1), oneDocumentPeakRssMib: Memory.mib(onePeak),
            stream: Throughput(streamStats, bytes: totalBytes, items: documents),
            streamPeakRssMib: Memory.mib(streamPeak), streamFreshProcess: fresh)

        print("""
            decruft-bench text: \(Format.mb(totalBytes)) = \(corpus.documents.count) corpus inputs \
            (\(corpus.bytes) bytes) × \(rounds) rounds
            pinned to CPU \(cpu.map(String.init) ?? "none (pinning failed)"); best and median of \(repeats) runs; \
            MB/s and docs/s from the best time
            load average (1/5/15 min) at start \(summary.loadAverage[0]), at end \(summary.loadAverage[1])

            """)
        var table = Table(throughputOf: "UTF8Repair + clean(utf8:) + CanonicalWriter", unit: "docs")
        table.add("one document (\(Format.mb(totalBytes)))", summary.oneDocument)
        table.add("stream (\(documents) documents)", summary.stream)
        print(table.render())
        print("""

            output bytes: one document \(oneOutput), stream \(streamOutput)
            peak RSS of this process (ru_maxrss): after one document \(Format.mib(onePeak)), \
            after stream \(Format.mib(streamPeak))

            """)
        var memory = Table("stream in a fresh process", "input", "documents", "peak RSS (VmHWM)", "ru_maxrss", "CPU s")
        for run in fresh {
            memory.add("--mb \(run.targetMb)", Format.mb(run.bytes), String(run.documents),
                       Format.fixed(run.peakRssMib, 1) + " MiB", Format.fixed(run.ruMaxrssMib, 1) + " MiB",
                       Format.seconds(run.cpuSeconds))
        }
        print(memory.render())
        if fresh.count == 2 {
            print("peak RSS at 2N / at N: \(Format.fixed(fresh[1].peakRssMib / fresh[0].peakRssMib, 3))×")
        }
        if let path = options.string("json") { try JSONReport.write(summary, to: path) }
    }

    /// The hidden child mode: one stream pass of ≥ --mb MB, then a report.
    static func runStreamChild(_ options: Options) throws {
        let megabytes = try options.int("mb", default: 100, minimum: 1)!
        let corpus = try TextCorpus(directory: Paths.corpus(options.string("corpus")))
        let rounds = corpus.rounds(forMegabytes: megabytes)
        let cleaner = Cleaner()
        var output = 0
        let timing = Timing.of { output = stream(corpus, rounds: rounds, with: cleaner) }
        Subprocess.report([
            "vmhwm_kb": String(Memory.highWaterKiB() ?? -1), "maxrss_kb": String(Memory.maxRSSKiB()),
            "bytes": String(rounds * corpus.bytes), "documents": String(rounds * corpus.documents.count),
            "output_bytes": String(output),
            "cpu_s": String(timing.cpuSeconds), "wall_s": String(timing.wallSeconds),
        ])
    }

    /// What the CLI does with one text document, minus the write(2).
    @inline(never)
    static func clean(_ raw: [UInt8], with cleaner: Cleaner, appendingTo out: inout [UInt8]) {
        let bytes = UTF8Repair.repair(raw).bytes
        let result = bytes.withUnsafeBufferPointer { cleaner.clean(utf8: $0) }
        CanonicalWriter.append(result.document, to: &out)
    }

    /// Cleans every corpus document, `rounds` times over, one at a time, with
    /// one reused output buffer (as if written out); returns the output bytes.
    /// Nothing grows with `rounds`: this is what shows memory stays flat.
    static func stream(_ corpus: TextCorpus, rounds: Int, with cleaner: Cleaner) -> Int {
        var out: [UInt8] = []
        var total = 0
        for _ in 0..<rounds {
            for document in corpus.documents {
                out.removeAll(keepingCapacity: true)
                clean(document, with: cleaner, appendingTo: &out)
                total += out.count
            }
        }
        return total
    }
}

extension Dictionary where Key == String, Value == String {
    /// A child's report value, 0 when missing.
    func int(_ key: String) -> Int { self[key].flatMap { Int($0) } ?? 0 }
    func double(_ key: String) -> Double { self[key].flatMap { Double($0) } ?? 0 }
}
