import Decruft
import DecruftLibXML
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One page of the dataset, in memory.
struct Page {
    let name: String
    /// As served (decompressed): what FULL reads.
    let raw: [UInt8]
    /// Converted to UTF-8 the way decruft does (Charset.toUTF8, then
    /// UTF8Repair): what FLOOR and SAX read, so they parse the same text.
    let utf8: [UInt8]
}

/// Page-size classes for the memory measurement (by raw size, 10^3 bytes/KB).
enum SizeClass: Int, CaseIterable, Codable {
    case small, medium, large, huge

    init(bytes: Int) {
        switch bytes {
        case ..<50_000: self = .small
        case ..<200_000: self = .medium
        case ..<1_000_000: self = .large
        default: self = .huge
        }
    }

    var label: String {
        switch self {
        case .small: return "< 50 KB"
        case .medium: return "50–200 KB"
        case .large: return "200 KB–1 MB"
        case .huge: return "> 1 MB"
        }
    }
}

/// `decruft-bench html`: libxml2's parse floor vs our parse vs the full cleaner.
enum HTMLBenchmark {
    static let memoryChildMode = "html-memory-once"

    struct Summary: Encodable {
        var mode = "html"
        /// 1/5/15-minute load averages before and after the run.
        var loadAverage: [String]
        var cpu: Int?
        var repeats: Int
        var dataset: String
        var libxml2: String
        var pages: Int
        var rawBytes: Int
        var utf8Bytes: Int
        var floor: Throughput
        var sax: Throughput
        var full: Throughput
        /// FULL / FLOOR, best time over best time, by CPU and by wall time.
        var fullOverFloorCPU: Double
        var fullOverFloorWall: Double
        /// FULL / FLOOR by CPU time within each round.
        var fullOverFloorPerRoundCPU: [Double]
        var failures: Int
        var largestPage: LargestPage
        var memory: [ClassMemory]
    }

    struct LargestPage: Codable {
        var name: String
        var bytes: Int
        var floor: Stats
        var full: Stats
    }

    struct ClassMemory: Codable {
        /// nil: the baseline (a child that cleans no page).
        var sizeClass: String?
        var pages: Int
        var bytes: Int
        var largestBytes: Int
        /// VmHWM of the child: its own peak RSS.
        var peakRssMib: Double
    }

    static let floorTarget = 1.6
    static let throughputTarget = 45.0

    static func run(_ options: Options) throws {
        let repeats = try options.int("repeats", default: 3, minimum: 1)!
        let limit = try options.int("limit", minimum: 1)
        let dataset = try Paths.dataset(options.string("dataset"))
        let cpu = CPUPinning.pin(to: try options.int("cpu"))
        let loadAtStart = Load.average()
        let pages = try load(dataset: dataset, limit: limit)
        guard let largest = pages.max(by: { $0.raw.count < $1.raw.count }) else {
            throw BenchError("no pages under \(dataset)/html")
        }
        let rawBytes = pages.reduce(0) { $0 + $1.raw.count }
        let utf8Bytes = pages.reduce(0) { $0 + $1.utf8.count }
        let cleaner = Cleaner()

        // The three passes take turns, round after round, so that a change
        // in the machine's load hits all three alike rather than one of them.
        var floorRuns: [Timing] = []
        var saxRuns: [Timing] = []
        var fullRuns: [Timing] = []
        var saxNodes = 0
        var output = (bytes: 0, failures: 0)
        for round in 1...repeats {
            progress("round \(round) of \(repeats): FLOOR, SAX, FULL")
            floorRuns.append(Timing.of { for page in pages { parseFloor(page) } })
            saxRuns.append(Timing.of {
                saxNodes = 0
                for page in pages { saxNodes += parseSAX(page) }
            })
            fullRuns.append(Timing.of {
                output = (0, 0)
                var buffer: [UInt8] = []
                for page in pages {
                    if let written = cleanFull(page.raw, with: cleaner, buffer: &buffer) {
                        output.bytes += written
                    } else {
                        output.failures += 1
                    }
                }
            })
        }
        let (floor, sax, full) = (Stats(floorRuns), Stats(saxRuns), Stats(fullRuns))
        let roundRatios = zip(fullRuns, floorRuns).map { $0.cpuSeconds / $1.cpuSeconds }

        progress("largest page (\(largest.name), \(Format.mb(largest.raw.count))), \(repeats)×")
        let largestFloor = Stats.measure(repeats: repeats) { parseFloor(largest) }
        let largestFull = Stats.measure(repeats: repeats) {
            var buffer: [UInt8] = []
            _ = cleanFull(largest.raw, with: cleaner, buffer: &buffer)
        }
        let parentPeak = Memory.maxRSSKiB()

        var memory: [ClassMemory] = [try measureMemory(of: [], sizeClass: nil)]
        for sizeClass in SizeClass.allCases {
            let members = pages.filter { SizeClass(bytes: $0.raw.count) == sizeClass }
            guard !members.isEmpty else { continue }
            progress("peak RSS of FULL on \(members.count) pages \(sizeClass.label) in a fresh process")
            memory.append(try measureMemory(of: members, sizeClass: sizeClass))
        }

        let summary = Summary(
            loadAverage: [loadAtStart, Load.average()], cpu: cpu, repeats: repeats, dataset: dataset,
            libxml2: LibXML.version, pages: pages.count,
            rawBytes: rawBytes, utf8Bytes: utf8Bytes,
            floor: Throughput(floor, bytes: utf8Bytes, items: pages.count),
            sax: Throughput(sax, bytes: utf8Bytes, items: pages.count),
            full: Throughput(full, bytes: rawBytes, items: pages.count),
            fullOverFloorCPU: full.best.cpuSeconds / floor.best.cpuSeconds,
            fullOverFloorWall: full.best.wallSeconds / floor.best.wallSeconds,
            fullOverFloorPerRoundCPU: roundRatios,
            failures: output.failures,
            largestPage: LargestPage(name: largest.name, bytes: largest.raw.count, floor: largestFloor, full: largestFull),
            memory: memory)
        printReport(summary, outputBytes: output.bytes, saxNodes: saxNodes, parentPeakKiB: parentPeak)
        if let path = options.string("json") { try JSONReport.write(summary, to: path) }
    }

