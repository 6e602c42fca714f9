import Testing
@testable import Decruft

struct SeeAlsoFilterTests {
    let filter = SeeAlsoFilter(markers: shippedRules.markers)
    let body = Array(Body.paragraphs.prefix(3))

    func filter(_ settings: SeeAlsoFilter.Settings) -> SeeAlsoFilter {
        SeeAlsoFilter(markers: shippedRules.markers, settings: settings)
    }

    @Test func removesMarkerAndFollowingLinksInTail() {
        let links = ["Council delays vote on new budget", "Five things to know about the storm"]
        let closing = Body.paragraphs[3]
        let result = run(filter, body + ["Also, see:"] + links + [closing])
        #expect(result.kept == body + [closing])
        #expect(removed(result) == [
            Removed("Also, see:", "marker", "see-also-en"),
            Removed(links[0], "link-after-marker"),
            Removed(links[1], "link-after-marker"),
        ])
    }

    @Test func tailRunsToEndOfDocument() {
        let texts = body + ["Related stories", "Storm damage: what we know so far", "Mayor defends road closures"]
        let result = run(filter, texts)
        #expect(result.kept == body)
        #expect(removed(result).map(\.reason) == ["marker", "link-after-marker", "link-after-marker"])
        #expect(removed(result).first?.rule == "see-also-en")
    }

    @Test func markersEndingInAnEllipsisOrAQuestionMark() {
        for marker in ["Das könnte Dich auch interessieren …", "Schon gelesen?", "You may also like..."] {
            let links = ["Council delays vote on new budget", "Five things to know about the storm"]
            let result = run(filter, body + [marker] + links)
            #expect(result.kept == body, "\(marker)")
        }
        // A sentence with a full stop is not a marker, whatever it starts with.
        let sentence = "Schon gelesen hatte er den Bericht des Rechnungshofs."
        #expect(run(filter, body + [sentence]).kept == body + [sentence])
    }

    @Test func inlineMarkerWithItsHeadlineGoesAnywhereAlone() {
        let inline = "Read more: Council delays vote on new budget"
        let short = "What the plan means"
        let texts = [Body.paragraphs[0], inline, short, Body.paragraphs[1], Body.paragraphs[2], Body.paragraphs[3]]
        let result = run(filter, texts)
        // In the first half, and the short line after it is the article's, not a link.
        #expect(result.kept == texts.filter { $0 != inline })
        #expect(removed(result) == [Removed(inline, "marker", "see-also-en")])
        // A sentence after a marker word is the article.
        let sentence = "Read more: the council said the full plan would be published next week."
        #expect(run(filter, [Body.paragraphs[0], sentence, Body.paragraphs[1]]).removed.isEmpty)
    }

    @Test func inlineMarkersWithSignsAndOtherSeparators() {
        for line in ["👉 Read also: What intermittent fasting really does for your body and brain",
                     "READ | Opposition leader calls for early elections in the spring",
                     "Leggi anche → Sciopero dei trasporti, treni a rischio venerdì",
                     "LIRE AUSSI >> Cinq choses à savoir sur la réforme des retraites",
                     "LEA TAMBIÉN: Cómo ahorrar en la factura de la luz este invierno"] {
            let result = run(filter, [Body.paragraphs[0], line, Body.paragraphs[1]])
            #expect(result.kept == [Body.paragraphs[0], Body.paragraphs[1]], "\(line)")
        }
        // A sentence that reads on after a sign is not a marker line.
        let sentence = "Read the small print | it matters more than the headline rate, the regulator said."
        #expect(run(filter, [Body.paragraphs[0], sentence, Body.paragraphs[1]]).removed.isEmpty)
    }

    @Test func aBlockOfHeadlinesInTheFirstHalfGoes() {
        let links = ["Council delays vote on new budget", "Five things to know about the storm"]
        let texts = [Body.paragraphs[0], "Recommended for you"] + links + Array(Body.paragraphs[1...3])
        let result = run(filter, texts)
        #expect(result.kept == [Body.paragraphs[0]] + Array(Body.paragraphs[1...3]))
        // One short line after the marker is not a block of links there.
        let single = [Body.paragraphs[0], "Related Articles", "Council delays vote"] + Array(Body.paragraphs[1...3])
        #expect(run(filter, single).removed.isEmpty)
    }

    @Test func aSentenceAfterTheLinksEndsTheBlock() {
        let closing = "The council will meet again in March."
        let texts = body + ["Related stories", "Storm damage: what we know so far", closing]
        let result = run(filter, texts)
        #expect(result.kept == body + [closing])
    }

    @Test func markerWithInlineHeadline() {
        let marker = "Read more: Council delays vote on new budget until after the summer recess"
        let result = run(filter, body + [marker])
        #expect(result.kept == body)
        #expect(removed(result) == [Removed(marker, "marker", "see-also-en")])
    }

    @Test func secondMarkerInsideTheTailIsAMarker() {
        let texts = body + ["Read more", "Council delays vote", "You may also like", "Five things to know"]
        let result = run(filter, texts)
        #expect(result.kept == body)
        #expect(removed(result) == [
            Removed("Read more", "marker", "see-also-en"),
            Removed("Council delays vote", "link-after-marker"),
            Removed("You may also like", "marker", "see-also-en"),
            Removed("Five things to know", "link-after-marker"),
        ])
    }

    @Test func keepsBodySentenceStartingWithAlsoSee() {
        let sentence = "Also, see the report published last week, which found that rents rose faster than wages in every region."
        let texts = body + [sentence, "Council delays vote on new budget"]
        let result = run(filter, texts)
        #expect(result.kept == texts)
        #expect(result.removed.isEmpty)
    }

    @Test func markerInFirstHalfNeedsHeadlinesAfterIt() {
        // Two headlines after "Also read:" near the top: a block of links.
        let texts = ["Heat alert extended", "Also read:", "Heatwave: how to keep cool", "Which medicines are affected?"]
            + Body.paragraphs
        #expect(run(filter, texts).kept == ["Heat alert extended"] + Body.paragraphs)
        // A bare marker before a paragraph stays there.
        let bare = ["Heat alert extended", "Also read:"] + Body.paragraphs
        #expect(run(filter, bare).kept == bare)
    }

    @Test func keepsHeadingThatOnlyStartsWithMarkerWord() {
        let texts = body + ["Related developments", Body.paragraphs[4]]
        let result = run(filter, texts)
        #expect(result.kept == texts)
    }

    @Test func keepsBareMarkerLikeLineWithManyWords() {
        // No colon, more than 8 words: a sentence, not a marker line.
        let long = "More from the city desk and its reporters on the ground today"
        #expect(run(filter, body + [long]).removed.isEmpty)
        // The same words, short enough, are a marker.
        let short = "More from the city desk"
        #expect(removed(run(filter, body + [short])) == [Removed(short, "marker", "see-also-en")])
    }

    @Test func stopsAtNextRealParagraph() {
        let texts = body + ["Related articles:", "Storm damage: what we know", Body.paragraphs[4], "Mayor defends road closures"]
        let result = run(filter, texts)
        #expect(result.kept == body + [Body.paragraphs[4], "Mayor defends road closures"])
        #expect(result.removed.count == 2)
    }

    @Test func blockMostlyOfLinkTextFollowsMarker() {
        let linky = Body.paragraphs[5]
        var blocks = makeBlocks(body + ["Related stories", linky])
        blocks[4].linkCharacters = linky.unicodeScalars.count / 2 + 1
        let result = run(filter, blocks: blocks)
        #expect(removed(result).last == Removed(linky, "link-after-marker"))
        // Without link text the long paragraph ends the tail.
        #expect(run(filter, body + ["Related stories", linky]).kept == body + [linky])
    }

    @Test func noMarkersNoRemovals() {
        let texts = body + ["Related stories", "A link"]
        #expect(run(SeeAlsoFilter(markers: []), texts).removed.isEmpty)
    }

    // MARK: - Settings thresholds

    @Test func tailFractionThreshold() {
        let texts = [Body.paragraphs[0], "Related stories", "Storm damage: what we know so far"]
        let start = Double(texts[0].utf8.count)
        let total = Double(texts.map(\.utf8.count).reduce(0, +))
        var settings = SeeAlsoFilter.Settings()
        settings.tailFraction = (start - 0.5) / total          // tail starts at or before the marker
        #expect(run(filter(settings), texts).kept == [texts[0]])
        settings.tailFraction = (start + 1.5) / total          // tail starts one byte after it
        #expect(run(filter(settings), texts).kept == texts)
        // Default (0.5): the marker starts at more than half of this text.
        #expect(start / total > 0.5)
        #expect(run(filter, texts).kept == [texts[0]])
    }

    @Test func maxLinkWordsThreshold() {
        let link20 = words(20), link21 = words(21)
        #expect(link21.count <= 160)
        #expect(run(filter, body + ["Related stories", link20]).kept == body)
        #expect(run(filter, body + ["Related stories", link21]).kept == body + [link21])
        var settings = SeeAlsoFilter.Settings()
        settings.maxLinkWords = 21
        #expect(removed(run(filter(settings), body + ["Related stories", link21])).last == Removed(link21, "link-after-marker"))
        settings.maxLinkWords = 19
        #expect(run(filter(settings), body + ["Related stories", link20]).kept == body + [link20])
    }

    @Test func maxLinkCharactersThreshold() {
        let link = padded("Headline", to: 161, filler: " abcdefghijklmnopqrstuvwxyz")
        #expect(TextShape(link).words <= 20)
        #expect(run(filter, body + ["Related stories", link]).kept == body + [link])
        var settings = SeeAlsoFilter.Settings()
        settings.maxLinkCharacters = 161
        #expect(run(filter(settings), body + ["Related stories", link]).kept == body)
    }

    @Test func maxMarkerCharactersThreshold() {
        let marker = padded("Read more: Headline", to: 201, filler: " abcdefghijklmnopqrstuvwxyz")
        #expect(run(filter, body + [marker]).kept == body + [marker])
        var settings = SeeAlsoFilter.Settings()
        settings.maxMarkerCharacters = 201
        #expect(removed(run(filter(settings), body + [marker])) == [Removed(marker, "marker", "see-also-en")])
    }

    // MARK: - From HTML, where links are marked

    func cleanHTML(_ tail: String) throws -> String {
        var options = HTMLOptions()
        options.includeTitle = false
        let article = Body.paragraphs.prefix(4).map { "<p>\($0)</p>" }.joined()
        let result = try Cleaner().clean(html: Array("<html><body><article>\(article)\(tail)</article></body></html>".utf8),
                                         options: options)
        return CanonicalWriter.text(result.document)
    }

    @Test func aHeadingAfterAnExpandButtonStartsASectionInHTML() throws {
        let out = try cleanHTML("<div class=expand>Read more</div><h2>System requirements</h2>"
            + "<ul><li>OS: Linux 5.10 or newer</li><li>Memory: 4 GB RAM</li></ul>"
            + "<p>The game runs on older machines as well, at lower settings, and the publisher lists tested laptops on its support site.</p>")
        #expect(!out.contains("Read more"))
        #expect(out.contains("System requirements"))
        #expect(out.contains("Memory: 4 GB RAM"))
    }

    @Test func linkedHeadlinesAfterTheMarkerStillGoInHTML() throws {
        let out = try cleanHTML("<h3>Related articles</h3><h4><a href=/a>Council delays vote on new budget</a></h4>"
            + "<h4><a href=/b>Five things to know about the storm</a></h4>")
        #expect(out.contains(Body.paragraphs[3]))
        #expect(!out.contains("Related articles"))
        #expect(!out.contains("Council delays vote"))
    }
}
