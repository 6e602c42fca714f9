/// One WARC record (ISO 28500, WARC 1.0 and 1.1): its header fields and
/// its block.
///
///     while let record = try reader.next() {
///         guard record.type == "response", let http = record.httpResponse(),
///               http.isHTML else { continue }
///         clean(http.body, url: record.targetURI, charset: http.charset)
///     }
public struct WARCRecord: Sendable {
    /// The version line, e.g. `WARC/1.0` or `WARC/1.1`.
    public var version: String
    /// The header fields in the order written.
    public var headers: [HeaderField]
    /// The record block: exactly `Content-Length` bytes.
    public var block: [UInt8]
    /// Where the record starts in the file: its byte offset in a plain WARC;
    /// in a gzip WARC, the offset of the gzip member it starts in (for
    /// Common Crawl's one member per record, the record's own offset, as
    /// in its CDX index).
    public var offset: Int
    /// Where the record starts in the uncompressed stream (equal to
    /// `offset` for a plain WARC).
    public var streamOffset: Int

    public init(version: String, headers: [HeaderField], block: [UInt8], offset: Int, streamOffset: Int) {
        self.version = version
        self.headers = headers
        self.block = block
        self.offset = offset
        self.streamOffset = streamOffset
    }

    /// The value of the first header field called `name`, ignoring ASCII case.
    public func header(_ name: String) -> String? {
        headers.value(named: name)
    }

    /// `WARC-Type`: `warcinfo`, `response`, `resource`, `request`,
    /// `metadata`, `revisit`, `conversion` or `continuation`.
    public var type: String? { header("WARC-Type") }

    /// `WARC-Target-URI`, without the angle brackets WARC 1.1's examples
    /// put around it (and some writers copied).
    public var targetURI: String? {
        guard let value = header("WARC-Target-URI") else { return nil }
        if value.utf8.count >= 2, value.utf8.first == UInt8(ascii: "<"), value.utf8.last == UInt8(ascii: ">") {
            return String(value.dropFirst().dropLast())
        }
        return value
    }

    /// `WARC-Record-ID`, e.g. `<urn:uuid:…>`, as written.
    public var recordID: String? { header("WARC-Record-ID") }

    /// `WARC-Date`, an ISO 8601 UTC timestamp, as written.
    public var date: String? { header("WARC-Date") }

    /// `Content-Type` of the block, e.g. `application/http; msgtype=response`.
    public var contentType: String? { header("Content-Type") }

    /// The block as an HTTP response, for a `response` record whose block
    /// is one (nil for other record types, and for `response` records of
    /// other protocols such as DNS or FTP).
    /// - Parameter maxBodySize: limit on the decoded body (see `HTTPResponse.parse`).
    public func httpResponse(maxBodySize: Int = HTTPResponse.defaultMaxBodySize) -> HTTPResponse? {
        guard let type, HeaderBytes.equalIgnoringASCIICase(type, "response") else { return nil }
        return HTTPResponse.parse(block, maxBodySize: maxBodySize)
    }
}