    static func printReport(_ summary: Summary, outputBytes: Int, saxNodes: Int, parentPeakKiB: Int) {
        print("""
            decruft-bench html: \(summary.pages) pages from \(summary.dataset)
            raw \(Format.mb(summary.rawBytes)) (FULL reads these), as UTF-8 \(Format.mb(summary.utf8Bytes)) \
            (FLOOR and SAX read these); libxml2 \(summary.libxml2)
            pinned to CPU \(summary.cpu.map(String.init) ?? "none (pinning failed)"); best and median of \
            \(summary.repeats) rounds; MB/s and pages/s from the best time
            load average (1/5/15 min) at start \(summary.loadAverage[0]), at end \(summary.loadAverage[1])

            """)
        var table = Table(throughputOf: "pass over all pages", unit: "pages")
        table.add("FLOOR  libxml2 tree parse + free", summary.floor)
        table.add("SAX    HTMLParser.parse(utf8:)", summary.sax)
        table.add("FULL   clean(html:) + CanonicalWriter", summary.full)
        print(table.render())

        let ratio = summary.fullOverFloorCPU
        let mbs = summary.full.mbPerSecondCPU
        print("""

            FULL = \(Format.fixed(ratio, 2))× the libxml2 parse floor (CPU; wall \
            \(Format.fixed(summary.fullOverFloorWall, 2))×), target ≤ \(floorTarget)×: \
            \(ratio <= floorTarget ? "met" : "NOT met")
            FULL = \(Format.fixed(mbs, 1)) MB/s (CPU), target ≥ \(Format.fixed(throughputTarget, 0)) MB/s: \
            \(mbs >= throughputTarget ? "met" : "NOT met")
            FULL / FLOOR within each round (CPU): \(summary.fullOverFloorPerRoundCPU.map { Format.fixed($0, 2) }
                .joined(separator: ", ")) (median \(Format.fixed(Stats.median(summary.fullOverFloorPerRoundCPU.sorted()), 2)))
            SAX = \(Format.fixed(summary.sax.stats.best.cpuSeconds / summary.floor.stats.best.cpuSeconds, 2))× the floor
            FULL output \(outputBytes) bytes, \(summary.failures) page(s) failed; SAX built \(saxNodes) nodes
            largest page \(summary.largestPage.name) (\(Format.mb(summary.largestPage.bytes))): \
            FULL best \(Format.fixed(summary.largestPage.full.best.cpuSeconds * 1000, 1)) ms CPU \
            (median \(Format.fixed(summary.largestPage.full.median.cpuSeconds * 1000, 1)) ms), \
            FLOOR best \(Format.fixed(summary.largestPage.floor.best.cpuSeconds * 1000, 1)) ms
            peak RSS of this process (all pages in memory): \(Format.mib(parentPeakKiB))

            """)
        var memory = Table("FULL in a fresh process", "pages", "bytes", "largest page", "peak RSS (VmHWM)")
        for row in summary.memory {
            memory.add(row.sizeClass ?? "baseline (no page)", String(row.pages), Format.mb(row.bytes),
                       Format.mb(row.largestBytes), Format.fixed(row.peakRssMib, 1) + " MiB")
        }
        print(memory.render())
    }

