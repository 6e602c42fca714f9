import Testing
@testable import Decruft

struct CanonicalWriterTests {
    func document(_ texts: [String]) -> Document { Document(blocks: makeBlocks(texts)) }

    @Test func paragraphsSeparatedByOneBlankLine() {
        #expect(CanonicalWriter.text(document(["One.", "Two.", "Three."])) == "One.\n\nTwo.\n\nThree.\n")
        #expect(CanonicalWriter.text(document(["Only."])) == "Only.\n")
    }

    @Test func emptyDocumentGivesEmptyOutput() {
        #expect(CanonicalWriter.text(document([])) == "")
        #expect(CanonicalWriter.text(document(["", " \n\t "])) == "")
    }

    @Test func layoutHoldsWithoutNormalize() {
        // Blocks that were never normalized: line breaks and runs of spaces collapse,
        // blank blocks leave no extra blank lines.
        let text = CanonicalWriter.text(document(["  first\r\nline  ", "", "\t", "second   block\n", " "]))
        #expect(text == "first line\n\nsecond block\n")
    }

    @Test func appendAddsToExistingBytes() {
        var out: [UInt8] = Array("prefix\n".utf8)
        CanonicalWriter.append(document(["a", "b"]), to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "prefix\na\n\nb\n")
    }

    @Test func nonASCIIPassesThrough() {
        let text = "“Café” — 日本語 👍🏽"
        #expect(Exact(CanonicalWriter.text(document([text]))) == Exact(text + "\n"))
    }

    @Test func oneLineTestAcrossChunks() {
        let line = Array("Paragraph text that spans several eight-byte chunks.".utf8)
        #expect(line.withUnsafeBufferPointer { CanonicalWriter.isOneLine($0) })
        for offset in 1..<(line.count - 1) {
            for bad: [UInt8] in [[0x20, 0x20], [0x0A], [0x0D], [0x09]] {
                var bytes = line
                bytes.replaceSubrange(offset..<offset, with: bad)
                #expect(!bytes.withUnsafeBufferPointer { CanonicalWriter.isOneLine($0) }, "offset \(offset): \(bad)")
            }
        }
    }
}
