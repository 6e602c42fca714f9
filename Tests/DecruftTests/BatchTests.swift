import Foundation
import Testing

/// Batch mode through the real binary: JSON Lines in and out, errors,
/// parallel order, many files, output directories, counters.
struct BatchTests {
    static let mixed = CorpusTests.root.appendingPathComponent("corpus/jsonl/mixed-good-and-bad/input.jsonl")

    func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
    }

    /// A JSON value as sorted-key bytes, for comparing two parses.
    func canonical(_ value: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: ["v": value], options: [.sortedKeys])
    }

    func object(_ line: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func everyRecordComesOutInOrderWithItsFieldsUntouched() throws {
        let run = try Binary.run(["--input", "jsonl", Self.mixed.path])
        #expect(run.status == 0, "\(run.stderr)")
        let inputLines = lines(try String(contentsOf: Self.mixed, encoding: .utf8))
        let outputLines = lines(run.stdout)
        // The blank input line is not a record; every other line is one output line.
        #expect(outputLines.count == inputLines.count)
        for (input, output) in zip(inputLines, outputLines) {
            let out = try object(output)
            guard let original = try? JSONSerialization.jsonObject(with: Data(input.utf8)) as? [String: Any] else {
                // Not a JSON object: flagged, with the line kept verbatim.
                #expect(out["raw"] as? String == input)
                #expect((out["error"] as? String)?.isEmpty == false)
                #expect(out["input_line"] is Int)
                continue
            }
            for (key, value) in original where key != "text" {
                let kept = try #require(out[key], "field \(key) lost in \(output)")
                #expect(try canonical(kept) == canonical(value), "field \(key) changed")
            }
            // Untouched members keep their bytes as written.
            if input.contains("9007199254740993") {
                #expect(output.contains(#""n":9007199254740993"#))
                #expect(output.contains(#""f":1.50e+2"#))
                #expect(output.contains(#""meta":{"lang": "en", "score": 0.97}"#))
            }
        }
        #expect(run.stderr.contains("8 records in, 8 out, 5 errors"), "\(run.stderr)")
    }

    @Test func badRecordsSayWhatIsWrong() throws {
        let run = try Binary.run(["--input", "jsonl", Self.mixed.path])
        let out = try lines(run.stdout).map(object)
        let errors = out.map { $0["error"] as? String }
        #expect(errors[0] == nil)
        #expect(errors[1]?.contains("invalid JSON at column") == true)
        #expect(errors[2] == "no \"text\" field")
        #expect(errors[3] == "field \"text\" is a number, not a string")
        #expect(errors[4] == nil)
        #expect(errors[5]?.contains("expected an object, found an array") == true)
        #expect(errors[6] == nil)
        #expect(errors[7] == "field \"text\" is null, not a string")
        // Each bad record is also one line on standard error, with file:line.
        #expect(run.stderr.contains("input.jsonl:2: invalid JSON at column"))
        #expect(run.stderr.contains("input.jsonl:9: field \"text\" is null"))
    }

    @Test func cleanedRecordsLoseTheirCruftAndCountIt() throws {
        let run = try Binary.run(["--input", "jsonl", Self.mixed.path])
        let out = try lines(run.stdout).map(object)
        let first = out[0]
        let text = try #require(first["text"] as? String)
        #expect(text.contains("The council approved the new harbour plan"))
        #expect(!text.contains("Share this article"))
        #expect(!text.contains("appeared first on"))
        let decruft = try #require(first["decruft"] as? [String: Any])
        let removed = try #require(decruft["removed"] as? [String: Int])
        #expect(removed["boilerplate-line"] == 2)
        // The HTML record: the article, with its title, and page metadata.
        let page = out[4]
        let pageText = try #require(page["text"] as? String)
        #expect(pageText.hasPrefix("Bridge reopens"))
        #expect(pageText.contains("eighteen months of repairs"))
        #expect(!pageText.contains("All rights reserved"))
        #expect(!pageText.contains("Tags: bridge"))
        #expect(page["html"] as? String != nil, "the html field passes through")
        let pageInfo = try #require(page["decruft"] as? [String: Any])
        #expect(pageInfo["input"] as? String == "html")
        #expect(pageInfo["title"] as? String != nil)
        // Unicode escapes decoded, tag line removed.
        let cafe = try #require(out[6]["text"] as? String)
        #expect(cafe.hasPrefix("Café owners"))
        #expect(!cafe.contains("#featured"))
    }

    @Test func onErrorSkipDropsBadRecordsAndFailStopsWith65() throws {
        let skip = try Binary.run(["--input", "jsonl", "--on-error", "skip", Self.mixed.path])
        #expect(skip.status == 0)
        #expect(lines(skip.stdout).count == 3)
        #expect(skip.stderr.contains("8 records in, 3 out, 5 errors"))
        let fail = try Binary.run(["--input", "jsonl", "--on-error", "fail", Self.mixed.path])
        #expect(fail.status == 65)
        // The record before the first bad one is written, nothing after it.
        #expect(lines(fail.stdout).count == 1)
        #expect(fail.stderr.contains("--on-error fail"))
    }

    @Test func fieldsCanBeRenamed() throws {
        let input = #"{"body": "First paragraph of the story that is long enough to stay in place.\n\nRead more: another story", "link": {"href": "https://example.com/a"}}"# + "\n"
        let run = try Binary.run(["--input", "jsonl", "--text-field", "body", "--output-field", "clean", "--url-field", "link.href"],
                                 stdin: Data(input.utf8))
        #expect(run.status == 0, "\(run.stderr)")
        let out = try object(lines(run.stdout)[0])
        #expect(out["body"] as? String == "First paragraph of the story that is long enough to stay in place.\n\nRead more: another story")
        #expect(out["clean"] as? String == "First paragraph of the story that is long enough to stay in place.\n")
    }

    @Test func siteRulesFollowEachRecordsURL() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("decruft-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let rules = dir.appendingPathComponent("site.toml")
        try """
        [[drop]]
        id = "coast-read-full"
        text = "Read the full story at Coast Daily"
        sites = ["coast.example"]
        """.write(to: rules, atomically: true, encoding: .utf8)
        let body = "The ferry timetable changes next month, with two more crossings on weekdays.\\n\\nRead the full story at Coast Daily"
        let input = """
        {"url": "https://www.coast.example/ferry", "text": "\(body)"}
        {"url": "https://other.example/ferry", "text": "\(body)"}

        """
        let run = try Binary.run(["--input", "jsonl", "--rules", rules.path, "--explain"], stdin: Data(input.utf8))
        let out = try lines(run.stdout).map(object)
        #expect((out[0]["text"] as? String)?.contains("Read the full story") == false)
        #expect((out[1]["text"] as? String)?.contains("Read the full story") == true)
        #expect(run.stderr.contains("-:1") && run.stderr.contains("coast-read-full"))
        // --explain puts the log in the record too.
        let log = try #require((out[0]["decruft"] as? [String: Any])?["log"] as? [[String: Any]])
        #expect(log.contains { $0["rule"] as? String == "coast-read-full" })
    }

    /// Many records with different sizes: two workers must give exactly the
    /// output of one.
    @Test func parallelOutputKeepsInputOrder() throws {
        var input = ""
        for k in 0..<600 {
            let paragraphs = (0...(k % 7)).map { "Paragraph \($0) of record \(k) tells a different part of the story about the harbour." }
            let text = (paragraphs + ["Share this article"]).joined(separator: "\\n\\n")
            input += #"{"id": \#(k), "text": "\#(text)"}"# + "\n"
        }
        let one = try Binary.run(["--input", "jsonl", "--jobs", "1"], stdin: Data(input.utf8))
        let two = try Binary.run(["--input", "jsonl", "--jobs", "2"], stdin: Data(input.utf8))
        #expect(one.status == 0 && two.status == 0)
        #expect(lines(one.stdout).count == 600)
        #expect(one.stdout == two.stdout)
        let ids = try lines(two.stdout).map { try object($0)["id"] as? Int }
        #expect(ids == (0..<600).map { $0 })
    }

    @Test func hadoopCountersAndStatsGoToStandardError() throws {
        let run = try Binary.run(["--input", "jsonl", "--hadoop-counters", "--stats", Self.mixed.path])
        #expect(run.stderr.contains("reporter:counter:decruft,records_in,8"))
        #expect(run.stderr.contains("reporter:counter:decruft,errors,5"))
        #expect(run.stderr.contains("reporter:counter:decruft,removed_boilerplate-line,"))
        #expect(run.stderr.contains("removed blocks per filter"))
        // Standard output holds only records.
        for line in lines(run.stdout) { #expect(line.hasPrefix("{")) }
    }

    @Test func progressLineWhenAskedFor() throws {
        let run = try Binary.run(["--input", "jsonl", "--progress", Self.mixed.path])
        #expect(run.stderr.contains("records/s"))
        #expect(run.stderr.contains("MB/s"))
        let quiet = try Binary.run(["--input", "jsonl", "--quiet", Self.mixed.path])
        #expect(!quiet.stderr.contains("records in"))
        #expect(!quiet.stderr.contains("records/s"))
    }

    @Test func aSlowDocumentBecomesATimeoutRecord() throws {
        let paragraph = "<p>" + String(repeating: "Slow words in a very long paragraph, ", count: 40) + "</p>"
        let big = "<html><body>" + String(repeating: "<div class=\\\"x\\\">" + paragraph + "</div>", count: 3000) + "</body></html>"
        let input = #"{"id": 1, "text": "A short record that is cleaned at once and kept as it is."}"# + "\n"
            + #"{"id": 2, "html": "\#(big)"}"# + "\n"
            + #"{"id": 3, "text": "Another short record that is cleaned at once and kept as it is."}"# + "\n"
        let run = try Binary.run(["--input", "jsonl", "--timeout-ms", "1", "--jobs", "1"], stdin: Data(input.utf8))
        #expect(run.status == 0)
        let out = try lines(run.stdout).map(object)
        #expect(out.map { $0["id"] as? Int } == [1, 2, 3])
        #expect((out[1]["error"] as? String)?.contains("timed out after 1 ms") == true)
    }

    @Test func oversizedLinesBecomeErrorRecords() throws {
        let big = String(repeating: "x", count: 1_200_000)
        let input = #"{"text": "\#(big)"}"# + "\n" + #"{"text": "A small record after the big one is still read."}"# + "\n"
        let run = try Binary.run(["--input", "jsonl", "--max-record-mb", "1"], stdin: Data(input.utf8))
        let out = try lines(run.stdout).map(object)
        #expect(out.count == 2)
        #expect((out[0]["error"] as? String)?.contains("exceeds the 1048576-byte record limit") == true)
        #expect(out[1]["text"] as? String == "A small record after the big one is still read.\n")
    }

    @Test func recursiveDirectoriesAndOutputDirMirrorNames() throws {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("decruft-tree-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: root) }
        let input = root.appendingPathComponent("in"), output = root.appendingPathComponent("out")
        try fm.createDirectory(at: input.appendingPathComponent("2026/11"), withIntermediateDirectories: true)
        try "First article body that is long enough to be kept.\n\nAlso, see:\n\nSome other headline\n"
            .write(to: input.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        try "<html><body><article><p>The second article sits in a nested folder and is written as HTML.</p></article></body></html>"
            .write(to: input.appendingPathComponent("2026/11/b.html"), atomically: true, encoding: .utf8)
        try "hidden".write(to: input.appendingPathComponent(".hidden.txt"), atomically: true, encoding: .utf8)
        let run = try Binary.run(["--recursive", "--output-dir", output.path, input.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        let a = try String(contentsOf: output.appendingPathComponent("a.txt"), encoding: .utf8)
        #expect(a == "First article body that is long enough to be kept.\n")
        let b = try String(contentsOf: output.appendingPathComponent("2026/11/b.txt"), encoding: .utf8)
        #expect(b.contains("The second article sits in a nested folder"))
        #expect(!fm.fileExists(atPath: output.appendingPathComponent(".hidden.txt").path))
        // A missing input is reported and gets no output file; the others still run.
        let missing = input.appendingPathComponent("missing.txt")
        let partly = try Binary.run(["--output-dir", output.path, missing.path, input.appendingPathComponent("a.txt").path])
        #expect(partly.status == 66)
        #expect(partly.stderr.contains("missing.txt: no such file"))
        #expect(!fm.fileExists(atPath: output.appendingPathComponent("missing.txt").path))
        // Without --recursive a directory is a usage error naming it.
        let flat = try Binary.run([input.path])
        #expect(flat.status == 64)
        #expect(flat.stderr.contains("is a directory: give -r (--recursive)"))
    }

    @Test func manyFilesInOneRunKeepTheirOrderAndSeparators() throws {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("decruft-files-\(UUID().uuidString)")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: dir) }
        var paths: [String] = []
        for k in 0..<40 {
            let url = dir.appendingPathComponent("doc\(k).txt")
            try "Document number \(k) has one paragraph of its own.\n".write(to: url, atomically: true, encoding: .utf8)
            paths.append(url.path)
        }
        let run = try Binary.run(["--jobs", "2"] + paths)
        let expected = (0..<40).map { "Document number \($0) has one paragraph of its own.\n" }.joined(separator: "\u{0C}\n")
        #expect(run.stdout == expected)
        let custom = try Binary.run(["--separator", "=====", paths[0], paths[1]])
        #expect(custom.stdout == "Document number 0 has one paragraph of its own.\n=====\nDocument number 1 has one paragraph of its own.\n")
    }
}
