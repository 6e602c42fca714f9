import Testing
@testable import Decruft

struct TextSplitterTests {
    let splitter = TextSplitter()

    func texts(_ input: String, _ splitter: TextSplitter = TextSplitter()) -> [String] {
        splitter.blocks(from: input).map(\.text)
    }

    /// Greedy word wrap at `width` columns.
    static func wrap(_ paragraph: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in paragraph.split(separator: " ") {
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    static func wrapped(_ paragraphs: [String], width: Int) -> String {
        paragraphs.map { wrap($0, width: width).joined(separator: "\n") }.joined(separator: "\n\n") + "\n"
    }

    static let longParagraphs = [
        Body.paragraphs[0] + " " + Body.paragraphs[1],
        Body.paragraphs[2] + " " + Body.paragraphs[3],
        Body.paragraphs[4] + " " + Body.paragraphs[5],
    ]

    @Test func blankLineParagraphs() {
        let blocks = splitter.blocks(from: "First paragraph.\n\nSecond paragraph.\n\n\n\nThird.\n")
        #expect(blocks.map(\.text) == ["First paragraph.", "Second paragraph.", "Third."])
        #expect(blocks.map(\.index) == [0, 1, 2])
        #expect(blocks.map(\.provenance.firstLine) == [1, 3, 7])
        #expect(blocks.allSatisfy { $0.kind == .paragraph && $0.level == 0 && $0.linkCharacters == 0 })
    }

    @Test func onePerLine() {
        let input = "Headline of the day\nFirst short line.\nSecond short line.\nThird line.\n"
        #expect(texts(input) == ["Headline of the day", "First short line.", "Second short line.", "Third line."])
        // A title, then one long paragraph per line.
        let article = (["Council approves new budget"] + Body.paragraphs).joined(separator: "\n")
        #expect(texts(article) == ["Council approves new budget"] + Body.paragraphs)
    }

    @Test func longLinesOnePerLineAreNotJoined() {
        // Lines longer than any wrap width: one paragraph per line.
        let input = Body.paragraphs.joined(separator: "\n")
        #expect(texts(input) == Body.paragraphs)
    }

    @Test func hardWrappedTextIsJoined() {
        let input = Self.wrapped(Self.longParagraphs, width: 72)
        #expect(input.split(separator: "\n").allSatisfy { $0.count <= 72 })
        let blocks = splitter.blocks(from: input)
        #expect(blocks.map(\.text) == Self.longParagraphs)
        // Provenance spans the joined lines.
        let firstCount = Self.wrap(Self.longParagraphs[0], width: 72).count
        #expect(blocks[0].provenance.firstLine == 1)
        #expect(blocks[0].provenance.lastLine == firstCount)
        #expect(blocks[1].provenance.firstLine == firstCount + 2)
        #expect(blocks[0].provenance.label == "1-\(firstCount)")
    }

    @Test func shortHeadingBeforeWrappedTextStaysSeparate() {
        let input = "Introduction\n" + Self.wrapped(Self.longParagraphs, width: 72)
        #expect(texts(input) == ["Introduction"] + Self.longParagraphs)
    }

    @Test func listItemsAreNotJoined() {
        let paragraph = Self.longParagraphs[0]
        var lines = Self.wrap(paragraph, width: 72)
        // Make the last line full so a following line would otherwise be joined.
        lines[lines.count - 1] = padded(lines[lines.count - 1], to: 72)
        let items = ["- apples and pears", "* plums", "• cherries", "1. bread", "2) butter", "10. milk"]
        let input = (lines + items).joined(separator: "\n") + "\n\n" + Self.wrapped([Self.longParagraphs[1]], width: 72)
        let result = texts(input)
        #expect(result.count == 1 + items.count + 1)
        #expect(Array(result[1...items.count]) == items)
    }

    @Test func startsListItem() {
        func check(_ s: String) -> Bool {
            var s = s
            return s.withUTF8 { TextSplitter.startsListItem($0, 0, $0.count) }
        }
        #expect(check("- a"))
        #expect(check("* a"))
        #expect(check("• a"))
        #expect(check("1. b"))
        #expect(check("12) b"))
        #expect(!check("-a"))
        #expect(!check("2024 was a year"))
        #expect(!check("1.5 million"))
        #expect(!check("1234. b"))
        #expect(!check("-"))
    }

    @Test func crlfLineEndings() {
        let blocks = splitter.blocks(from: "One.\r\nTwo.\r\n\r\nThree.\r\n")
        #expect(blocks.map(\.text) == ["One.", "Two.", "Three."])
        #expect(blocks.map(\.provenance.firstLine) == [1, 2, 4])
        #expect(blocks.allSatisfy { !$0.text.contains("\r") })
    }

    @Test func crLineEndings() {
        let blocks = splitter.blocks(from: "One.\rTwo.\r\rThree.\r")
        #expect(blocks.map(\.text) == ["One.", "Two.", "Three."])
        #expect(blocks.map(\.provenance.firstLine) == [1, 2, 4])
    }

    @Test func crlfHardWrapped() {
        let input = Self.wrapped(Self.longParagraphs, width: 72).replacingOccurrences(of: "\n", with: "\r\n")
        #expect(texts(input) == Self.longParagraphs)
    }

    @Test func byteOrderMarkSkipped() {
        #expect(texts("\u{FEFF}Hello.\nWorld.") == ["Hello.", "World."])
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("Hello.".utf8)
        #expect(bytes.withUnsafeBufferPointer { splitter.blocks(fromBytes: $0) }.map(\.text) == ["Hello."])
        // Only at the very start.
        #expect(texts("a\n\u{FEFF}b") == ["a", "\u{FEFF}b"])
    }

    @Test func emptyAndBlankInput() {
        #expect(texts("").isEmpty)
        #expect(texts("\n\n  \t\n\r\n").isEmpty)
        #expect(texts("\u{FEFF}").isEmpty)
    }

    @Test func lineLengthsCountScalars() {
        for text in ["", "word", "première ligne d’un texte assez long", "東京 は 日本 の 首都 です 、 とても 大きい",
                     "one\ttwo three four five six seven eight nine ten", "x 👍🏽👍🏽👍🏽👍🏽 y"] {
            let line = Array(text.utf8).withUnsafeBufferPointer { TextSplitter.measure($0, 0, $0.count) }
            #expect(line.length == text.unicodeScalars.count, "\(text)")
            let firstWord = text.unicodeScalars.prefix { $0 != " " && $0 != "\t" }.count
            #expect(line.firstWordLength == firstWord, "\(text)")
        }
    }

    @Test func linesTrimmedOfASCIIWhitespaceOnly() {
        #expect(texts("  \t padded \t \n") == ["padded"])
        #expect(texts("\u{00A0}nbsp\u{00A0}") == ["\u{00A0}nbsp\u{00A0}"])
    }

    @Test func noTrailingNewline() {
        let blocks = splitter.blocks(from: "a\nb")
        #expect(blocks.map(\.text) == ["a", "b"])
        #expect(blocks.map(\.provenance.label) == ["1", "2"])
    }

    @Test func provenanceCountsBlankLines() {
        let blocks = splitter.blocks(from: "\n\nfirst\n\n\nsecond")
        #expect(blocks.map(\.provenance.label) == ["3", "6"])
    }

    // MARK: - Settings thresholds

    /// Five consecutive lines: lengths 70, 70, 20, 20, 70 — two of four
    /// continuing lines are "full" at the default ratio 0.6.
    static let halfFull: String = [
        padded("Alpha", to: 70), padded("Bravo", to: 70), padded("Charlie", to: 20), padded("Delta", to: 20),
        padded("Echo", to: 70),
    ].joined(separator: "\n")

    @Test func minFullLineShareThreshold() {
        #expect(texts(Self.halfFull).count == 5)
        var settings = TextSplitter.Settings()
        settings.minFullLineShare = 0.5
        #expect(texts(Self.halfFull, TextSplitter(settings: settings)).count == 3)
        settings.minFullLineShare = 0.51
        #expect(texts(Self.halfFull, TextSplitter(settings: settings)).count == 5)
    }

    @Test func fullLineRatioThreshold() {
        var settings = TextSplitter.Settings()
        settings.fullLineRatio = 19.5 / 70.0     // 20-character lines count as full
        #expect(texts(Self.halfFull, TextSplitter(settings: settings)).count == 3)
        settings.fullLineRatio = 20.5 / 70.0
        #expect(texts(Self.halfFull, TextSplitter(settings: settings)).count == 5)
    }

    @Test func maxWrapWidthThreshold() {
        let input = Self.wrapped(Self.longParagraphs, width: 72)
        let width = TextSplitter().hardWrapWidth(input.withUTF8Lines())
        #expect(width != nil)
        var settings = TextSplitter.Settings()
        settings.maxWrapWidth = width!
        #expect(texts(input, TextSplitter(settings: settings)) == Self.longParagraphs)
        settings.maxWrapWidth = width! - 1
        #expect(texts(input, TextSplitter(settings: settings)).count > Self.longParagraphs.count)
    }

    @Test func minWrapWidthThreshold() {
        let input = Self.wrapped(Self.longParagraphs, width: 40)
        let width = TextSplitter().hardWrapWidth(input.withUTF8Lines())
        #expect(width != nil && width! <= 40)
        #expect(texts(input) == Self.longParagraphs)
        var settings = TextSplitter.Settings()
        settings.minWrapWidth = width! + 1
        #expect(texts(input, TextSplitter(settings: settings)).count > Self.longParagraphs.count)
        settings.minWrapWidth = width!
        #expect(texts(input, TextSplitter(settings: settings)) == Self.longParagraphs)
    }

    @Test func tooFewLinesAreNeverWrapped() {
        let two = padded("Alpha", to: 70) + "\n" + padded("Bravo", to: 70)
        #expect(texts(two).count == 2)
    }
}

extension String {
    /// The splitter's line table for this text.
    func withUTF8Lines() -> [TextSplitter.Line] {
        var s = self
        return s.withUTF8 { TextSplitter.lines(in: $0) }
    }
}
