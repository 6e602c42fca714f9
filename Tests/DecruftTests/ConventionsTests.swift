import DecruftArchive
import Foundation
import Testing

/// Command-line conventions through the real binary: short flags, `decruft
/// help`, directories, gzip and WARC by content, binary input, charsets.
struct ConventionsTests {
    static let sentence = "The council approved the new harbour plan on Tuesday after a long debate."

    /// `text` in UTF-16 or UTF-32, little- or big-endian, without a byte order mark.
    static func encode(_ text: String, width: Int, bigEndian: Bool) -> [UInt8] {
        let units: [UInt32] = width == 2 ? text.utf16.map { UInt32($0) } : text.unicodeScalars.map { $0.value }
        var bytes: [UInt8] = []
        for unit in units {
            let little = (0..<width).map { UInt8(truncatingIfNeeded: unit >> (8 * UInt32($0))) }
            bytes += bigEndian ? Array(little.reversed()) : little
        }
        return bytes
    }

    func records(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    // MARK: - Short flags

    @Test func shortFlagsAreTheLongOnes() throws {
        let version = try Binary.run(["-V"])
        #expect(version.status == 0)
        #expect(version.stdout == "0.1.0\n")
        #expect(try Binary.run(["--version"]).stdout == version.stdout)

        let stdin = Data((Self.sentence + "\n").utf8)
        let json = try Binary.run(["-f", "jsonl"], stdin: stdin)
        #expect(json.status == 0)
        #expect(try records(json.stdout).first?["text"] as? String == Self.sentence + "\n")

        // -q: no summary for a record input; -j: worker threads.
        let lines = Data("{\"text\": \"\(Self.sentence)\"}\n".utf8)
        let loud = try Binary.run(["--input", "jsonl", "-j", "1"], stdin: lines)
        #expect(loud.stderr.contains("1 record in, 1 out"))
        let quiet = try Binary.run(["--input", "jsonl", "-j", "1", "-q"], stdin: lines)
        #expect(quiet.status == 0)
        #expect(quiet.stderr.isEmpty)
        #expect(quiet.stdout == loud.stdout)
        #expect(try Binary.run(["-j", "0"], stdin: stdin).status == 64)

        // -r and -O: a directory, one output file per input.
        let dir = try TempDirectory()
        try FileManager.default.createDirectory(at: dir.url.appendingPathComponent("in"), withIntermediateDirectories: true)
        _ = try dir.file("in/a.txt", Self.sentence + "\n")
        let out = dir.url.appendingPathComponent("out").path
        let mirrored = try Binary.run(["-r", dir.url.appendingPathComponent("in").path, "-O", out])
        #expect(mirrored.status == 0, "\(mirrored.stderr)")
        #expect(try String(contentsOfFile: out + "/a.txt", encoding: .utf8) == Self.sentence + "\n")

        let help = try Binary.run(["--help"]).stdout
        for flag in ["-f, --format", "-o, --output", "-j, --jobs", "-q, --quiet", "-r, --recursive",
                     "-O, --output-dir", "-V, --version", "-h, --help"] {
            #expect(help.contains(flag), "\(flag)")
        }
    }

    @Test func outputFileIsWrittenWholeAndMayBeAnInput() throws {
        let dir = try TempDirectory()
        let page = try dir.file("page.html", htmlPage("Harbour"))
        let target = dir.url.appendingPathComponent("clean.txt").path
        let run = try Binary.run(["-o", target, page])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        let written = try String(contentsOfFile: target, encoding: .utf8)
        #expect(written.hasPrefix("Harbour\n\nParagraph 0 of Harbour: the council met on Tuesday"))
        // The same output as standard output would get.
        #expect(written == (try Binary.run([page])).stdout)
        // No temporary file is left beside it.
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.url.path)
        #expect(names.sorted() == ["clean.txt", "page.html"])

        // FILE may be the input: it is read before it is replaced.
        let text = try dir.file("notes.txt", "  \(Self.sentence)  \n\n\n")
        let inPlace = try Binary.run(["-o", text, text])
        #expect(inPlace.status == 0)
        #expect(try String(contentsOfFile: text, encoding: .utf8) == Self.sentence + "\n")

        // -o - is standard output; -o with -O, or -o naming a directory, is bad usage.
        #expect(try Binary.run(["-o", "-", text]).stdout == Self.sentence + "\n")
        let both = try Binary.run(["-o", target, "-O", dir.url.path, text])
        #expect(both.status == 64)
        #expect(both.stderr.contains("-o (--output) and -O (--output-dir) exclude each other"))
        let directory = try Binary.run(["-o", dir.url.path, text])
        #expect(directory.status == 64)
        #expect(directory.stderr.contains("is a directory: -o names one output file"))
    }

