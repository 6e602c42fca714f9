import CZlib

/// Failures of zlib compression and decompression.
public enum ZlibError: Error, Sendable, Equatable, CustomStringConvertible {
    /// zlib could not set up a stream (out of memory, or a header/library
    /// mismatch); `code` is zlib's return code.
    case setup(code: Int32)
    /// The compressed data is not valid; `message` is zlib's own.
    case corrupt(message: String)
    /// The input ends inside a compressed stream.
    case truncated
    /// The decompressed output would be larger than `limit` bytes.
    case tooLarge(limit: Int)

    public var description: String {
        switch self {
        case let .setup(code): return "zlib could not start (error \(code))"
        case let .corrupt(message): return "corrupt compressed data: \(message)"
        case .truncated: return "compressed data ends early"
        case let .tooLarge(limit): return "decompressed data is larger than \(limit) bytes"
        }
    }
}

/// gzip compression and decompression of whole byte arrays.
///
///     let packed = try Gzip.compress(Array("hello".utf8))
///     try Gzip.decompress(packed)   // the bytes of "hello"
///
/// For reading a gzip WARC as a stream, use `WARCReader`, which inflates
/// as it goes.
public enum Gzip {
    /// Upper bound on `decompress`'s output unless the caller gives one.
    public static let defaultLimit = 1 << 30

    /// `bytes` as one gzip member (RFC 1952).
    /// - Parameter level: zlib's compression level, 0 (store) to 9 (smallest);
    ///   -1 is zlib's default (6).
    /// - Throws: `ZlibError.setup` when zlib cannot allocate its state.
    public static func compress(_ bytes: [UInt8], level: Int32 = -1) throws(ZlibError) -> [UInt8] {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        // NB: windowBits 15 + 16 asks zlib for the gzip wrapper.
        let setup = decruft_deflate_init2(stream, level, 15 + 16)
        guard setup == Z_OK else { throw .setup(code: setup) }
        defer { deflateEnd(stream) }
        let capacity = Int(deflateBound(stream, uLong(bytes.count)))
        var code: Int32 = Z_OK
        let output = [UInt8](unsafeUninitializedCapacity: capacity) { out, count in
            bytes.withUnsafeBufferPointer { input in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.pointee.avail_in = uInt(input.count)
                stream.pointee.next_out = out.baseAddress
                stream.pointee.avail_out = uInt(capacity)
                code = deflate(stream, Z_FINISH)
            }
            count = capacity - Int(stream.pointee.avail_out)
        }
        // deflateBound guarantees room for a single Z_FINISH call.
        guard code == Z_STREAM_END else { throw .corrupt(message: Inflater.message(stream, code)) }
        return output
    }

    /// The bytes inside gzip data: every member of a multi-member file, in order.
    /// - Throws: `ZlibError.corrupt` for bad data (including bytes after the
    ///   last member that do not start another), `.truncated` when the data
    ///   ends inside a member, `.tooLarge` past `limit` output bytes.
    public static func decompress(_ bytes: [UInt8], limit: Int = Gzip.defaultLimit) throws(ZlibError) -> [UInt8] {
        let result = try Inflater.inflateAll(bytes, format: .gzip, limit: limit, trailingData: .reject)
        if result.truncated { throw .truncated }
        return result.bytes
    }
}

/// One zlib inflate stream.
///
/// zlib keeps a pointer back to its `z_stream` and checks it on every call,
/// so the struct lives at a fixed heap address for the stream's lifetime.
final class Inflater {
    enum Format {
        /// gzip members only (RFC 1952).
        case gzip
        /// A gzip member or a zlib stream (RFC 1950), told apart by zlib.
        case gzipOrZlib
        /// Raw deflate data (RFC 1951), as some servers send for `deflate`.
        case raw

        var windowBits: Int32 {
            switch self {
            case .gzip: return 15 + 16
            case .gzipOrZlib: return 15 + 32
            case .raw: return -15
            }
        }
    }

