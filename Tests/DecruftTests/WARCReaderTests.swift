import Foundation
import Testing
import DecruftArchive

@Suite("WARC reader")
struct WARCReaderTests {
    // MARK: - Reading whole files

    @Test("a plain WARC: every record's fields, block and offset")
    func plainFile() throws {
        let fixture = try WARCFixture.records()
        let (bytes, offsets) = WARCFixture.plain(fixture)
        let result = try readFile(bytes)
        #expect(result.errors.isEmpty, "\(result.events)")
        check(result.records, against: fixture, offsets: offsets, streamOffsets: offsets)
        checkPayloads(result.records)
    }

    @Test("a gzip WARC with one member per record: member offsets, uncompressed stream offsets")
    func gzipMembers() throws {
        let fixture = try WARCFixture.records()
        let (bytes, offsets) = try WARCFixture.gzipMembers(fixture)
        #expect(bytes.starts(with: [0x1F, 0x8B]))
        let result = try readFile(bytes)
        #expect(result.errors.isEmpty, "\(result.events)")
        check(result.records, against: fixture, offsets: offsets, streamOffsets: WARCFixture.plain(fixture).offsets)
        checkPayloads(result.records)
    }

    @Test("a gzip WARC in one member (gzip of the whole file) reads the same")
    func gzipSingleMember() throws {
        let fixture = try WARCFixture.records()
        let plain = WARCFixture.plain(fixture)
        let result = try readFile(try Gzip.compress(plain.bytes))
        #expect(result.errors.isEmpty, "\(result.events)")
        check(result.records, against: fixture, offsets: fixture.map { _ in 0 }, streamOffsets: plain.offsets)
    }

    @Test("through a pipe, as from standard input, in small and single-byte writes", arguments: [1, 7, 4093])
    func pipe(piece: Int) throws {
        let fixture = try WARCFixture.records()
        let plain = WARCFixture.plain(fixture)
        let gzip = try WARCFixture.gzipMembers(fixture)
        let fromPlain = readPipe(plain.bytes, piece: piece)
        #expect(fromPlain.errors.isEmpty, "\(fromPlain.events)")
        check(fromPlain.records, against: fixture, offsets: plain.offsets, streamOffsets: plain.offsets)
        let fromGzip = readPipe(gzip.bytes, piece: piece)
        #expect(fromGzip.errors.isEmpty, "\(fromGzip.events)")
        check(fromGzip.records, against: fixture, offsets: gzip.offsets, streamOffsets: plain.offsets)
        checkPayloads(fromGzip.records)
    }

    @Test("opening by path; a missing file or a directory is an io error")
    func openByPath() throws {
        let directory = try TempDirectory()
        let fixture = try WARCFixture.records()
        let path = try directory.file("a.warc.gz", try WARCFixture.gzipMembers(fixture).bytes)
        let reader = try WARCReader(path: path)
        #expect(reader.isCompressed == nil)
        let result = readAll(reader)
        #expect(result.records.count == fixture.count && result.errors.isEmpty)
        #expect(reader.isCompressed == true)
        #expect(reader.name == path)

        let missing = directory.url.appendingPathComponent("missing.warc").path
        #expect(throws: WARCError.io(name: missing, code: ENOENT)) { try WARCReader(path: missing) }
        #expect(throws: WARCError.io(name: directory.url.path, code: EISDIR)) { try WARCReader(path: directory.url.path) }
    }

    @Test("empty input, or only blank lines, is zero records and no error")
    func emptyInput() throws {
        for bytes in [[], Array("\r\n\r\n".utf8), Array("\n".utf8)] as [[UInt8]] {
            let fromFile = try readFile(bytes)
            #expect(fromFile.records.isEmpty && fromFile.errors.isEmpty, "\(fromFile.events)")
            let fromPipe = readPipe(bytes)
            #expect(fromPipe.records.isEmpty && fromPipe.errors.isEmpty, "\(fromPipe.events)")
        }
        // An empty gzip member holds no records either.
        let empty = try readFile(try Gzip.compress([]))
        #expect(empty.records.isEmpty && empty.errors.isEmpty, "\(empty.events)")
    }

