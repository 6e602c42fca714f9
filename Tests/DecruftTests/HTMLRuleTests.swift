import Foundation
import Testing
@testable import Decruft
import DecruftLibXML

/// `strip`, `dissolve`, `body`, `title` rules and the XPath → DOM mapping.
struct HTMLRuleTests {
    static let page = """
    <html><head><title>Harbour plan</title></head><body><nav>Home | News</nav>
    <div class="story"><h1>Harbour plan approved</h1>
    <p>The council approved the new harbour plan on Tuesday after a long debate, and the first works are due to start in the spring, officials said.</p>
    <div class="promo-box"><p>Our morning newsletter brings the news of the harbour, the council and the city to you, every day.</p></div>
    <p class="aside-note">Residents raised concerns about noise and parking, and the mayor promised that a liaison officer would be appointed.</p>
    <p>Officials said the first phase of the project would begin in the spring, with crews closing two lanes of the main road.</p>
    </div><div id="other"><p>Another story entirely, which is long enough to count as a paragraph on its own page.</p></div></body></html>
    """

    func clean(_ toml: String, page: String = HTMLRuleTests.page) throws -> CleanResult {
        var rules = RuleLoader.defaults
        rules.merge(try RuleLoader.parse(toml, file: "page.toml"))
        var options = HTMLOptions()
        options.recordRemovals = true
        options.url = "https://example.com/a"
        return try Cleaner(configuration: Configuration(rules: rules)).clean(html: Array(page.utf8), options: options)
    }

    func text(_ result: CleanResult) -> String { CanonicalWriter.text(result.document) }

    @Test func stripByXPathAndIdOrClass() throws {
        let result = try clean("""
        [[strip]]
        id = "note"
        xpath = "//p[@class='aside-note']"

        [[strip]]
        id = "promo"
        id_or_class = "PROMO"
        """)
        #expect(!text(result).contains("Residents raised"))
        #expect(!text(result).contains("morning newsletter"))
        let stripped = result.removals.filter { $0.reason == "strip" }
        #expect(stripped.map(\.rule) == ["promo", "note"])
        #expect(stripped.first?.ruleOrigin == RuleOrigin(file: "page.toml", line: 5))
    }

    @Test func bodySelectsTheArticle() throws {
        let result = try clean("""
        [[body]]
        id = "other"
        xpath = "//div[@id='other']"
        """)
        #expect(text(result).contains("Another story entirely"))
        #expect(!text(result).contains("The council approved"))
        #expect(result.removals.contains { $0.reason == "outside-body" && $0.rule == "other" })
    }

    @Test func titleFromXPath() throws {
        let result = try clean("""
        [[title]]
        id = "h1"
        xpath = "//div[@id='other']/p"
        """)
        #expect(result.document.metadata.title?.hasPrefix("Another story entirely") == true)
    }

    @Test func dissolveDropsTheWrapperKeepsText() throws {
        let page = "<html><body><div class='story'><p>The council approved the new harbour plan on Tuesday after a long debate, officials said. <span class='sharebox'>and the works start in spring</span> as planned.</p>"
            + Body.paragraphs.map { "<p>\($0)</p>" }.joined() + "</div></body></html>"
        let plain = try clean("", page: page)
        #expect(!text(plain).contains("works start in spring"))
        let dissolved = try clean("""
        [[dissolve]]
        id = "unwrap-share"
        id_or_class = "sharebox"
        """, page: page)
        #expect(text(dissolved).contains("officials said. and the works start in spring as planned."))
    }

    @Test func siteScopedHTMLRuleNeedsItsHost() throws {
        let result = try clean("""
        [[strip]]
        id = "note"
        xpath = "//p[@class='aside-note']"
        sites = ["other.org"]
        """)
        #expect(text(result).contains("Residents raised"))
    }

    @Test func runawayXPathIsReportedNotFatal() throws {
        let page = Self.page.replacingOccurrences(of: "</body>", with: String(repeating: "<i>x</i>", count: 200) + "</body>")
        let result = try clean("""
        [[strip]]
        id = "runaway"
        xpath = "//*[count(//*[count(//*[count(//*) > 0]) > 0]) > 0]"
        """, page: page)
        #expect(text(result).contains("The council approved"))
        #expect(result.warnings.contains { $0.contains("rule 'runaway'") && $0.contains("operation limit") })
    }

    /// The XPath tree and the SAX DOM see the same elements in the same order
    /// on every corpus page (what maps XPath results onto the DOM).
    @Test func treeAndSAXAgreeOnCorpusPages() throws {
        let corpus = repositoryRoot.appendingPathComponent("corpus/html")
        let cases = try FileManager.default.contentsOfDirectory(atPath: corpus.path)
        var checked = 0
        for name in cases {
            let url = corpus.appendingPathComponent(name).appendingPathComponent("input.html")
            guard let raw = FileManager.default.contents(atPath: url.path) else { continue }
            var bytes = UTF8Repair.repair(Charset.toUTF8(Array(raw), hint: nil).0).bytes
            HTMLSanitizer.sanitize(&bytes)
            let dom = try bytes.withUnsafeBufferPointer { p throws(HTMLParseError) in try HTMLParser.parse(utf8: p) }
            let tree = try bytes.withUnsafeBufferPointer { p throws(HTMLParseError) in try XPathDocument(utf8: p) }
            #expect(tree.countElements() == dom.elementNodes.count, "\(name)")
            for element in try tree.elements("//*") where element.ordinal < dom.elementNodes.count {
                let node = Int(dom.elementNodes[element.ordinal])
                if node >= 0 { #expect(dom.nodes[node].tag == HTMLTag(name: element.name), "\(name) #\(element.ordinal)") }
            }
            checked += 1
        }
        #expect(checked >= 30)
    }
}
