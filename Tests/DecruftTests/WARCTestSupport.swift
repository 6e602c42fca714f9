import Foundation
import Testing
import DecruftArchive

/// A WARC record to write in a test: header fields (besides
/// `Content-Length`, which is added) and a block.
struct FixtureRecord {
    var version = "WARC/1.0"
    var fields: [(String, String)]
    var block: [UInt8]
    /// Line end of the header lines and of the record's end.
    var newline = "\r\n"
    /// Overrides the `Content-Length` value written (nil: omitted when
    /// `omitLength`, else the true length).
    var contentLength: String?
    var omitLength = false

    init(type: String, uri: String? = nil, id: Int, contentType: String? = nil,
         extra: [(String, String)] = [], block: [UInt8]) {
        var fields: [(String, String)] = [("WARC-Type", type)]
        fields.append(("WARC-Date", "2024-05-0\(id % 10)T12:00:00Z"))
        fields.append(("WARC-Record-ID", "<urn:uuid:00000000-0000-0000-0000-\(String(repeating: "0", count: 12 - String(id).count))\(id)>"))
        if let uri { fields.append(("WARC-Target-URI", uri)) }
        if let contentType { fields.append(("Content-Type", contentType)) }
        self.fields = fields + extra
        self.block = block
    }

    var recordID: String { fields.first { $0.0 == "WARC-Record-ID" }!.1 }
    var type: String { fields.first { $0.0 == "WARC-Type" }!.1 }

    /// The record as written: version line, fields, blank line, block, and
    /// the two line ends that close a record.
    var bytes: [UInt8] {
        var head = version + newline
        for (name, value) in fields { head += "\(name): \(value)\(newline)" }
        if !omitLength { head += "Content-Length: \(contentLength ?? String(block.count))\(newline)" }
        head += newline
        return Array(head.utf8) + block + Array((newline + newline).utf8)
    }
}

/// An HTTP response block: status line, fields, blank line, body.
func httpBlock(_ status: String, _ fields: [(String, String)], body: [UInt8], newline: String = "\r\n") -> [UInt8] {
    var head = "HTTP/1.1 \(status)\(newline)"
    for (name, value) in fields { head += "\(name): \(value)\(newline)" }
    head += newline
    return Array(head.utf8) + body
}

/// `bytes` in chunked transfer coding, cut into pieces of `size` bytes
/// (with a chunk extension on the first, and a trailer field).
func chunked(_ bytes: [UInt8], size: Int) -> [UInt8] {
    var out: [UInt8] = []
    var first = true
    for start in stride(from: 0, to: bytes.count, by: size) {
        let piece = bytes[start..<min(start + size, bytes.count)]
        out += Array((String(piece.count, radix: 16) + (first ? ";name=value" : "") + "\r\n").utf8)
        out += piece
        out += Array("\r\n".utf8)
        first = false
    }
    out += Array("0\r\nX-Trailer: yes\r\n\r\n".utf8)
    return out
}

/// A page of HTML, about `paragraphs` × 120 bytes.
func htmlPage(_ title: String, paragraphs: Int = 3) -> String {
    var html = "<!DOCTYPE html>\n<html><head><title>\(title)</title></head><body>\n<h1>\(title)</h1>\n"
    for i in 0..<paragraphs {
        html += "<p>Paragraph \(i) of \(title): the council met on Tuesday and agreed the new budget after a long debate.</p>\n"
    }
    return html + "</body></html>\n"
}

