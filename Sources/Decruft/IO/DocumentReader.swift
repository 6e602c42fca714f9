import DecruftArchive

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
///
/// After `inflateGzip`, the bytes handed out are the gzip-decompressed rest
/// of the stream.
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
    /// Set by `inflateGzip`: the decompressed stream that `fill` reads.
    private var gzip: GzipStream?
    /// A document (or the rest read by `readAll`) larger than this is an
    /// error instead of growing the buffer without end: set for inputs
    /// that are decompressed or converted whole (a gzip bomb, UTF-16).
    public var maxDocumentBytes: Int?

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

    /// A reader over bytes already in memory (e.g. text converted from
    /// UTF-16); `bytesRead` starts at `bytesRead`, the count of the bytes
    /// they were made from, so progress goes on from there.
    public init(bytes: [UInt8], path: String, bytesRead: Int = 0) {
        self.path = path
        fd = -1
        ownsDescriptor = false
        buffer = bytes
        atEOF = true
        self.bytesRead = bytesRead
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    /// From here on, hands out the gzip-decompressed rest of the stream
    /// (which must start with the gzip magic bytes, see `peek`); documents
    /// and `readAll` are limited to `maxDocumentBytes` of decompressed data.
    /// `bytesRead` goes on counting compressed bytes.
    public func inflateGzip(maxDocumentBytes: Int) {
        let compressed = takeUnconsumed()
        gzip = GzipStream(fd: fd, prefix: compressed)
        atEOF = false
        finished = false
        self.maxDocumentBytes = maxDocumentBytes
    }

    /// Whether the stream is being decompressed (`inflateGzip`).
    public var isInflating: Bool { gzip != nil }

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
            try checkDocumentSize(buffer.count - consumed)
            compact()
            try fill()
        }
    }

    /// Throws when a document has grown past `maxDocumentBytes`.
    private func checkDocumentSize(_ count: Int) throws(IOFailure) {
        guard let limit = maxDocumentBytes, count > limit else { return }
        let what = gzip == nil ? "a document is" : "a document decompresses to"
        throw .badData(path: path, reason: "\(what) more than \(limit >> 20) MB (--max-record-mb)")
    }

    /// One line of a line-oriented stream (JSON Lines).
    public enum Line {
        /// The line's bytes without its LF (or CRLF).
        case line([UInt8])
        /// A line longer than the limit: its bytes were read and dropped
        /// (memory stays bounded); `length` counts them.
        case tooLong(length: Int)
    }

    /// The next line, or nil at the end of the stream. A last line without
    /// a final LF is still a line; an empty stream has no lines.
    public func nextLine(maxBytes: Int) throws(IOFailure) -> Line? {
        var dropped = 0
        while true {
            if let end = findNewline() {
                var stop = end
                if stop > consumed, buffer[stop - 1] == 0x0D { stop -= 1 }
                defer {
                    consumed = end + 1
                    scanned = consumed
                }
                if dropped > 0 { return .tooLong(length: dropped + end - consumed) }
                return .line(Array(buffer[consumed..<stop]))
            }
            if atEOF {
                finished = true
                guard consumed < buffer.count || dropped > 0 else { return nil }
                defer {
                    buffer = []
                    consumed = 0
                    scanned = 0
                }
                if dropped > 0 { return .tooLong(length: dropped + buffer.count - consumed) }
                var stop = buffer.count
                if buffer[stop - 1] == 0x0D { stop -= 1 }
                return .line(Array(buffer[consumed..<stop]))
            }
            if buffer.count - consumed > maxBytes {
                // Too long to keep: count it and keep reading to its end.
                dropped += buffer.count - consumed
                buffer.removeAll(keepingCapacity: true)
                consumed = 0
                scanned = 0
            }
            compact()
            try fill()
        }
    }

    /// The index of the next LF at or after `scanned`, if it is in the buffer.
    private func findNewline() -> Int? {
        let n = buffer.count
        return buffer.withUnsafeBufferPointer { p -> Int? in
            guard let base = p.baseAddress, scanned < n else { return nil }
            guard let hit = memchr(base + scanned, 0x0A, n - scanned) else {
                scanned = n
                return nil
            }
            return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
        }
    }

    /// Bytes read from the file so far (for progress).
    public private(set) var bytesRead = 0

    /// The file's size when it is a regular file (for progress), else nil.
    public var fileSize: Int? {
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// The underlying descriptor, for readers that take over the stream
    /// after `peek` (with `unconsumed` first).
    public var descriptor: Int32 { fd }

    /// Bytes buffered but not handed out yet (what `peek` saw).
    public func takeUnconsumed() -> [UInt8] {
        defer {
            buffer = []
            consumed = 0
            scanned = 0
        }
        return Array(buffer[consumed...])
    }

    /// Whether the stream has been read to its end.
    public var reachedEnd: Bool { atEOF }

    /// Up to `count` bytes from the start of what is left, without consuming them.
    public func peek(_ count: Int = 4096) throws(IOFailure) -> ArraySlice<UInt8> {
        while buffer.count - consumed < count && !atEOF { try fill() }
        return buffer[consumed...].prefix(count)
    }

    /// Reads the whole rest of the stream as one document.
    public func readAll() throws(IOFailure) -> [UInt8] {
        compact()
        while !atEOF {
            try checkDocumentSize(buffer.count)
            try fill()
        }
        try checkDocumentSize(buffer.count)
        finished = true
        defer { buffer = [] }
        return buffer
    }

    /// Scratch space for one read(2), reused across reads.
    private var chunk = [UInt8](repeating: 0, count: DocumentReader.chunkSize)

    private func fill() throws(IOFailure) {
        if let gzip {
            try fillInflated(gzip)
            return
        }
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
        bytesRead += readCount
        buffer.append(contentsOf: chunk[0..<readCount])
    }

    private func fillInflated(_ gzip: GzipStream) throws(IOFailure) {
        let before = gzip.compressedBytesRead
        let outcome = chunk.withUnsafeMutableBytes { p in Result { () throws(GzipStream.Failure) in try gzip.read(into: p) } }
        let readCount: Int
        switch outcome {
        case let .success(count): readCount = count
        case let .failure(.io(code)): throw .unreadable(path: path, reason: IOFailure.errnoText(code))
        case let .failure(.data(message)): throw .badData(path: path, reason: message)
        }
        bytesRead += gzip.compressedBytesRead - before
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
