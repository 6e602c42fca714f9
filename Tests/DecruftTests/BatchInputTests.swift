import DecruftArchive
import Foundation
import Testing

/// WARC archives and feeds through the real binary.
struct BatchInputTests {
    func temporaryFile(_ name: String, _ bytes: [UInt8]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("decruft-in-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    func records(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    // MARK: - WARC

    @Test func gzipWARCBecomesOneRecordPerHTMLResponse() throws {
        let warc = try WARCFixture.gzipMembers(try WARCFixture.records()).bytes
        let file = try temporaryFile("crawl.warc.gz", warc)
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        // A .warc.gz name makes JSON Lines the default output.
        let run = try Binary.run([file.path])
        #expect(run.status == 0, "\(run.stderr)")
        let out = try records(run.stdout)
        #expect(out.map { ($0["metadata"] as? [String: Any])?["url"] as? String } == [
            "https://example.com/plain", "https://example.fr/cafe", "https://example.com/chunked", "https://example.com/gzip",
        ])
        #expect(out.map { $0["id"] as? String } == (3...6).map { "<urn:uuid:00000000-0000-0000-0000-00000000000\($0)>" })
        #expect(out.allSatisfy { $0["source"] as? String == file.path })
        // The HTTP charset decodes the ISO-8859-1 page; chunked and gzip bodies are decoded.
        #expect((out[1]["text"] as? String)?.contains("Déjà vu.") == true)
        #expect((out[2]["text"] as? String)?.contains("Paragraph 19 of Chunked") == true)
        #expect((out[3]["text"] as? String)?.contains("Paragraph 39 of Compressed") == true)
        #expect((out[0]["metadata"] as? [String: Any])?["warc_date"] as? String == "2024-05-03T12:00:00Z")
        // Everything else is counted as skipped, by reason.
        #expect(run.stderr.contains("10 records in, 4 out, 0 errors, 6 skipped"), "\(run.stderr)")
        #expect(run.stderr.contains("http-status 1"))
        #expect(run.stderr.contains("not-html 2"))
        #expect(run.stderr.contains("warc-request 1"))
    }

    @Test func warcFromStandardInputIsRecognisedByItsBytes() throws {
        let plain = WARCFixture.plain(try WARCFixture.records()).bytes
        let gzip = try WARCFixture.gzipMembers(try WARCFixture.records()).bytes
        for bytes in [plain, gzip] {
            let auto = try Binary.run(["--format", "jsonl"], stdin: Data(bytes))
            #expect(auto.status == 0, "\(auto.stderr)")
            #expect(try records(auto.stdout).count == 4)
            let forced = try Binary.run(["--input", "warc"], stdin: Data(bytes))
            #expect(forced.stdout == auto.stdout)
        }
        // Text output: one document per page, form-feed separated.
        let text = try Binary.run(["--input", "warc", "--format", "text"], stdin: Data(gzip))
        #expect(text.stdout.components(separatedBy: "\u{0C}\n").count == 4)
    }

    @Test func truncatedWARCKeepsTheRecordsBeforeTheDamage() throws {
        let gzip = try WARCFixture.gzipMembers(try WARCFixture.records())
        // Cut the file inside the gzip-encoded response's member (record 6).
        let cut = Array(gzip.bytes[0..<(gzip.offsets[5] + 40)])
        let run = try Binary.run(["--input", "warc"], stdin: Data(cut))
        #expect(run.status == 65)
        #expect(try records(run.stdout).count == 3)
        #expect(run.stderr.contains("-: offset \(gzip.offsets[5])"), "\(run.stderr)")
    }

    @Test func oversizedWARCRecordIsAnErrorRecordAndReadingGoesOn() throws {
        let big = WARCFixture.response(20, "https://example.com/big",
                                       httpBlock("200 OK", [("Content-Type", "text/html")],
                                                 body: Array(htmlPage("Big", paragraphs: 12_000).utf8)))
        let small = WARCFixture.response(21, "https://example.com/small",
                                         httpBlock("200 OK", [("Content-Type", "text/html")],
                                                   body: Array(htmlPage("Small").utf8)))
        let bytes = WARCFixture.plain([big, small]).bytes
        let run = try Binary.run(["--input", "warc", "--max-record-mb", "1"], stdin: Data(bytes))
        let out = try records(run.stdout)
        #expect(out.count == 2)
        #expect((out[0]["error"] as? String)?.contains("over the limit") == true)
        #expect(out[0]["url"] as? String == "https://example.com/big")
        #expect((out[1]["text"] as? String)?.contains("Paragraph 2 of Small") == true)
    }

