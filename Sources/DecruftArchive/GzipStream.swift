import CZlib

/// The inflated bytes of a gzip file descriptor, for readers of whole
/// documents and lines (a `.html.gz`, a `.jsonl.gz`); WARC files have
/// `WARCReader`, which also maps records back to their members.
///
///     let stream = GzipStream(fd: fd, prefix: alreadyRead)
///     let count = try stream.read(into: buffer)   // 0 at the end
///
/// Members follow one another as in `gzip -c a b`. Bytes after the last
/// complete member that do not start another (zero padding) are ignored,
/// as `gunzip` does. Memory: one input chunk plus zlib's window.
public final class GzipStream {
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// Reading the descriptor failed with `errno` `code`.
        case io(code: Int32)
        /// The compressed data is damaged or ends early.
        case data(String)

        public var description: String {
            switch self {
            case let .io(code): return "read error \(code)"
            case let .data(message): return message
            }
        }
    }

    private let input: ArchiveInput

    /// Reads `prefix` (bytes a caller already took from `fd` to look at the
    /// start), then the rest of `fd`. `prefix` must start with the gzip
    /// magic bytes.
    public init(fd: Int32, prefix: [UInt8]) {
        input = ArchiveInput(fd: fd, prefix: prefix)
    }

    /// Compressed bytes read from the descriptor so far (without `prefix`).
    public var compressedBytesRead: Int { input.descriptorBytes }

    /// Copies the next inflated bytes into `destination`; 0 only at the end.
    public func read(into destination: UnsafeMutableRawBufferPointer) throws(Failure) -> Int {
        do {
            return try input.read(into: destination)
        } catch {
            switch error {
            case let .io(code): throw .io(code: code)
            case .setup: throw .data("zlib could not start")
            case let .corrupt(offset, message): throw .data("corrupt gzip data at byte \(offset): \(message)")
            case .truncatedMember: throw .data("the gzip data ends early (a truncated file?)")
            case .notGzip: return 0
            }
        }
    }
}

extension Gzip {
    /// Whether `bytes` start with gzip's magic bytes, 1f 8b.
    public static func hasMagic<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        bytes.starts(with: [0x1F, 0x8B])
    }

    /// The first bytes (up to `count`) that `compressed`, the start of gzip
    /// data, inflates to: as many as those bytes give, for looking at what
    /// a file holds before reading it. Empty when they are not gzip.
    ///
    ///     Gzip.inflatedPrefix(firstKilobytes).starts(with: Array("WARC/".utf8))
    public static func inflatedPrefix(_ compressed: ArraySlice<UInt8>, count: Int = 4096) -> [UInt8] {
        guard count > 0, hasMagic(compressed), let inflater = try? Inflater(format: .gzip) else { return [] }
        let input = Array(compressed)
        var output = [UInt8](repeating: 0, count: count)
        var position = 0
        var produced = 0
        while produced < count && position < input.count {
            let step = input.withUnsafeBytes { all in
                output.withUnsafeMutableBytes { out in
                    inflater.step(UnsafeRawBufferPointer(rebasing: all[position...]),
                                  UnsafeMutableRawBufferPointer(rebasing: out[produced...]))
                }
            }
            position += step.consumed
            produced += step.produced
            if step.code == Z_STREAM_END {
                // An empty or short first member: the next one goes on.
                guard hasMagic(input[position...]), (try? inflater.reset()) != nil else { break }
                continue
            }
            // Z_BUF_ERROR: these bytes are used up; anything else is damage.
            guard step.code == Z_OK, step.consumed > 0 || step.produced > 0 else { break }
        }
        return Array(output[0..<produced])
    }
}