    /// Every html/*.html.gz of the dataset (sorted; the first `limit`),
    /// decompressed and converted, before anything is timed.
    static func load(dataset: String, limit: Int?) throws -> [Page] {
        let directory = URL(fileURLWithPath: dataset).appendingPathComponent("html")
        var names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".html.gz") }.sorted()
        if let limit { names = Array(names.prefix(limit)) }
        progress("loading \(names.count) pages from \(directory.path)")
        return try names.map { name in
            let raw = try Subprocess.gunzip(directory.appendingPathComponent(name).path)
            let utf8 = UTF8Repair.repair(Charset.toUTF8(raw).bytes).bytes
            return Page(name: String(name.dropLast(".html.gz".count)), raw: raw, utf8: utf8)
        }
    }

    @inline(never)
    static func parseFloor(_ page: Page) {
        page.utf8.withUnsafeBufferPointer { _ = TreeParseFloor.parseAndFree(utf8: $0) }
    }

    /// Our parse alone; returns the node count (so the DOM is used).
    @inline(never)
    static func parseSAX(_ page: Page) -> Int {
        page.utf8.withUnsafeBufferPointer { bytes in (try? HTMLParser.parse(utf8: bytes))?.count ?? 0 }
    }

    /// What the CLI does with one page, minus the write(2): the output bytes,
    /// or nil if the page could not be parsed.
    @inline(never)
    static func cleanFull(_ raw: [UInt8], with cleaner: Cleaner, buffer: inout [UInt8]) -> Int? {
        guard let result = try? cleaner.clean(html: raw) else { return nil }
        buffer.removeAll(keepingCapacity: true)
        CanonicalWriter.append(result.document, to: &buffer)
        return buffer.count
    }

    /// Runs FULL on `pages` in a fresh child (pages sent through a pipe, one
    /// in memory at a time) and returns the child's own peak RSS.
    static func measureMemory(of pages: [Page], sizeClass: SizeClass?) throws -> ClassMemory {
        let report = try Subprocess.runSelf([memoryChildMode], frames: pages.map(\.raw))
        guard report.int("pages") == pages.count else {
            throw BenchError("memory child cleaned \(report.int("pages")) of \(pages.count) pages")
        }
        return ClassMemory(sizeClass: sizeClass?.label, pages: pages.count, bytes: report.int("bytes"),
                           largestBytes: report.int("largest_bytes"), peakRssMib: Memory.mib(report.int("vmhwm_kb")))
    }

    /// The hidden child mode: reads pages from standard input one at a time,
    /// cleans each, and reports its peak RSS (VmHWM, which starts afresh at
    /// exec: ru_maxrss would include the parent's peak, see `Memory`).
    static func runMemoryChild() throws {
        let cleaner = Cleaner()
        guard let count = Subprocess.readUInt64(0) else { throw BenchError("no page count on standard input") }
        var buffer: [UInt8] = []
        var bytes = 0
        var largest = 0
        var failures = 0
        for _ in 0..<count {
            guard let length = Subprocess.readUInt64(0), let raw = Subprocess.readExactly(0, count: Int(length)) else {
                throw BenchError("standard input ended early")
            }
            if cleanFull(raw, with: cleaner, buffer: &buffer) == nil { failures += 1 }
            bytes += raw.count
            largest = max(largest, raw.count)
        }
        Subprocess.report([
            "vmhwm_kb": String(Memory.highWaterKiB() ?? -1), "maxrss_kb": String(Memory.maxRSSKiB()),
            "pages": String(count), "bytes": String(bytes), "largest_bytes": String(largest),
            "failures": String(failures),
        ])
    }
}
