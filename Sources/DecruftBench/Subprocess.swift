import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Child processes: `gzip -dc`, and this executable re-run in a hidden mode.
///
/// A child reports its results as one `key=value key=value ...` line, the
/// last line of its standard output.
enum Subprocess {
    /// This executable, resolved (so the child is the very same binary).
    static var executablePath: String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return CommandLine.arguments[0] }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The decompressed contents of a gzip file, through `/bin/gzip -dc`.
    static func gunzip(_ path: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("gzip -dc \(path) failed with status \(process.terminationStatus)")
        }
        return [UInt8](data)
    }

    /// Runs this executable with `arguments`; when `frames` is given, writes
    /// them to its standard input (a count, then each frame length-prefixed,
    /// all as little-endian UInt64). Returns the child's `key=value` report.
    static func runSelf(_ arguments: [String], frames: [[UInt8]]? = nil) throws -> [String: String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executablePath)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        let input = frames == nil ? nil : Pipe()
        if let input { process.standardInput = input }
        try process.run()
        if let input, let frames {
            // A child that dies early must not kill us with SIGPIPE.
            signal(SIGPIPE, SIG_IGN)
            let fd = input.fileHandleForWriting.fileDescriptor
            try writeAll(fd, UInt64(frames.count).littleEndianBytes)
            for frame in frames {
                try writeAll(fd, UInt64(frame.count).littleEndianBytes)
                try writeAll(fd, frame)
            }
            try input.fileHandleForWriting.close()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("child '\(arguments.joined(separator: " "))' failed with status \(process.terminationStatus)")
        }
        let lastLine = String(decoding: data, as: UTF8.self).split(separator: "\n").last ?? ""
        var report: [String: String] = [:]
        for pair in lastLine.split(separator: " ") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { report[String(parts[0])] = String(parts[1]) }
        }
        return report
    }

    /// Prints a child's report line.
    static func report(_ pairs: KeyValuePairs<String, String>) {
        print(pairs.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw BenchError("writing to a child process failed: errno \(errno)")
                }
                offset += written
            }
        }
    }

    /// Reads exactly `count` bytes from `fd`; nil at a premature end.
    static func readExactly(_ fd: Int32, count: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        var offset = 0
        let complete = buffer.withUnsafeMutableBytes { raw -> Bool in
            while offset < count {
                let got = read(fd, raw.baseAddress! + offset, count - offset)
                if got < 0 && errno == EINTR { continue }
                if got <= 0 { return false }
                offset += got
            }
            return true
        }
        return complete ? buffer : nil
    }

    /// One little-endian UInt64 from `fd`.
    static func readUInt64(_ fd: Int32) -> UInt64? {
        guard let bytes = readExactly(fd, count: 8) else { return nil }
        return bytes.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }
}

extension UInt64 {
    var littleEndianBytes: [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: self >> (8 * $0)) } }
}
