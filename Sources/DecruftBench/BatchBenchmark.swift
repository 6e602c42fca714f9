import Decruft
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `decruft-bench batch`: JSONL throughput and memory of the `decruft`
/// binary itself, as a child process.
///
/// * Two JSONL files of ≥ N MB each are written to a temporary directory:
///   TEXT records (`text`: each corpus input.txt or seed, in turn) and HTML
///   records (`html`: every dataset page, in turn, with its manifest URL),
///   each with an `id`, a `url` where known and a small `meta` object.
/// * `decruft --input jsonl --quiet --jobs J` reads each file on standard
///   input, output to /dev/null, for J = 1 and 2, the two taking turns
///   round after round; wall time, the child's CPU time and its peak RSS.
///   records/s and MB/s from the best wall time (what a user waits) and
///   from the best CPU time (what the machine pays: steady under load);
///   speedup = wall(1) / wall(2).
/// * A STREAM of ≥ S MB (default 1024) is written on the fly into the
///   child's standard input through a pipe (nothing of that size on disk:
///   the two files, alternately, over and over, cut at a line end), for
///   J = 1 and 2; the child's VmHWM is read every M MB (default 256)
///   written and at the end: memory must not grow with the stream.
///
/// The machine is shared: the load average is printed with the results.
/// Nothing is pinned (two jobs need two CPUs).
enum BatchBenchmark {
    struct Summary: Encodable {
        var mode = "batch"
        var loadAverage: [String]
        var cpus: Int
        var repeats: Int
        var decruft: String
        var inputs: [Input]
        var runs: [Run]
        var speedup: [Speedup]
        var streams: [Stream]
        /// This process's own peak: the children's ru_maxrss is only theirs
        /// when it is lower (see `ChildProcess`).
        var parentPeakRssMib: Double
    }

    struct Input: Codable {
        var kind: String
        var bytes: Int
        var records: Int
    }

    /// One input at one --jobs value, over `repeats` runs.
    struct Run: Codable {
        var kind: String
        var jobs: Int
        var bytes: Int
        var records: Int
        var stats: Stats
        var recordsPerSecondWall: Double
        var mbPerSecondWall: Double
        var recordsPerSecondCPU: Double
        var mbPerSecondCPU: Double
        /// The highest over the runs.
        var peakRssMib: Double
        var ruMaxrssMib: Double
        var threads: Threads

        init(kind: String, jobs: Int, input: Input, results: [ChildProcess.Result]) {
            self.kind = kind
            self.jobs = jobs
            bytes = input.bytes
            records = input.records
            stats = Stats(results.map { Timing(cpuSeconds: $0.cpuSeconds, wallSeconds: $0.wallSeconds) })
            recordsPerSecondWall = Double(records) / stats.best.wallSeconds
            mbPerSecondWall = Double(bytes) / 1e6 / stats.best.wallSeconds
            recordsPerSecondCPU = Double(records) / stats.best.cpuSeconds
            mbPerSecondCPU = Double(bytes) / 1e6 / stats.best.cpuSeconds
            peakRssMib = Memory.mib(results.map(\.highWaterKiB).max() ?? 0)
            ruMaxrssMib = Memory.mib(results.map(\.maxRSSKiB).max() ?? 0)
            threads = Threads(results, workers: jobs)
        }
    }

    /// Where the child's time went, per run on average: the consumer (the
    /// main thread: writing, in order), the workers (cleaning) and the rest
    /// (the reader thread). The consumer and the reader are serial: their
    /// share bounds the speedup, whatever the machine's load.
    struct Threads: Codable {
        var consumerSeconds: Double
        /// The `workers` busiest threads besides the main one, busiest first.
        var workerSeconds: [Double]
        var otherSeconds: Double
        /// The workers' time runnable but waiting for a CPU (other load).
        var workerWaitSeconds: Double
        /// (consumer + other) / all.
        var serialShare: Double
        /// Amdahl's bound for two workers: 1 / (serial + (1 − serial) / 2).
        var boundForTwo: Double

        init(_ results: [ChildProcess.Result], workers: Int) {
            let n = Double(max(1, results.count))
            var consumer = 0.0, other = 0.0, wait = 0.0
            var ranked = [Double](repeating: 0, count: workers)
            for result in results {
                consumer += result.threads.filter(\.isMain).reduce(0) { $0 + $1.runSeconds }
                let rest = result.threads.filter { !$0.isMain }.sorted { $0.runSeconds > $1.runSeconds }
                for (rank, thread) in rest.enumerated() {
                    if rank < workers {
                        ranked[rank] += thread.runSeconds
                        wait += thread.waitSeconds
                    } else {
                        other += thread.runSeconds
                    }
                }
            }
            consumerSeconds = consumer / n
            workerSeconds = ranked.map { $0 / n }
            otherSeconds = other / n
            workerWaitSeconds = wait / n
            let total = consumer + other + ranked.reduce(0, +)
            serialShare = total > 0 ? (consumer + other) / total : 0
            boundForTwo = 1 / (serialShare + (1 - serialShare) / 2)
        }
    }