    /// The outcome of one `inflate` call.
    struct Step {
        var consumed: Int
        var produced: Int
        /// zlib's return code (`Z_OK`, `Z_STREAM_END`, `Z_BUF_ERROR`, an error).
        var code: Int32
    }

    let stream: UnsafeMutablePointer<z_stream>
    let format: Format

    init(format: Format) throws(ZlibError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let code = decruft_inflate_init2(stream, format.windowBits)
        guard code == Z_OK else {
            stream.deallocate()
            throw .setup(code: code)
        }
        self.format = format
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Starts a new stream (the next gzip member) with the same settings.
    func reset() throws(ZlibError) {
        let code = inflateReset(stream)
        guard code == Z_OK else { throw .setup(code: code) }
    }

    /// Inflates from `input` into `output` (which must not be empty).
    func step(_ input: UnsafeRawBufferPointer, _ output: UnsafeMutableRawBufferPointer) -> Step {
        let inCount = min(input.count, Int(UInt32.max))
        let outCount = min(output.count, Int(UInt32.max))
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(inCount)
        stream.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(outCount)
        let code = inflate(stream, Z_NO_FLUSH)
        let step = Step(consumed: inCount - Int(stream.pointee.avail_in),
                        produced: outCount - Int(stream.pointee.avail_out), code: code)
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        return step
    }

    /// zlib's message for the last error, or a generic one.
    var message: String { Inflater.message(stream, Z_DATA_ERROR) }

    static func message(_ stream: UnsafeMutablePointer<z_stream>, _ code: Int32) -> String {
        if let text = stream.pointee.msg { return String(cString: text) }
        switch code {
        case Z_MEM_ERROR: return "out of memory"
        case Z_NEED_DICT: return "a preset dictionary is needed"
        case Z_BUF_ERROR: return "no progress possible"
        default: return "zlib error \(code)"
        }
    }

    /// What to do with bytes after a complete stream that do not start a
    /// new gzip member.
    enum TrailingData {
        case reject
        case ignore
    }

    /// Inflated bytes; `truncated` when the input ended inside a stream
    /// (the bytes are then what the complete part inflated to).
    struct Output {
        var bytes: [UInt8]
        var truncated: Bool
    }

    /// Inflates all of `input`, following concatenated gzip members.
    static func inflateAll(_ input: [UInt8], format: Format, limit: Int,
                           trailingData: TrailingData) throws(ZlibError) -> Output {
        let inflater = try Inflater(format: format)
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, max(4096, input.count.multipliedReportingOverflow(by: 4).partialValue)))
        var scratch = [UInt8](repeating: 0, count: 64 << 10)
        var position = 0
        var inStream = true
        while true {
            if !inStream {
                // Another gzip member follows only if its magic bytes do.
                let rest = input.count - position
                if rest == 0 { return Output(bytes: output, truncated: false) }
                let magic = rest >= 2 && input[position] == 0x1F && input[position + 1] == 0x8B
                guard magic, format != .raw else {
                    if trailingData == .ignore { return Output(bytes: output, truncated: false) }
                    throw .corrupt(message: "\(rest) bytes after the end of the compressed data")
                }
                try inflater.reset()
                inStream = true
            }
            let step = input.withUnsafeBytes { all in
                scratch.withUnsafeMutableBytes { out in
                    inflater.step(UnsafeRawBufferPointer(rebasing: all[position...]), out)
                }
            }
            position += step.consumed
            if step.produced > 0 {
                guard output.count + step.produced <= limit else { throw .tooLarge(limit: limit) }
                output.append(contentsOf: scratch[0..<step.produced])
            }
            switch step.code {
            case Z_STREAM_END:
                inStream = false
            case Z_OK:
                continue
            case Z_BUF_ERROR:
                // No progress: all input is used and the stream is not done.
                return Output(bytes: output, truncated: true)
            default:
                throw .corrupt(message: message(inflater.stream, step.code))
            }
        }
    }
}