    // MARK: - Feeds

    static let feedCorpus = CorpusTests.root.appendingPathComponent("corpus/feeds")

    @Test func feedsAreRecognisedAndCleanedPerItem() throws {
        let rss = Self.feedCorpus.appendingPathComponent("rss-news/input.xml")
        let run = try Binary.run(["--format", "jsonl", rss.path])
        #expect(run.status == 0)
        let out = try records(run.stdout)
        #expect(out.count == 5)
        for record in out {
            let text = try #require(record["text"] as? String)
            #expect(!text.contains("appeared first on"))
            #expect(!text.contains("Share this"))
            #expect(!text.contains("Like this"))
            let metadata = try #require(record["metadata"] as? [String: Any])
            #expect(text.hasPrefix(try #require(metadata["title"] as? String)))
            #expect(metadata["feed_title"] as? String == "Northfield Courier")
        }
        // From standard input, and without titles.
        let piped = try Binary.run(["--input", "feed", "--no-title"], stdin: Data(contentsOf: rss))
        #expect(piped.stdout.hasPrefix("Councillors voted by 31 to 9"))
        #expect(piped.stdout.components(separatedBy: "\u{0C}\n").count == 5)
    }

    @Test func feedWithAnExternalEntityDoesNotReadTheFile() throws {
        let feed = """
        <?xml version="1.0"?>
        <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
        <rss version="2.0"><channel><title>Attack</title>
        <item><title>Item &xxe; end</title><description>&lt;p&gt;Body text of the item that stays &amp; is long enough to be kept.&lt;/p&gt;&xxe;</description></item>
        </channel></rss>
        """
        let run = try Binary.run(["--input", "feed"], stdin: Data(feed.utf8))
        #expect(!run.stdout.contains("root:"))
        #expect(!run.stderr.contains("root:"))
        #expect(run.stdout.contains("Body text of the item that stays & is long enough to be kept."))
    }

    @Test func billionLaughsCostsOnlyTheItemThatUsesIt() throws {
        var doctype = "<!ENTITY a0 \"lol\">"
        for k in 1...10 { doctype += "<!ENTITY a\(k) \"" + String(repeating: "&a\(k - 1);", count: 10) + "\">" }
        func item(_ k: Int) -> String {
            "<item><title>Harmless \(k)</title><link>https://example.com/\(k)</link><description>&lt;p&gt;Harmless item \(k) "
                + "says what happened at the harbour on Tuesday, in enough words to be kept as the article.&lt;/p&gt;</description></item>"
        }
        let attack = "<item><title>Attack</title><link>https://example.com/attack</link><description>&a10;</description></item>"
        let feed = "<?xml version=\"1.0\"?><!DOCTYPE rss [\(doctype)]><rss version=\"2.0\"><channel><title>News</title>"
            + item(1) + item(2) + attack + item(3) + "</channel></rss>"
        let run = try Binary.run(["--input", "feed"], stdin: Data(feed.utf8))
        #expect(run.status == 0)
        for k in 1...3 { #expect(run.stdout.contains("Harmless item \(k) says what happened"), "\(k)") }
        #expect(!run.stdout.contains("lollol"))
        #expect(run.stderr.contains("-: item 3: its XML entities expand past the 1048576-byte limit"), "\(run.stderr)")
        // In JSON Lines the attacked item is an error record in its place.
        let jsonl = try Binary.run(["--input", "feed", "--format", "jsonl"], stdin: Data(feed.utf8))
        let records = jsonl.stdout.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(records.count == 4)
        #expect(records.map { $0?["error"] == nil } == [true, true, false, true])
        #expect(records[2]?["id"] as? String == "https://example.com/attack")
    }

    @Test func billionLaughsFeedIsRefusedQuickly() throws {
        var doctype = "<!ENTITY a0 \"lol\">"
        for k in 1...10 { doctype += "<!ENTITY a\(k) \"" + String(repeating: "&a\(k - 1);", count: 10) + "\">" }
        let feed = "<?xml version=\"1.0\"?><!DOCTYPE rss [\(doctype)]><rss version=\"2.0\"><channel><title>&a10;</title>"
            + "<item><title>x</title><description>&a10;</description></item></channel></rss>"
        let run = try Binary.run(["--input", "feed"], stdin: Data(feed.utf8))
        #expect(run.status == 65)
        #expect(run.stderr.contains("not a usable feed"), "\(run.stderr)")
        #expect(run.stdout.count < 10_000)
    }
}