    struct Speedup: Codable {
        var kind: String
        /// Best wall time at --jobs 1 over best wall time at --jobs 2.
        var wall: Double
        /// CPU time at --jobs 2 over --jobs 1 (1.0: no parallel overhead).
        var cpuRatio: Double
    }

    struct Stream: Codable {
        var jobs: Int
        var bytes: Int
        var records: Int
        /// VmHWM every `checkpointBytes` written: at 1×, 2×, 3×… of it.
        var checkpointBytes: Int
        var peakRssAtCheckpointsMib: [Double]
        /// VmHWM at the end (last sample), and wait4's ru_maxrss.
        var peakRssMib: Double
        var ruMaxrssMib: Double
        var wallSeconds: Double
        var cpuSeconds: Double
    }

    static func run(_ options: Options) throws {
        let megabytes = try options.int("mb", default: 150, minimum: 1)!
        let streamMegabytes = try options.int("stream-mb", default: 1024, minimum: 1)!
        let checkpointMegabytes = try options.int("mid-mb", default: 256, minimum: 1)!
        let repeats = try options.int("repeats", default: 3, minimum: 1)!
        let decruft = try binary(options.string("decruft"))
        let corpus = try Paths.corpus(options.string("corpus"))
        let dataset = try Paths.dataset(options.string("dataset"))
        let loadAtStart = Load.average()

        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("decruft-bench-batch-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let textPath = directory + "/text.jsonl"
        let htmlPath = directory + "/html.jsonl"
        progress("writing \(megabytes) MB of text records to \(textPath)")
        let text = try writeTextRecords(to: textPath, corpus: corpus, bytes: megabytes * 1_000_000)
        progress("writing \(megabytes) MB of HTML records to \(htmlPath)")
        let html = try writeHTMLRecords(to: htmlPath, dataset: dataset, bytes: megabytes * 1_000_000)

        var results: [String: [ChildProcess.Result]] = [:]
        for round in 1...repeats {
            for (input, path) in [(text, textPath), (html, htmlPath)] {
                for jobs in [1, 2] {
                    progress("round \(round) of \(repeats): \(input.kind) records, --jobs \(jobs)")
                    let child = try ChildProcess(decruft, arguments(jobs: jobs), inputFile: path)
                    let result = try child.wait()
                    guard result.exitStatus == 0 else {
                        throw BenchError("decruft --jobs \(jobs) < \(path) exited with status \(result.exitStatus)")
                    }
                    results["\(input.kind) \(jobs)", default: []].append(result)
                }
            }
        }
        var runs: [Run] = []
        var speedups: [Speedup] = []
        for input in [text, html] {
            let one = Run(kind: input.kind, jobs: 1, input: input, results: results["\(input.kind) 1"]!)
            let two = Run(kind: input.kind, jobs: 2, input: input, results: results["\(input.kind) 2"]!)
            runs += [one, two]
            speedups.append(Speedup(kind: input.kind, wall: one.stats.best.wallSeconds / two.stats.best.wallSeconds,
                                    cpuRatio: two.stats.best.cpuSeconds / one.stats.best.cpuSeconds))
        }

        var streams: [Stream] = []
        for jobs in [1, 2] {
            progress("stream of \(streamMegabytes) MB through a pipe, --jobs \(jobs)")
            streams.append(try stream(decruft, jobs: jobs, sources: [textPath, htmlPath],
                                      bytes: streamMegabytes * 1_000_000, checkpoint: checkpointMegabytes * 1_000_000))
        }

        let summary = Summary(
            loadAverage: [loadAtStart, Load.average()], cpus: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))),
            repeats: repeats, decruft: decruft, inputs: [text, html], runs: runs, speedup: speedups,
            streams: streams, parentPeakRssMib: Memory.mib(Memory.maxRSSKiB()))
        printReport(summary)
        if let path = options.string("json") { try JSONReport.write(summary, to: path) }
    }

    static func arguments(jobs: Int) -> [String] {
        ["--input", "jsonl", "--quiet", "--jobs", String(jobs)]
    }

    /// `--decruft`, else the `decruft` next to this executable (the same build).
    static func binary(_ explicit: String?) throws(BenchError) -> String {
        let path = explicit ?? URL(fileURLWithPath: Subprocess.executablePath)
            .deletingLastPathComponent().appendingPathComponent("decruft").path
        guard access(path, X_OK) == 0 else {
            throw BenchError("no decruft binary at \(path): build it (swift build -c release) or pass --decruft PATH")
        }
        return path
    }

    static func printReport(_ summary: Summary) {
        print("""
            decruft-bench batch: \(summary.decruft) --input jsonl --quiet --jobs 1|2, output to /dev/null
            \(summary.cpus) CPUs, not pinned; best and median of \(summary.repeats) runs; \
            records/s and MB/s from the best time
            load average (1/5/15 min) at start \(summary.loadAverage[0]), at end \(summary.loadAverage[1])

            """)
        var table = Table("input", "jobs", "records", "best wall s", "median wall s", "best CPU s",
                          "records/s wall", "MB/s wall", "records/s CPU", "MB/s CPU", "peak RSS")
        for run in summary.runs {
            table.add("\(run.kind) (\(Format.mb(run.bytes)))", String(run.jobs), String(run.records),
                      Format.seconds(run.stats.best.wallSeconds), Format.seconds(run.stats.median.wallSeconds),
                      Format.seconds(run.stats.best.cpuSeconds),
                      Format.fixed(run.recordsPerSecondWall, 0), Format.fixed(run.mbPerSecondWall, 1),
                      Format.fixed(run.recordsPerSecondCPU, 0), Format.fixed(run.mbPerSecondCPU, 1),
                      Format.fixed(run.peakRssMib, 1) + " MiB")
        }
        print(table.render())
        print()
        var threads = Table("threads (CPU s per run)", "jobs", "consumer", "reader", "workers", "workers waiting for a CPU",
                            "serial share", "bound for 2 jobs")
        for run in summary.runs {
            let t = run.threads
            threads.add("\(run.kind)", String(run.jobs), Format.fixed(t.consumerSeconds, 2), Format.fixed(t.otherSeconds, 2),
                        t.workerSeconds.map { Format.fixed($0, 2) }.joined(separator: " + "),
                        Format.fixed(t.workerWaitSeconds, 2), Format.fixed(100 * t.serialShare, 1) + "%",
                        Format.fixed(t.boundForTwo, 2) + "×")
        }
        print(threads.render())
        print()
        for speedup in summary.speedup {
            print("\(speedup.kind): --jobs 2 speedup \(Format.fixed(speedup.wall, 2))× (wall), "
                  + "CPU time --jobs 2 / --jobs 1 \(Format.fixed(speedup.cpuRatio, 2))")
        }
        print()
        var memory = Table("stream through a pipe", "jobs", "records", "wall s", "CPU s", "MB/s wall",
                           "peak RSS every \(Format.mb(summary.streams.first?.checkpointBytes ?? 0))", "at end", "ru_maxrss")
        for stream in summary.streams {
            memory.add("text + HTML, \(Format.mb(stream.bytes))", String(stream.jobs), String(stream.records),
                       Format.seconds(stream.wallSeconds), Format.seconds(stream.cpuSeconds),
                       Format.fixed(Double(stream.bytes) / 1e6 / stream.wallSeconds, 1),
                       stream.peakRssAtCheckpointsMib.map { Format.fixed($0, 1) }.joined(separator: " ") + " MiB",
                       Format.fixed(stream.peakRssMib, 1) + " MiB", Format.fixed(stream.ruMaxrssMib, 1) + " MiB")
        }
        print(memory.render())
        print("peak RSS of this process \(Format.fixed(summary.parentPeakRssMib, 1)) MiB "
              + "(the children's ru_maxrss is their own only above it)")
    }

    // MARK: - The stream

    /// Writes `sources` in turn, over and over, into a child's standard
    /// input until `bytes` are written (then up to the next line end).
    static func stream(_ decruft: String, jobs: Int, sources: [String], bytes target: Int,
                       checkpoint: Int) throws -> Stream {
        // A child that dies early must not kill us with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let child = try ChildProcess(decruft, arguments(jobs: jobs), inputFile: nil)
        let chunkSize = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var written = 0
        var records = 0
        var atCheckpoints: [Int] = []
        var nextSample = 16 << 20
        feeding: while true {
            for source in sources {
                let fd = open(source, O_RDONLY)
                guard fd >= 0 else { throw BenchError("cannot open \(source)") }
                defer { close(fd) }
                while true {
                    let got = read(fd, buffer.baseAddress!, chunkSize)
                    if got < 0 && errno == EINTR { continue }
                    guard got > 0 else { break }
                    var chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<got])
                    var last = false
                    if written + got >= target, let end = chunk.firstIndex(of: 0x0A, from: max(0, target - written)) {
                        chunk = UnsafeRawBufferPointer(rebasing: chunk[0...end])
                        last = true
                    }
                    try child.write(chunk)
                    written += chunk.count
                    records += chunk.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                    if written >= nextSample {
                        child.sample()
                        nextSample += 16 << 20
                    }
                    if written >= (atCheckpoints.count + 1) * checkpoint { atCheckpoints.append(child.sample()) }
                    if last { break feeding }
                }
            }
        }
        let result = try child.wait()
        guard result.exitStatus == 0 else { throw BenchError("decruft --jobs \(jobs) (stream) exited with status \(result.exitStatus)") }
        return Stream(jobs: jobs, bytes: written, records: records, checkpointBytes: checkpoint,
                      peakRssAtCheckpointsMib: atCheckpoints.map(Memory.mib), peakRssMib: Memory.mib(result.highWaterKiB),
                      ruMaxrssMib: Memory.mib(result.maxRSSKiB), wallSeconds: result.wallSeconds, cpuSeconds: result.cpuSeconds)
    }

    // MARK: - The inputs

    /// Text records of the corpus inputs and the seeds, in turn, until `bytes`.
    static func writeTextRecords(to path: String, corpus: String, bytes target: Int) throws -> Input {
        var documents = try TextCorpus(directory: corpus).documents
        if let seeds = Paths.seeds() {
            let names = try FileManager.default.contentsOfDirectory(atPath: seeds).filter { $0.hasSuffix(".txt") }.sorted()
            for name in names { documents.append([UInt8](try Data(contentsOf: URL(fileURLWithPath: seeds + "/" + name)))) }
        }
        let writer = try RecordFile(path)
        var number = 0
        while writer.bytes < target {
            for document in documents where writer.bytes < target {
                number += 1
                writer.record(id: "t\(number)", url: nil, number: number, field: "text",
                              value: UTF8Repair.repair(document).bytes)
            }
        }
        try writer.close()
        return Input(kind: "text", bytes: writer.bytes, records: number)
    }

    /// HTML records of the dataset's pages (converted to UTF-8 as decruft
    /// would), in turn, until `bytes`; one page in memory at a time.
    static func writeHTMLRecords(to path: String, dataset: String, bytes target: Int) throws -> Input {
        let directory = URL(fileURLWithPath: dataset)
        var urls: [String: String] = [:]
        if let data = try? Data(contentsOf: directory.appendingPathComponent("manifest.json")),
           let entries = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] {
            for entry in entries {
                if let file = entry["file"] as? String, let url = entry["url"] as? String { urls[file] = url }
            }
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("html").path)
            .filter { $0.hasSuffix(".html.gz") }.sorted()
        guard !names.isEmpty else { throw BenchError("no pages under \(dataset)/html") }
        let writer = try RecordFile(path)
        var number = 0
        while writer.bytes < target {
            for name in names where writer.bytes < target {
                number += 1
                let raw = try Subprocess.gunzip(directory.appendingPathComponent("html/" + name).path)
                writer.record(id: "h\(number)", url: urls["html/" + name], number: number, field: "html",
                              value: UTF8Repair.repair(Charset.toUTF8(raw).bytes).bytes)
            }
        }
        try writer.close()
        return Input(kind: "html", bytes: writer.bytes, records: number)
    }
}