    @Test("LF line ends, and records without the closing line ends, are tolerated")
    func lenientLineEnds() throws {
        var fixture = try WARCFixture.records()
        for i in fixture.indices { fixture[i].newline = "\n" }
        let lf = try readFile(WARCFixture.plain(fixture).bytes)
        #expect(lf.errors.isEmpty, "\(lf.events)")
        #expect(lf.records.map(\.block) == fixture.map(\.block))
        #expect(lf.records[2].header("WARC-Target-URI") == "https://example.com/plain")

        // Records back to back, without CRLF CRLF between them.
        let fixtureCRLF = try WARCFixture.records()
        let bare = fixtureCRLF.flatMap { Array($0.bytes.dropLast(4)) }
        let result = try readFile(bare)
        #expect(result.errors.isEmpty, "\(result.events)")
        #expect(result.records.map(\.block) == fixtureCRLF.map(\.block))
    }

    @Test("header lines: order and spelling kept, lookup ignores case, folded values joined")
    func headerFields() throws {
        var record = FixtureRecord(type: "resource", uri: "https://example.com/x", id: 1, contentType: "text/plain",
                                   extra: [("X-Folded", "first part\r\n  second part"), ("x-empty", "")],
                                   block: Array("x".utf8))
        record.version = "WARC/1.1"
        let result = try readFile(record.bytes)
        let read = try #require(result.records.first)
        #expect(read.version == "WARC/1.1")
        #expect(read.headers.map(\.name) == ["WARC-Type", "WARC-Date", "WARC-Record-ID", "WARC-Target-URI",
                                             "Content-Type", "X-Folded", "x-empty", "Content-Length"])
        #expect(read.header("x-folded") == "first part second part")
        #expect(read.header("X-EMPTY") == "")
        #expect(read.header("content-length") == "1")
        #expect(read.header("WARC-Refers-To") == nil)
        #expect(read.contentType == "text/plain")
    }

    // MARK: - Damaged input

    @Test("a truncated plain file ends with .truncated at the cut record")
    func truncatedRecord() throws {
        let fixture = try WARCFixture.records()
        let (bytes, offsets) = WARCFixture.plain(fixture)
        // Inside the block of record 4, and inside the header of record 6.
        for (cut, record) in [(offsets[4] + 300, 4), (offsets[6] + 30, 6)] {
            let result = try readFile(Array(bytes[0..<cut]))
            #expect(result.records.count == record)
            #expect(result.errors == [.truncated(name: "test.warc", offset: offsets[record])])
        }
    }

    @Test("a truncated gzip file: cut inside a record, or only its member's trailer")
    func truncatedGzip() throws {
        let fixture = try WARCFixture.records()
        let (bytes, offsets) = try WARCFixture.gzipMembers(fixture)
        let insideRecord = try readFile(Array(bytes[0..<(offsets[5] + offsets[6]) / 2]))
        #expect(insideRecord.records.count == 5)
        #expect(insideRecord.errors == [.truncated(name: "test.warc", offset: offsets[5])])

        // All of the last record inflates, but its member's CRC and size are missing.
        let last = offsets[fixture.count - 1]
        let noTrailer = try readFile(Array(bytes.dropLast(8)))
        #expect(noTrailer.records.count == fixture.count)
        #expect(noTrailer.errors == [.gzip(name: "test.warc", offset: last, message: "the input ends inside this gzip member")])

        let fromPipe = readPipe(Array(bytes[0..<(offsets[5] + offsets[6]) / 2]), piece: 1000)
        #expect(fromPipe.records.count == 5)
        #expect(fromPipe.errors == [.truncated(name: "-", offset: offsets[5])])
    }

    @Test("corrupt gzip data is a .gzip error at its member; the reader stops")
    func corruptGzip() throws {
        let fixture = try WARCFixture.records()
        var (bytes, offsets) = try WARCFixture.gzipMembers(fixture)
        for i in (offsets[3] + 20)..<(offsets[3] + 40) { bytes[i] ^= 0x5A }
        let result = try readFile(bytes)
        #expect(result.records.count == 3)
        #expect(result.errors.count == 1)
        guard case let .gzip(_, offset, message)? = result.errors.first else {
            Issue.record("expected a gzip error, got \(result.events)")
            return
        }
        #expect(offset == offsets[3])
        #expect(!message.isEmpty)
    }

    @Test("bytes after the last gzip member that are not gzip are reported where they start")
    func trailingNonGzip() throws {
        let fixture = try WARCFixture.records()
        let (bytes, _) = try WARCFixture.gzipMembers(fixture)
        let result = try readFile(bytes + [0, 0, 0, 0, 0, 0, 0, 0])
        #expect(result.records.count == fixture.count)
        #expect(result.errors == [.gzip(name: "test.warc", offset: bytes.count,
                                        message: "the bytes after the last complete gzip member are not gzip")])
    }

    @Test("a bad or missing Content-Length is reported and the next record is read")
    func badContentLength() throws {
        var fixture = try WARCFixture.records()
        fixture[3].contentLength = "12x"
        fixture[6].omitLength = true
        for (bytes, offsets) in [WARCFixture.plain(fixture), try WARCFixture.gzipMembers(fixture)] {
            let result = try readFile(bytes)
            #expect(result.errors == [.badContentLength(name: "test.warc", offset: offsets[3], value: "12x"),
                                      .badContentLength(name: "test.warc", offset: offsets[6], value: nil)])
            #expect(result.records.map(\.recordID) == fixture.enumerated().filter { ![3, 6].contains($0.offset) }
                .map(\.element.recordID))
        }
    }

    @Test("after a record of unknown length, a gzip file resumes at the next member, a plain one at a WARC/ line")
    func resyncAfterUnknownLength() throws {
        var fixture = try WARCFixture.records()
        // Record 2's page holds a line "WARC/1.0" in its block.
        fixture[2].contentLength = "-1"
        let expectedIDs = fixture.enumerated().filter { $0.offset != 2 }.map(\.element.recordID)
        let gzip = try WARCFixture.gzipMembers(fixture)
        let fromGzip = try readFile(gzip.bytes)
        #expect(fromGzip.errors == [.badContentLength(name: "test.warc", offset: gzip.offsets[2], value: "-1")])
        #expect(fromGzip.records.map(\.recordID) == expectedIDs)

        // A plain file can only look for the next version line, and the
        // page's false one is reported too before the reader is back in step.
        let plain = WARCFixture.plain(fixture)
        let fromPlain = try readFile(plain.bytes)
        #expect(fromPlain.errors.first == .badContentLength(name: "test.warc", offset: plain.offsets[2], value: "-1"))
        #expect(fromPlain.errors.count == 2)
        #expect(fromPlain.records.map(\.recordID) == expectedIDs)
    }

    @Test("a record over the size limit is skipped and reported; the reader stays in step", arguments: [false, true])
    func oversizedRecord(gzip: Bool) throws {
        var fixture = try WARCFixture.records()
        let big = WARCFixture.response(20, "https://example.com/big",
                                       httpBlock("200 OK", [("Content-Type", "text/html")],
                                                 body: Array(htmlPage("Big", paragraphs: 300).utf8)))
        fixture.insert(big, at: 4)
        let limits = WARCReader.Limits(maxRecordSize: 20_000)
        #expect(big.block.count > 20_000 && fixture.allSatisfy { $0.block.count <= 20_000 || $0.recordID == big.recordID })
        let (bytes, offsets) = gzip ? try WARCFixture.gzipMembers(fixture) : WARCFixture.plain(fixture)
        let expected = WARCError.recordTooLarge(name: "test.warc", offset: offsets[4], size: big.block.count,
                                                limit: 20_000, type: "response", targetURI: "https://example.com/big")
        for result in [try readFile(bytes, limits: limits), readPipe(bytes, limits: limits)] {
            let errors = result.errors.map { $0.renamed("test.warc") }
            #expect(errors == [expected])
            #expect(result.events[4] == "error \(result.errors[0])")
            var kept = fixture
            kept.remove(at: 4)
            check(result.records, against: kept, offsets: offsets.enumerated().filter { $0.offset != 4 }.map(\.element),
                  streamOffsets: nil)
        }
        #expect(expected.isRecoverable)
        #expect(expected.description.contains("record skipped"))
    }

    @Test("bytes between records that are not a record are reported with their offset and length")
    func garbageBetweenRecords() throws {
        let fixture = try WARCFixture.records()
        let junk = Array("this is not a record\r\nnor is WARC/1.0 here\r\n".utf8)
        var bytes: [UInt8] = []
        var junkOffset = 0
        for (i, record) in fixture.enumerated() {
            if i == 3 {
                junkOffset = bytes.count
                bytes += junk
            }
            bytes += record.bytes
        }
        bytes += Array("trailing\n".utf8)
        let result = try readFile(bytes)
        #expect(result.records.count == fixture.count)
        #expect(result.errors == [.garbage(name: "test.warc", offset: junkOffset, length: junk.count),
                                  .garbage(name: "test.warc", offset: bytes.count - 9, length: 9)])
        #expect(result.events[3].hasPrefix("error "))
    }

    @Test("input that is not a WARC at all is one .garbage error")
    func notAWARC() throws {
        let result = try readFile(Array("<html><body>hello</body></html>\n".utf8))
        #expect(result.records.isEmpty)
        #expect(result.errors == [.garbage(name: "test.warc", offset: 0, length: 32)])
        let version = try readFile(Array("WARC/x.y\r\n\r\n".utf8))
        #expect(version.errors == [.garbage(name: "test.warc", offset: 0, length: 12)])
    }

    @Test("a bad header line or version is reported; the reader finds the next record")
    func badHeader() throws {
        let fixture = try WARCFixture.records()
        var bytes: [UInt8] = []
        var offsets: [Int] = []
        for (i, record) in fixture.enumerated() {
            offsets.append(bytes.count)
            let versionLine = Array("WARC/1.0\r\n".utf8)
            switch i {
            case 2: bytes += versionLine + Array("a line without a colon\r\n".utf8) + record.bytes.dropFirst(versionLine.count)
            case 5: bytes += Array("WARC/1.0 extra\r\n".utf8) + record.bytes.dropFirst(versionLine.count)
            default: bytes += record.bytes
            }
        }
        let result = try readFile(bytes)
        #expect(result.errors == [.badHeader(name: "test.warc", offset: offsets[2], line: "a line without a colon"),
                                  .badHeader(name: "test.warc", offset: offsets[5], line: "WARC/1.0 extra")])
        #expect(result.records.map(\.recordID) == fixture.enumerated().filter { ![2, 5].contains($0.offset) }
            .map(\.element.recordID))
    }

    @Test("a header longer than the limit is reported; the reader finds the next record")
    func headerTooLarge() throws {
        var fixture = try WARCFixture.records()
        fixture[1].fields.append(("X-Long", String(repeating: "abcdefgh", count: 100)))
        let (bytes, offsets) = WARCFixture.plain(fixture)
        let result = try readFile(bytes, limits: WARCReader.Limits(maxHeaderSize: 500))
        #expect(result.errors == [.headerTooLarge(name: "test.warc", offset: offsets[1], limit: 500)])
        #expect(result.records.count == fixture.count - 1)
    }

    // MARK: - Large and many records

    @Test("blocks larger than every buffer, plain and gzip, from a file and a pipe")
    func largeBlocks() throws {
        var random = SplitMix64(seed: 7)
        let payload = (0..<3_000_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let text = Array(String(repeating: "WARC/1.0\r\nwarc readers read records. ", count: 40_000).utf8)
        let fixture = [
            FixtureRecord(type: "resource", uri: "https://example.com/bin", id: 1, block: payload),
            FixtureRecord(type: "resource", uri: "https://example.com/small", id: 2, block: Array("x".utf8)),
            FixtureRecord(type: "resource", uri: "https://example.com/text", id: 3, block: text),
        ]
        let plain = WARCFixture.plain(fixture)
        let gzip = try WARCFixture.gzipMembers(fixture)
        for result in [try readFile(plain.bytes), try readFile(gzip.bytes),
                       readPipe(plain.bytes, piece: 65_536), readPipe(gzip.bytes, piece: 10_000)] {
            #expect(result.errors.isEmpty, "\(result.events)")
            #expect(result.records.count == 3)
            #expect(result.records.map(\.block) == fixture.map(\.block))
        }
    }

    @Test("thousands of small gzip members through a pipe")
    func manyMembers() throws {
        let fixture = (0..<3000).map { i in
            WARCFixture.response(i, "https://example.com/\(i)",
                                 httpBlock("200 OK", [("Content-Type", "text/html")], body: Array("<p>\(i)</p>".utf8)))
        }
        let gzip = try WARCFixture.gzipMembers(fixture)
        let result = readPipe(gzip.bytes, piece: 8192)
        #expect(result.errors.isEmpty)
        #expect(result.records.map(\.offset) == gzip.offsets)
        #expect(result.records.last?.httpResponse()?.body == Array("<p>2999</p>".utf8))
    }

    // MARK: - Errors and gzip helpers

    @Test("error messages name the input and the offset")
    func errorDescriptions() {
        #expect(WARCError.truncated(name: "a.warc.gz", offset: 120).description
            == "a.warc.gz: offset 120: truncated: the input ends inside this record")
        #expect(WARCError.garbage(name: "-", offset: 5, length: 3).description
            == "-: offset 5: 3 bytes that are not a WARC record, skipped")
        #expect(WARCError.recordTooLarge(name: "x", offset: 0, size: 10, limit: 5, type: "response",
                                         targetURI: "https://a/").description
            == "x: offset 0: record skipped: block of 10 bytes is over the limit of 5 (response https://a/)")
        #expect(WARCError.io(name: "x", code: ENOENT).description.hasPrefix("x: cannot read: "))
        #expect(!WARCError.truncated(name: "x", offset: 0).isRecoverable)
        #expect(WARCError.garbage(name: "x", offset: 7, length: 1).offset == 7)
    }

    @Test("Gzip.compress and decompress round-trip, across members, with limits")
    func gzipHelpers() throws {
        let text = Array(String(repeating: "gzip members follow each other. ", count: 1000).utf8)
        let packed = try Gzip.compress(text, level: 9)
        #expect(packed.count < text.count / 10)
        #expect(try Gzip.decompress(packed) == text)
        #expect(try Gzip.decompress(packed + (try Gzip.compress(Array("tail".utf8)))) == text + Array("tail".utf8))
        #expect(try Gzip.decompress(try Gzip.compress([])) == [])
        #expect(throws: ZlibError.tooLarge(limit: 100)) { try Gzip.decompress(packed, limit: 100) }
        #expect(throws: ZlibError.truncated) { try Gzip.decompress(Array(packed.dropLast(4))) }
        #expect(throws: ZlibError.truncated) { try Gzip.decompress([]) }
        #expect(throws: ZlibError.corrupt(message: "3 bytes after the end of the compressed data")) {
            try Gzip.decompress(packed + [1, 2, 3])
        }
        #expect(throws: ZlibError.self) { try Gzip.decompress(Array("not gzip".utf8)) }
    }

    // MARK: - Helpers

    /// Checks every record against what was written.
    private func check(_ records: [WARCRecord], against fixture: [FixtureRecord], offsets: [Int], streamOffsets: [Int]?,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(records.count == fixture.count, sourceLocation: sourceLocation)
        for (read, written) in zip(records, fixture) {
            #expect(read.version == written.version, sourceLocation: sourceLocation)
            let fields = written.fields.map { HeaderField(name: $0.0, value: $0.1) }
                + [HeaderField(name: "Content-Length", value: String(written.block.count))]
            #expect(read.headers == fields, sourceLocation: sourceLocation)
            #expect(read.block == written.block, "block of \(written.recordID)", sourceLocation: sourceLocation)
            #expect(read.type == written.type, sourceLocation: sourceLocation)
            #expect(read.recordID == written.recordID, sourceLocation: sourceLocation)
            #expect(read.date == written.fields.first { $0.0 == "WARC-Date" }?.1, sourceLocation: sourceLocation)
        }
        #expect(records.map(\.offset) == offsets, "offsets", sourceLocation: sourceLocation)
        if let streamOffsets {
            #expect(records.map(\.streamOffset) == streamOffsets, "stream offsets", sourceLocation: sourceLocation)
        }
        if records.count == 10, fixture.count == 10 {
            #expect(records[9].targetURI == "https://example.org/notes.txt", "WARC 1.1 <…> removed",
                    sourceLocation: sourceLocation)
            #expect(records[9].header("WARC-Target-URI") == "<https://example.org/notes.txt>",
                    sourceLocation: sourceLocation)
        }
    }

    /// Checks the HTTP payloads of the fixture's records.
    private func checkPayloads(_ records: [WARCRecord], sourceLocation: SourceLocation = #_sourceLocation) {
        guard records.count == 10 else {
            Issue.record("expected the 10 fixture records", sourceLocation: sourceLocation)
            return
        }
        // Only response records are HTTP responses.
        #expect(records[0].httpResponse() == nil && records[1].httpResponse() == nil
                && records[8].httpResponse() == nil && records[9].httpResponse() == nil, sourceLocation: sourceLocation)
        let responses = records[2...7].compactMap { $0.httpResponse() }
        #expect(responses.count == 6, sourceLocation: sourceLocation)
        guard responses.count == 6 else { return }
        #expect(responses.allSatisfy { $0.bodyIssue == nil }, sourceLocation: sourceLocation)

        let plain = responses[0]
        #expect(plain.status == 200 && plain.reason == "OK" && plain.version == "HTTP/1.1", sourceLocation: sourceLocation)
        #expect(plain.contentType == "text/html" && plain.charset == "UTF-8" && plain.isHTML, sourceLocation: sourceLocation)
        #expect(plain.header("server") == "test", sourceLocation: sourceLocation)
        #expect(plain.body == Array(WARCFixture.plainPage.utf8), sourceLocation: sourceLocation)

        let latin1 = responses[1]
        #expect(latin1.contentType == "text/html" && latin1.charset == "ISO-8859-1", sourceLocation: sourceLocation)
        #expect(latin1.body == WARCFixture.latin1Body, sourceLocation: sourceLocation)

        #expect(responses[2].body == Array(WARCFixture.chunkedPage.utf8), "chunked", sourceLocation: sourceLocation)
        #expect(responses[3].body == Array(WARCFixture.gzipPage.utf8), "gzip", sourceLocation: sourceLocation)
        #expect(responses[3].charset == "utf-8", sourceLocation: sourceLocation)
        #expect(responses[4].status == 404 && responses[4].reason == "Not Found" && responses[4].isHTML,
                sourceLocation: sourceLocation)
        #expect(responses[5].contentType == "image/png" && !responses[5].isHTML, sourceLocation: sourceLocation)
        #expect(responses[5].body == WARCFixture.pngBody, sourceLocation: sourceLocation)

        // What a batch run cleans: response records with an HTML payload.
        let html = records.filter { $0.httpResponse()?.isHTML == true }.compactMap(\.targetURI)
        #expect(html == ["https://example.com/plain", "https://example.fr/cafe", "https://example.com/chunked",
                         "https://example.com/gzip", "https://example.com/missing"], sourceLocation: sourceLocation)
    }
}

extension WARCError {
    /// The same error naming another input (to compare a pipe's `-` with a file).
    func renamed(_ name: String) -> WARCError {
        switch self {
        case let .io(_, code): return .io(name: name, code: code)
        case let .gzip(_, offset, message): return .gzip(name: name, offset: offset, message: message)
        case let .truncated(_, offset): return .truncated(name: name, offset: offset)
        case let .badHeader(_, offset, line): return .badHeader(name: name, offset: offset, line: line)
        case let .badContentLength(_, offset, value): return .badContentLength(name: name, offset: offset, value: value)
        case let .headerTooLarge(_, offset, limit): return .headerTooLarge(name: name, offset: offset, limit: limit)
        case let .recordTooLarge(_, offset, size, limit, type, uri):
            return .recordTooLarge(name: name, offset: offset, size: size, limit: limit, type: type, targetURI: uri)
        case let .garbage(_, offset, length): return .garbage(name: name, offset: offset, length: length)
        }
    }
}