/// The records every reading test uses: a warcinfo record, a request, six
/// responses (UTF-8 HTML, ISO-8859-1 HTML, chunked, gzip-encoded, 404, a
/// PNG), a metadata record and a WARC/1.1 resource with `<…>` around its URI.
enum WARCFixture {
    static let gzipPage = htmlPage("Compressed", paragraphs: 40)
    static let chunkedPage = htmlPage("Chunked", paragraphs: 20)
    /// A page whose text holds a line that looks like a WARC version line.
    static let plainPage = htmlPage("Plain") + "WARC/1.0\r\n\r\n<p>not a record</p>\n"
    /// "Café crème" and more in ISO-8859-1.
    static let latin1Body: [UInt8] = Array("<html><head><title>Caf".utf8) + [0xE9]
        + Array(" cr".utf8) + [0xE8] + Array("me</title></head><body><p>D".utf8) + [0xE9]
        + Array("j".utf8) + [0xE0] + Array(" vu.</p></body></html>\n".utf8)
    /// PNG signature, then bytes that include CRLF CRLF and "WARC/1.0".
    static let pngBody: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        + Array("\r\n\r\nWARC/1.0\r\n".utf8) + (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 37) }

    static func records() throws -> [FixtureRecord] {
        let info = FixtureRecord(type: "warcinfo", id: 1, contentType: "application/warc-fields",
                                 extra: [("WARC-Filename", "test.warc.gz")],
                                 block: Array("software: decruft-tests\r\nformat: WARC File Format 1.0\r\n".utf8))
        let request = FixtureRecord(type: "request", uri: "https://example.com/plain", id: 2,
                                    contentType: "application/http; msgtype=request",
                                    block: Array("GET /plain HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n".utf8))
        let plain = response(3, "https://example.com/plain",
                             httpBlock("200 OK", [("Content-Type", "text/html; charset=UTF-8"),
                                                  ("Server", "test")], body: Array(plainPage.utf8)))
        let latin1 = response(4, "https://example.fr/cafe",
                              httpBlock("200 OK", [("content-type", "Text/HTML; Charset=\"ISO-8859-1\"")],
                                        body: latin1Body))
        let chunkedRecord = response(5, "https://example.com/chunked",
                                     httpBlock("200 OK", [("Content-Type", "text/html"),
                                                          ("Transfer-Encoding", "chunked")],
                                               body: chunked(Array(chunkedPage.utf8), size: 700)))
        let gzipRecord = response(6, "https://example.com/gzip",
                                  httpBlock("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                                       ("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")],
                                            body: try Gzip.compress(Array(gzipPage.utf8))))
        let missing = response(7, "https://example.com/missing",
                               httpBlock("404 Not Found", [("Content-Type", "text/html")],
                                         body: Array(htmlPage("Not found", paragraphs: 1).utf8)))
        let png = response(8, "https://example.com/logo.png",
                           httpBlock("200 OK", [("Content-Type", "image/png")], body: pngBody))
        let metadata = FixtureRecord(type: "metadata", uri: "https://example.com/plain", id: 9,
                                     contentType: "application/warc-fields",
                                     extra: [("WARC-Concurrent-To", request.recordID)],
                                     block: Array("fetchTimeMs: 120\r\nlanguages-cld2: {\"en\": 98}\r\n".utf8))
        var resource = FixtureRecord(type: "resource", uri: "<https://example.org/notes.txt>", id: 10,
                                     contentType: "text/plain", block: Array("Notes.\n".utf8))
        resource.version = "WARC/1.1"
        return [info, request, plain, latin1, chunkedRecord, gzipRecord, missing, png, metadata, resource]
    }

    static func response(_ id: Int, _ uri: String, _ block: [UInt8]) -> FixtureRecord {
        FixtureRecord(type: "response", uri: uri, id: id, contentType: "application/http; msgtype=response",
                      extra: [("WARC-Payload-Digest", "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")], block: block)
    }

    /// The records as a plain WARC, and each record's offset.
    static func plain(_ records: [FixtureRecord]) -> (bytes: [UInt8], offsets: [Int]) {
        var bytes: [UInt8] = []
        var offsets: [Int] = []
        for record in records {
            offsets.append(bytes.count)
            bytes += record.bytes
        }
        return (bytes, offsets)
    }

    /// The records as a gzip WARC with one member per record (as Common
    /// Crawl writes them), and each member's offset.
    static func gzipMembers(_ records: [FixtureRecord]) throws -> (bytes: [UInt8], offsets: [Int]) {
        var bytes: [UInt8] = []
        var offsets: [Int] = []
        for record in records {
            offsets.append(bytes.count)
            bytes += try Gzip.compress(record.bytes)
        }
        return (bytes, offsets)
    }
}

/// Every record and error `reader` gives, to the end; stops after an error
/// that is not recoverable (and checks that the reader then stays ended).
func readAll(_ reader: WARCReader) -> (records: [WARCRecord], errors: [WARCError], events: [String]) {
    var records: [WARCRecord] = []
    var errors: [WARCError] = []
    var events: [String] = []
    while true {
        do {
            guard let record = try reader.next() else { break }
            records.append(record)
            events.append("record \(record.recordID ?? "?")")
        } catch {
            errors.append(error)
            events.append("error \(error)")
            if !error.isRecoverable {
                #expect((try? reader.next()) == nil, "a reader stays ended after \(error)")
                break
            }
        }
        #expect(events.count < 10_000, "reader does not stop")
        if events.count >= 10_000 { break }
    }
    return (records, errors, events)
}

/// Writes `bytes` to a temporary file and reads it back from its
/// descriptor; errors name the input `test.warc`.
func readFile(_ bytes: [UInt8], limits: WARCReader.Limits = WARCReader.Limits())
    throws -> (records: [WARCRecord], errors: [WARCError], events: [String]) {
    let directory = try TempDirectory()
    let path = try directory.file("test.warc", bytes)
    let fd = open(path, O_RDONLY)
    try #require(fd >= 0)
    defer { close(fd) }
    return readAll(WARCReader(fd: fd, name: "test.warc", limits: limits))
}

/// Feeds `bytes` through a pipe, `piece` bytes per write from another
/// thread, and reads them from the pipe's descriptor as from standard input.
func readPipe(_ bytes: [UInt8], piece: Int = 4093, limits: WARCReader.Limits = WARCReader.Limits())
    -> (records: [WARCRecord], errors: [WARCError], events: [String]) {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else {
        Issue.record("pipe() failed")
        return ([], [], [])
    }
    let writeEnd = fds[1]
    let writer = Thread {
        var offset = 0
        while offset < bytes.count {
            let count = min(piece, bytes.count - offset)
            let written = bytes[offset..<offset + count].withUnsafeBytes { write(writeEnd, $0.baseAddress, count) }
            if written <= 0 { break }
            offset += written
        }
        close(writeEnd)
    }
    writer.start()
    defer { close(fds[0]) }
    return readAll(WARCReader(fd: fds[0], name: "-", limits: limits))
}
