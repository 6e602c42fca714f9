#if canImport(Glibc)
import Glibc
#endif

/// One timed run: process CPU time and wall-clock time, in seconds.
struct Timing: Codable {
    var cpuSeconds: Double
    var wallSeconds: Double

    /// Times `body` once.
    static func of(_ body: () throws -> Void) rethrows -> Timing {
        let clock = ContinuousClock()
        let cpuStart = processCPUSeconds()
        let wallStart = clock.now
        try body()
        let wall = wallStart.duration(to: clock.now)
        let cpu = processCPUSeconds() - cpuStart
        return Timing(cpuSeconds: cpu, wallSeconds: seconds(wall))
    }

    static func processCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}

/// Repeated timings of one measurement: the best (least noisy) and the median
/// (typical), each taken separately for CPU and wall time.
struct Stats: Codable {
    var runs: [Timing]
    var best: Timing
    var median: Timing

    init(_ runs: [Timing]) {
        precondition(!runs.isEmpty)
        self.runs = runs
        let cpu = runs.map(\.cpuSeconds).sorted()
        let wall = runs.map(\.wallSeconds).sorted()
        best = Timing(cpuSeconds: cpu[0], wallSeconds: wall[0])
        median = Timing(cpuSeconds: Stats.median(cpu), wallSeconds: Stats.median(wall))
    }

    /// Runs `body` `repeats` times.
    static func measure(repeats: Int, _ body: () throws -> Void) rethrows -> Stats {
        var runs: [Timing] = []
        for _ in 0..<max(repeats, 1) { runs.append(try Timing.of(body)) }
        return Stats(runs)
    }

    static func median(_ sorted: [Double]) -> Double {
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}

/// Peak memory of this process.
enum Memory {
    /// `getrusage(RUSAGE_SELF).ru_maxrss` (KiB on Linux): the process-wide
    /// high-water mark. NB: Linux carries it over `exec`, so in a child that
    /// the large parent spawned it starts at the parent's peak.
    static func maxRSSKiB() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Int(usage.ru_maxrss)
    }

    /// `VmHWM` from /proc/self/status (KiB): the high-water mark of this
    /// address space only, which starts afresh at `exec`. This is the peak
    /// that a child process reports.
    static func highWaterKiB() -> Int? { highWaterKiB(status: "/proc/self/status") }

    /// `VmHWM` of another process (KiB), while it runs (a process that has
    /// exited has none).
    static func highWaterKiB(of pid: pid_t) -> Int? { highWaterKiB(status: "/proc/\(pid)/status") }

    private static func highWaterKiB(status path: String) -> Int? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard text.hasPrefix("VmHWM:") else { continue }
            return Int(text.dropFirst(6).filter(\.isNumber))
        }
        return nil
    }

    static func mib(_ kib: Int) -> Double { Double(kib) / 1024 }
}

/// Keeps this process (and the children it starts) on a single CPU, so a run
/// is not smeared over cores that other jobs are using.
///
/// NB: Glibc's module map hides the GNU-only `sched_getcpu` and
/// `sched_setaffinity`; they are looked up in the C library at run time.
enum CPUPinning {
    private typealias GetCPU = @convention(c) () -> Int32
    private typealias SetAffinity = @convention(c) (pid_t, Int, UnsafeRawPointer) -> Int32

    private static func symbol<T>(_ name: String, as type: T.Type) -> T? {
        guard let address = dlsym(nil, name) else { return nil }
        return unsafeBitCast(address, to: type)
    }

    /// Pins to `cpu`, or to the CPU this process is running on; returns the
    /// CPU pinned to, or nil if that was not possible.
    static func pin(to cpu: Int?) -> Int? {
        guard let setAffinity = symbol("sched_setaffinity", as: SetAffinity.self),
              let target = cpu ?? symbol("sched_getcpu", as: GetCPU.self).map({ Int($0()) }),
              target >= 0, target < MemoryLayout<cpu_set_t>.size * 8 else { return nil }
        var set = cpu_set_t()
        // cpu_set_t is an array of machine words (CPU_SET is a C macro, not
        // imported): CPU n is bit n % 64 of word n / 64.
        let words = MemoryLayout<cpu_set_t>.size / MemoryLayout<UInt>.size
        withUnsafeMutablePointer(to: &set) {
            $0.withMemoryRebound(to: UInt.self, capacity: words) { word in
                word[target / UInt.bitWidth] |= 1 << UInt(target % UInt.bitWidth)
            }
        }
        return setAffinity(0, MemoryLayout<cpu_set_t>.size, &set) == 0 ? target : nil
    }
}

/// The system load, printed with the results: on a shared machine it says
/// how much to trust them.
enum Load {
    /// The 1, 5 and 15 minute load averages from /proc/loadavg, e.g. "1.53 2.30 2.41".
    static func average() -> String {
        guard let file = fopen("/proc/loadavg", "r") else { return "unknown" }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 128)
        guard fgets(&line, Int32(line.count), file) != nil else { return "unknown" }
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}
