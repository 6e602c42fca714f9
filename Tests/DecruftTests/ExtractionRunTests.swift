import Testing
@testable import Decruft

extension ExtractionRun {
    /// The steps before the verdicts, in `extract`'s order.
    mutating func runSteps() {
        selectArticle()
        readAgain()
        markListingEntries()
        giveBackInterleaved()
    }
}

/// The named steps of `HTMLExtractor.extract`, one at a time.
struct ExtractionRunTests {
    let extractor = HTMLExtractor(rules: RuleLoader.defaults.regions)
    static let prose = Body.paragraphs

    func run(_ page: String, options: HTMLOptions = HTMLOptions()) throws -> ExtractionRun {
        try ExtractionRun(extractor, Array(page.utf8), options: options, rules: nil)
    }

    func texts(_ run: ExtractionRun, _ reasons: [String?], where wanted: (String?) -> Bool) -> [String] {
        run.blocks.indices.filter { wanted(reasons[$0]) }.map { String(decoding: run.blocks[$0].text, as: UTF8.self) }
    }

    @Test func selectArticleVotesForTheArticleNotTheSidebar() throws {
        let page = "<html><body><aside class=sidebar><p>\(Self.prose[4])</p></aside><article><p>\(Self.prose[0])</p>"
            + "<p>\(Self.prose[1])</p><p>\(Self.prose[2])</p></article></body></html>"
        var r = try run(page)
        r.selectArticle()
        #expect(r.strictness == .full)
        #expect(r.found >= 3 * 150)
        let reasons = r.verdicts()
        #expect(texts(r, reasons) { $0 == nil } == Array(Self.prose[0...2]))
        #expect(texts(r, reasons) { $0 != nil }.contains(Self.prose[4]))
    }

    /// All the text sits in an element the page hides until a script shows
    /// it: the strict passes find nothing, the last one reads it (with a
    /// warning) rather than returning nothing.
    @Test func selectArticleRelaxesRegionRemovalWhenThin() throws {
        let page = "<html><body><div style=\"display:none\"><p>\(Self.prose[0])</p><p>\(Self.prose[1])</p><p>\(Self.prose[2])</p></div></body></html>"
        var r = try run(page)
        r.selectArticle()
        #expect(r.strictness == .revealed)
        #expect(r.found > 300)
        #expect(r.warnings.contains { $0.contains("hides until a script shows them") })
    }

    /// Edge clutter (a short date line before the first long paragraph) is
    /// dropped as `article-edge`; a short sentence of the article between
    /// long paragraphs stays.
    @Test func verdictsDropEdgeClutterAndKeepShortLinesInside() throws {
        let page = "<html><body><article><p>12 May 2025</p><p>\(Self.prose[0])</p><p>It rained all day.</p>"
            + "<p>\(Self.prose[1])</p></article></body></html>"
        var r = try run(page)
        r.runSteps()
        let reasons = r.verdicts()
        #expect(texts(r, reasons) { $0 == "article-edge" } == ["12 May 2025"])
        #expect(texts(r, reasons) { $0 == nil }.contains("It rained all day."))
    }

    /// A caption goes (`caption`) next to an article; on a page whose only
    /// text is the caption, it stays.
    @Test func verdictsDropCaptionsUnlessTheyAreThePage() throws {
        let caption = "The harbour at dawn, seen from the old lighthouse on the north pier."
        let withArticle = "<html><body><article><figure><img src=a.jpg><figcaption>\(caption)</figcaption></figure>"
            + "<p>\(Self.prose[0])</p><p>\(Self.prose[1])</p></article></body></html>"
        var r = try run(withArticle)
        r.selectArticle()
        #expect(texts(r, r.verdicts()) { $0 == "caption" } == [caption])
        let alone = "<html><body><figure><img src=a.jpg><figcaption>\(caption)</figcaption></figure></body></html>"
        var s = try run(alone)
        s.selectArticle()
        #expect(texts(s, s.verdicts()) { $0 == nil } == [caption])
    }

    /// A block of links inside the article goes as `link-dense`; a paragraph
    /// with one link in a sentence stays.
    @Test func verdictsDropLinkDenseBlocks() throws {
        let links = "<p><a href=/a>Storm damage</a> <a href=/b>Road closures</a> <a href=/c>Budget vote</a></p>"
        let linked = "<p>The council, which <a href=/c>published the plan</a> on Monday, said the works would start in spring and last two years.</p>"
        let page = "<html><body><article><p>\(Self.prose[0])</p>\(links)\(linked)<p>\(Self.prose[1])</p></article></body></html>"
        var r = try run(page)
        r.selectArticle()
        let reasons = r.verdicts()
        #expect(texts(r, reasons) { $0 == "link-dense" } == ["Storm damage Road closures Budget vote"])
        #expect(texts(r, reasons) { $0 == nil }.contains { $0.hasPrefix("The council, which published the plan") })
    }

    /// The outline gives the same document as the steps run by hand.
    @Test func extractIsTheStepsInOrder() throws {
        let page = "<html><head><title>Harbour</title></head><body><nav><a href=/>Home</a></nav><article><p>\(Self.prose[0])</p>"
            + "<p>\(Self.prose[1])</p></article></body></html>"
        var r = try run(page)
        r.runSteps()
        let byHand = r.assemble(r.verdicts()).document.blocks.map(\.text)
        #expect(try extractor.extract(Array(page.utf8)).document.blocks.map(\.text) == byHand)
        #expect(byHand == ["Harbour", Self.prose[0], Self.prose[1]])
    }
}
