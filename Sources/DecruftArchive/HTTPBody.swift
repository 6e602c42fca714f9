
/// `Transfer-Encoding: chunked` (RFC 9112 §7.1): hex size lines, each
/// followed by that many bytes and a line end, up to a zero-size chunk.
enum Chunked {
    enum Result {
        case complete([UInt8])
        /// The data ends before the zero-size chunk: the chunks received.
        case truncated([UInt8])
        /// A size line is not hexadecimal, or a chunk is not followed by a line end.
        case malformed
    }

    /// Longest chunk size accepted, in hex digits (well past any real body).
    static let maxSizeDigits = 15

    static func decode(_ body: [UInt8]) -> Result {
        body.withUnsafeBufferPointer { p in
            var output: [UInt8] = []
            output.reserveCapacity(p.count)
            var i = 0
            while true {
                // Size line: hex digits, then optional blanks and ";extensions".
                guard i < p.count else { return .truncated(output) }
                var size = 0
                var digits = 0
                while i < p.count, let digit = hexValue(p[i]) {
                    guard digits < maxSizeDigits else { return .malformed }
                    size = size << 4 | digit
                    digits += 1
                    i += 1
                }
                if digits == 0 { return i == p.count ? .truncated(output) : .malformed }
                let lf = HeaderBytes.lineEnd(p, from: i, limit: p.count)
                if i < lf, p[i] != UInt8(ascii: ";"), !HeaderBytes.isBlank(p[i]), p[i] != HeaderBytes.cr {
                    return .malformed
                }
                guard lf < p.count else { return .truncated(output) }
                i = lf + 1
                if size == 0 { return .complete(output) }   // trailer fields ignored
                let available = min(size, p.count - i)
                output.append(contentsOf: UnsafeBufferPointer(rebasing: p[i..<i + available]))
                i += available
                guard available == size else { return .truncated(output) }
                // The chunk's line end.
                if i < p.count, p[i] == HeaderBytes.cr { i += 1 }
                guard i < p.count else { return .truncated(output) }
                guard p[i] == HeaderBytes.lf else { return .malformed }
                i += 1
            }
        }
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}

/// `Content-Encoding: gzip | x-gzip | deflate` through zlib.
enum ContentDecoder {
    enum Result {
        case decoded([UInt8])
        /// The compressed data ends early: what the complete part gave.
        case truncated([UInt8])
        case failed(BodyIssue)
    }

    /// Decodes `body`. `deflate` means a zlib stream (RFC 9110 §8.4.1.2),
    /// but many servers send raw deflate data, so that is tried second;
    /// zlib tells gzip and zlib headers apart by itself.
    static func decode(_ body: [UInt8], encoding: String, limit: Int) -> Result {
        var formats: [Inflater.Format] = [.gzipOrZlib]
        if encoding == "deflate" { formats.append(.raw) }
        var firstError: ZlibError?
        for format in formats {
            do {
                // NB: bytes after a complete stream are ignored, as browsers do.
                let output = try Inflater.inflateAll(body, format: format, limit: limit, trailingData: .ignore)
                return output.truncated ? .truncated(output.bytes) : .decoded(output.bytes)
            } catch {
                if case let .tooLarge(limit) = error { return .failed(.tooLarge(encoding, limit: limit)) }
                if firstError == nil { firstError = error }
            }
        }
        switch firstError {
        case let .corrupt(message)?:
            return .failed(.badEncoding(encoding, message: message))
        case let error?:
            return .failed(.badEncoding(encoding, message: error.description))
        case nil:
            return .failed(.badEncoding(encoding, message: "no data"))
        }
    }
}
