#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads WARC records one at a time from a file or a pipe, plain or gzip.
///
///     let reader = try WARCReader(path: "CC-MAIN-….warc.gz")
///     while true {
///         do {
///             guard let record = try reader.next() else { break }
///             …
///         } catch {
///             report(error)                       // one line, names file and offset
///             if !error.isRecoverable { break }   // else: read on
///         }
///     }
///
/// gzip is recognised by its magic bytes, not the file name. A gzip WARC
/// may hold one member per record (as Common Crawl writes them) or any
/// other split, including one member for the whole file.
///
/// Memory is bounded by the largest kept record plus fixed buffers, never
/// by the file: a record whose block is over `Limits.maxRecordSize` is read
/// past without being kept and reported as `WARCError.recordTooLarge`; the
/// next call returns the record after it. Between records, blank lines
/// (the CRLF CRLF that ends each record, or LF LF) are skipped; anything
/// else up to the next `WARC/` line is reported as `WARCError.garbage`.
/// A file that ends inside a record or gzip member ends with
/// `.truncated` or `.gzip`. An empty input is zero records.
public final class WARCReader {
    /// Size limits, so a hostile or broken file cannot exhaust memory.
    public struct Limits: Sendable, Equatable {
        /// Largest record block kept; bigger ones are skipped.
        public var maxRecordSize: Int
        /// Longest WARC header (version line and fields) accepted.
        public var maxHeaderSize: Int

        public static let defaultMaxRecordSize = 64 << 20
        public static let defaultMaxHeaderSize = 256 << 10

        public init(maxRecordSize: Int = Limits.defaultMaxRecordSize,
                    maxHeaderSize: Int = Limits.defaultMaxHeaderSize) {
            self.maxRecordSize = max(0, maxRecordSize)
            self.maxHeaderSize = max(64, maxHeaderSize)
        }
    }

    /// The name used in errors (the path, or whatever the caller passed).
    public let name: String
    public let limits: Limits

    private let fd: Int32
    private let ownsDescriptor: Bool
    private let input: ArchiveInput
    /// Look-ahead bytes: `buffer[start..<end]` are read and not yet used.
    private var buffer: UnsafeMutableBufferPointer<UInt8>
    private var start = 0
    private var end = 0
    /// Stream offset of `buffer[0]`.
    private var bufferStreamOffset = 0
    private var inputEnded = false
    /// File offset of the record being read, while one is.
    private var recordOffset: Int?

    private enum State {
        case betweenRecords
        /// After a record whose extent is unknown: skip to a `WARC/` line.
        case resync(atLineStart: Bool)
        /// The same, in a gzip file of one member per record: skip to the
        /// next member after the record at stream offset `after`.
        case resyncAtMember(after: Int)
        case finished
    }
    private var state = State.betweenRecords

    static let bufferSize = 128 << 10
    private static let versionPrefix: [UInt8] = Array("WARC/".utf8)

    /// Reads from an open descriptor (standard input works), which the
    /// reader does not close.
    /// - Parameter name: how errors name the input, e.g. `-` or a path.
    public convenience init(fd: Int32, name: String, limits: Limits = Limits()) {
        self.init(fd: fd, name: name, limits: limits, ownsDescriptor: false)
    }

    /// Reads `prefix` — bytes a caller already took from `fd` to look at
    /// them — and then the rest of `fd`, which the reader does not close.
    public convenience init(fd: Int32, name: String, prefix: [UInt8], limits: Limits = Limits()) {
        self.init(fd: fd, name: name, limits: limits, ownsDescriptor: false, prefix: prefix)
    }

    /// Opens `path` (`-` is standard input); the file is closed when the
    /// reader goes away.
    /// - Throws: `WARCError.io` when it cannot be opened or is a directory.
    public convenience init(path: String, limits: Limits = Limits()) throws(WARCError) {
        if path == "-" {
            self.init(fd: STDIN_FILENO, name: path, limits: limits, ownsDescriptor: false)
            return
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(name: path, code: errno) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw .io(name: path, code: EISDIR)
        }
        self.init(fd: fd, name: path, limits: limits, ownsDescriptor: true)
    }

