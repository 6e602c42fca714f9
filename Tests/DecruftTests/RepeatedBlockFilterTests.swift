import Testing
@testable import Decruft

struct RepeatedBlockFilterTests {
    let filter = RepeatedBlockFilter()

    func filter(_ settings: RepeatedBlockFilter.Settings) -> RepeatedBlockFilter {
        RepeatedBlockFilter(settings: settings)
    }

    @Test func removesExactRepeatOfLongParagraph() {
        let p = Body.paragraphs
        let texts = [p[0], p[1], p[2], p[1]]
        let result = run(filter, texts)
        #expect(result.kept == [p[0], p[1], p[2]])
        #expect(removed(result) == [Removed(p[1], "repeated")])
    }

    @Test func repeatIgnoresQuotesDashesCaseAndWhitespace() {
        let original = "“We will not back down,” the mayor said — and the crowd cheered loudly."
        let variant = "\"WE will not back down,\" the mayor said - and the crowd   cheered loudly"
        #expect(TextKey.loose(original) == TextKey.loose(variant))
        let result = run(filter, [original, Body.paragraphs[0], variant])
        #expect(removed(result) == [Removed(variant, "repeated")])
    }

    @Test func pullQuoteRepeatingParagraphIsRemoved() {
        let quote = "“For years my first thought every morning was whether the light had stayed on.”"
        var blocks = makeBlocks([Body.paragraphs[0], quote, Body.paragraphs[1], quote])
        blocks[3].kind = .quote
        #expect(removed(run(filter, blocks: blocks)) == [Removed(quote, "repeated")])
    }

    @Test func keepsShortSeparatorRepeated() {
        let p = Body.paragraphs
        let texts = [p[0], "* * *", p[1], "* * *", p[2], "***", p[3], "—"]
        let result = run(filter, texts)
        #expect(result.kept == texts)
        #expect(result.removed.isEmpty)
    }

    @Test func keepsSingleShortRepeat() {
        let p = Body.paragraphs
        let texts = [p[0], "Photograph: Reuters", p[1], "Photograph: Reuters", p[2]]
        #expect(run(filter, texts).kept == texts)
    }

    @Test func removesRepeatedRunOfShortBlocks() {
        let p = Body.paragraphs
        let info = ["Serves 4.", "Prep time: 15 minutes.", "Cook time: 1 hour 10 minutes."]
        let texts = ["Slow-roast tomato stew"] + info + [p[0], p[1]] + info
        let result = run(filter, texts)
        #expect(result.kept == ["Slow-roast tomato stew"] + info + [p[0], p[1]])
        #expect(removed(result) == info.map { Removed($0, "repeated-run") })
    }

    @Test func keepsShortLinesShownAgainAfterAnAnnouncingColon() {
        let p = Body.paragraphs
        let address = ["Mrs. Laura Smith, Jr.", "c/o Special Investigations", "21 Harbour Street", "Suite 28A"]
        let texts = ["The function formats the address like this:"] + address
            + [p[0], "If we run the new version, we get the same output:"] + address + [p[1]]
        let result = run(filter, texts)
        #expect(result.kept == texts)
        #expect(result.removed.isEmpty)
    }

    @Test func removesShortLinesPrintedTwiceWithoutAnnouncement() {
        let p = Body.paragraphs
        let pros = ["- Highest upfront cost", "- Maximum long-term savings", "- Simplest ownership structure"]
        let texts = ["Buying outright:"] + pros + [p[0], p[1]] + pros + [p[2]]
        let result = run(filter, texts)
        #expect(result.kept == ["Buying outright:"] + pros + [p[0], p[1], p[2]])
        #expect(removed(result) == pros.map { Removed($0, "repeated-run") })
    }

    @Test func announcedRunWithProseIsStillRemoved() {
        let p = Body.paragraphs
        let texts = [p[0], p[1], p[2], "Here it is again:", p[0], p[1]]
        let result = run(filter, texts)
        #expect(result.kept == [p[0], p[1], p[2], "Here it is again:"])
        #expect(removed(result) == [Removed(p[0], "repeated-run"), Removed(p[1], "repeated-run")])
    }

