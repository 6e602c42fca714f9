#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Input and output failures, each mapped to a sysexits-style exit code.
public enum IOFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file does not exist (exit 66, EX_NOINPUT).
    case missing(path: String)
    /// The file exists but cannot be opened or read (exit 74, EX_IOERR).
    case unreadable(path: String, reason: String)
    /// The input is not usable data (exit 65, EX_DATAERR).
    case badData(path: String, reason: String)
    /// Writing failed (exit 74).
    case writeFailed(reason: String)
    /// The reader of our output went away: end quietly.
    case brokenPipe

    public var exitCode: Int32 {
        switch self {
        case .missing: return 66
        case .badData: return 65
        case .unreadable, .writeFailed: return 74
        case .brokenPipe: return 0
        }
    }

    public var description: String {
        switch self {
        case let .missing(path): return "\(path): no such file"
        case let .unreadable(path, reason): return "\(path): cannot read: \(reason)"
        case let .badData(path, reason): return "\(path): \(reason)"
        case let .writeFailed(reason): return "cannot write output: \(reason)"
        case .brokenPipe: return "output closed"
        }
    }

    static func errnoText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
