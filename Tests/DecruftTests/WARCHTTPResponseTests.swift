import Testing
import DecruftArchive

@Suite("WARC HTTP responses")
struct WARCHTTPResponseTests {
    static let page = Array(htmlPage("Decoded", paragraphs: 30).utf8)

    @Test("status line, header fields in order, case-insensitive lookup, body")
    func statusAndHeaders() throws {
        let block = httpBlock("301 Moved Permanently", [("Location", "https://example.com/new"),
                                                        ("Set-Cookie", "a=1"), ("set-cookie", "b=2"),
                                                        ("X-Folded", "one\r\n\ttwo")],
                              body: Array("moved".utf8))
        let http = try #require(HTTPResponse.parse(block))
        #expect(http.version == "HTTP/1.1" && http.status == 301 && http.reason == "Moved Permanently")
        #expect(http.headers.map(\.name) == ["Location", "Set-Cookie", "set-cookie", "X-Folded"])
        #expect(http.header("LOCATION") == "https://example.com/new")
        #expect(http.header("set-cookie") == "a=1")
        #expect(http.header("x-folded") == "one two")
        #expect(http.contentType == nil && http.charset == nil && !http.isHTML)
        #expect(http.body == Array("moved".utf8) && http.bodyIssue == nil)
    }

    @Test("lenient framing: LF line ends, HTTP/2, no reason, a line without a colon, no end of header")
    func lenientFraming() throws {
        let lf = try #require(HTTPResponse.parse(Array("HTTP/2 200\nContent-Type: text/html\nbroken line\n\n<p>x</p>".utf8)))
        #expect(lf.version == "HTTP/2" && lf.status == 200 && lf.reason == "")
        #expect(lf.headers == [HeaderField(name: "Content-Type", value: "text/html")])
        #expect(lf.body == Array("<p>x</p>".utf8))

        let headOnly = try #require(HTTPResponse.parse(Array("HTTP/1.0 204 No Content\r\nServer: x\r\n".utf8)))
        #expect(headOnly.status == 204 && headOnly.header("Server") == "x" && headOnly.body.isEmpty)
    }

    @Test("not an HTTP response", arguments: [
        "", "GET / HTTP/1.1\r\n\r\n", "HTTP/1.1 20 OK\r\n\r\n", "HTTP/1.1 2000 OK\r\n\r\n", "HTTP/1.1 abc\r\n\r\n",
        "HTTP/", "software: wget\r\n", ";; ANSWER SECTION:\nexample.com. 300 IN A 93.184.216.34\n",
    ])
    func notHTTP(text: String) {
        #expect(HTTPResponse.parse(Array(text.utf8)) == nil)
    }

    @Test("Content-Type: media type lower-cased without parameters; charset unquoted as written", arguments: [
        ("text/html; charset=UTF-8", "text/html", "UTF-8"),
        ("Text/HTML;Charset=\"ISO-8859-1\"", "text/html", "ISO-8859-1"),
        ("text/html; boundary=x; charset='windows-1252' ", "text/html", "windows-1252"),
        ("application/xhtml+xml", "application/xhtml+xml", nil),
        ("text/html; charset=", "text/html", nil),
        ("  ", nil, nil),
    ] as [(String, String?, String?)])
    func contentType(value: String, type: String?, charset: String?) throws {
        let http = try #require(HTTPResponse.parse(httpBlock("200 OK", [("Content-Type", value)], body: [])))
        #expect(http.contentType == type)
        #expect(http.charset == charset)
        #expect(http.isHTML == (type == "text/html" || type == "application/xhtml+xml"))
    }

