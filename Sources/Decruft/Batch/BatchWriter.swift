#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Totals of a batch run, for the summary, `--stats` and Hadoop counters.
public struct BatchSummary: Sendable {
    /// Documents and records read (bad ones included).
    public var recordsIn = 0
    /// Of `recordsIn`, whole documents (files, form-feed separated parts).
    public var documentsIn = 0
    /// Records and documents written to the output.
    public var recordsOut = 0
    public var cleaned = 0
    /// Bad records (flagged, skipped or fatal).
    public var errors = 0
    /// Not documents to clean (WARC request records, 404s…), by reason.
    public var skipped: [String: Int] = [:]
    /// Removed blocks per filter.
    public var removals: [String: Int] = [:]
    public var inputBytes = 0
    public var outputBytes = 0
    /// Input failures (missing files…).
    public var failedInputs = 0

    public init() {}

    public var skippedTotal: Int { skipped.values.reduce(0, +) }
}

/// Where the results go.
public enum BatchDestination: Sendable {
    /// Everything to standard output, one stream.
    case standardOutput
    /// One file per input under a directory: `paths[input.index]` is the
    /// file's path (already mapped from the input's name).
    case directory(paths: [String])
}

/// Consumes results in input order: writes each to its output, its lines
/// to standard error, and adds it to the summary. Runs on one thread.
public final class BatchWriter {
    public private(set) var summary = BatchSummary()
    /// 0, or the status of the first failure (an input failure's code; 65
    /// for a bad document or for `--on-error fail`; 74 for a write error).
    public private(set) var exitStatus: Int32 = 0
    /// Set when the reader of standard output went away.
    public private(set) var outputClosed = false

    let settings: BatchSettings
    let destination: BatchDestination
    /// Written between two documents of one output in text format.
    let separator: [UInt8]
    let diagnostics: (String) -> Void
    let standardOutput = OutputStream(fd: 1)
    /// The open per-input file, with a directory destination.
    var file: OutputStream?
    var fileDescriptor: Int32 = -1
    var documentsInCurrentOutput = 0

    /// - Parameter separator: the line between documents in text format
    ///   (default a form feed), without its newline.
    public init(settings: BatchSettings, destination: BatchDestination, separator: String = "\u{0C}",
                diagnostics: @escaping (String) -> Void) {
        self.settings = settings
        self.destination = destination
        self.separator = Array(separator.utf8) + [0x0A]
        self.diagnostics = diagnostics
    }

    /// Handles one result; false when the run must stop.
    public func consume(_ result: BatchResult) -> Bool {
        for line in result.diagnostics { diagnostics(line) }
        summary.inputBytes += result.inputBytes
        if result.isDocument { summary.documentsIn += 1 }
        do {
            switch result.outcome {
            case .control:
                if result.exitCode != 0 {
                    summary.failedInputs += 1
                    fail(result.exitCode)
                }
                switch result.marker {
                case .begin(let input)?: try begin(input)
                case .end?: try end()
                case nil: break
                }
                return true
            case .skipped(let reason):
                summary.recordsIn += 1
                summary.skipped[reason, default: 0] += 1
                return true
            case .cleaned:
                summary.recordsIn += 1
                summary.cleaned += 1
                for (filter, count) in result.removals { summary.removals[filter, default: 0] += count }
                try write(result.payload)
                return true
            case .failed:
                summary.recordsIn += 1
                summary.errors += 1
                if result.exitCode != 0 { fail(result.exitCode) }
                switch settings.onError {
                case .keep:
                    try write(result.payload)
                    return true
                case .skip:
                    return true
                case .fail:
                    fail(65)
                    diagnostics("error: stopping at the first bad record (--on-error fail)")
                    return false
                }
            }
        } catch .brokenPipe {
            outputClosed = true
            return false
        } catch {
            diagnostics("error: \(error.description)")
            fail(error.exitCode)
            return false
        }
    }

    /// Flushes what is buffered; call once after the last result.
    public func finish() {
        do {
            try end()
            try standardOutput.flush()
        } catch .brokenPipe {
            outputClosed = true
        } catch {
            diagnostics("error: \(error.description)")
            fail(error.exitCode)
        }
    }

    func fail(_ status: Int32) {
        if exitStatus == 0 { exitStatus = status }
    }

    func write(_ payload: [UInt8]?) throws(IOFailure) {
        guard let payload else { return }
        let out = file ?? standardOutput
        if settings.format == .text {
            if documentsInCurrentOutput > 0 { try out.write(separator) }
        }
        try out.write(payload)
        documentsInCurrentOutput += 1
        summary.recordsOut += 1
        summary.outputBytes += payload.count
    }

    func begin(_ input: BatchInput) throws(IOFailure) {
        guard case .directory(let paths) = destination else { return }
        try end()
        let path = paths[input.index]
        try OutputFiles.makeParentDirectories(of: path)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .writeFailed(reason: "\(path): \(IOFailure.errnoText(errno))") }
        fileDescriptor = fd
        file = OutputStream(fd: fd)
        documentsInCurrentOutput = 0
    }

    func end() throws(IOFailure) {
        guard let current = file else { return }
        file = nil
        defer {
            close(fileDescriptor)
            fileDescriptor = -1
        }
        try current.flush()
    }
}

/// Output paths for `--output-dir`.
public enum OutputFiles {
    /// The output file for each input, under `directory`: the input's path
    /// as given when it is relative and has no `..` (else its file name),
    /// with its extension replaced by `.txt` or `.jsonl`; `-` becomes
    /// `stdin`. `relativeNames[i]`, when given, replaces the path as given
    /// (inputs found under a `--recursive` directory are named relative to
    /// that directory). Two inputs mapping to one file are an error.
    public static func paths(for inputs: [BatchInput], relativeNames: [String?], directory: String,
                             format: BatchSettings.Format) throws(OutputPathError) -> [String] {
        var seen: [String: String] = [:]
        var result: [String] = []
        for (k, input) in inputs.enumerated() {
            var name = relativeNames.indices.contains(k) ? relativeNames[k] ?? input.name : input.name
            if name == "-" { name = "stdin" }
            var parts = name.split(separator: "/").map(String.init).filter { $0 != "." }
            if name.hasPrefix("/") || parts.contains("..") { parts = [parts.last ?? "stdin"] }
            if parts.isEmpty { parts = ["stdin"] }
            parts[parts.count - 1] = replaceExtension(parts[parts.count - 1], with: format == .jsonl ? "jsonl" : "txt")
            let path = (directory.hasSuffix("/") ? directory : directory + "/") + parts.joined(separator: "/")
            if let other = seen[path] {
                throw OutputPathError(message: "'\(other)' and '\(input.name)' would both be written to \(path)")
            }
            seen[path] = input.name
            result.append(path)
        }
        return result
    }

    /// `page.html` → `page.txt`; `crawl.warc.gz` → `crawl.jsonl`; `notes` → `notes.txt`.
    static func replaceExtension(_ name: String, with ext: String) -> String {
        var stem = Substring(name)
        if stem.lowercased().hasSuffix(".gz") { stem = stem.dropLast(3) }
        if let dot = stem.lastIndex(of: "."), dot != stem.startIndex { stem = stem[..<dot] }
        return "\(stem).\(ext)"
    }

    static func makeParentDirectories(of path: String) throws(IOFailure) {
        var prefix = ""
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        for (k, part) in parts.enumerated() {
            prefix += (k == 0 ? "" : "/") + part
            if prefix.isEmpty { continue }
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw .writeFailed(reason: "\(prefix): \(IOFailure.errnoText(errno))")
            }
        }
    }
}

public struct OutputPathError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
