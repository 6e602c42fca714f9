import Foundation
import Testing
@testable import Decruft
@testable import DecruftLibXML

/// Hostile and broken input: each case gives sensible output or a clear
/// error, never a crash, a hang or silently lost text.
struct BadInputTests {
    let cleaner = Cleaner()

    func html(_ page: String, options: HTMLOptions = HTMLOptions()) throws -> String {
        try html(Array(page.utf8), options: options)
    }

    func html(_ bytes: [UInt8], options: HTMLOptions = HTMLOptions()) throws -> String {
        CanonicalWriter.text(try cleaner.clean(html: bytes, options: options).document)
    }

    static let paragraph = "The council approved the new harbour plan on Tuesday after a long debate, "
        + "and the first works are due to start in the spring, officials said."

    // MARK: - HTML

    @Test func emptyHTMLGivesEmptyOutput() throws {
        #expect(try html("") == "")
        #expect(try html("   \n") == "")
    }

    @Test func scriptOnlyPageGivesNoText() throws {
        let out = try html("<html><head><script>var a = '<p>not text</p>'; if (a < b) {}</script></head><body><script>render()</script></body></html>")
        #expect(!out.contains("not text"))
        #expect(!out.contains("render"))
    }

    @Test func unclosedTagsKeepTheText() throws {
        let page = "<html><body><div class=story><p>\(Self.paragraph)<p><b>Second paragraph, with <i>nested emphasis "
            + "that is never closed, still belongs to the story and is long enough to count as article text."
        let out = try html(page)
        #expect(out.contains(Self.paragraph))
        #expect(out.contains("Second paragraph, with nested emphasis"))
    }

    @Test func deeplyNestedDivsDoNotOverflowTheStack() throws {
        let depth = 100_000
        let page = String(repeating: "<div>", count: depth) + "<p>\(Self.paragraph)</p>"
            + String(repeating: "</div>", count: depth)
        let out = try html(page)
        #expect(out.contains(Self.paragraph))
    }

    /// Every level holds text: the tree is 100,000 deep and every block has
    /// 100,000 ancestors; selection sums text bottom-up once (no walk up
    /// from every block), so this stays linear. The text around the nest stays.
    @Test func deepNestingWithTextAtEveryLevelKeepsTheArticle() throws {
        let depth = 100_000
        var page = "<html><body><p>\(Self.paragraph) Before the nest.</p>"
        for i in 0..<depth { page += "<div>Level \(i) holds a short sentence. " }
        page += String(repeating: "</div>", count: depth) + "<p>\(Self.paragraph) After the nest.</p></body></html>"
        let out = try html(page)
        #expect(out.contains("Before the nest."))
        #expect(out.contains("After the nest."))
        #expect(out.contains("Level 99999 holds a short sentence."))
    }

    /// 300 nested `<div>`s between two paragraphs: the paragraphs before and
    /// after the nest belong to the article as much as the one inside it.
    @Test func paragraphsAroundADeepNestAreKept() throws {
        let page = "<html><body><article><p>\(Self.paragraph) Before the nest.</p>"
            + String(repeating: "<div>", count: 300) + "<p>\(Self.paragraph) Inside the nest.</p>"
            + String(repeating: "</div>", count: 300) + "<p>\(Self.paragraph) After the nest.</p></article></body></html>"
        let out = try html(page)
        #expect(out.contains("Before the nest."))
        #expect(out.contains("Inside the nest."))
        #expect(out.contains("After the nest."))
    }

    /// The node cap (4 million in use, 50 here) leaves out what follows it
    /// and counts it; the extractor turns the count into a warning.
    @Test func nodeCapIsCountedNotSilent() throws {
        let page = "<html><body>" + String(repeating: "<p>one paragraph</p>", count: 100) + "</body></html>"
        let dom = try Array(page.utf8).withUnsafeBufferPointer { try HTMLParser.parse(utf8: $0, skipsRawText: true, maxNodes: 50) }
        #expect(dom.nodes.count == 50)
        #expect(dom.nodesOverLimit > 0)
        let full = try Array(page.utf8).withUnsafeBufferPointer { try HTMLParser.parse(utf8: $0) }
        #expect(full.nodesOverLimit == 0)
    }

    @Test func hugePageIsProcessed() throws {
        // ~50 MB: an inline script of 25 MB (as bundled single-page apps ship)
        // followed by one article of 150,000 paragraphs.
        var page = "<html><head><script>" + String(repeating: "var x = [1,2,3];\n", count: 1_500_000) + "</script></head><body><article>"
        let body = "<p>\(Self.paragraph) Paragraph number NNN.</p>\n"
        page.reserveCapacity(page.utf8.count + body.utf8.count * 150_000 + 100)
        for i in 0..<150_000 { page += body.replacingOccurrences(of: "NNN", with: String(i)) }
        page += "</article></body></html>"
        #expect(page.utf8.count > 45_000_000)
        let out = try html(page, options: { var o = HTMLOptions(); o.includeTitle = false; return o }())
        #expect(out.contains("Paragraph number 0."))
        #expect(out.contains("Paragraph number 149999."))
    }

