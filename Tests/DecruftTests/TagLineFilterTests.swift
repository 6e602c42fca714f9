import Testing
@testable import Decruft

struct TagLineFilterTests {
    let filter = TagLineFilter(labels: shippedRules.tagLabels)

    func filter(_ settings: TagLineFilter.Settings) -> TagLineFilter {
        TagLineFilter(labels: shippedRules.tagLabels, settings: settings)
    }

    func reason(_ text: String) -> String? {
        let result = run(filter, [Body.paragraphs[0], text])
        return result.removed.first?.reason
    }

    @Test(arguments: [
        "#ai #machinelearning #deeplearning",
        "#Brexit #UK",
        "#featured #trending #news pakistan",
    ])
    func hashtagLines(_ line: String) {
        let result = run(filter, [Body.paragraphs[0], line])
        #expect(result.kept == [Body.paragraphs[0]])
        #expect(removed(result) == [Removed(line, "hashtags")])
    }

    @Test(arguments: [
        "Tags: Syria, Assad, Civil war",
        "Tags: Europe",
        "TAGS: Europe | Trade | Energy",
        "Topics #featured #trending pakistan",
        "Filed under Politics",
        "Filed under: Politics, Elections",
        "Tagged with climate; energy; policy",
        "Posted in News, World",
        "Categories: Food & Drink · Recipes",
        "Keywords: inflation, interest rates, central bank",
        "Tagged: Europe",
        "Stichworte: vegetables, gardening, homestead",
        "Étiquettes : Mechanistic, Hugging, Interpretability",
        "Tópicos: security | Independent | product",
        "Palabras clave: Search, Michigan",
        "Parole chiave: cucina, ricette",
    ])
    func labelLists(_ line: String) {
        let result = run(filter, [line, Body.paragraphs[0]])
        #expect(result.kept == [Body.paragraphs[0]])
        #expect(removed(result) == [Removed(line, "label-list")])
    }

    @Test(arguments: [
        "Topics discussed at the summit included trade, energy and migration.",
        "We're #1 in the league",
        "#1 again: the team tops the table for a third week",
        "Tags are a useful way to organise notes, as the guide explains",
        "Category five hurricanes are the strongest on the scale",
        "Topic modelling works best on long documents",
        "Tagged by the police, the car was towed.",
        "Topical: a review of the week's comedy",
        "Posted in the morning, the letter arrived a week later",
        "#breaking news from the capital tonight",
        "Labels. Many of them, on every jar in the pantry.",
        "Keywords matter less than they used to for search engines.",
    ])
    func keepsLookAlikes(_ line: String) {
        let texts = [Body.paragraphs[0], line]
        let result = run(filter, texts)
        #expect(result.kept == texts)
        #expect(result.removed.isEmpty)
    }

    @Test func labelsAreMatchedCaseInsensitivelyAndLongestFirst() {
        let custom = TagLineFilter(labels: ["Tag", "Tagged With"])
        #expect(custom.labels == ["tagged with", "tag"])
        #expect(custom.classify("TAGGED WITH europe") == "label-list")
        #expect(custom.classify("tag: europe") == "label-list")
    }

    @Test func hashtagNeedsLetterAfterHash() {
        #expect(TagLineFilter.isHashtag("#ai"))
        #expect(TagLineFilter.isHashtag("#Été"))
        #expect(!TagLineFilter.isHashtag("#1"))
        #expect(!TagLineFilter.isHashtag("#"))
        #expect(!TagLineFilter.isHashtag("ai#"))
    }

    @Test func noLabelsStillRemovesHashtags() {
        let empty = TagLineFilter(labels: [])
        #expect(removed(run(empty, ["Tags: a, b", "#one #two"])) == [Removed("#one #two", "hashtags")])
    }

    // MARK: - Settings thresholds

    @Test func maxCharactersThreshold() {
        var line = "Tags: alpha"
        var n = 0
        while line.unicodeScalars.count < 301 {
            n += 1
            line += ", t\(n)"
        }
        line = String(line.prefix(301))
        if line.hasSuffix(",") || line.hasSuffix(" ") { line = String(line.dropLast()) + "z" }
        #expect(line.unicodeScalars.count == 301)
        #expect(run(filter, [line]).removed.isEmpty)
        var settings = TagLineFilter.Settings()
        settings.maxCharacters = 301
        #expect(removed(run(filter(settings), [line])) == [Removed(line, "label-list")])
    }

    @Test func minHashtagShareThreshold() {
        let line = "#ai #ml news today"   // 2 of 4 tokens
        #expect(run(filter, [line]).removed.isEmpty)
        var settings = TagLineFilter.Settings()
        settings.minHashtagShare = 0.5
        #expect(removed(run(filter(settings), [line])) == [Removed(line, "hashtags")])
        settings.minHashtagShare = 0.51
        #expect(run(filter(settings), [line]).removed.isEmpty)
    }

    @Test func minHashtagsThreshold() {
        #expect(run(filter, ["#breaking"]).removed.isEmpty)
        var settings = TagLineFilter.Settings()
        settings.minHashtags = 1
        #expect(removed(run(filter(settings), ["#breaking"])) == [Removed("#breaking", "hashtags")])
        settings.minHashtags = 4
        #expect(run(filter(settings), ["#a #b #c"]).removed.isEmpty)
        settings.minHashtags = 3
        #expect(run(filter(settings), ["#a #b #c"]).removed.count == 1)
    }

    @Test func maxWordsPerItemThreshold() {
        let line = "Tags: climate change policy in europe, energy"   // first item: 5 words
        #expect(run(filter, [line]).removed.isEmpty)
        var settings = TagLineFilter.Settings()
        settings.maxWordsPerItem = 5
        #expect(removed(run(filter(settings), [line])) == [Removed(line, "label-list")])
    }

    @Test func asciiBytesDecideAsCharactersDo() {
        let lines = [
            "Tags: Syria, Assad, Civil war", "TAGS: Europe | Trade | Energy", "Topics #featured #trending pakistan",
            "Filed under Politics", "Filed under: Politics, Elections", "Tagged with climate; energy; policy",
            "#ai #machinelearning #deeplearning", "We're #1 in the league", "Tags are a useful way to organise notes",
            "Tags: one two three four five, six", "Tags:", "Tags: a.", "tags #x", "Posted in News/World",
            "Keywords:   inflation  ,  rates  ", "#a #b c d e", "Topic modelling works best on long documents",
        ]
        for line in lines {
            let bytes = Array(line.utf8)
            let lower = Array(line.lowercased().utf8)
            let viaBytes = filter.match(bytes, lowercased: lower, labels: filter.labels.map { Array($0.utf8) })
            let viaCharacters = filter.match(line, lowercased: line.lowercased(), labels: filter.labels)
            #expect(viaBytes?.0 == viaCharacters?.0 && viaBytes?.1 == viaCharacters?.1, "\(line)")
        }
    }
}
