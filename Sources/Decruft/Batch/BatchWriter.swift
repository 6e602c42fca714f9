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
    /// file's path (already mapped from the input's name). Each file is
    /// written under a temporary name beside it and renamed to its path
    /// once its input has been read to the end (see `OutputFiles`).
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
    /// Set when writing an output failed (a full disk): what was written
    /// is incomplete.
    public private(set) var writeFailed = false

    let settings: BatchSettings
    let destination: BatchDestination
    /// Written between two documents of one output in text format.
    let separator: [UInt8]
    let diagnostics: (String) -> Void
    let standardOutput = OutputStream(fd: 1)
    /// The open per-input file, with a directory destination.
    var file: OutputStream?
    var fileDescriptor: Int32 = -1
    /// Its temporary path, and the path it is renamed to when complete.
    var filePaths: (temporary: String, final: String)?
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
                case .end?: try end(complete: true)
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
            if case .writeFailed = error { writeFailed = true }
            fail(error.exitCode)
            return false
        }
    }

    /// Flushes what is buffered; call once after the last result. A file
    /// still open here belongs to an input the run stopped in (`--on-error
    /// fail`, a write error): it is removed, never given its final name.
    public func finish() {
        do {
            try end(complete: false)
            try standardOutput.flush()
        } catch .brokenPipe {
            outputClosed = true
        } catch {
            diagnostics("error: \(error.description)")
            if case .writeFailed = error { writeFailed = true }
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
        try end(complete: false)
        let path = paths[input.index]
        let temporary = OutputFiles.temporaryPath(for: path)
        try OutputFiles.makeParentDirectories(of: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .writeFailed(reason: "\(temporary): \(IOFailure.errnoText(errno))") }
        fileDescriptor = fd
        file = OutputStream(fd: fd)
        filePaths = (temporary, path)
        documentsInCurrentOutput = 0
    }

    /// Closes the open file: when `complete` (its input was read to the
    /// end), flushed and renamed to its final path in one step, so a file
    /// under that path is always whole; else removed.
    func end(complete: Bool) throws(IOFailure) {
        guard let current = file, let paths = filePaths else { return }
        file = nil
        filePaths = nil
        var failure: IOFailure?
        if complete {
            do { try current.flush() } catch { failure = error }
        }
        if close(fileDescriptor) != 0, complete, failure == nil {
            failure = .writeFailed(reason: "\(paths.temporary): \(IOFailure.errnoText(errno))")
        }
        fileDescriptor = -1
        // NB: no fsync: this guards against a killed process (the kernel
        // keeps what was written), not against a power failure, which
        // would cost a disk flush per file.
        if complete, failure == nil {
            guard rename(paths.temporary, paths.final) == 0 else {
                let reason = IOFailure.errnoText(errno)
                unlink(paths.temporary)
                throw .writeFailed(reason: "\(paths.final): \(reason)")
            }
            return
        }
        unlink(paths.temporary)
        if let failure { throw failure }
    }
}

/// Output paths for `--output-dir`.
public enum OutputFiles {
    /// The output file for each input, under `directory`: the input's path
    /// as given when it is relative and has no `..` (else its file name),
    /// with its extension replaced by `.txt`, `.md`, `.html` or `.jsonl`; `-` becomes
    /// `stdin`. `relativeNames[i]`, when given, replaces the path as given
    /// (inputs found under a `--recursive` directory are named relative to
    /// that directory). Two inputs mapping to one file are an error.
    public static func paths(for inputs: [BatchInput], relativeNames: [String?], directory: String,
                             format: BatchSettings.Format,
                             style: BatchSettings.TextStyle = .text) throws(OutputPathError) -> [String] {
        var seen: [String: String] = [:]
        var result: [String] = []
        for (k, input) in inputs.enumerated() {
            var name = relativeNames.indices.contains(k) ? relativeNames[k] ?? input.name : input.name
            if name == "-" { name = "stdin" }
            var parts = name.split(separator: "/").map(String.init).filter { $0 != "." }
            if name.hasPrefix("/") || parts.contains("..") { parts = [parts.last ?? "stdin"] }
            if parts.isEmpty { parts = ["stdin"] }
            parts[parts.count - 1] = replaceExtension(parts[parts.count - 1],
                                                       with: format == .jsonl ? "jsonl" : ["markdown": "md", "html": "html"][style.rawValue] ?? "txt")
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

    /// Marks a file being written: `.NAME.decruft-tmp-PID`.
    static let temporaryMarker = ".decruft-tmp-"

    /// Where the output file `path` is written until it is complete: a
    /// hidden name in the same directory (so the rename cannot cross file
    /// systems) that says whose it is, `DIR/.NAME.decruft-tmp-PID`. NAME is
    /// cut to 200 bytes so the whole stays within a file name's limit.
    public static func temporaryPath(for path: String, pid: Int32 = getpid()) -> String {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        var name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        while name.utf8.count > 200 { name.removeLast() }
        return "\(directory).\(name)\(temporaryMarker)\(pid)"
    }

    /// The process that wrote `name` when it is a temporary output name
    /// (`.NAME.decruft-tmp-PID`), else nil.
    public static func temporaryOwner(_ name: String) -> Int32? {
        let bytes = Array(name.utf8), marker = Array(temporaryMarker.utf8)
        var digits = bytes.count
        while digits > 0, (0x30...0x39).contains(bytes[digits - 1]) { digits -= 1 }
        // "." + at least one byte of name + the marker + 1 to 10 digits.
        guard bytes.first == 0x2E, digits < bytes.count, bytes.count - digits <= 10,
              digits >= marker.count + 2, bytes[(digits - marker.count)..<digits].elementsEqual(marker) else { return nil }
        return Int32(String(decoding: bytes[digits...], as: UTF8.self))
    }

    /// Removes the temporary files that runs no longer alive left in the
    /// directories of `paths` (a killed run leaves its last file half
    /// written under its temporary name); returns how many went. A file of
    /// a process still running, this one included, is left alone.
    public static func removeUnfinished(besides paths: [String]) -> Int {
        var directories: [String] = []
        var seen = Set<String>()
        for path in paths {
            let directory = path.lastIndex(of: "/").map { String(path[...$0]) } ?? "./"
            if seen.insert(directory).inserted { directories.append(directory) }
        }
        let me = getpid()
        var removed = 0
        for directory in directories {
            guard let handle = opendir(directory) else { continue }
            var names: [String] = []
            while let entry = readdir(handle) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
                }
                if temporaryOwner(name) != nil { names.append(name) }
            }
            closedir(handle)
            // NB: unlinked after the listing is closed: removing entries
            // while readdir walks them may skip or repeat others.
            for name in names {
                guard let owner = temporaryOwner(name), owner != me, !isRunning(owner) else { continue }
                if unlink(directory + name) == 0 { removed += 1 }
            }
        }
        return removed
    }

    /// Whether an output file is there: with `--resume`, its input is
    /// done (only a complete file gets that name).
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    static func isRunning(_ pid: Int32) -> Bool {
        pid > 0 && (kill(pid, 0) == 0 || errno != ESRCH)
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
