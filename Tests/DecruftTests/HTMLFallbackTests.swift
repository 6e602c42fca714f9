import Testing
@testable import Decruft

/// Pages whose article the first reading misses: each is found another way,
/// and a page that still gives (next to) nothing says why.
struct HTMLFallbackTests {
    let cleaner = Cleaner()

    static let paragraphs = [
        "The council approved the new harbour plan on Tuesday after a long debate, and the first works are due to start in the spring.",
        "Residents had asked for a second footbridge, which the plan now includes, along with a cycle lane on the northern quay.",
        "The budget of twelve million is shared between the city and the regional development fund, officials said.",
    ]
    static var article: String { paragraphs.map { "<p>\($0)</p>" }.joined() }

    func clean(_ page: String) throws -> CleanResult {
        var options = HTMLOptions()
        options.includeTitle = false
        return try cleaner.clean(html: Array(page.utf8), options: options)
    }

    func text(_ result: CleanResult) -> String { CanonicalWriter.text(result.document) }

    // MARK: - A button left open around the page

    @Test func pageInsideAnUnclosedButtonIsRead() throws {
        let page = "<html><body><header><button class=menu><div class=inner><div></button></div>"
            + "<nav><a href=/>Home</a></nav></header><main><article>\(Self.article)</article></main></body></html>"
        let result = try clean(page)
        #expect(text(result) == Self.paragraphs.joined(separator: "\n\n") + "\n")
    }

    @Test func smallButtonsStayOut() throws {
        let page = "<html><body><article>\(Self.article)<button><div>Load more stories</div></button>"
            + "<p><button>Subscribe</button></p></article></body></html>"
        let out = text(try clean(page))
        #expect(out.contains(Self.paragraphs[2]))
        #expect(!out.contains("Load more"))
        #expect(!out.contains("Subscribe"))
    }

    // MARK: - Content that a script reveals

    @Test func articleHiddenUntilAScriptShowsItIsReadWithAWarning() throws {
        let page = "<html><body><div hidden id=S:0><article>\(Self.article)<h2>More</h2>\(Self.article)<h2>Again</h2>\(Self.article)</article></div>"
            + "<div style='visibility:hidden'><nav><a href=/>Home</a> <a href=/news>News</a></nav></div></body></html>"
        let result = try clean(page)
        #expect(text(result).contains(Self.paragraphs[0]))
        #expect(!text(result).contains("Home"))
        #expect(result.warnings.contains { $0.contains("hides until a script shows them") })
    }

    @Test func hiddenTextStaysOutWhenThePageHasItsArticle() throws {
        let modal = String(repeating: "A hidden modal text that nobody reads on the page, ", count: 40)
        let page = "<html><body><article>\(Self.article)</article><div hidden><p>\(modal)</p></div></body></html>"
        let result = try clean(page)
        #expect(!text(result).contains("hidden modal"))
        #expect(result.warnings.isEmpty)
    }

    @Test func ariaHiddenSectionsInsideTheArticleAreRead() throws {
        // Shown on screen, kept from screen readers (an animated section):
        // inside the article's run of text it is text.
        let section = "<div aria-hidden=true class=fade-in><p>Our second workshop opened in March, with room for "
            + "twelve apprentices and a kiln large enough for the whole village's pottery classes.</p></div>"
        let slot = "<div aria-hidden=true class=ad-slot><p>Sponsored placeholder text that is long enough to be a "
            + "paragraph but is an advertising slot.</p></div>"
        let page = "<html><body><article><p>\(Self.paragraphs[0])</p>\(section)<p>\(Self.paragraphs[1])</p>"
            + "\(slot)<p>\(Self.paragraphs[2])</p></article></body></html>"
        let out = text(try clean(page))
        #expect(out.contains("Our second workshop opened in March"))
        #expect(!out.contains("Sponsored placeholder"))
    }

    // MARK: - Thin pages

    @Test func jsonLDArticleBodyIsUsedWhenTheMarkupIsEmpty() throws {
        let body = Self.paragraphs.joined(separator: "\\n")
        let page = "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"articleBody\":\"\(body)\"}"
            + "</script></head><body><div id=app></div><nav><a href=/>Home</a></nav></body></html>"
        let result = try clean(page)
        #expect(text(result) == Self.paragraphs.joined(separator: "\n\n") + "\n")
        #expect(result.warnings.contains { $0.contains("JSON-LD articleBody") })
    }

    @Test func jsonLDArticleBodyDoesNotReplaceARealArticle() throws {
        let page = "<html><head><script type=\"application/ld+json\">{\"articleBody\":\"A short teaser.\"}</script>"
            + "</head><body><article>\(Self.article)</article></body></html>"
        let result = try clean(page)
        #expect(text(result).contains(Self.paragraphs[1]))
        #expect(!text(result).contains("teaser"))
        #expect(result.warnings.isEmpty)
    }

