import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `decruft-bench soak`: a long JSONL stream through the `decruft` binary
/// must lose no record and keep its memory flat.
///
/// * The text and HTML record files of `batch` (≥ N MB each, default 150)
///   are written to a temporary directory and replayed in turn into the
///   child's standard input through a pipe until ≥ S MB (default 5120) are
///   written (nothing of that size on disk). Each record gets a `"seq"`
///   member in front, its number in the stream: `{"seq":17,"id":"t17",…`.
/// * `decruft --input jsonl --jobs J` (default 2) writes into a pipe that a
///   second thread reads: output line k must start with `{"seq":k,"id":`
///   and the id that went in. Both sides keep a count and a running FNV-1a
///   hash of `seq:id` (no set of ids: the checker's memory is flat too).
///   The child's own summary line (records in, out, errors) is checked.
/// * Every M MB written (default 512): the child's VmHWM, the records and
///   MB so far and the time.
enum SoakBenchmark {
    struct Summary: Encodable {
        var mode = "soak"
        var decruft: String
        var jobs: Int
        var loadAverage: [String]
        var recordsIn: Int
        var recordsOut: Int
        var bytesIn: Int
        var bytesOut: Int
        var hashIn: String
        var hashOut: String
        /// The first output line out of place or unreadable, if any.
        var firstMismatch: String?
        /// decruft's own summary line.
        var childSummary: String
        var wallSeconds: Double
        var cpuSeconds: Double
        var checkpoints: [Checkpoint]
        var peakRssMib: Double
        var ruMaxrssMib: Double
        var parentPeakRssMib: Double
        var passed: Bool
    }

    struct Checkpoint: Codable {
        var bytesIn: Int
        var recordsIn: Int
        var seconds: Double
        var peakRssMib: Double
    }