/// A JSONL file written one record at a time.
final class RecordFile {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private(set) var bytes = 0

    init(_ path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else { throw BenchError("cannot create \(path)") }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    }

    /// `{"id":…,"url":…,"meta":{…},"FIELD":"…"}` and a newline.
    func record(id: String, url: String?, number: Int, field: String, value: [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        append("{\"id\":")
        appendString(Array(id.utf8))
        if let url {
            append(",\"url\":")
            appendString(Array(url.utf8))
        }
        append(",\"meta\":{\"n\":\(number),\"shard\":\(number % 64),\"tags\":[\"bench\",\"\(field)\"],\"score\":0.5,\"ok\":true}")
        append(",\"\(field)\":")
        appendString(value)
        append("}\n")
        handle.write(Data(buffer))
        bytes += buffer.count
    }

    func close() throws { try handle.close() }

    private func append(_ text: String) { buffer.append(contentsOf: text.utf8) }

    /// A JSON string: quotes, backslashes and control characters escaped;
    /// everything else (valid UTF-8) as it is.
    private func appendString(_ value: [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        buffer.append(0x22)
        for byte in value {
            switch byte {
            case 0x22: buffer += [0x5C, 0x22]
            case 0x5C: buffer += [0x5C, 0x5C]
            case 0x0A: buffer += [0x5C, 0x6E]
            case 0x0D: buffer += [0x5C, 0x72]
            case 0x09: buffer += [0x5C, 0x74]
            case 0..<0x20: buffer += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: buffer.append(byte)
            }
        }
        buffer.append(0x22)
    }
}

extension UnsafeRawBufferPointer {
    /// The index of the first `byte` at or after `start`.
    func firstIndex(of byte: UInt8, from start: Int) -> Int? {
        guard start < count else { return nil }
        return self[start...].firstIndex(of: byte)
    }
}
