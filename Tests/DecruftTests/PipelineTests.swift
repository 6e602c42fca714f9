import Testing
@testable import Decruft

/// A test filter: drops blocks containing `needle`, optionally rewriting first.
struct NeedleFilter: Filter {
    var name: String
    var needle: String
    var rewrite: String? = nil
    var reason = "needle"

    func apply(to pass: inout FilterPass) {
        for i in pass.blocks.indices {
            if let rewrite { pass.setText(i, pass.text(i) + rewrite) }
            if pass.text(i).contains(needle) { pass.drop(i, reason: reason, rule: "r-\(name)") }
        }
    }
}

/// Records the texts it was shown.
final class SeenBox: @unchecked Sendable {
    var seen: [[String]] = []
}

struct RecordingFilter: Filter {
    let name = "recording"
    let box: SeenBox
    func apply(to pass: inout FilterPass) { box.seen.append(pass.blocks.map(\.text)) }
}

struct PipelineTests {
    static let article = """
    Storm hits the coast

    \(Body.paragraphs[0])

    Share this article

    \(Body.paragraphs[1])

    Tags: weather, storms, coast

    STORM HITS THE COAST

    \(Body.paragraphs[2])

    \(Body.paragraphs[0])

    \(Body.paragraphs[3])

    Related stories

    Mayor defends road closures

    Five things to know about the storm

    \u{200B}\u{00AD}

    """