    // MARK: - decruft help

    @Test func helpWordPrintsTheHelp() throws {
        let help = try Binary.run(["help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: decruft [<options>] [<files> ...]"))
        #expect(help.stdout == (try Binary.run(["--help"])).stdout)
        #expect(help.stderr.isEmpty)

        let rules = try Binary.run(["help", "rules"])
        #expect(rules.status == 0)
        #expect(rules.stdout.contains("USAGE: decruft rules <subcommand>"))
        let check = try Binary.run(["help", "rules", "check"])
        #expect(check.stdout.contains("Validate rule files"))

        // A file named help is still readable, as ./help.
        let dir = try TempDirectory()
        _ = try dir.file("help", Self.sentence + "\n")
        let file = try Binary.run(["./help"], directory: dir.url)
        #expect(file.status == 0)
        #expect(file.stdout == Self.sentence + "\n")
    }

    // MARK: - Directories

    @Test func directoryWithoutRecursiveIsUsageErrorThatSuggestsR() throws {
        let dir = try TempDirectory()
        let file = try dir.file("a.txt", Self.sentence + "\n")
        let run = try Binary.run([file, dir.url.path])
        #expect(run.status == 64)
        #expect(run.stderr.contains("\(dir.url.path) is a directory: give -r (--recursive) to read every file under it"))
        // Nothing ran: usage is checked first.
        #expect(run.stdout.isEmpty)
        let recursive = try Binary.run(["-r", dir.url.path])
        #expect(recursive.status == 0)
        #expect(recursive.stdout == Self.sentence + "\n")
    }

    // MARK: - gzip and WARC by content

    @Test func gzipHTMLTextAndJSONLinesAreDecompressedByContent() throws {
        let dir = try TempDirectory()
        let page = Array(htmlPage("Harbour").utf8)
        let plain = try Binary.run([try dir.file("page.html", page)])
        #expect(plain.status == 0)
        #expect(plain.stdout.contains("Paragraph 2 of Harbour"))
        // The .html.gz that used to be taken for a WARC file, and the same
        // bytes under names that say nothing or something wrong.
        for name in ["page.html.gz", "page.bin", "page.warc.gz"] {
            let run = try Binary.run(["-f", "text", try dir.file(name, try Gzip.compress(page))])
            #expect(run.status == 0, "\(name): \(run.stderr)")
            #expect(run.stdout == plain.stdout, "\(name)")
            #expect(!run.stderr.contains("WARC"), "\(name)")
        }

        let text = try Binary.run([try dir.file("notes.txt.gz", try Gzip.compress(Array("\(Self.sentence)\n\u{0C}\nSecond.\n".utf8)))])
        #expect(text.status == 0)
        #expect(text.stdout == "\(Self.sentence)\n\u{0C}\nSecond.\n")

        // .jsonl.gz: JSON Lines by the name under .gz, and JSON output by default.
        let lines = "{\"id\": 1, \"text\": \"\(Self.sentence)\"}\n{\"id\": 2, \"text\": \"Second.\"}\n"
        let jsonl = try Binary.run(["-q", try dir.file("part.jsonl.gz", try Gzip.compress(Array(lines.utf8)))])
        #expect(jsonl.status == 0, "\(jsonl.stderr)")
        let out = try records(jsonl.stdout)
        #expect(out.map { $0["id"] as? Int } == [1, 2])
        #expect(out.first?["text"] as? String == Self.sentence + "\n")

        // Standard input too.
        let piped = try Binary.run([], stdin: Data(try Gzip.compress(page)))
        #expect(piped.stdout == plain.stdout)
    }

    @Test func warcIsRecognisedByContentNotByName() throws {
        let dir = try TempDirectory()
        let warc = try WARCFixture.gzipMembers(try WARCFixture.records()).bytes
        let run = try Binary.run(["-f", "jsonl", "-q", try dir.file("crawl.data", warc)])
        #expect(run.status == 0, "\(run.stderr)")
        let urls = try records(run.stdout).compactMap { ($0["metadata"] as? [String: Any])?["url"] as? String }
        #expect(urls.contains("https://example.com/plain"))
        #expect(urls.contains("https://example.com/gzip"))
        let plainWARC = try Binary.run(["-f", "jsonl", "-q", try dir.file("crawl.txt", WARCFixture.plain(try WARCFixture.records()).bytes)])
        #expect(plainWARC.stdout.replacingOccurrences(of: "crawl.txt", with: "crawl.data") == run.stdout)
    }