    private init(fd: Int32, name: String, limits: Limits, ownsDescriptor: Bool, prefix: [UInt8] = []) {
        self.fd = fd
        self.name = name
        self.limits = limits
        self.ownsDescriptor = ownsDescriptor
        input = ArchiveInput(fd: fd, prefix: prefix)
        buffer = .allocate(capacity: WARCReader.bufferSize)
    }

    deinit {
        buffer.deallocate()
        if ownsDescriptor { close(fd) }
    }

    /// Whether the input is gzip; nil until the first `next()`.
    public var isCompressed: Bool? { input.isGzip }

    /// The next record, or nil at the end of the input.
    ///
    /// - Throws: a `WARCError`. When it `isRecoverable`, the bad record or
    ///   bytes were stepped over and calling `next()` again continues;
    ///   otherwise every later call returns nil.
    public func next() throws(WARCError) -> WARCRecord? {
        do throws(WARCError) {
            switch state {
            case .finished:
                return nil
            case let .resync(atLineStart):
                _ = try skipToRecordStart(atLineStart: atLineStart)
                state = .betweenRecords
            case let .resyncAtMember(after):
                try skipToNextMember(after: after)
                state = .betweenRecords
            case .betweenRecords:
                break
            }
            guard try skipBlankLines() else {
                state = .finished
                return nil
            }
            guard try atRecordStart() else {
                let offset = input.fileOffset(forStreamOffset: bufferStreamOffset + start)
                let length = try skipToRecordStart(atLineStart: false)
                throw WARCError.garbage(name: name, offset: offset, length: length)
            }
            return try readRecord()
        } catch {
            if !error.isRecoverable { state = .finished }
            throw error
        }
    }

    // MARK: - Records

    private func readRecord() throws(WARCError) -> WARCRecord {
        let streamOffset = bufferStreamOffset + start
        let offset = input.fileOffset(forStreamOffset: streamOffset)
        recordOffset = offset
        defer { recordOffset = nil }

        let headerLength = try findHeaderEnd(offset: offset, streamOffset: streamOffset)
        let p = UnsafeBufferPointer(buffer)
        let headerEnd = start + headerLength
        let versionEnd = HeaderBytes.lineEnd(p, from: start, limit: headerEnd)
        let versionLine = HeaderBytes.trimmed(p, start..<versionEnd)
        let (headers, badLine) = HeaderBytes.fields(p, versionEnd + 1..<headerEnd)
        let lengthText = headers.value(named: "Content-Length")
        let length = lengthText.flatMap(WARCReader.decimal)
        var problem: WARCError?
        if !WARCReader.isVersion(p, versionLine) {
            problem = .badHeader(name: name, offset: offset, line: excerpt(p, versionLine))
        } else if let badLine {
            problem = .badHeader(name: name, offset: offset, line: excerpt(p, badLine))
        }
        let version = HeaderBytes.string(p, versionLine)
        start = headerEnd

        guard let length else {
            resync(after: streamOffset, atLineStart: true)
            throw problem ?? .badContentLength(name: name, offset: offset, value: lengthText)
        }
        if let problem {
            // The framing is intact: step over the block and stay in step.
            try skip(length)
            throw problem
        }
        if length > limits.maxRecordSize {
            try skip(length)
            throw WARCError.recordTooLarge(name: name, offset: offset, size: length, limit: limits.maxRecordSize,
                                           type: headers.value(named: "WARC-Type"),
                                           targetURI: headers.value(named: "WARC-Target-URI"))
        }
        let block = try readBlock(length)
        return WARCRecord(version: version, headers: headers, block: block, offset: offset, streamOffset: streamOffset)
    }

    /// Arranges for the next call to find the next record after one whose
    /// end is unknown. In a gzip file written one member per record (this
    /// record began where a member began, and not at the very start) that is
    /// the next member; otherwise, the next line that starts `WARC/n`, which
    /// in the worst case lies inside the lost record's block.
    private func resync(after streamOffset: Int, atLineStart: Bool) {
        if streamOffset > 0, input.isMemberStart(streamOffset: streamOffset) {
            state = .resyncAtMember(after: streamOffset)
        } else {
            state = .resync(atLineStart: atLineStart)
        }
    }

