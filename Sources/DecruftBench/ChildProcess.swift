#if canImport(Glibc)
import Glibc
#endif

/// Another program run as a child — standard input from a file or from a
/// pipe this process writes, standard output to /dev/null or to a pipe this
/// process reads, standard error to /dev/null or a file — and
/// measured by `wait4`: wall time, the child's CPU time (user + system, all
/// its threads) and its peak RSS.
///
/// NB: two peaks are kept. `wait4`'s `ru_maxrss` is the child's, but Linux
/// starts it at the spawning process's high-water mark (posix_spawn shares
/// the parent's address space until exec), so it is only the child's own
/// when this process stayed smaller; the batch benchmark keeps its inputs on
/// disk for that reason, and reports its own peak. `VmHWM`, sampled from
/// /proc/PID/status while the child runs, is the child's address space
/// alone; the last sample can miss growth in the final milliseconds.
final class ChildProcess {
    struct Result: Codable {
        var wallSeconds: Double
        var cpuSeconds: Double
        /// `wait4` ru_maxrss (KiB).
        var maxRSSKiB: Int
        /// The last VmHWM sample (KiB).
        var highWaterKiB: Int
        var exitStatus: Int32
        /// Each thread's last sample, by thread id (the main thread's is the pid).
        var threads: [ThreadTime]
    }

    /// One thread's time from /proc/PID/task/TID/schedstat: on a CPU, and
    /// runnable but waiting for one (the machine's other load).
    struct ThreadTime: Codable {
        var tid: Int32
        var isMain: Bool
        var runSeconds: Double
        var waitSeconds: Double
    }

    let pid: pid_t
    /// The write end of the child's standard input, when it is a pipe.
    private(set) var input: Int32?
    /// The read end of the child's standard output, when it is a pipe
    /// (the caller reads it, from another thread, and closes it).
    let output: Int32?
    private let started = ContinuousClock.now
    private(set) var highWaterKiB = 0
    private var threads: [Int32: ThreadTime] = [:]

    /// Starts `path` with `arguments`; standard input from `inputFile`, or a
    /// pipe (see `write`) when nil; standard output into the pipe `output`
    /// when `captureOutput`; standard error into `errorFile` when given.
    init(_ path: String, _ arguments: [String], inputFile: String?, captureOutput: Bool = false,
         errorFile: String? = nil) throws(BenchError) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var pipeEnds: [Int32] = [-1, -1]
        if let inputFile {
            posix_spawn_file_actions_addopen(&actions, 0, inputFile, O_RDONLY, 0)
        } else {
            guard pipe(&pipeEnds) == 0 else { throw BenchError("pipe failed: errno \(errno)") }
            // NB: the write end must not leak into the child (it would never
            // see the end of its input); dup2 clears the flag on fd 0.
            for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            posix_spawn_file_actions_adddup2(&actions, pipeEnds[0], 0)
        }
        var outputEnds: [Int32] = [-1, -1]
        if captureOutput {
            guard pipe(&outputEnds) == 0 else { throw BenchError("pipe failed: errno \(errno)") }
            for end in outputEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            posix_spawn_file_actions_adddup2(&actions, outputEnds[1], 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 2, errorFile ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child = pid_t()
        let status = posix_spawn(&child, path, &actions, nil, argv, environ)
        if pipeEnds[0] >= 0 { close(pipeEnds[0]) }
        if outputEnds[1] >= 0 { close(outputEnds[1]) }
        guard status == 0 else {
            if pipeEnds[1] >= 0 { close(pipeEnds[1]) }
            if outputEnds[0] >= 0 { close(outputEnds[0]) }
            throw BenchError("cannot start \(path): \(String(cString: strerror(status)))")
        }
        pid = child
        if pipeEnds[1] >= 0 { input = pipeEnds[1] }
        output = outputEnds[0] >= 0 ? outputEnds[0] : nil
    }

    /// Writes all of `bytes` to the child's standard input.
    func write(_ bytes: UnsafeRawBufferPointer) throws(BenchError) {
        guard let input else { throw BenchError("the child's standard input is not a pipe") }
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(input, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw BenchError("writing to the child failed: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    /// Closes the child's standard input (end of the stream).
    func closeInput() {
        if let input { close(input) }
        input = nil
    }

    /// Samples the child's VmHWM and its threads' times now; returns the VmHWM (KiB).
    @discardableResult
    func sample() -> Int {
        if let kib = Memory.highWaterKiB(of: pid) { highWaterKiB = max(highWaterKiB, kib) }
        sampleThreads()
        return highWaterKiB
    }

    /// Threads end before the process (detached workers), so each one's
    /// last sample is kept.
    private func sampleThreads() {
        guard let directory = opendir("/proc/\(pid)/task") else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let tid = Int32(name), let file = fopen("/proc/\(pid)/task/\(name)/schedstat", "r") else { continue }
            var run: UInt64 = 0
            var wait: UInt64 = 0
            var line = [CChar](repeating: 0, count: 128)
            if fgets(&line, Int32(line.count), file) != nil {
                let fields = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                    .split(separator: " ").compactMap { UInt64($0.filter(\.isNumber)) }
                if fields.count >= 2 { (run, wait) = (fields[0], fields[1]) }
            }
            fclose(file)
            threads[tid] = ThreadTime(tid: tid, isMain: tid == pid, runSeconds: Double(run) * 1e-9,
                                      waitSeconds: Double(wait) * 1e-9)
        }
    }

    /// Waits for the child to exit, sampling VmHWM every `pollMilliseconds`.
    func wait(pollMilliseconds: Int = 20) throws(BenchError) -> Result {
        closeInput()
        var status: Int32 = 0
        var usage = rusage()
        while true {
            let done = wait4(pid, &status, WNOHANG, &usage)
            if done == pid { break }
            if done < 0 && errno != EINTR { throw BenchError("wait4 failed: errno \(errno)") }
            sample()
            usleep(useconds_t(pollMilliseconds * 1000))
        }
        let wall = Timing.seconds(started.duration(to: .now))
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
        // WIFEXITED / WEXITSTATUS are C macros.
        let exitStatus = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Result(wallSeconds: wall, cpuSeconds: cpu, maxRSSKiB: Int(usage.ru_maxrss),
                      highWaterKiB: highWaterKiB, exitStatus: exitStatus,
                      threads: threads.values.sorted { $0.tid < $1.tid })
    }
}