    @Test func keepsBlockRepeatedUnderEveryItem() {
        let p = Body.paragraphs
        let credit = "This webcam image is provided courtesy of the park conservancy, all rights reserved."
        let texts = ["Upper Falls", p[0], credit, "Half Dome", p[1], credit, "High Sierra", p[2], credit]
        let result = run(filter, texts)
        #expect(result.kept == texts)
        #expect(result.removed.isEmpty)
    }

    @Test func paragraphPrintedTwiceIsRemovedEvenWhenAThirdCopyFollowsAtOnce() {
        let p = Body.paragraphs
        let texts = [p[0], p[1], p[1], p[1], p[2]]
        let result = run(filter, texts)
        #expect(result.kept == [p[0], p[1], p[2]])
    }

    @Test func runInDifferentOrderIsKept() {
        let p = Body.paragraphs
        let info = ["Serves 4.", "Prep time: 15 minutes.", "Cook time: 1 hour 10 minutes."]
        let texts = info + [p[0]] + info.reversed()
        #expect(run(filter, texts).removed.isEmpty)
    }

    @Test func runWhoseBlockAlsoAppearedEarlierAlone() {
        // "Cook time" appears once on its own near the top; later the run
        // "Prep time", "Cook time" repeats the earlier run at positions 2, 3.
        let p = Body.paragraphs
        let a = "Prep time: 15 minutes.", b = "Cook time: 1 hour 10 minutes."
        let texts = [b, p[0], a, b, p[1], a, b]
        #expect(removed(run(filter, texts)) == [Removed(a, "repeated-run"), Removed(b, "repeated-run")])
    }

    @Test func keepsParagraphsSharingOnlyFirstSentence() {
        let a = "The minister resigned on Friday. She said the decision was her own and thanked her staff."
        let b = "The minister resigned on Friday. Her critics said the move was long overdue and welcomed it."
        #expect(run(filter, [a, b]).removed.isEmpty)
    }

    @Test func runMixingLongAndShortBlocksIsRepeatedRun() {
        let p = Body.paragraphs
        let texts = [p[0], "Photo: Reuters", p[1], p[0], "Photo: Reuters"]
        let result = run(filter, texts)
        #expect(removed(result) == [Removed(p[0], "repeated-run"), Removed("Photo: Reuters", "repeated-run")])
    }

    @Test func emptyKeysNeverRepeat() {
        let texts = ["...", "!!!", "...", "!!!", "...", "!!!"]
        #expect(run(filter, texts).removed.isEmpty)
    }

    @Test func memoryLivesInOneDocument() {
        let texts = [Body.paragraphs[0]]
        #expect(run(filter, texts).removed.isEmpty)
        #expect(run(filter, texts).removed.isEmpty)
    }

    // MARK: - Settings thresholds

    @Test func minCharactersThreshold() {
        let line = padded("A paragraph", to: 40)
        #expect(line.unicodeScalars.count == 40)
        #expect(removed(run(filter, [line, line])) == [Removed(line, "repeated")])
        var settings = RepeatedBlockFilter.Settings()
        settings.minCharacters = 41
        #expect(run(filter(settings), [line, line]).removed.isEmpty)
    }

    @Test func minCharactersAppliesToWholeRun() {
        // Two 19-character blocks: a run of 38 characters.
        let a = padded("Short a", to: 19), b = padded("Short b", to: 19)
        let texts = [a, b, Body.paragraphs[0], a, b]
        var settings = RepeatedBlockFilter.Settings()
        settings.minCharacters = 38
        #expect(removed(run(filter(settings), texts)) == [Removed(a, "repeated-run"), Removed(b, "repeated-run")])
        settings.minCharacters = 39
        #expect(run(filter(settings), texts).removed.isEmpty)
    }

    @Test func minRunBlocksThreshold() {
        let a = padded("Short line a", to: 30), b = padded("Short line b", to: 30)
        let texts = [a, b, Body.paragraphs[0], a, b]
        #expect(removed(run(filter, texts)).map(\.reason) == ["repeated-run", "repeated-run"])
        var settings = RepeatedBlockFilter.Settings()
        settings.minRunBlocks = 3
        #expect(run(filter(settings), texts).removed.isEmpty)
        let c = padded("Short line c", to: 30)
        let three = [a, b, c, Body.paragraphs[0], a, b, c]
        #expect(removed(run(filter(settings), three)).map(\.reason) == ["repeated-run", "repeated-run", "repeated-run"])
    }
}
