#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file or standard input in large chunks and hands out documents.
///
/// A stream may hold several documents separated by a line that holds only a
/// form feed (U+000C), the same separator the text writer puts between
/// documents. Memory stays proportional to one document plus one chunk.
public final class DocumentReader {
    public let path: String
    private let fd: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    /// Bytes at the front of `buffer` already handed out as documents.
    private var consumed = 0
    /// Where the separator search resumes (bytes before it hold none).
    private var scanned = 0
    private var atEOF = false
    private var finished = false
    public static let chunkSize = 1 << 20

    /// Opens `path`, or standard input for `-`.
    public init(path: String) throws(IOFailure) {
        self.path = path
        if path == "-" {
            fd = STDIN_FILENO
            ownsDescriptor = false
            return
        }
        let opened = open(path, O_RDONLY)
        if opened < 0 {
            let code = errno
            if code == ENOENT { throw .missing(path: path) }
            throw .unreadable(path: path, reason: IOFailure.errnoText(code))
        }
        var info = stat()
        if fstat(opened, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(opened)
            throw .unreadable(path: path, reason: "is a directory")
        }
        fd = opened
        ownsDescriptor = true
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    /// The next document's bytes, or nil at the end of the stream. An empty
    /// stream yields one empty document.
    public func nextDocument() throws(IOFailure) -> [UInt8]? {
        if finished { return nil }
        while true {
            if let (end, resume) = findSeparator() {
                let document = Array(buffer[consumed..<end])
                consumed = resume
                scanned = resume
                return document
            }
            if atEOF {
                finished = true
                defer { buffer = [] }
                return Array(buffer[consumed...])
            }
            compact()
            try fill()
        }
    }

    /// Up to `count` bytes from the start of what is left, without consuming them.
    public func peek(_ count: Int = 4096) throws(IOFailure) -> ArraySlice<UInt8> {
        while buffer.count - consumed < count && !atEOF { try fill() }
        return buffer[consumed...].prefix(count)
    }

    /// Reads the whole rest of the stream as one document.
    public func readAll() throws(IOFailure) -> [UInt8] {
        compact()
        while !atEOF { try fill() }
        finished = true
        defer { buffer = [] }
        return buffer
    }

    /// Scratch space for one read(2), reused across reads.
    private var chunk = [UInt8](repeating: 0, count: DocumentReader.chunkSize)

    private func fill() throws(IOFailure) {
        var readCount = 0
        var failure: Int32 = 0
        chunk.withUnsafeMutableBytes { p in
            while true {
                let n = read(fd, p.baseAddress!, p.count)
                if n < 0 && errno == EINTR { continue }
                if n < 0 { failure = errno } else { readCount = n }
                break
            }
        }
        if failure != 0 { throw .unreadable(path: path, reason: IOFailure.errnoText(failure)) }
        if readCount == 0 {
            atEOF = true
            return
        }
        buffer.append(contentsOf: chunk[0..<readCount])
    }

    /// (end of document, start of the next) for the first separator line.
    /// Drops the handed-out bytes before reading more, so the buffer holds
    /// at most one document plus one chunk. Moving only when a document is
    /// not yet complete keeps the copying linear in the input.
    private func compact() {
        guard consumed > 0 else { return }
        buffer.removeSubrange(0..<consumed)
        scanned -= consumed
        consumed = 0
    }

    private func findSeparator() -> (Int, Int)? {
        let n = buffer.count
        return buffer.withUnsafeBufferPointer { p -> (Int, Int)? in
            guard let base = p.baseAddress else { return nil }
            var i = scanned
            while i < n {
                guard let hit = memchr(base + i, 0x0C, n - i) else { break }
                i = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                if i == consumed || p[i - 1] == 0x0A {
                    var j = i + 1
                    if j < n, p[j] == 0x0D { j += 1 }
                    if j < n, p[j] == 0x0A { return (i, j + 1) }
                    if j >= n {
                        if atEOF { return (i, n) }
                        // The separator line may end in the next chunk.
                        scanned = i
                        return nil
                    }
                }
                i += 1
            }
            scanned = n
            return nil
        }
    }
}