    @Test("chunked transfer coding: extensions and trailers; a cut-off body keeps the chunks received")
    func chunkedBodies() throws {
        let body = chunked(Self.page, size: 333)
        let http = try #require(HTTPResponse.parse(httpBlock("200 OK", [("Transfer-Encoding", "chunked")], body: body)))
        #expect(http.body == Self.page && http.bodyIssue == nil)

        let lfOnly = Array("5\nhello\n6;x=y\n world\n0\n\n".utf8)
        let lf = try #require(HTTPResponse.parse(httpBlock("200 OK", [("Transfer-Encoding", "Chunked")], body: lfOnly)))
        #expect(lf.body == Array("hello world".utf8) && lf.bodyIssue == nil)

        let cut = try #require(HTTPResponse.parse(httpBlock("200 OK", [("Transfer-Encoding", "chunked")],
                                                            body: Array(body[0..<1000]))))
        #expect(cut.bodyIssue == .truncatedChunks && cut.bodyIssue?.bodyIsDecoded == true)
        #expect(Self.page.starts(with: cut.body) && cut.body.count > 900)
    }

    @Test("a body that is not really chunked is left as stored")
    func badChunks() throws {
        let http = try #require(HTTPResponse.parse(httpBlock("200 OK", [("Transfer-Encoding", "chunked")], body: Self.page)))
        #expect(http.bodyIssue == .badChunks && http.bodyIssue?.bodyIsDecoded == false)
        #expect(http.body == Self.page)
        let badEnd = Array("5\r\nhelloX0\r\n\r\n".utf8)
        let second = try #require(HTTPResponse.parse(httpBlock("200 OK", [("Transfer-Encoding", "chunked")], body: badEnd)))
        #expect(second.bodyIssue == .badChunks && second.body == badEnd)
    }

    @Test("Content-Encoding gzip, x-gzip, deflate (zlib and raw), identity, and gzip inside chunked")
    func contentEncodings() throws {
        let gzip = try Gzip.compress(Self.page)
        let raw = Array(gzip[10..<(gzip.count - 8)])   // zlib's gzip header is 10 bytes, its trailer 8
        let zlib = [0x78, 0x9C] + raw + adler32(Self.page)
        for (encoding, body) in [("gzip", gzip), ("x-gzip", gzip), ("deflate", zlib), ("deflate", raw),
                                 ("Identity", Self.page), ("gzip, identity", gzip), ("GZIP", gzip)] {
            let http = try #require(HTTPResponse.parse(httpBlock("200 OK", [("Content-Encoding", encoding)], body: body)))
            #expect(http.body == Self.page, "\(encoding)")
            #expect(http.bodyIssue == nil, "\(encoding)")
        }
        let both = try #require(HTTPResponse.parse(httpBlock("200 OK", [("Transfer-Encoding", "chunked"),
                                                                        ("Content-Encoding", "gzip")],
                                                             body: chunked(gzip, size: 100))))
        #expect(both.body == Self.page && both.bodyIssue == nil)
        let transfer = try #require(HTTPResponse.parse(httpBlock("200 OK", [("Transfer-Encoding", "gzip, chunked")],
                                                                 body: chunked(gzip, size: 100))))
        #expect(transfer.body == Self.page && transfer.bodyIssue == nil)
        let twice = try #require(HTTPResponse.parse(httpBlock("200 OK", [("Content-Encoding", "gzip, gzip")],
                                                              body: try Gzip.compress(gzip))))
        #expect(twice.body == Self.page && twice.bodyIssue == nil)
    }

    @Test("decoding failures are reported in bodyIssue, with the body as far as it was decoded")
    func decodingFailures() throws {
        let gzip = try Gzip.compress(Self.page)
        func parse(_ encoding: String, _ body: [UInt8], max: Int = HTTPResponse.defaultMaxBodySize) throws -> HTTPResponse {
            try #require(HTTPResponse.parse(httpBlock("200 OK", [("Content-Encoding", encoding)], body: body), maxBodySize: max))
        }
        let cut = try parse("gzip", Array(gzip.prefix(gzip.count / 2)))
        #expect(cut.bodyIssue == .truncatedEncoding("gzip") && cut.bodyIssue?.bodyIsDecoded == true)
        #expect(Self.page.starts(with: cut.body) && !cut.body.isEmpty)

        let corrupt = try parse("gzip", Array(htmlPage("Already decoded").utf8))
        guard case let .badEncoding(coding, message)? = corrupt.bodyIssue else {
            Issue.record("expected .badEncoding, got \(String(describing: corrupt.bodyIssue))")
            return
        }
        #expect(coding == "gzip" && !message.isEmpty)
        #expect(corrupt.body == Array(htmlPage("Already decoded").utf8))

        let brotli = try parse("br", [1, 2, 3])
        #expect(brotli.bodyIssue == .unsupportedEncoding("br") && brotli.body == [1, 2, 3])

        let bomb = try parse("gzip", try Gzip.compress([UInt8](repeating: 0x41, count: 1 << 20)), max: 100_000)
        #expect(bomb.bodyIssue == .tooLarge("gzip", limit: 100_000) && bomb.body.count < 10_000)

        // Nothing to decode in an empty body (redirects, 304s).
        let empty = try parse("gzip", [])
        #expect(empty.bodyIssue == nil && empty.body.isEmpty)
        // Bytes after a complete gzip stream are ignored, as browsers do.
        let trailing = try parse("gzip", gzip + Array("\r\n".utf8))
        #expect(trailing.body == Self.page && trailing.bodyIssue == nil)
    }

    @Test("issue descriptions")
    func descriptions() {
        #expect(BodyIssue.unsupportedEncoding("br").description == "content coding br is not supported; left encoded")
        #expect(BodyIssue.truncatedChunks.description == "chunked body ends before its last chunk")
    }

    /// zlib's Adler-32 checksum, big-endian, as a zlib stream ends with it.
    private func adler32(_ bytes: [UInt8]) -> [UInt8] {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        let sum = b << 16 | a
        return [UInt8(sum >> 24), UInt8(sum >> 16 & 0xFF), UInt8(sum >> 8 & 0xFF), UInt8(sum & 0xFF)]
    }
}
