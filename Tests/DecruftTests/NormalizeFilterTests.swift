import Testing
@testable import Decruft

struct NormalizeFilterTests {
    let filter = NormalizeFilter()

    @Test func rewritesToCanonicalText() {
        let result = run(filter, ["  Hello,\u{00A0}\u{200B}world\t!  ", "Cafe\u{0301} au lait", "Already canonical."])
        #expect(result.kept.map(Exact.init) == ["Hello, world !", "Caf\u{00E9} au lait", "Already canonical."].map(Exact.init))
        #expect(result.removed.isEmpty)
    }

    @Test func decomposedTextIsRewrittenToNFC() {
        // NFD and NFC compare equal as Swift strings; the rewrite must still happen.
        let nfd = "Cafe\u{0301}"
        let result = run(filter, [nfd])
        #expect(result.kept.map(Exact.init) == [Exact("Caf\u{00E9}")])
        var pass = FilterPass(blocks: makeBlocks([nfd]))
        filter.apply(to: &pass)
        #expect(pass.rewritten[0].map(Exact.init) == Exact("Caf\u{00E9}"))
        // Already-canonical text is not rewritten.
        var same = FilterPass(blocks: makeBlocks(["Caf\u{00E9}"]))
        filter.apply(to: &same)
        #expect(same.rewritten.isEmpty)
    }

    @Test func dropsBlocksLeftEmpty() {
        let invisible = "\u{200B}\u{00AD}\u{FEFF}"
        let result = run(filter, ["Text", invisible, " \t ", "\u{0007}\u{0085}"])
        #expect(result.kept == ["Text"])
        #expect(removed(result) == [Removed(invisible, "empty"), Removed(" \t ", "empty"), Removed("\u{0007}\u{0085}", "empty")])
    }

    @Test func removalKeepsPositionAndProvenance() {
        let blocks = makeBlocks(["One", "\u{2060}", "Two"])
        let result = Pipeline(filters: [filter]).run(Document(blocks: blocks))
        #expect(result.removals.count == 1)
        #expect(result.removals[0].filter == "normalize")
        #expect(result.removals[0].position == 1)
        #expect(result.removals[0].provenance.label == "2")
        #expect(result.document.blocks.map(\.index) == [0, 2])
    }

    @Test func keptBlocksKeepTheirOtherFields() {
        var blocks = makeBlocks(["  Heading\u{00A0}text  "])
        blocks[0].kind = .heading
        blocks[0].level = 2
        blocks[0].linkCharacters = 3
        let result = Pipeline(filters: [filter]).run(Document(blocks: blocks))
        let block = result.document.blocks[0]
        #expect(block.text == "Heading text")
        #expect(block.kind == .heading)
        #expect(block.level == 2)
        #expect(block.linkCharacters == 3)
    }
}