    static func run(_ options: Options) throws {
        let megabytes = try options.int("mb", default: 150, minimum: 1)!
        let streamMegabytes = try options.int("stream-mb", default: 5120, minimum: 1)!
        let checkpointMegabytes = try options.int("mid-mb", default: 512, minimum: 1)!
        let jobs = try options.int("jobs", default: 2, minimum: 1)!
        let decruft = try BatchBenchmark.binary(options.string("decruft"))
        let corpus = try Paths.corpus(options.string("corpus"))
        let dataset = try Paths.dataset(options.string("dataset"))
        let loadAtStart = Load.average()

        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("decruft-bench-soak-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let textPath = directory + "/text.jsonl", htmlPath = directory + "/html.jsonl"
        progress("writing \(megabytes) MB of text records to \(textPath)")
        _ = try BatchBenchmark.writeTextRecords(to: textPath, corpus: corpus, bytes: megabytes * 1_000_000)
        progress("writing \(megabytes) MB of HTML records to \(htmlPath)")
        _ = try BatchBenchmark.writeHTMLRecords(to: htmlPath, dataset: dataset, bytes: megabytes * 1_000_000)
        let sources = [try Source(textPath), try Source(htmlPath)]

        progress("stream of \(streamMegabytes) MB through decruft --jobs \(jobs), checked record by record")
        let errorPath = directory + "/stderr.txt"
        signal(SIGPIPE, SIG_IGN)
        let child = try ChildProcess(decruft, ["--input", "jsonl", "--jobs", String(jobs)], inputFile: nil,
                                     captureOutput: true, errorFile: errorPath)
        let check = OutputCheck(fd: child.output!)
        let reader = Thread { check.run() }
        reader.stackSize = 1 << 20
        reader.start()
        var feed = Feed()
        var checkpoints: [Checkpoint] = []
        let started = ContinuousClock.now
        try feed.stream(sources, into: child, bytes: streamMegabytes * 1_000_000) { written, records in
            guard written >= (checkpoints.count + 1) * checkpointMegabytes * 1_000_000 else { return }
            let seconds = Timing.seconds(started.duration(to: .now))
            let peak = Memory.mib(child.sample())
            checkpoints.append(Checkpoint(bytesIn: written, recordsIn: records, seconds: seconds, peakRssMib: peak))
            progress("\(Format.mb(written)), \(records) records, \(Format.fixed(seconds, 0)) s, "
                     + "\(Format.fixed(Double(written) / 1e6 / seconds, 1)) MB/s, peak RSS \(Format.fixed(peak, 1)) MiB")
        }
        let result = try child.wait()
        check.finished.wait()
        close(child.output!)
        let childSummary = ((try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "")
            .split(separator: "\n").last { $0.contains("records in") }.map(String.init) ?? "(none)"
        let expectedSummary = "decruft: \(feed.records) records in, \(feed.records) out, 0 errors;"
        let passed = result.exitStatus == 0 && check.records == feed.records && check.hash.value == feed.hash.value
            && check.firstMismatch == nil && childSummary.hasPrefix(expectedSummary)
        let summary = Summary(
            decruft: decruft, jobs: jobs, loadAverage: [loadAtStart, Load.average()], recordsIn: feed.records,
            recordsOut: check.records, bytesIn: feed.written, bytesOut: check.bytes, hashIn: feed.hash.hex,
            hashOut: check.hash.hex, firstMismatch: check.firstMismatch, childSummary: childSummary,
            wallSeconds: result.wallSeconds, cpuSeconds: result.cpuSeconds, checkpoints: checkpoints,
            peakRssMib: Memory.mib(result.highWaterKiB), ruMaxrssMib: Memory.mib(result.maxRSSKiB),
            parentPeakRssMib: Memory.mib(Memory.maxRSSKiB()), passed: passed)
        printReport(summary, exitStatus: result.exitStatus)
        if let path = options.string("json") { try JSONReport.write(summary, to: path) }
        guard passed else { throw BenchError("the soak failed: records or ids out differ from in (see above)") }
    }

    static func printReport(_ summary: Summary, exitStatus: Int32) {
        print("""
            decruft-bench soak: \(summary.decruft) --input jsonl --jobs \(summary.jobs), text and HTML records \
            through a pipe, every output line checked
            load average (1/5/15 min) at start \(summary.loadAverage[0]), at end \(summary.loadAverage[1])

            """)
        var table = Table("at", "records", "s", "MB/s", "peak RSS")
        for point in summary.checkpoints {
            table.add(Format.mb(point.bytesIn), String(point.recordsIn), Format.fixed(point.seconds, 0),
                      Format.fixed(Double(point.bytesIn) / 1e6 / point.seconds, 1), Format.fixed(point.peakRssMib, 1) + " MiB")
        }
        table.add("end (\(Format.mb(summary.bytesIn)))", String(summary.recordsIn), Format.fixed(summary.wallSeconds, 0),
                  Format.fixed(Double(summary.bytesIn) / 1e6 / summary.wallSeconds, 1),
                  Format.fixed(summary.peakRssMib, 1) + " MiB")
        print(table.render())
        print()
        print("""
            records in \(summary.recordsIn), out \(summary.recordsOut); seq:id hash in \(summary.hashIn), \
            out \(summary.hashOut); first mismatch: \(summary.firstMismatch ?? "none")
            \(Format.mb(summary.bytesIn)) in, \(Format.mb(summary.bytesOut)) out; wall \(Format.fixed(summary.wallSeconds, 1)) s, \
            CPU \(Format.fixed(summary.cpuSeconds, 1)) s; \
            \(Format.fixed(Double(summary.recordsIn) / summary.wallSeconds, 0)) records/s
            exit status \(exitStatus); decruft said: \(summary.childSummary)
            peak RSS: VmHWM \(Format.fixed(summary.peakRssMib, 1)) MiB, ru_maxrss \(Format.fixed(summary.ruMaxrssMib, 1)) MiB \
            (this process: \(Format.fixed(summary.parentPeakRssMib, 1)) MiB)
            \(summary.passed ? "PASS: every record came back, in order, with its id" : "FAIL")
            """)
    }

    /// A record file to replay, with the id of each of its lines in order.
    struct Source {
        let path: String
        let ids: [String]

        /// Reads the ids: every line starts `{"id":"…"` (`RecordFile`). The
        /// file is read in chunks, so this process stays small (the
        /// child's ru_maxrss starts at this process's peak).
        init(_ path: String) throws {
            self.path = path
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw BenchError("cannot open \(path)") }
            defer { close(fd) }
            let prefix = Array(#"{"id":""#.utf8)
            var ids: [String] = []
            var malformed = false
            var lines = LineHeads()
            let size = 1 << 20
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
            defer { buffer.deallocate() }
            while true {
                let got = read(fd, buffer.baseAddress!, size)
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else { break }
                lines.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<got])) { head in
                    guard head.starts(with: prefix), let quote = head[prefix.count...].firstIndex(of: 0x22) else {
                        malformed = true
                        return
                    }
                    ids.append(String(decoding: head[prefix.count..<quote], as: UTF8.self))
                }
            }
            guard !ids.isEmpty, !malformed, !lines.insideLine else { throw BenchError("\(path): not one record per line") }
            self.ids = ids
        }
    }

    /// Cuts a byte stream into lines and hands over the first `limit`
    /// bytes of each (enough for a seq and an id), whatever its length.
    struct LineHeads {
        private var head: [UInt8] = []
        let limit = 256

        /// Whether the bytes so far end inside a line.
        var insideLine: Bool { !head.isEmpty }

        /// Calls `line` with the head of every line that ends in `chunk`.
        mutating func feed(_ chunk: UnsafeRawBufferPointer, _ line: ([UInt8]) -> Void) {
            var k = 0
            while k < chunk.count {
                let end = chunk.firstIndex(of: 0x0A, from: k)
                let stop = end ?? chunk.count
                if head.count < limit { head += chunk[k..<min(stop, k + limit - head.count)] }
                guard let end else { return }
                // NB: an empty line has no head; it still counts as a line.
                line(head)
                head.removeAll(keepingCapacity: true)
                k = end + 1
            }
        }
    }

    /// The writing side: replays the sources with a `"seq"` member put in
    /// front of each record, counting and hashing what goes in.
    struct Feed {
        private(set) var written = 0
        private(set) var records = 0
        private(set) var hash = FNV1a()

        /// Writes `sources` in turn, over and over, until `target` bytes
        /// (then up to the next record's end); `checkpoint(written, records)`
        /// after every chunk.
        mutating func stream(_ sources: [Source], into child: ChildProcess, bytes target: Int,
                             checkpoint: (Int, Int) -> Void) throws {
            let chunkSize = 1 << 20
            let input = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
            defer { input.deallocate() }
            var out: [UInt8] = []
            out.reserveCapacity(chunkSize + (1 << 16))
            while true {
                for source in sources {
                    let fd = open(source.path, O_RDONLY)
                    guard fd >= 0 else { throw BenchError("cannot open \(source.path)") }
                    defer { close(fd) }
                    var line = 0
                    var atLineStart = true
                    while true {
                        let got = read(fd, input.baseAddress!, chunkSize)
                        if got < 0 && errno == EINTR { continue }
                        guard got > 0 else { break }
                        let chunk = UnsafeRawBufferPointer(rebasing: input[0..<got])
                        var k = 0
                        var last = false
                        out.removeAll(keepingCapacity: true)
                        while k < got {
                            if atLineStart {
                                guard chunk[k] == 0x7B else { throw BenchError("\(source.path): a record not starting with {") }
                                records += 1
                                hash.add(records, source.ids[line])
                                out += Array("{\"seq\":\(records),".utf8)
                                k += 1
                                atLineStart = false
                            }
                            guard let end = chunk.firstIndex(of: 0x0A, from: k) else {
                                out += chunk[k...]
                                break
                            }
                            out += chunk[k...end]
                            k = end + 1
                            line += 1
                            atLineStart = true
                            if written + out.count >= target {
                                last = true
                                break
                            }
                        }
                        try out.withUnsafeBytes { try child.write($0) }
                        written += out.count
                        checkpoint(written, records)
                        if last { return }
                    }
                }
            }
        }
    }

    /// The reading side, on its own thread: each output line must be the
    /// next record, `{"seq":N,"id":"…"`; counts and hashes what comes out.
    final class OutputCheck: @unchecked Sendable {
        let fd: Int32
        private(set) var records = 0
        private(set) var bytes = 0
        private(set) var hash = FNV1a()
        private(set) var firstMismatch: String?
        /// Signalled when standard output has ended.
        let finished = DispatchSemaphore(value: 0)

        init(fd: Int32) { self.fd = fd }

        func run() {
            let size = 1 << 20
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
            defer {
                buffer.deallocate()
                finished.signal()
            }
            var lines = LineHeads()
            while true {
                let got = read(fd, buffer.baseAddress!, size)
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else { break }
                bytes += got
                lines.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<got])) { check($0) }
            }
            if lines.insideLine && firstMismatch == nil { firstMismatch = "the output ends inside a line" }
        }

        /// One output line, of which `head` is the start.
        private func check(_ head: [UInt8]) {
            records += 1
            let seqPrefix = Array(#"{"seq":"#.utf8), idPrefix = Array(#","id":""#.utf8)
            var seq: Int?
            var id: String?
            if head.starts(with: seqPrefix) {
                let digits = head[seqPrefix.count...].prefix { (0x30...0x39).contains($0) }
                seq = Int(String(decoding: digits, as: UTF8.self))
                let rest = head[(seqPrefix.count + digits.count)...]
                if rest.starts(with: idPrefix), let quote = rest.dropFirst(idPrefix.count).firstIndex(of: 0x22) {
                    id = String(decoding: rest[(rest.startIndex + idPrefix.count)..<quote], as: UTF8.self)
                }
            }
            guard let seq, let id else {
                if firstMismatch == nil { firstMismatch = "line \(records): " + String(decoding: head.prefix(80), as: UTF8.self) }
                return
            }
            if seq != records && firstMismatch == nil { firstMismatch = "line \(records) holds record \(seq)" }
            hash.add(seq, id)
        }
    }

    /// A running 64-bit FNV-1a hash of `seq:id` lines.
    struct FNV1a: Codable {
        private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

        mutating func add(_ seq: Int, _ id: String) {
            for byte in "\(seq):\(id)\n".utf8 {
                value ^= UInt64(byte)
                value &*= 0x0000_0100_0000_01B3
            }
        }

        var hex: String { String(value, radix: 16) }
    }
}
