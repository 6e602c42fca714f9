import Testing
@testable import Decruft

struct DuplicateHeadlineFilterTests {
    let filter = DuplicateHeadlineFilter()
    /// Near copies on, within eight blocks of the headline.
    static var nearSettings: DuplicateHeadlineFilter.Settings {
        var settings = DuplicateHeadlineFilter.Settings()
        settings.nearWindow = 8
        return settings
    }
    let nearFilter = DuplicateHeadlineFilter(settings: DuplicateHeadlineFilterTests.nearSettings)

    func filter(_ settings: DuplicateHeadlineFilter.Settings) -> DuplicateHeadlineFilter {
        DuplicateHeadlineFilter(settings: settings)
    }

    @Test func removesExactRepeatIgnoringCaseAndPunctuation() {
        let texts = ["Storm hits the coast", Body.paragraphs[0], "STORM HITS THE COAST!", Body.paragraphs[1], "Storm — hits the “coast”"]
        let result = run(filter, texts)
        #expect(result.kept == [texts[0], texts[1], texts[3]])
        #expect(removed(result) == [Removed(texts[2], "exact"), Removed(texts[4], "exact")])
    }

    @Test func headlineRepeatedWithAFullStopIsExact() {
        // The copy ends with a full stop (not heading-like) but has the headline's words.
        let texts = ["The council approved the budget", Body.paragraphs[0], "The council approved the budget."]
        #expect(removed(run(filter, texts)) == [Removed(texts[2], "exact")])
    }

    @Test func headlineRepeatedWithASiteNameOrInCapitals() {
        let headline = "Café owners brace for a long winter"
        for copy in ["Café owners brace for a long winter | The Harbour Gazette", "Café owners brace for a long winter - Gazette",
                     "CAFÉ OWNERS BRACE FOR A LONG WINTER"] {
            let texts = [headline, Body.paragraphs[0], copy, Body.paragraphs[1]]
            #expect(removed(run(filter, texts)) == [Removed(copy, "exact")], "\(copy)")
        }
    }

    @Test func nearCopiesCountOnlyJustAfterTheHeadline() {
        let first = "Council approves new cycle lanes along Mill Road corridor"
        let second = "Council approves new cycle lanes along Mill Road route"
        let far = [first] + Array(Body.paragraphs.prefix(3)) + [second]
        #expect(run(filter, far).removed.isEmpty)
        #expect(removed(run(filter, [first, Body.paragraphs[0], second])) == [Removed(second, "near")])
    }

    @Test func subheadingsTheArticleRepeatsAreItsStructure() {
        // The same question asked of several people; a label in every section.
        let texts = ["Five chefs on the winter menu", Body.paragraphs[0], "What will you cook this winter?", Body.paragraphs[1],
                     "What will you cook this winter?", Body.paragraphs[2], "What will you cook this winter?", Body.paragraphs[3]]
        #expect(run(filter, texts).kept == texts)
    }

    @Test func removesNearDuplicate() {
        let first = "Council approves new cycle lanes along Mill Road corridor"
        let second = "Council approves new cycle lanes along Mill Road route"   // 8 of 9 words
        let result = run(nearFilter, [first, Body.paragraphs[0], second])
        #expect(result.kept == [first, Body.paragraphs[0]])
        #expect(removed(result) == [Removed(second, "near")])
    }

    @Test func nearThresholdIsInclusive() {
        // 4 shared words of max(4, 5): similarity exactly 0.8 -> removed.
        let a = "markets rally after vote", b = "markets rally strongly after vote"
        #expect(removed(run(nearFilter, [a, Body.paragraphs[0], b])) == [Removed(b, "near")])
    }

    @Test func belowNearThresholdIsKept() {
        // 3 shared words of 4: similarity 0.75 -> kept.
        let a = "markets rally after vote", b = "markets rally after election"
        let texts = [a, Body.paragraphs[0], b]
        #expect(run(nearFilter, texts).kept == texts)
        // 7 shared of 9 (0.78) -> kept.
        let c = "Council approves new cycle lanes along Mill Road corridor"
        let d = "Council approves new cycle lanes along Hills Road today"
        #expect(run(nearFilter, [c, Body.paragraphs[0], d]).removed.isEmpty)
    }

    @Test func firstOccurrenceStays() {
        let texts = ["Markets rally after vote", "Markets rally after vote", "Markets rally after vote"]
        let result = run(filter, texts)
        #expect(result.kept == [texts[0]])
        #expect(removed(result).map(\.reason) == ["exact", "exact"])
    }

    @Test func keepsShortLinesAndLongRestatements() {
        let texts = ["Photo", Body.paragraphs[0], "Photo", "Yes", "Yes"]
        #expect(run(filter, texts).kept == texts)
        // A sentence ending with a full stop is not a headline, even if repeated.
        let sentence = "The council approved the budget on Tuesday."
        #expect(run(filter, [sentence, sentence]).kept == [sentence, sentence])
        // Body paragraphs are never headlines.
        #expect(run(filter, [Body.paragraphs[2], Body.paragraphs[2]]).removed.isEmpty)
    }

