import Testing
@testable import Decruft

struct PageFurnitureFilterTests {
    let filter = PageFurnitureFilter()
    let body = Array(Body.paragraphs.prefix(4))
    let menu = ["Home", "News", "World", "Business", "Sport", "Culture", "Travel", "Log in", "Search", "Subscribe", "Menu"]
    let footer = ["About us", "Contact", "Careers", "Privacy policy", "Terms of use", "Accessibility",
                  "Advertise", "Sitemap", "Newsletters", "RSS feeds", "Help centre"]

    @Test func removesHeaderMenusAndFooterOfAPageRenderedAsText() {
        let headline = "Harbour plan approved after long debate"
        let result = run(filter, menu + [headline] + body + footer)
        #expect(result.kept == [headline] + body)
        #expect(removed(result) == menu.map { Removed($0, "header") } + footer.map { Removed($0, "footer") })
    }

    @Test func removesAMenuRunInsideAPage() {
        let inner = ["Most read", "Storms", "Elections", "Budget", "Transport", "Housing", "Schools"]
        let texts = menu + ["Headline"] + [body[0], body[1]] + inner + [body[2], body[3]] + footer
        let result = run(filter, texts)
        #expect(result.kept == ["Headline", body[0], body[1], body[2], body[3]])
        #expect(removed(result).filter { $0.reason == "menu" }.count == inner.count)
    }

    /// An article is not a page: its short headline, byline, sub-heads and a
    /// short list at its end stay.
    @Test func keepsAnArticleWithShortLinesAtItsEdges() {
        let texts = ["Harbour plan approved", "By Jane Doe", "12 May 2025"] + body
            + ["Key dates", "Spring: first works", "Summer: road closures", "Autumn: opening"]
        let result = run(filter, texts)
        #expect(result.kept == texts)
    }

    /// A long list inside an article stays when the page has no menus around it.
    @Test func keepsAListInsideAnArticleWithoutPageFurniture() {
        let list = ["Flour", "Sugar", "Butter", "Eggs", "Milk", "Salt", "Yeast"]
        let texts = [body[0], "You will need:"] + list + [body[1], body[2]]
        #expect(run(filter, texts).kept == texts)
    }

    /// A table's rows (with `|`) and sentences are not menu entries: a long
    /// table after the article is kept.
    @Test func keepsTableRowsAfterTheArticle() {
        let rows = (1...12).map { "\($0) | School \($0) | \(600 + $0) | \(40 + $0)%" }
        let texts = body + rows
        #expect(run(filter, texts).kept == texts)
    }

    /// Text with no prose at all (a list, a poem of short lines) is left alone.
    @Test func leavesTextWithoutProseAlone() {
        #expect(run(filter, menu + footer).kept == menu + footer)
    }

    @Test func settingsComeFromRuleFiles() throws {
        let rules = try RuleLoader.parse("[filters.page-furniture]\nmin_edge_blocks = 20\n", file: "t.toml")
        var configuration = Configuration(rules: shippedRules)
        rules.filters.apply(to: &configuration)
        #expect(configuration.pageFurniture.minEdgeBlocks == 20)
        let result = run(PageFurnitureFilter(settings: configuration.pageFurniture), menu + ["Headline"] + body + footer)
        #expect(result.removed.isEmpty)
    }
}