    @Test func defaultPipelineCleansArticle() {
        let result = Cleaner().clean(text: Self.article)
        #expect(result.document.blocks.map(\.text) == ["Storm hits the coast", Body.paragraphs[0], Body.paragraphs[1],
                                                        Body.paragraphs[2], Body.paragraphs[3]])
        let log = result.removals.map { "\($0.filter)/\($0.reason)/\($0.rule ?? "-")@\($0.position)" }
        #expect(log == [
            "normalize/empty/-@12",
            "boilerplate-line/pattern/share-prompt@2",
            "tag-line/label-list/tags-en@4",
            "see-also/marker/see-also-en@9",
            "see-also/link-after-marker/-@10",
            "see-also/link-after-marker/-@11",
            "duplicate-headline/exact/-@5",
            "repeated-block/repeated/-@7",
        ])
        let share = result.removals[1]
        #expect(share.text == "Share this article")
        #expect(share.provenance.label == "5")
        #expect(CanonicalWriter.text(result.document)
            == ["Storm hits the coast", Body.paragraphs[0], Body.paragraphs[1], Body.paragraphs[2], Body.paragraphs[3]]
                .joined(separator: "\n\n") + "\n")
    }

    @Test func cleanUTF8MatchesCleanText() {
        let bytes = Array(Self.article.utf8)
        let viaBytes = bytes.withUnsafeBufferPointer { Cleaner().clean(utf8: $0) }
        let viaText = Cleaner().clean(text: Self.article)
        #expect(viaBytes.document.blocks.map(\.text) == viaText.document.blocks.map(\.text))
        #expect(viaBytes.removals == viaText.removals)
    }

    @Test func defaultOrderAndCatalog() {
        let cleaner = Cleaner()
        #expect(cleaner.pipeline.names == FilterCatalog.defaultOrder)
        #expect(FilterCatalog.defaultOrder == ["normalize", "replace", "boilerplate-line", "tag-line", "truncate",
                                               "see-also", "duplicate-headline", "repeated-block", "page-furniture"])
        for name in FilterCatalog.defaultOrder {
            #expect(FilterCatalog.isKnown(name))
            #expect(FilterCatalog.summaries[name]?.isEmpty == false)
            #expect(FilterCatalog.make(name, Configuration())?.name == name)
        }
        #expect(Set(FilterCatalog.summaries.keys) == Set(FilterCatalog.defaultOrder))
        #expect(!FilterCatalog.isKnown("html"))
        #expect(FilterCatalog.make("nope", Configuration()) == nil)
    }

    @Test func configurationChoosesFilters() {
        var configuration = Configuration()
        configuration.filters = ["tag-line", "unknown-filter", "normalize"]
        let cleaner = Cleaner(configuration: configuration)
        #expect(cleaner.pipeline.names == ["tag-line", "normalize"])
        let result = cleaner.clean(text: "Tags: a, b\n\nShare this\n\n  x  ")
        #expect(result.document.blocks.map(\.text) == ["Share this", "x"])
    }

    @Test func configurationSettingsReachFilters() {
        var configuration = Configuration()
        configuration.filters = ["repeated-block"]
        configuration.repeatedBlock.minCharacters = 5
        let text = "Short.\n\nOther text here.\n\nShort."
        #expect(Cleaner(configuration: configuration).clean(text: text).removals.map(\.reason) == ["repeated"])
        configuration.repeatedBlock.minCharacters = 7
        #expect(Cleaner(configuration: configuration).clean(text: text).removals.isEmpty)
    }

    @Test func emptyRulesDisableRuleFilters() {
        let cleaner = Cleaner(configuration: Configuration(rules: RuleSet()))
        let result = cleaner.clean(text: "Advertisement\n\nTags: a, b\n\n#ai #ml")
        #expect(result.document.blocks.map(\.text) == ["Advertisement", "Tags: a, b"])
        #expect(result.removals.map(\.reason) == ["hashtags"])
    }

    @Test func laterFiltersSeeOnlySurvivors() {
        let box = SeenBox()
        var pipeline = Pipeline(filters: [NeedleFilter(name: "first", needle: "x"), RecordingFilter(box: box)])
        pipeline.maxPasses = 1
        _ = pipeline.run(Document(blocks: makeBlocks(["a", "x", "b"])))
        #expect(box.seen == [["a", "b"]])
    }

    @Test func noFilterRunsOnEmptyDocument() {
        let box = SeenBox()
        let result = Pipeline(filters: [NeedleFilter(name: "all", needle: "a"), RecordingFilter(box: box)])
            .run(Document(blocks: makeBlocks(["a", "ba"])))
        #expect(result.document.blocks.isEmpty)
        #expect(box.seen.isEmpty)
        #expect(Cleaner().clean(text: "").document.blocks.isEmpty)
        #expect(Cleaner().clean(text: "").removals.isEmpty)
    }

    @Test func removalsOrderedByFilterThenPosition() {
        let pipeline = Pipeline(filters: [NeedleFilter(name: "f1", needle: "1"), NeedleFilter(name: "f2", needle: "2")])
        let result = pipeline.run(Document(blocks: makeBlocks(["2a", "1a", "2b", "1b", "keep"])))
        #expect(result.removals.map(\.filter) == ["f1", "f1", "f2", "f2"])
        #expect(result.removals.map(\.position) == [1, 3, 0, 2])
        #expect(result.removals.map(\.rule) == ["r-f1", "r-f1", "r-f2", "r-f2"])
        #expect(result.document.blocks.map(\.index) == [4])
    }

    @Test func rewriteThenDropLogsRewrittenText() {
        var pipeline = Pipeline(filters: [NeedleFilter(name: "rw", needle: "a!", rewrite: "!")])
        pipeline.maxPasses = 1
        let result = pipeline.run(Document(blocks: makeBlocks(["a", "b"])))
        #expect(result.document.blocks.map(\.text) == ["b!"])
        #expect(result.removals.map(\.text) == ["a!"])
    }

    @Test func passesRepeatUntilNothingIsRemoved() {
        let box = SeenBox()
        let pipeline = Pipeline(filters: [NeedleFilter(name: "first", needle: "x"), RecordingFilter(box: box)])
        _ = pipeline.run(Document(blocks: makeBlocks(["a", "x", "b"])))
        // Pass 1 removed "x", so a second pass ran and removed nothing.
        #expect(box.seen == [["a", "b"], ["a", "b"]])
    }

    @Test func firstVerdictWins() {
        var pass = FilterPass(blocks: makeBlocks(["a"]))
        #expect(!pass.isDropped(0))
        pass.drop(0, reason: "first", rule: "r1")
        pass.drop(0, reason: "second")
        #expect(pass.isDropped(0))
        #expect(pass.dropped[0]?.reason == "first")
        #expect(pass.dropped[0]?.rule == "r1")
        pass.setText(0, "changed")
        #expect(pass.text(0) == "changed")
        #expect(pass.blocks[0].text == "a")
    }

    @Test func metadataSurvives() {
        let metadata = Metadata(title: "T", url: "https://example.com", language: "en")
        let result = Cleaner().clean(Document(blocks: makeBlocks(["Hello there."]), metadata: metadata))
        #expect(result.document.metadata == metadata)
    }

    @Test func markerAtTheEndIsRemovedByCleaner() {
        let text = Body.paragraphs.prefix(2).joined(separator: "\n\n") + "\n\nRead more\n\nA headline"
        #expect(cleanText(text) == Body.paragraphs.prefix(2).joined(separator: "\n\n") + "\n")
    }
}
