/// An HTTP/1.x response as a WARC `response` record stores it: status
/// line, header fields, and the body with its transfer and content
/// encodings undone.
///
///     if let http = HTTPResponse.parse(record.block), http.status == 200, http.isHTML {
///         clean(http.body, charset: http.charset)
///     }
///
/// Decoding never throws: when it cannot be completed, `body` holds the
/// bytes as far as they could be decoded and `bodyIssue` says what went
/// wrong (see `BodyIssue` for what `body` then holds).
public struct HTTPResponse: Sendable {
    /// The protocol of the status line, e.g. `HTTP/1.1`.
    public var version: String
    /// The status code, e.g. 200 or 404.
    public var status: Int
    /// The reason phrase, e.g. `OK` (may be empty).
    public var reason: String
    /// The header fields in the order written.
    public var headers: [HeaderField]
    /// The payload: de-chunked and decompressed (see `bodyIssue`).
    public var body: [UInt8]
    /// Why `body` is not the fully decoded payload; nil when it is.
    public var bodyIssue: BodyIssue?

    /// Upper bound on a decompressed body unless the caller gives one
    /// (a guard against decompression bombs).
    public static let defaultMaxBodySize = 64 << 20

    public init(version: String, status: Int, reason: String, headers: [HeaderField],
                body: [UInt8], bodyIssue: BodyIssue? = nil) {
        self.version = version
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
        self.bodyIssue = bodyIssue
    }

    /// The value of the first header field called `name`, ignoring ASCII case.
    public func header(_ name: String) -> String? {
        headers.value(named: name)
    }

    /// The media type of `Content-Type`, lower-cased, without parameters
    /// (`text/html`); nil when the header is missing or empty.
    public var contentType: String? {
        header("Content-Type").flatMap { MediaType($0)?.type }
    }

    /// The `charset` parameter of `Content-Type`, unquoted, as written
    /// (e.g. `ISO-8859-1`); nil when there is none.
    public var charset: String? {
        header("Content-Type").flatMap { MediaType($0)?.charset }
    }

    /// Whether the body is declared as HTML (`text/html` or `application/xhtml+xml`).
    public var isHTML: Bool {
        contentType == "text/html" || contentType == "application/xhtml+xml"
    }

    /// Parses an HTTP response (`HTTP/…` status line, header, body) and
    /// decodes its body: `Transfer-Encoding: chunked` is undone, then each
    /// `Content-Encoding` (`gzip`, `x-gzip`, `deflate`, `identity`), last
    /// applied first.
    ///
    /// Lenient like a browser: LF line ends, folded fields and lines
    /// without a colon (skipped) are accepted; a header with no end is all
    /// header and an empty body. `Content-Length` is not applied: the body
    /// is the rest of the block.
    /// - Parameter maxBodySize: largest decompressed body; past it the body
    ///   stays compressed and `bodyIssue` is `.tooLarge`.
    /// - Returns: nil when `block` does not start with an HTTP status line.
    public static func parse(_ block: [UInt8], maxBodySize: Int = HTTPResponse.defaultMaxBodySize) -> HTTPResponse? {
        guard var response = block.withUnsafeBufferPointer({ parseHead($0) }) else { return nil }
        response.decodeBody(maxBodySize: maxBodySize)
        return response
    }

    /// The status line and header; `body` is everything after the header.
    private static func parseHead(_ p: UnsafeBufferPointer<UInt8>) -> HTTPResponse? {
        let prefix: [UInt8] = Array("HTTP/".utf8)
        guard p.count > prefix.count, prefix.indices.allSatisfy({ p[$0] == prefix[$0] }) else { return nil }
        let statusEnd = HeaderBytes.lineEnd(p, from: 0, limit: p.count)
        let statusLine = HeaderBytes.trimmed(p, 0..<statusEnd)
        // "HTTP/1.1 200 OK": version, a blank, three digits, a blank, reason.
        var i = statusLine.lowerBound
        while i < statusLine.upperBound, !HeaderBytes.isBlank(p[i]) { i += 1 }
        let version = HeaderBytes.string(p, statusLine.lowerBound..<i)
        while i < statusLine.upperBound, HeaderBytes.isBlank(p[i]) { i += 1 }
        var status = 0
        var digits = 0
        while i < statusLine.upperBound, p[i] &- UInt8(ascii: "0") < 10, digits < 4 {
            status = status * 10 + Int(p[i] &- UInt8(ascii: "0"))
            digits += 1
            i += 1
        }
        guard digits == 3, i == statusLine.upperBound || HeaderBytes.isBlank(p[i]) else { return nil }
        let reason = HeaderBytes.string(p, HeaderBytes.trimmed(p, i..<statusLine.upperBound))

        // The header ends at the first empty line.
        var lineStart = min(statusEnd + 1, p.count)
        var headerEnd = p.count
        var bodyStart = p.count
        while lineStart < p.count {
            let lf = HeaderBytes.lineEnd(p, from: lineStart, limit: p.count)
            if lf == lineStart || (lf == lineStart + 1 && p[lineStart] == HeaderBytes.cr) {
                headerEnd = lineStart
                bodyStart = min(lf + 1, p.count)
                break
            }
            lineStart = lf + 1
        }
        let headers = HeaderBytes.fields(p, min(statusEnd + 1, headerEnd)..<headerEnd).fields
        return HTTPResponse(version: version, status: status, reason: reason, headers: headers,
                            body: Array(p[bodyStart...]))
    }

