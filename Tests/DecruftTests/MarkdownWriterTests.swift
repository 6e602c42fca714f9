import Foundation
import Testing
@testable import Decruft

struct MarkdownWriterTests {
    func markdown(_ page: String) throws -> String {
        MarkdownWriter.text(try Cleaner().clean(html: Array(page.utf8)).document)
    }

    static let prose = Body.paragraphs

    @Test func headingsKeepTheirLevelAndTheTitleIsLevelOne() throws {
        let out = try markdown("<html><head><title>Harbour plan</title></head><body><article><p>\(Self.prose[0])</p>"
            + "<h2>What changes</h2><p>\(Self.prose[1])</p><h3>For commuters</h3><p>\(Self.prose[2])</p></article></body></html>")
        #expect(out.hasPrefix("# Harbour plan\n\n"))
        #expect(out.contains("\n\n## What changes\n\n"))
        #expect(out.contains("\n\n### For commuters\n\n"))
    }

    @Test func nestedAndOrderedListsAreIndentedItemsOnConsecutiveLines() throws {
        let out = try markdown("<html><body><article><p>\(Self.prose[0])</p><ul><li>First point of the plan</li>"
            + "<li>Second point, in two phases:<ol><li>the west half</li><li>the east half</li></ol></li>"
            + "<li>Third point of the plan</li></ul><p>\(Self.prose[1])</p></article></body></html>")
        #expect(out.contains("\n\n- First point of the plan\n- Second point, in two phases:\n    1. the west half\n"
            + "    1. the east half\n- Third point of the plan\n\n"))
    }

    @Test func tableRowsBecomeOnePipeTableWithAHeader() throws {
        let out = try markdown("<html><body><article><p>\(Self.prose[0])</p><table><tr><th>Port</th><th>Tide</th></tr>"
            + "<tr><td>North</td><td>06:12</td></tr><tr><td>South</td><td>06:40</td></tr></table>"
            + "<p>\(Self.prose[1])</p></article></body></html>")
        #expect(out.contains("\n\n| Port | Tide |\n| --- | --- |\n| North | 06:12 |\n| South | 06:40 |\n\n"))
    }

    @Test func codeKeepsItsLinesAndIndentationInAFence() throws {
        let code = "def schedule(tides):\n    for tide in tides:\n\tyield tide.time"
        let out = try markdown("<html><body><article><p>\(Self.prose[0])</p><pre><code>\(code)</code></pre>"
            + "<p>\(Self.prose[1])</p></article></body></html>")
        #expect(out.contains("\n\n```\ndef schedule(tides):\n    for tide in tides:\n    yield tide.time\n```\n\n"))
    }

    @Test func twoCodeBlocksStayTwo() throws {
        let out = try markdown("<html><body><article><p>\(Self.prose[0])</p><pre>let a = 1</pre><pre>let b = 2</pre>"
            + "<p>\(Self.prose[1])</p></article></body></html>")
        #expect(out.contains("```\nlet a = 1\n```\n\n```\nlet b = 2\n```"))
    }

    @Test(arguments: [
        ("# not a heading", "\\# not a heading"),
        ("- not a list item", "\\- not a list item"),
        ("1. not a numbered item", "\\1. not a numbered item"),
        ("> not a quote", "\\> not a quote"),
        ("---", "\\---"),
        ("2025 was a good year.", "2025 was a good year."),
        ("-5 degrees overnight", "-5 degrees overnight"),
        ("#hashtag lines are left as they are", "\\#hashtag lines are left as they are"),
    ])
    func paragraphsThatLookLikeSyntaxAreEscaped(_ text: String, _ expected: String) {
        #expect(MarkdownWriter.escaped(text) == expected)
    }

    @Test func plainTextMarkdownIsItsCanonicalText() {
        let text = [Self.prose[0], "# a hashtag line in plain text", Self.prose[1]].joined(separator: "\n\n")
        let document = Cleaner().clean(text: text).document
        #expect(MarkdownWriter.text(document) == CanonicalWriter.text(document))
    }

    /// The markdown read back as text loses nothing more: every line of it
    /// survives a second cleaning.
    @Test func cleaningTheMarkdownAgainRemovesNothing() throws {
        let page = try String(contentsOf: repositoryRoot.appendingPathComponent("corpus/html/markdown-docs-page-code-list-table/input.html"),
                              encoding: .utf8)
        let first = try markdown(page)
        let again = Cleaner().clean(text: first)
        #expect(again.removals.isEmpty)
    }
}

struct HTMLWriterTests {
    @Test func minimalHTMLHasOnlyStructuralElementsAndEscapedText() throws {
        let page = "<html><head><title>A &lt;b&gt; &amp; c</title></head><body><article class=x id=y>"
            + "<p style=\"color:red\">\(Body.paragraphs[0]) <a href=/x onclick=go()>link</a></p>"
            + "<ul><li>one<ol><li>inner</li></ol></li><li>two</li></ul><p>\(Body.paragraphs[1])</p></article></body></html>"
        let out = HTMLWriter.text(try Cleaner().clean(html: Array(page.utf8)).document)
        #expect(out.hasPrefix("<article>\n<h1>A &lt;b&gt; &amp; c</h1>\n"))
        #expect(out.contains("<ul>\n<li>one\n<ol>\n<li>inner</li>\n</ol>\n</li>\n<li>two</li>\n</ul>"))
        #expect(!out.contains("class=") && !out.contains("style=") && !out.contains("onclick"))
        #expect(out.hasSuffix("</article>\n"))
    }

    @Test func plainTextBecomesParagraphs() {
        let document = Cleaner().clean(text: "First <para> & more.\n\nSecond.").document
        #expect(HTMLWriter.text(document) == "<article>\n<p>First &lt;para&gt; &amp; more.</p>\n<p>Second.</p>\n</article>\n")
    }
}
