import Decruft

#if canImport(Glibc)
import Glibc
#endif

/// The progress line on standard error: records, MB, records/s, MB/s,
/// errors, and an ETA when the inputs' total size is known. Redrawn in
/// place (`\r`); other messages clear it first so they never interleave.
///
/// Shown by itself only when standard error is a terminal and standard
/// output is not (output to a file or a pipe: the terminal has nothing else
/// to show), and only once the run has lasted `autoDelay` seconds, so a
/// small input never draws one. `--progress` forces it from the start.
final class ProgressLine {
    let enabled: Bool
    let started = ProgressLine.seconds()
    /// Seconds before the first draw (0 when forced).
    let delay: Double
    private var shown = false
    private var lastDraw = 0.0

    static let autoDelay = 1.0

    init(enabled: Bool, delay: Double = 0) {
        self.enabled = enabled
        self.delay = delay
    }

    /// The line for a run: forced by `--progress`, off with `--quiet`, else
    /// automatic as described above.
    convenience init(forced: Bool, quiet: Bool) {
        if quiet {
            self.init(enabled: false)
        } else if forced {
            self.init(enabled: true)
        } else {
            self.init(enabled: ProgressLine.automaticAllowed(stderrIsTerminal: isatty(2) != 0, stdoutIsTerminal: isatty(1) != 0),
                      delay: ProgressLine.autoDelay)
        }
    }

    /// Whether the line may appear by itself: only on a terminal that does
    /// not also receive the output (the line would land among the text).
    static func automaticAllowed(stderrIsTerminal: Bool, stdoutIsTerminal: Bool) -> Bool {
        stderrIsTerminal && !stdoutIsTerminal
    }

    /// Writes one diagnostic line, clearing the progress line around it.
    func message(_ line: String) {
        if shown { clear() }
        Diagnostics.emit(line)
    }

    func update(_ summary: BatchSummary, bytesRead: Int, totalBytes: Int, force: Bool = false) {
        guard enabled else { return }
        let now = ProgressLine.seconds()
        guard now - started >= delay else { return }
        guard force || now - lastDraw >= 0.25 else { return }
        lastDraw = now
        let elapsed = max(now - started, 0.001)
        let megabytes = Double(bytesRead) / 1e6
        var line = "decruft: \(ProgressLine.grouped(summary.recordsIn)) records, \(ProgressLine.fixed(megabytes, 1)) MB, "
            + "\(ProgressLine.grouped(Int(Double(summary.recordsIn) / elapsed))) records/s, "
            + "\(ProgressLine.fixed(megabytes / elapsed, 1)) MB/s, \(ProgressLine.grouped(summary.errors)) errors"
        if totalBytes > 0, bytesRead > 0, bytesRead < totalBytes {
            let remaining = elapsed * Double(totalBytes - bytesRead) / Double(bytesRead)
            line += ", ETA \(ProgressLine.duration(remaining))"
        }
        var bytes = Array("\r\u{1B}[K".utf8) + Array(line.utf8)
        bytes.withUnsafeBufferPointer { _ = write(2, $0.baseAddress!, $0.count) }
        shown = true
    }

    /// Removes the line (at the end of the run).
    func finish() {
        if shown { clear() }
    }

    private func clear() {
        let bytes = Array("\r\u{1B}[K".utf8)
        bytes.withUnsafeBufferPointer { _ = write(2, $0.baseAddress!, $0.count) }
        shown = false
    }

    static func seconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// 1234567 → "1,234,567".
    static func grouped(_ value: Int) -> String {
        let digits = Array(String(abs(value)))
        var out = ""
        for (k, digit) in digits.enumerated() {
            if k > 0, (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }

    static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = String(rounded)
        if let dot = text.firstIndex(of: ".") {
            let fraction = text[text.index(after: dot)...]
            if fraction.count < decimals { text += String(repeating: "0", count: decimals - fraction.count) }
        } else if decimals > 0 {
            text += "." + String(repeating: "0", count: decimals)
        }
        return text
    }

    /// 125 → "2:05"; 3725 → "1:02:05".
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60)
        let two = { (v: Int) in v < 10 ? "0\(v)" : "\(v)" }
        return h > 0 ? "\(h):\(two(m)):\(two(s))" : "\(m):\(two(s))"
    }
}