    @Test func emptyOutputAlwaysSaysWhy() throws {
        let scripted = try clean("<html><body><div id=root></div><script>render()</script></body></html>")
        #expect(text(scripted).isEmpty)
        #expect(scripted.warnings.contains { $0.contains("no visible text") })
        let links = (0..<60).map { "<li><a href=/p\($0)>Product number \($0) in the shop</a></li>" }.joined()
        let menu = try clean("<html><body><nav><ul>\(links)</ul></nav></body></html>")
        #expect(menu.warnings.contains { $0.contains("no article found") || $0.contains("characters of article text") })
    }

    // MARK: - Text in entries too short to vote

    static let jobs = (0..<30).map { "<li><a href=/job/\($0)>Senior engineer number \($0), remote</a> <span>Full-time</span></li>" }

    @Test func anIndexOfShortEntriesIsReadByWhereItsTextLies() throws {
        let page = "<html><body><header><nav><a href=/>Home</a> <a href=/jobs>Jobs</a></nav></header>"
            + "<div class=wrap><div class=board><h1>Engineering jobs</h1><ul>\(Self.jobs.joined())</ul></div></div>"
            + "<footer><p>Copyright 2026 The Board</p></footer></body></html>"
        let result = try clean(page)
        let out = text(result)
        #expect(out.contains("Senior engineer number 0, remote"))
        #expect(out.contains("Senior engineer number 29, remote"))
        #expect(!out.contains("Copyright"))
        #expect(!out.contains("Home"))
        #expect(result.warnings.contains { $0.contains("holds most of the page's text") })
    }

    @Test func aMenuOfOneWordLinksIsNotWhatThePageIsAbout() throws {
        // The page's text is a short note; the menu beside it is longer but
        // made of one-word links, which do not weigh.
        let menu = (0..<80).map { "<li><a href=/c\($0)>Category\($0)</a></li>" }.joined()
        let page = "<html><body><div class=side><ul>\(menu)</ul></div>"
            + "<div class=note><p>Opening hours change on the first of May; the shop closes at six on weekdays.</p></div></body></html>"
        let out = text(try clean(page))
        #expect(out.contains("Opening hours change"))
        #expect(!out.contains("Category1"))
    }

    @Test func aRealArticleIsNotReplacedByTheLinksBesideIt() throws {
        let related = Self.jobs.joined()
        let page = "<html><body><article>\(Self.article)\(Self.article)</article><aside><ul>\(related)</ul></aside></body></html>"
        let result = try clean(page)
        #expect(text(result).contains(Self.paragraphs[0]))
        #expect(!text(result).contains("Senior engineer"))
        #expect(!result.warnings.contains { $0.contains("holds most of the page's text") })
    }

    // MARK: - An article spread over sections that do not vote

    static let intro = "<p>We design, build and run data platforms for banks, insurers, retailers and hospitals, "
        + "from the first workshop to the daily operation, with one team throughout.</p>"
        + "<p>Our people design, build and run data platforms for banks, insurers, retailers and hospitals, "
        + "from the first workshop to the daily operation, with one team throughout.</p>"

    static func services(_ count: Int) -> String {
        (2..<(2 + count)).map { i in
            "<section class=s\(i)><div class=c><h2>Service \(i)</h2><ul><li>Short description of service number \(i) for our clients</li>"
                + "<li>Delivered by a team of \(i) engineers, on site or remote</li></ul></div></section>"
        }.joined()
    }

    @Test func sectionsBesideTheVotedOneAreReadWhenTheyHoldMostOfThePage() throws {
        let page = "<html><body><nav><a href=/>Home</a> <a href=/about>About</a></nav><div class=wrap>"
            + "<section class=s1><div class=c>\(Self.intro)</div></section>\(Self.services(6))</div>"
            + "<footer><p>Copyright 2026 Example</p></footer></body></html>"
        let out = text(try clean(page))
        #expect(out.contains("We design, build"))
        #expect(out.contains("Short description of service number 2 for our clients"))
        #expect(out.contains("Delivered by a team of 7 engineers"))
        #expect(!out.contains("Copyright"))
    }

    @Test func widenedToTheWrapperTheLinkListsBesideTheArticleStillGo() throws {
        let page = "<html><body><div class=wrap><section class=s1><div class=c>\(Self.intro)</div></section>"
            + "<div class=more><ul>\(Self.jobs.joined())</ul></div></div></body></html>"
        let out = text(try clean(page))
        #expect(out.contains("We design, build"))
        #expect(!out.contains("Senior engineer"))
    }
}
