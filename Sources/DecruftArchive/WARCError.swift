#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A problem reading a WARC file. `name` is the file's name as given to the
/// reader; offsets are file offsets as in `WARCRecord.offset` (for gzip,
/// the start of the member concerned).
///
/// Some errors concern one record only: the reader has stepped past it and
/// the next `next()` call continues with the following record
/// (`isRecoverable`). After any other error `next()` returns nil.
public enum WARCError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file cannot be opened or read; `code` is the errno value.
    case io(name: String, code: Int32)
    /// The gzip data is damaged, ends inside a member, or is followed by
    /// bytes that are not gzip.
    case gzip(name: String, offset: Int, message: String)
    /// The input ends inside the record starting at `offset`.
    case truncated(name: String, offset: Int)
    /// A header line of the record at `offset` is not a `Name: value` field,
    /// or its version line is not `WARC/n.n`. Recoverable: the record is
    /// dropped; with a readable `Content-Length` its block is stepped over
    /// and the reader stays in step, otherwise it resynchronises as for
    /// `badContentLength`.
    case badHeader(name: String, offset: Int, line: String)
    /// The record at `offset` has no `Content-Length`, or one that is not
    /// a decimal number (`value` nil: missing). Recoverable: the reader
    /// resynchronises at the next gzip member when the file is written one
    /// member per record, else at the next line that starts `WARC/n`
    /// (which, in a plain file, may lie inside the lost block: that
    /// surfaces as another error).
    case badContentLength(name: String, offset: Int, value: String?)
    /// The header of the record at `offset` does not end within `limit`
    /// bytes. Recoverable, as `badContentLength`.
    case headerTooLarge(name: String, offset: Int, limit: Int)
    /// The block of the record at `offset` is `size` bytes, over `limit`:
    /// its bytes were read past without being kept. Recoverable: the reader
    /// is still in step and the next record follows.
    case recordTooLarge(name: String, offset: Int, size: Int, limit: Int, type: String?, targetURI: String?)
    /// `length` bytes starting at `offset` are not a WARC record (they do
    /// not start with a `WARC/` version line). Recoverable: they were
    /// skipped up to the next line that starts `WARC/` or the end.
    case garbage(name: String, offset: Int, length: Int)

    /// Whether `next()` can be called again to read on.
    public var isRecoverable: Bool {
        switch self {
        case .io, .gzip, .truncated: return false
        case .badHeader, .badContentLength, .headerTooLarge, .recordTooLarge, .garbage: return true
        }
    }

    /// The file's name as given to the reader.
    public var name: String {
        switch self {
        case let .io(name, _), let .gzip(name, _, _), let .truncated(name, _), let .badHeader(name, _, _),
             let .badContentLength(name, _, _), let .headerTooLarge(name, _, _),
             let .recordTooLarge(name, _, _, _, _, _), let .garbage(name, _, _):
            return name
        }
    }

    /// The file offset the error is about, if any.
    public var offset: Int? {
        switch self {
        case .io: return nil
        case let .gzip(_, offset, _), let .truncated(_, offset), let .badHeader(_, offset, _),
             let .badContentLength(_, offset, _), let .headerTooLarge(_, offset, _),
             let .recordTooLarge(_, offset, _, _, _, _), let .garbage(_, offset, _):
            return offset
        }
    }

    public var description: String {
        switch self {
        case let .io(name, code):
            return "\(name): cannot read: \(String(cString: strerror(code)))"
        case let .gzip(name, offset, message):
            return "\(name): offset \(offset): gzip: \(message)"
        case let .truncated(name, offset):
            return "\(name): offset \(offset): truncated: the input ends inside this record"
        case let .badHeader(name, offset, line):
            return "\(name): offset \(offset): bad WARC header line \(line.debugDescription)"
        case let .badContentLength(name, offset, value?):
            return "\(name): offset \(offset): bad Content-Length \(value.debugDescription)"
        case let .badContentLength(name, offset, nil):
            return "\(name): offset \(offset): record has no Content-Length"
        case let .headerTooLarge(name, offset, limit):
            return "\(name): offset \(offset): WARC header longer than \(limit) bytes"
        case let .recordTooLarge(name, offset, size, limit, type, targetURI):
            let what = [type, targetURI].compactMap { $0 }.joined(separator: " ")
            return "\(name): offset \(offset): record skipped: block of \(size) bytes is over the limit of \(limit)"
                + (what.isEmpty ? "" : " (\(what))")
        case let .garbage(name, offset, length):
            return "\(name): offset \(offset): \(length) bytes that are not a WARC record, skipped"
        }
    }
}