    @Test func keepsDistinctSubheadings() {
        let texts = ["Day one: arrival in Lisbon", Body.paragraphs[0], "Day two: the coast road", Body.paragraphs[1],
                     "Day three: into the hills", Body.paragraphs[2]]
        #expect(run(filter, texts).kept == texts)
    }

    @Test func shortSeparatorRepeatedIsKept() {
        // "* * *" has no words: it is not a headline and must not equal an earlier one.
        let texts = [Body.paragraphs[0], "* * *", Body.paragraphs[1], "* * *", Body.paragraphs[2]]
        #expect(run(filter, texts).kept == texts)
        // Nor does it make a later headline a repeat.
        #expect(run(filter, ["* * *", "— —", "Storm hits coast", "***"]).removed.isEmpty)
    }

    @Test func nonHeadingKindsAreNotHeadlines() {
        let blocks = makeBlocks(["Buy milk and bread", "Buy milk and bread"], kind: .listItem)
        #expect(run(filter, blocks: blocks).removed.isEmpty)
    }

    @Test func headingKindsAllowTwiceTheWords() {
        let long = words(30, prefix: "h")
        var blocks = makeBlocks([long, Body.paragraphs[0], long])
        #expect(run(filter, blocks: blocks).removed.isEmpty)   // paragraph: 30 > 20 words
        blocks[0].kind = .title
        blocks[2].kind = .heading
        #expect(removed(run(filter, blocks: blocks)) == [Removed(long, "exact")])
        let tooLong = words(41, prefix: "h")
        let tooLongBlocks = makeBlocks([tooLong, tooLong], kind: .heading)
        #expect(run(filter, blocks: tooLongBlocks).removed.isEmpty)
    }

    @Test func oneWordHeadingRepeatingTheTitleIsRemoved() {
        var blocks = makeBlocks(["Harbour", "Harbour", Body.paragraphs[0], "Harbour"])
        blocks[0].kind = .title
        blocks[1].kind = .heading
        // The heading goes; the same word as a paragraph later is not a headline.
        #expect(removed(run(filter, blocks: blocks)) == [Removed("Harbour", "exact")])
        #expect(run(filter, blocks: blocks).kept == ["Harbour", Body.paragraphs[0], "Harbour"])
        // Without a title block, one-word headings are left alone.
        let headings = makeBlocks(["Sport", Body.paragraphs[0], "Sport"], kind: .heading)
        #expect(run(filter, blocks: headings).removed.isEmpty)
    }

    // MARK: - Settings thresholds

    @Test func maxWordsThreshold() {
        let line = words(21, prefix: "k")
        #expect(run(filter, [line, line]).removed.isEmpty)
        var settings = DuplicateHeadlineFilter.Settings()
        settings.maxWords = 21
        #expect(removed(run(filter(settings), [line, line])) == [Removed(line, "exact")])
    }

    @Test func maxCharactersThreshold() {
        let line = padded("Headline", to: 201, filler: " abcdefghijklmnopqrstuvwxyz")
        #expect(TextShape(line).words <= 20)
        #expect(run(filter, [line, line]).removed.isEmpty)
        var settings = DuplicateHeadlineFilter.Settings()
        settings.maxCharacters = 201
        #expect(removed(run(filter(settings), [line, line])) == [Removed(line, "exact")])
    }

    @Test func minWordsThreshold() {
        #expect(run(filter, ["Photos", "Photos"]).removed.isEmpty)
        var settings = DuplicateHeadlineFilter.Settings()
        settings.minWords = 1
        #expect(removed(run(filter(settings), ["Photos", "Photos"])) == [Removed("Photos", "exact")])
        settings.minWords = 4
        #expect(run(filter(settings), ["Markets rally today", "Markets rally today"]).removed.isEmpty)
    }

    @Test func minSimilarityThreshold() {
        let a = "markets rally after vote", b = "markets rally after election"   // 0.75
        #expect(run(filter, [a, b]).removed.isEmpty)
        var settings = DuplicateHeadlineFilter.Settings()
        settings.minSimilarity = 0.75
        #expect(removed(run(filter(settings), [a, b])) == [Removed(b, "near")])
        settings.minSimilarity = 0.76
        #expect(run(filter(settings), [a, b]).removed.isEmpty)
    }

    @Test func minWordsForNearThreshold() {
        let a = "markets rally after vote", b = "markets rally strongly after vote"   // 0.8, 4 and 5 words
        #expect(removed(run(filter, [a, b])) == [Removed(b, "near")])
        var settings = DuplicateHeadlineFilter.Settings()
        settings.minWordsForNear = 5
        #expect(run(filter(settings), [a, b]).removed.isEmpty)
        settings.minWordsForNear = 4
        #expect(run(filter(settings), [a, b]).removed.count == 1)
    }
}