    /// The length of the header starting at `start`, through the empty
    /// line that ends it; reads until the buffer holds it.
    private func findHeaderEnd(offset: Int, streamOffset: Int) throws(WARCError) -> Int {
        var scanned = 0
        while true {
            let p = UnsafeBufferPointer(buffer)
            var lineStart = start + scanned
            while lineStart < end {
                let lf = HeaderBytes.lineEnd(p, from: lineStart, limit: end)
                if lf == end { break }
                // An empty line (LF or CRLF) ends the header.
                if lf == lineStart || (lf == lineStart + 1 && p[lineStart] == HeaderBytes.cr) {
                    let length = lf + 1 - start
                    guard length <= limits.maxHeaderSize else {
                        start += length
                        resync(after: streamOffset, atLineStart: true)
                        throw .headerTooLarge(name: name, offset: offset, limit: limits.maxHeaderSize)
                    }
                    return length
                }
                lineStart = lf + 1
            }
            scanned = lineStart - start
            if end - start > limits.maxHeaderSize {
                start = end
                resync(after: streamOffset, atLineStart: false)
                throw .headerTooLarge(name: name, offset: offset, limit: limits.maxHeaderSize)
            }
            guard try fill() else { throw .truncated(name: name, offset: offset) }
        }
    }

    /// `WARC/` digits `.` digits.
    private static func isVersion(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        let prefix = versionPrefix
        guard range.count >= prefix.count + 3 else { return false }
        for (i, byte) in prefix.enumerated() where p[range.lowerBound + i] != byte { return false }
        var digitsBefore = 0
        var digitsAfter = 0
        var dot = false
        for i in (range.lowerBound + prefix.count)..<range.upperBound {
            let byte = p[i]
            if byte == UInt8(ascii: ".") && !dot && digitsBefore > 0 {
                dot = true
            } else if byte &- UInt8(ascii: "0") < 10 {
                if dot { digitsAfter += 1 } else { digitsBefore += 1 }
            } else {
                return false
            }
        }
        return dot && digitsAfter > 0
    }

