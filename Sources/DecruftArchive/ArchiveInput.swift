#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZlib

/// The bytes of a file descriptor, inflated on the fly when they are gzip.
///
/// gzip is recognised by its magic bytes (1f 8b) at the start. Members
/// follow one another (Common Crawl writes one per record): after the end
/// of one, inflation restarts at the next. The start of every member is
/// remembered briefly so a position in the inflated stream can be mapped
/// back to the member's offset in the file. Memory: one input chunk plus
/// zlib's window.
final class ArchiveInput {
    /// Failures, with offsets in the file.
    enum Failure: Error {
        case io(code: Int32)
        case setup(code: Int32)
        /// zlib rejected the member starting at `offset`.
        case corrupt(offset: Int, message: String)
        /// The input ends inside the member starting at `offset`.
        case truncatedMember(offset: Int)
        /// The bytes at `offset`, after a complete member, are not gzip.
        case notGzip(offset: Int)
    }

    static let chunkSize = 256 << 10

    private let fd: Int32
    /// Raw bytes from the descriptor; `raw[rawStart..<rawEnd]` are unused.
    private let raw: UnsafeMutableRawBufferPointer
    private var rawStart = 0
    private var rawEnd = 0
    /// File offset of `raw[0]`.
    private var rawFileOffset = 0
    private var atEOF = false
    /// nil until the first bytes are seen.
    private(set) var isGzip: Bool?
    private var inflater: Inflater?
    /// Whether a gzip member has begun and not yet ended.
    private var inMember = false
    private var memberOffset = 0
    /// Whether the current member's first byte is gzip's first magic byte.
    private var memberHasMagic = true
    /// Bytes handed out so far: the stream offset of the next byte.
    private(set) var delivered = 0
    /// Bytes read from `fd` so far (not counting `prefix`), for progress.
    private(set) var descriptorBytes = 0
    private var members = MemberMap()

    /// Bytes already read from `fd` by someone else (a caller that looked
    /// at the first bytes to decide the format): they come first.
    private var prefix: [UInt8]
    private var prefixUsed = 0

    init(fd: Int32, prefix: [UInt8] = []) {
        self.fd = fd
        self.prefix = prefix
        raw = .allocate(byteCount: ArchiveInput.chunkSize, alignment: 16)
    }

    deinit {
        raw.deallocate()
    }

    /// Copies the next bytes of the (inflated) stream into `destination`
    /// and returns how many; 0 only at the end of the input.
    func read(into destination: UnsafeMutableRawBufferPointer) throws(Failure) -> Int {
        guard !destination.isEmpty else { return 0 }
        if isGzip == nil { try sniff() }
        let count = isGzip == true ? try inflate(into: destination) : try copyPlain(into: destination)
        delivered += count
        return count
    }

    /// The file offset for stream offset `position`: the same offset for a
    /// plain file, the start of the member holding `position` for gzip.
    /// Positions must be asked for in increasing order (members before the
    /// answer are forgotten).
    func fileOffset(forStreamOffset position: Int) -> Int {
        isGzip == true ? members.fileOffset(forStreamOffset: position) : position
    }

    /// Whether a gzip member starts exactly at stream offset `position`
    /// (after `fileOffset(forStreamOffset: position)` was asked).
    func isMemberStart(streamOffset position: Int) -> Bool {
        isGzip == true && members.isMemberStart(streamOffset: position)
    }

    /// The stream offset of the first member known to start after
    /// `position`, if one has been reached.
    func memberStart(after position: Int) -> Int? {
        isGzip == true ? members.start(after: position) : nil
    }

    /// The file offset of the member being inflated (the next byte's, for plain files).
    var currentFileOffset: Int {
        isGzip == true ? memberOffset : delivered
    }

    private func sniff() throws(Failure) {
        while rawEnd < 2 && !atEOF { try fillRaw() }
        let gzip = rawEnd >= 2 && raw[0] == 0x1F && raw[1] == 0x8B
        if gzip {
            do { inflater = try Inflater(format: .gzip) } catch { throw ArchiveInput.failure(error) }
        }
        isGzip = gzip
    }

    private func copyPlain(into destination: UnsafeMutableRawBufferPointer) throws(Failure) -> Int {
        if rawStart < rawEnd {
            let count = min(rawEnd - rawStart, destination.count)
            destination.baseAddress!.copyMemory(from: raw.baseAddress! + rawStart, byteCount: count)
            rawStart += count
            return count
        }
        if atEOF { return 0 }
        // NB: straight from the descriptor into the caller's buffer: a large
        // record block is read without an intermediate copy.
        let count = try readDescriptor(into: destination)
        if count == 0 { atEOF = true }
        return count
    }

