import Testing
@testable import Decruft
import DecruftLibXML

/// Pages that are not one article: forum threads and grids of cards keep
/// every post and card; comments under a news article stay out.
struct HTMLPageTypeTests {
    func clean(_ page: String) throws -> String {
        var options = HTMLOptions()
        options.includeTitle = false
        return CanonicalWriter.text(try Cleaner().clean(html: Array(page.utf8), options: options).document)
    }

    static let opening = "<p>I have run a small vegetable plot for six years, and this spring the tomatoes split on the vine "
        + "within days of ripening, after a dry May and a very wet June.</p><p>I water in the evening, mulch with straw "
        + "and feed every two weeks with a seaweed mix. Has anyone found a way to stop the splitting without losing "
        + "the flavour, or is it just the weather this year?</p>"

    static let replies = [
        "Water little and often, in the morning.",
        "Same here. A thicker mulch helped me most.",
        "Try a variety with thicker skins next year.",
    ]

    func post(_ id: Int, _ body: String, extra: String = "") -> String {
        "<li class='message post \(extra)' id=post-\(id)><div class=user><a href=/u/\(id)>user\(id)</a></div>"
            + "<div class=message-inner><div class=message-cell><div class=message-main><div class=body><article>"
            + "<blockquote class=message-text>\(body)</blockquote></article></div></div></div></div></li>"
    }

    @Test func aForumThreadKeepsEveryPost() throws {
        let posts = [post(1, Self.opening, extra: "thread-starter")]
            + Self.replies.enumerated().map { post($0.offset + 2, "<p>\($0.element)</p>") }
        let page = "<html><body><nav><a href=/>Forums</a></nav><div class=thread><ol class=messages>"
            + posts.joined() + "</ol></div><footer><p>Copyright 2026 Garden Forum</p></footer></body></html>"
        let out = try clean(page)
        #expect(out.contains("tomatoes split on the vine"))
        for reply in Self.replies { #expect(out.contains(reply)) }
        #expect(!out.contains("Copyright"))
    }

    @Test func commentsUnderANewsArticleStayOut() throws {
        let comments = Self.replies.enumerated().map { "<div class=comment id=c\($0.offset)><p>\($0.element)</p></div>" }
        let page = "<html><body><article><h1>Dry spring splits tomatoes</h1>\(Self.opening)\(Self.opening)</article>"
            + "<div class=comments>\(comments.joined())</div></body></html>"
        let out = try clean(page)
        #expect(out.contains("tomatoes split on the vine"))
        for reply in Self.replies { #expect(!out.contains(reply)) }
    }

    @Test func alikeSiblingsWithoutTextOfTheirOwnDoNotWiden() throws {
        // Teaser cards built like the article's wrapper but holding only links.
        let cards = (1...4).map { "<div class='card item'><a href=/s/\($0)>Another story number \($0) about gardens</a></div>" }
        let page = "<html><body><div class=grid><div class='card item'>\(Self.opening)</div>\(cards.joined())</div></body></html>"
        let out = try clean(page)
        #expect(out.contains("tomatoes split on the vine"))
        #expect(!out.contains("Another story"))
    }

    // MARK: - The step on its own

    /// The page's DOM and blocks, and the range of the first element with `marker` in its class.
    func step(_ page: String, selecting marker: String) throws -> (RepeatedSiblings, [PageBlock], [Range<Int>]) {
        let bytes = Array(page.utf8)
        let dom = try bytes.withUnsafeBufferPointer { p throws(HTMLParseError) in try HTMLParser.parse(utf8: p) }
        var analysis = PageAnalysis(dom: dom, rules: shippedRules.regions)
        analysis.exclude(.full, keepComments: false)
        var segmenter = Segmenter(dom: dom, exclusion: analysis.exclusion, rawCharacters: analysis.rawCharacters,
                                  holdsBlocks: analysis.holdsBlocks, captionClass: analysis.captionClass)
        let blocks = segmenter.run()
        let node = try #require((0..<dom.count).first {
            !dom.nodes[$0].isText && String(decoding: dom.attributeTokens(of: dom.nodes[$0]), as: UTF8.self).contains(marker)
        })
        return (RepeatedSiblings(dom: dom, settings: RepeatedSiblings.Settings()), blocks,
                [node..<Int(dom.nodes[node].subtreeEnd)])
    }

    func thread(_ replies: [String]) -> String {
        let posts = [post(1, Self.opening, extra: "thread-starter")] + replies.enumerated().map { post($0.offset + 2, "<p>\($0.element)</p>") }
        return "<html><body><ol class=messages>\(posts.joined())</ol></body></html>"
    }

    @Test func theFirstPostWidensToTheWholeThread() throws {
        let (step, blocks, selection) = try step(thread(Self.replies + Self.replies), selecting: "thread-starter")
        let run = try #require(step.widen(selection, blocks, wouldKeep: { $0.exclusion == nil && $0.linkDensity <= 0.5 }))
        #expect(run.count == 7)
        #expect(run.first == selection.first)
    }

    @Test func twoRepliesAreNotARun() throws {
        let (step, blocks, selection) = try step(thread(Array(Self.replies.prefix(1))), selecting: "thread-starter")
        #expect(step.widen(selection, blocks, wouldKeep: { $0.exclusion == nil && $0.linkDensity <= 0.5 }) == nil)
    }
}