    /// A non-negative decimal of at most 18 digits (no sign, no blanks).
    static func decimal(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 18 else { return nil }
        var value = 0
        for byte in text.utf8 {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }

    /// A bad line as text for an error message, cut to 200 bytes.
    private func excerpt(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        HeaderBytes.string(p, range.lowerBound..<min(range.upperBound, range.lowerBound + 200))
    }

    /// The next `length` bytes, from the buffer and then straight from the
    /// input into the block's storage.
    private func readBlock(_ length: Int) throws(WARCError) -> [UInt8] {
        var failure: WARCError?
        let block = [UInt8](unsafeUninitializedCapacity: length) { destination, count in
            let take = min(length, end - start)
            if take > 0 {
                destination.baseAddress!.update(from: buffer.baseAddress! + start, count: take)
            }
            start += take
            count = take
            guard count < length else { return }
            while count < length {
                do throws(ArchiveInput.Failure) {
                    let got = try input.read(into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: destination[count..<length])))
                    if got == 0 {
                        inputEnded = true
                        failure = .truncated(name: name, offset: recordOffset ?? 0)
                        return
                    }
                    count += got
                } catch {
                    failure = map(error)
                    return
                }
            }
            emptyBuffer()
        }
        if let failure { throw failure }
        return block
    }

    /// Reads past `length` bytes without keeping them.
    private func skip(_ length: Int) throws(WARCError) {
        let take = min(length, end - start)
        start += take
        var remaining = length - take
        guard remaining > 0 else { return }
        while remaining > 0 {
            let chunk = UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[0..<min(remaining, buffer.count)])
            let got = try read(into: chunk)
            if got == 0 { throw .truncated(name: name, offset: recordOffset ?? 0) }
            remaining -= got
        }
        emptyBuffer()
    }

    // MARK: - Between records

    /// Skips CR and LF bytes; false at the end of the input.
    private func skipBlankLines() throws(WARCError) -> Bool {
        while true {
            while start < end, buffer[start] == HeaderBytes.cr || buffer[start] == HeaderBytes.lf { start += 1 }
            if start < end { return true }
            guard try fill() else { return false }
        }
    }

    /// Whether the bytes at `start` begin a version line (`WARC/` and a digit).
    private func atRecordStart() throws(WARCError) -> Bool {
        let marker = WARCReader.versionPrefix
        guard try ensure(marker.count + 1) else { return false }
        for i in 0..<marker.count where buffer[start + i] != marker[i] { return false }
        return buffer[start + marker.count] &- UInt8(ascii: "0") < 10
    }

    /// Skips to the next line that begins a record, or to the end of the
    /// input; returns how many bytes were skipped.
    private func skipToRecordStart(atLineStart: Bool) throws(WARCError) -> Int {
        var skipped = 0
        var lineStart = atLineStart
        while true {
            if lineStart, try atRecordStart() { return skipped }
            if start == end {
                guard try fill() else { return skipped }
            }
            let lf = HeaderBytes.lineEnd(UnsafeBufferPointer(buffer), from: start, limit: end)
            let next = lf < end ? lf + 1 : end
            skipped += next - start
            start = next
            lineStart = lf < end
        }
    }

    // MARK: - Buffer

    /// Skips to the start of the first gzip member after stream offset
    /// `after` (or to the end of the input).
    private func skipToNextMember(after: Int) throws(WARCError) {
        while true {
            if let target = input.memberStart(after: after), target <= bufferStreamOffset + end {
                start = max(start, target - bufferStreamOffset)
                return
            }
            start = end
            guard try fill() else { return }
        }
    }

    /// Makes `count` bytes available at `start`; false if the input ends first.
    private func ensure(_ count: Int) throws(WARCError) -> Bool {
        while end - start < count {
            guard try fill() else { return false }
        }
        return true
    }

    /// Reads more input after `end`, moving or growing the buffer when it is
    /// full; false at the end of the input.
    private func fill() throws(WARCError) -> Bool {
        if inputEnded { return false }
        if start == end {
            emptyBuffer()
        } else if end == buffer.count {
            if start > 0 {
                let kept = end - start
                buffer.baseAddress!.update(from: buffer.baseAddress! + start, count: kept)
                bufferStreamOffset += start
                start = 0
                end = kept
            } else {
                // Only a long header gets here (it is held whole, up to
                // `maxHeaderSize`).
                let larger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: buffer.count * 2)
                larger.baseAddress!.initialize(from: buffer.baseAddress!, count: end)
                buffer.deallocate()
                buffer = larger
            }
        }
        let got = try read(into: UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[end...]))
        end += got
        return got > 0
    }

    /// Forgets the (used up) buffer contents: the next byte read goes to `buffer[0]`.
    private func emptyBuffer() {
        bufferStreamOffset = input.delivered
        start = 0
        end = 0
    }

    private func read(into destination: UnsafeMutableRawBufferPointer) throws(WARCError) -> Int {
        do {
            let got = try input.read(into: destination)
            if got == 0 { inputEnded = true }
            return got
        } catch {
            throw map(error)
        }
    }

    private func map(_ failure: ArchiveInput.Failure) -> WARCError {
        switch failure {
        case let .io(code):
            return .io(name: name, code: code)
        case let .setup(code):
            return .gzip(name: name, offset: input.currentFileOffset, message: "zlib could not start (error \(code))")
        case let .corrupt(offset, message):
            return .gzip(name: name, offset: offset, message: message)
        case let .truncatedMember(offset):
            if let recordOffset { return .truncated(name: name, offset: recordOffset) }
            return .gzip(name: name, offset: offset, message: "the input ends inside this gzip member")
        case let .notGzip(offset):
            return .gzip(name: name, offset: offset, message: "the bytes after the last complete gzip member are not gzip")
        }
    }
}