    /// Undoes the transfer codings, then the content codings, each list
    /// last applied first.
    private mutating func decodeBody(maxBodySize: Int) {
        var transfer = header("Transfer-Encoding").map(HTTPResponse.tokens) ?? []
        if transfer.last == "chunked" {
            transfer.removeLast()
            switch Chunked.decode(body) {
            case let .complete(bytes):
                body = bytes
            case let .truncated(bytes):
                body = bytes
                note(.truncatedChunks)
            case .malformed:
                note(.badChunks)
            }
        }
        // A transfer coding under `chunked` (rare: "gzip, chunked") was
        // applied after the content codings, so it is undone first.
        let encodings = (header("Content-Encoding").map(HTTPResponse.tokens) ?? []) + transfer
        // NB: an empty body (a redirect, a 304) has nothing to decompress.
        guard !body.isEmpty else { return }
        for encoding in encodings.reversed() {
            switch encoding {
            case "identity", "":
                continue
            case "gzip", "x-gzip", "deflate":
                let result = ContentDecoder.decode(body, encoding: encoding, limit: maxBodySize)
                switch result {
                case let .decoded(bytes):
                    body = bytes
                case let .truncated(bytes):
                    body = bytes
                    note(.truncatedEncoding(encoding))
                case let .failed(issue):
                    note(issue)
                    return
                }
            default:
                note(.unsupportedEncoding(encoding))
                return
            }
        }
    }

    /// Records `issue` unless an earlier one already explains the body:
    /// a later step that leaves the body undecoded wins over a partial one.
    private mutating func note(_ issue: BodyIssue) {
        if bodyIssue == nil || !issue.bodyIsDecoded { bodyIssue = issue }
    }

    /// The comma-separated tokens of a field, trimmed and lower-cased.
    static func tokens(_ value: String) -> [String] {
        value.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map { part in
            String(decoding: HeaderBytes.trimmed(part).map(HeaderBytes.lower), as: UTF8.self)
        }
    }
}

/// Why an HTTP body could not be fully decoded, and what `body` holds then.
public enum BodyIssue: Sendable, Equatable, CustomStringConvertible {
    /// The chunked body ends before its last (zero-size) chunk, e.g. a
    /// capture cut short: `body` holds the chunks received, de-chunked.
    case truncatedChunks
    /// The chunk sizes are unreadable (often a writer that de-chunked the
    /// body but kept the header): `body` is the bytes as stored.
    case badChunks
    /// The compressed body ends early: `body` holds what the complete part
    /// decompressed to.
    case truncatedEncoding(String)
    /// The compressed body is corrupt (zlib's message): `body` is still
    /// encoded (it may also be a body a writer already decompressed).
    case badEncoding(String, message: String)
    /// A content coding this reader does not decode (`br`, `zstd`,
    /// `compress`): `body` is still encoded.
    case unsupportedEncoding(String)
    /// Decompressing would go past the size limit: `body` is still encoded.
    case tooLarge(String, limit: Int)

    /// Whether `body` holds decoded payload (perhaps only its beginning)
    /// rather than bytes that are still encoded.
    public var bodyIsDecoded: Bool {
        switch self {
        case .truncatedChunks, .truncatedEncoding: return true
        case .badChunks, .badEncoding, .unsupportedEncoding, .tooLarge: return false
        }
    }

    public var description: String {
        switch self {
        case .truncatedChunks: return "chunked body ends before its last chunk"
        case .badChunks: return "chunked body has unreadable chunk sizes; left as stored"
        case let .truncatedEncoding(coding): return "\(coding) body ends early; kept what decompressed"
        case let .badEncoding(coding, message): return "\(coding) body is corrupt (\(message)); left encoded"
        case let .unsupportedEncoding(coding): return "content coding \(coding) is not supported; left encoded"
        case let .tooLarge(coding, limit): return "\(coding) body decompresses to more than \(limit) bytes; left encoded"
        }
    }
}

/// The parts of a `Content-Type` value decruft uses.
struct MediaType {
    /// `type/subtype`, lower-cased.
    var type: String
    var charset: String?

    init?(_ value: String) {
        let parts = value.utf8.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false)
        guard let first = parts.first else { return nil }
        let type = HeaderBytes.trimmed(first)
        guard !type.isEmpty else { return nil }
        self.type = String(decoding: type.map(HeaderBytes.lower), as: UTF8.self)
        for parameter in parts.dropFirst() {
            guard let eq = parameter.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let name = HeaderBytes.trimmed(parameter[..<eq])
            guard name.count == 7, String(decoding: name.map(HeaderBytes.lower), as: UTF8.self) == "charset" else { continue }
            var raw = HeaderBytes.trimmed(parameter[parameter.index(after: eq)...])
            if raw.count >= 2, let quote = raw.first, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'"),
               raw.last == quote {
                raw = raw.dropFirst().dropLast()
            }
            let charset = String(decoding: HeaderBytes.trimmed(raw), as: UTF8.self)
            if !charset.isEmpty {
                self.charset = charset
                break
            }
        }
    }
}