    @Test func damagedOrOversizedGzipIsAnError() throws {
        let dir = try TempDirectory()
        let packed = try Gzip.compress(Array(htmlPage("Harbour", paragraphs: 200).utf8))
        let truncated = try Binary.run([try dir.file("page.html.gz", Array(packed.prefix(packed.count / 2)))])
        #expect(truncated.status == 65)
        #expect(truncated.stderr.contains("page.html.gz: the gzip data ends early (a truncated file?)"))

        // 2 MB of text that packs into a few KB: past --max-record-mb 1.
        let big = String(repeating: Self.sentence + "\n", count: 28_000)
        let bomb = try Binary.run(["--max-record-mb", "1", try dir.file("big.txt.gz", try Gzip.compress(Array(big.utf8)))])
        #expect(bomb.status == 65)
        #expect(bomb.stderr.contains("big.txt.gz: a document decompresses to more than 1 MB (--max-record-mb)"))
        #expect(bomb.stdout.isEmpty)
    }

    // MARK: - Binary input

    @Test func binaryFilesAreRefusedWithExit65() throws {
        let dir = try TempDirectory()
        let png = try dir.file("logo.png", WARCFixture.pngBody)
        let pdf = try dir.file("paper.pdf", Array("%PDF-1.7\n%".utf8) + [0xE2, 0xE3, 0xCF, 0xD3] + Array("\n1 0 obj\n".utf8))
        let text = try dir.file("a.txt", Self.sentence + "\n")
        let run = try Binary.run([png, text, pdf, Binary.url.path])
        #expect(run.status == 65)
        #expect(run.stderr.contains("decruft: error: \(png): binary data (PNG image), not text or HTML"))
        #expect(run.stderr.contains("decruft: error: \(pdf): binary data (PDF document), not text or HTML"))
        #expect(run.stderr.contains("decruft: error: \(Binary.url.path): binary data (ELF executable), not text or HTML"))
        // The text between them is still cleaned, and nothing binary is written.
        #expect(run.stdout == Self.sentence + "\n")
        #expect(!run.stderr.contains("invalid UTF-8"))

        // Unknown formats by their NUL and control bytes; forcing --text does not help.
        var generator = SplitMix64(seed: 7)
        let noise = (0..<4096).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let random = try Binary.run(["--text"], stdin: Data(noise))
        #expect(random.status == 65)
        #expect(random.stderr.contains("decruft: error: -: binary data ("))
        #expect(random.stderr.contains("bytes in the first 4096 bytes), not text or HTML"))

        // UTF-16 without a byte order mark: named, with the flag that reads it.
        let utf16 = Self.encode("Hi there, friend.\n", width: 2, bigEndian: false)
        let bare = try Binary.run([], stdin: Data(utf16))
        #expect(bare.status == 65)
        #expect(bare.stderr.contains("UTF-16 text without a byte order mark? --charset utf-16le reads it"))
    }

    @Test func binaryRecordsAreRecordErrorsAndTheRunGoesOn() throws {
        let nuls = String(repeating: "\\u0000", count: 40)
        let lines = "{\"id\": 1, \"text\": \"\(Self.sentence)\"}\n{\"id\": 2, \"text\": \"x\(nuls)y\"}\n{\"id\": 3, \"text\": \"Third.\"}\n"
        let run = try Binary.run(["--input", "jsonl", "-q"], stdin: Data(lines.utf8))
        #expect(run.status == 0)
        let out = try records(run.stdout)
        #expect(out.map { $0["id"] as? Int } == [1, 2, 3])
        #expect(out[1]["error"] as? String == "binary data (40 NUL bytes in the first 42 bytes), not text or HTML")
        #expect(out[2]["text"] as? String == "Third.\n")
        #expect(run.stderr.contains("-:2: binary data (40 NUL bytes"))

        // A WARC response labelled text/html whose body is a PNG.
        let png = WARCFixture.response(3, "https://example.com/photo",
                                       httpBlock("200 OK", [("Content-Type", "text/html")], body: WARCFixture.pngBody))
        let page = WARCFixture.response(4, "https://example.com/page",
                                        httpBlock("200 OK", [("Content-Type", "text/html")], body: Array(htmlPage("Harbour").utf8)))
        let warc = try Binary.run(["--input", "warc", "-q"], stdin: Data(try WARCFixture.gzipMembers([png, page]).bytes))
        #expect(warc.status == 0, "\(warc.stderr)")
        let pages = try records(warc.stdout)
        #expect(pages.count == 2)
        #expect(pages[0]["error"] as? String == "binary data (PNG image), not text or HTML")
        #expect((pages[1]["text"] as? String)?.contains("Paragraph 1 of Harbour") == true)

        // The second document of a text stream (after 8 KB of text: the
        // start of the input is text).
        let first = Self.sentence + "\n\n" + String(repeating: "More words about the harbour plan. ", count: 250)
        let stream = Array("\(first)\n\u{0C}\n".utf8) + WARCFixture.pngBody
        let documents = try Binary.run([], stdin: Data(stream))
        #expect(documents.status == 65)
        #expect(documents.stdout.hasPrefix(Self.sentence + "\n\nMore words about the harbour plan."))
        #expect(!documents.stdout.contains("PNG"))
        #expect(documents.stderr.contains("decruft: error: -#2: binary data (PNG image), not text or HTML"))
    }