    @Test func binaryGarbageGivesOutputOrEmptyNotACrash() throws {
        var generator = SplitMix64(seed: 42)
        let bytes = (0..<200_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        _ = try html(bytes)
    }

    @Test func nulBytesInsideTagsDoNotLoseTheRest() throws {
        let page = "<html><body><div cl\u{0}ass='story'><p>\(Self.paragraph)</p></div>\u{0}<p>\(Self.paragraph) After the NUL.</p></body></html>"
        let out = try html(page)
        #expect(out.contains("After the NUL."))
    }

    @Test func bigPreIsKeptLineByLine() throws {
        let lines = (0..<200).map { "let value\($0) = compute(\($0)) // step \($0) of the long listing" }
        let page = "<html><body><pre>" + lines.joined(separator: "\n") + "</pre></body></html>"
        let out = try html(page, options: { var o = HTMLOptions(); o.includeTitle = false; return o }())
        let paragraphs = out.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        #expect(paragraphs == lines)
    }

    @Test func tagWithHugeAttributeListIsCut() throws {
        let attributes = (0..<100_000).map { "a\($0)=\"x\"" }.joined(separator: " ")
        let page = "<html><body><div \(attributes)><p>\(Self.paragraph)</p></div></body></html>"
        let out = try html(page)
        #expect(out.contains(Self.paragraph))
    }

    /// A data-URI image or JSON in a framework attribute is one long value:
    /// the text after it is kept, and nothing is reported lost.
    @Test func longAttributeValuesAreSteppedOver() throws {
        let image = "data:image/png;base64," + String(repeating: "iVBORw0KGgo", count: 3_000)
        let json = "{&quot;posts&quot;:[" + String(repeating: "{&quot;id&quot;:1,&quot;cooked&quot;:&quot;&lt;p&gt;x&lt;/p&gt;&quot;},", count: 800) + "]}"
        let page = "<html><body><div class=hidden data-preloaded=\"\(json)\"></div><article><p>\(Self.paragraph)</p>"
            + "<p>\(Self.paragraph)</p>"
            + "<p><img src=\"\(image)\" alt='chart > table'> Text after the image is still the article, "
            + "and it is long enough to be kept as a paragraph of its own.</p></article></body></html>"
        let result = try cleaner.clean(html: Array(page.utf8))
        let out = CanonicalWriter.text(result.document)
        #expect(out.contains(Self.paragraph))
        #expect(out.contains("Text after the image is still the article"))
        #expect(result.warnings.isEmpty)
    }

    @Test func quotedGreaterThanDoesNotEndATag() {
        let page = "<p title=\"a > b\" data-x='<div>'>Text</p>"
        #expect(Array(page.utf8).withUnsafeBufferPointer { HTMLSanitizer.rangesToBlank($0) }.isEmpty)
        let long = "<p data-x=\"" + String(repeating: "a>b<", count: 4_000) + "\">Text</p>"
        let ranges = Array(long.utf8).withUnsafeBufferPointer { HTMLSanitizer.rangesToBlank($0) }
        #expect(ranges == [11..<(11 + 16_000)])
    }

    @Test func tagCutAtTheAttributeLimitSaysSo() throws {
        let attributes = (0..<2_000).map { "a\($0)=\"x > y\"" }.joined(separator: " ")
        let page = "<html><body><article><p>\(Self.paragraph)</p><div \(attributes)><p>Text after the huge tag "
            + "is kept as well, and it is long enough to count as article text.</p></div></article></body></html>"
        let result = try cleaner.clean(html: Array(page.utf8))
        let out = CanonicalWriter.text(result.document)
        #expect(out.contains("Text after the huge tag"))
        #expect(!out.contains("x > y"))
        #expect(result.warnings.contains { $0.contains("attributes past the limit were dropped") })
    }

    @Test func scriptTextIsNotReadAsTags() {
        let page = "<script>var s = '<div data-x=\"' + v + '\">';</script><p>after</p>"
        #expect(Array(page.utf8).withUnsafeBufferPointer { HTMLSanitizer.rangesToBlank($0) }.isEmpty)
    }

    @Test func hiddenElementsAreSkipped() throws {
        let page = """
        <html><body><article><p>\(Self.paragraph)</p>
        <p hidden>Hidden by attribute, never shown to readers at all, and it is long enough to count.</p>
        <p aria-hidden="true">Hidden from assistive technology and from readers, and long enough as well.</p>
        <p style="display: none">Hidden by an inline style that no reader will see, long enough too.</p>
        </article></body></html>
        """
        let out = try html(page)
        #expect(out.contains(Self.paragraph))
        #expect(!out.contains("Hidden"))
    }

    @Test func invalidUTF8InHTMLIsRepairedNotLost() throws {
        var bytes = Array("<html><head><meta charset=\"utf-8\"></head><body><article><p>".utf8)
        bytes += Array(Self.paragraph.utf8) + [0xFF, 0xFE] + Array(" Tail text survives the bad bytes.</p></article></body></html>".utf8)
        let out = try html(bytes)
        #expect(out.contains("Tail text survives the bad bytes."))
    }

    @Test func bogusCharsetNameDoesNotCrash() throws {
        let page = "<html><head><meta charset=\"utf-8, ie=edge\"></head><body><p>\(Self.paragraph) Café.</p></body></html>"
        let out = try html(page)
        #expect(out.contains("Café."))
    }

    @Test func windows1252PageIsDecoded() throws {
        var bytes = Array("<html><head><meta charset=\"windows-1252\"></head><body><p>\(Self.paragraph) ".utf8)
        bytes += [0x93, 0x43, 0x61, 0x66, 0xE9, 0x94, 0x20, 0x80, 0x35]   // “Café” €5
        bytes += Array("</p></body></html>".utf8)
        let out = try html(bytes)
        #expect(out.contains("“Café” €5"))
    }

    @Test func undefinedWindows1252BytesDoNotCutThePage() throws {
        var bytes = Array("<html><head><meta charset=\"windows-1252\"></head><body><p>\(Self.paragraph) ".utf8)
        bytes += [0x81, 0x8D]
        bytes += Array(" The rest is still here.</p></body></html>".utf8)
        let out = try html(bytes)
        #expect(out.contains("The rest is still here."))
    }

    @Test func inlineElementsNeverGlueOrSplitWords() throws {
        let page = "<html><body><article><p>\(Self.paragraph) foo<b>bar</b> baz and foo <b>bar</b> again.</p></article></body></html>"
        let out = try html(page)
        #expect(out.contains("foobar baz and foo bar again."))
    }

    // MARK: - Plain text through the binary

    @Test func emptyInputGivesEmptyOutputAndSuccess() throws {
        let run = try Binary.run([], stdin: Data())
        #expect(run.status == 0)
        #expect(run.stdout.isEmpty)
    }

    @Test func invalidUTF8IsRepairedWithAWarning() throws {
        var bytes = Array("Good text before. ".utf8)
        bytes += [0xC3, 0x28, 0xFF]
        bytes += Array(" Good text after.\n".utf8)
        let run = try Binary.run([], stdin: Data(bytes))
        #expect(run.status == 0)
        #expect(run.stdout.contains("Good text before."))
        #expect(run.stdout.contains("Good text after."))
        #expect(run.stdout.contains("\u{FFFD}"))
        #expect(run.stderr.contains("invalid UTF-8"))
    }

    @Test func nulAndControlBytesDoNotTruncate() throws {
        let run = try Binary.run([], stdin: Data("First\u{0} part\u{7} and\u{1B} more.\n\nSecond paragraph.\n".utf8))
        #expect(run.status == 0)
        #expect(run.stdout == "First part and more.\n\nSecond paragraph.\n")
    }

    @Test func longSingleLineIsKeptWhole() throws {
        let word = "lorem "
        let line = String(repeating: word, count: 3_000_000)   // 18 MB, one line
        let run = try Binary.run(["--text"], stdin: Data(line.utf8))
        #expect(run.status == 0)
        #expect(run.stdout.utf8.count == line.utf8.count)   // trailing space trimmed, newline added
    }

    @Test func missingFileExits66AndNamesIt() throws {
        let run = try Binary.run(["/nonexistent/decruft-test-file.txt"])
        #expect(run.status == 66)
        #expect(run.stderr.contains("/nonexistent/decruft-test-file.txt"))
        #expect(run.stderr.split(separator: "\n").count == 1)
    }

    @Test func badUsageExits64() throws {
        #expect(try Binary.run(["--disable", "no-such-filter"]).status == 64)
        #expect(try Binary.run(["--html", "--text"]).status == 64)
    }

    @Test func closedPipeEndsQuietly() throws {
        // `decruft big | head -c 10`: the reader goes away early.
        let text = String(repeating: "A sentence that fills the pipe quickly enough.\n\n", count: 200_000)
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("decruft-pipe-\(UUID().uuidString).txt")
        try Data(text.utf8).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "'\(Binary.url.path)' '\(input.path)' | head -c 10 >/dev/null; echo ${PIPESTATUS:-done}"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        process.waitUntilExit()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(stderr.isEmpty)
    }
}