    private func inflate(into destination: UnsafeMutableRawBufferPointer) throws(Failure) -> Int {
        guard let inflater else { return 0 }
        while true {
            if rawStart == rawEnd {
                if !atEOF { try fillRaw() }
                if rawStart == rawEnd {
                    if inMember { throw .truncatedMember(offset: memberOffset) }
                    return 0
                }
            }
            if !inMember {
                memberOffset = rawFileOffset + rawStart
                memberHasMagic = raw[rawStart] == 0x1F
                members.add(streamOffset: delivered, fileOffset: memberOffset)
                inMember = true
            }
            let input = UnsafeRawBufferPointer(rebasing: raw[rawStart..<rawEnd])
            let step = inflater.step(input, destination)
            rawStart += step.consumed
            switch step.code {
            case Z_STREAM_END:
                inMember = false
                do { try inflater.reset() } catch { throw ArchiveInput.failure(error) }
            case Z_OK:
                break
            case Z_BUF_ERROR where step.consumed > 0 || step.produced > 0 || rawStart == rawEnd:
                // No room or no input left: go round again.
                break
            default:
                // Bytes after a complete member that are not gzip at all
                // (zero padding, a plain WARC appended) are told apart from
                // a damaged member.
                if !memberHasMagic { throw .notGzip(offset: memberOffset) }
                throw .corrupt(offset: memberOffset, message: inflater.message)
            }
            if step.produced > 0 { return step.produced }
        }
    }

    private static func failure(_ error: ZlibError) -> Failure {
        if case let .setup(code) = error { return .setup(code: code) }
        return .setup(code: Z_STREAM_ERROR)
    }

    private func fillRaw() throws(Failure) {
        if rawStart == rawEnd {
            rawFileOffset += rawEnd
            rawStart = 0
            rawEnd = 0
        } else if rawStart > 0 {
            // Only during sniffing (fewer than 2 bytes kept): move them down.
            let kept = rawEnd - rawStart
            raw.baseAddress!.copyMemory(from: raw.baseAddress! + rawStart, byteCount: kept)
            rawFileOffset += rawStart
            rawStart = 0
            rawEnd = kept
        }
        let count = try readDescriptor(into: UnsafeMutableRawBufferPointer(rebasing: raw[rawEnd...]))
        if count == 0 { atEOF = true }
        rawEnd += count
    }

    private func readDescriptor(into buffer: UnsafeMutableRawBufferPointer) throws(Failure) -> Int {
        if prefixUsed < prefix.count {
            let count = min(prefix.count - prefixUsed, buffer.count)
            prefix.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + prefixUsed, byteCount: count) }
            prefixUsed += count
            if prefixUsed == prefix.count {
                prefix = []
                prefixUsed = 0
            }
            return count
        }
        while true {
            let count = systemRead(fd, buffer.baseAddress, buffer.count)
            if count >= 0 {
                descriptorBytes += count
                return count
            }
            if errno == EINTR { continue }
            throw .io(code: errno)
        }
    }
}

#if canImport(Glibc)
private let systemRead = Glibc.read
#elseif canImport(Darwin)
private let systemRead = Darwin.read
#endif

/// Where recent gzip members start, in the inflated stream and in the file.
///
/// Queries come in increasing stream order, so entries before the answer
/// are dropped; a cap keeps pathological files (thousands of tiny members
/// inside one record) from growing it without bound.
struct MemberMap {
    private var entries: [(stream: Int, file: Int)] = []
    private var head = 0
    static let cap = 4096

    mutating func add(streamOffset: Int, fileOffset: Int) {
        if entries.count - head >= MemberMap.cap { head += 1 }
        if head > 1024 && head * 2 > entries.count {
            entries.removeFirst(head)
            head = 0
        }
        entries.append((streamOffset, fileOffset))
    }

    func isMemberStart(streamOffset position: Int) -> Bool {
        entries[head...].contains { $0.stream == position }
    }

    func start(after position: Int) -> Int? {
        entries[head...].first { $0.stream > position }?.stream
    }

    /// The file offset of the last member that starts at or before
    /// `position` in the stream. A record that starts
    /// exactly where a member ends belongs to the next member, which starts
    /// at the same stream offset: the last such entry wins.
    mutating func fileOffset(forStreamOffset position: Int) -> Int {
        var best = head
        var i = head
        while i < entries.count, entries[i].stream <= position {
            best = i
            i += 1
        }
        guard best < entries.count else { return 0 }
        head = best
        return entries[best].file
    }
}