    // MARK: - Charsets of text

    @Test func charsetAppliesToPlainText() throws {
        let latin1: [UInt8] = Array("Caf".utf8) + [0xE9] + Array(" cr".utf8) + [0xE8] + Array("me, served at the harbour.\n".utf8)
        let read = try Binary.run(["--charset", "latin1"], stdin: Data(latin1))
        #expect(read.status == 0)
        #expect(read.stdout == "Café crème, served at the harbour.\n")
        #expect(read.stderr.isEmpty)
        // Without it, the same bytes are invalid UTF-8, repaired with a warning.
        let repaired = try Binary.run([], stdin: Data(latin1))
        #expect(repaired.stdout == "Caf\u{FFFD} cr\u{FFFD}me, served at the harbour.\n")
        #expect(repaired.stderr.contains("2 invalid UTF-8 sequences replaced with U+FFFD"))

        // Cyrillic in windows-1251, each document of a stream.
        let cp1251: [UInt8] = [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2, 0x2E, 0x0A, 0x0C, 0x0A, 0xCC, 0xE8, 0xF0, 0x2E, 0x0A]
        let russian = try Binary.run(["--charset", "windows-1251", "--text"], stdin: Data(cp1251))
        #expect(russian.stdout == "Привет.\n\u{0C}\nМир.\n")

        // Text that is valid UTF-8 stays UTF-8, as for HTML.
        let utf8 = try Binary.run(["--charset", "latin1"], stdin: Data("Café crème.\n".utf8))
        #expect(utf8.stdout == "Café crème.\n")

        let unknown = try Binary.run(["--charset", "no-such-charset"], stdin: Data(latin1))
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("unknown charset 'no-such-charset' (--charset)"))
    }

    @Test func utf16AndUTF32TextWithAByteOrderMarkIsDecoded() throws {
        let text = "Hi there, friend: the harbour plan passed.\n\u{0C}\nSecond document, déjà vu.\n"
        let utf16LE: [UInt8] = [0xFF, 0xFE] + Self.encode(text, width: 2, bigEndian: false)
        let utf16BE: [UInt8] = [0xFE, 0xFF] + Self.encode(text, width: 2, bigEndian: true)
        let utf32LE: [UInt8] = [0xFF, 0xFE, 0x00, 0x00] + Self.encode(text, width: 4, bigEndian: false)
        let utf32BE: [UInt8] = [0x00, 0x00, 0xFE, 0xFF] + Self.encode(text, width: 4, bigEndian: true)
        let dir = try TempDirectory()
        for (name, bytes) in [("utf16le", utf16LE), ("utf16be", utf16BE), ("utf32le", utf32LE), ("utf32be", utf32BE)] {
            let run = try Binary.run([try dir.file("\(name).txt", bytes)])
            #expect(run.status == 0, "\(name): \(run.stderr)")
            #expect(run.stdout == text, "\(name)")
            #expect(run.stderr.isEmpty, "\(name)")
        }
        // Without a mark, --charset names the encoding.
        let bare = Array(utf16LE.dropFirst(2))
        let named = try Binary.run(["--charset", "utf-16le"], stdin: Data(bare))
        #expect(named.status == 0)
        #expect(named.stdout == text)

        // An HTML page in UTF-16 is recognised as HTML once decoded.
        let page = htmlPage("Hafen – Café")
        let html: [UInt8] = [0xFF, 0xFE] + Self.encode(page, width: 2, bigEndian: false)
        let htmlRun = try Binary.run([try dir.file("page.html", html)])
        #expect(htmlRun.status == 0)
        #expect(htmlRun.stdout == (try Binary.run([], stdin: Data(page.utf8))).stdout)
        #expect(htmlRun.stdout.hasPrefix("Hafen – Café\n"))
    }
}
