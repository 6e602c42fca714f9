import Foundation
import Testing
@testable import Decruft

struct CanonicalTests {
    @Test func documentedExample() {
        #expect(canonical("  Hello,\u{00A0}\u{200B}world\t!  ") == Exact("Hello, world !"))
    }

    @Test func composesToNFC() {
        let decomposed = "Cafe\u{0301}"
        let result = Canonical.paragraph(decomposed)
        #expect(result == "Caf\u{00E9}")
        #expect(Array(result.unicodeScalars) == Array("Caf\u{00E9}".unicodeScalars))
        #expect(Array(Canonical.paragraph("A\u{030A}ngstro\u{0308}m").unicodeScalars) == Array("\u{00C5}ngstr\u{00F6}m".unicodeScalars))
        // Hangul jamo compose to a syllable.
        #expect(Array(Canonical.paragraph("\u{1100}\u{1161}").unicodeScalars) == ["\u{AC00}"])
        // A combining mark separated from its base by a removed character still composes.
        #expect(Array(Canonical.paragraph("e\u{00AD}\u{0301}").unicodeScalars) == ["\u{00E9}"])
        // Singleton decompositions: the Ohm sign becomes Omega.
        #expect(Array(Canonical.paragraph("10 \u{2126}").unicodeScalars).last == "\u{03A9}")
    }

    @Test func keepsCompatibilityCharacters() {
        // NFC, not NFKC: ligatures, full-width letters and superscripts stay.
        let text = "\u{FB01}le \u{FF21}\u{FF22} x\u{00B2} \u{2460}"
        #expect(canonical(text) == Exact(text))
    }

    @Test(arguments: [
        "\u{00A0}", "\u{1680}", "\u{2000}", "\u{2005}", "\u{200A}", "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}",
        "\u{3000}", "\u{0085}", "\t", "\n", "\r", "\r\n", "\u{000B}", "\u{000C}", "  \t ",
    ])
    func unicodeSpacesCollapse(_ space: String) {
        #expect(canonical("a\(space)b") == Exact("a b"))
        #expect(canonical("a \(space) \(space)b") == Exact("a b"))
        #expect(canonical("\(space)a\(space)") == Exact("a"))
    }

    @Test(arguments: ["\u{200B}", "\u{2060}", "\u{FEFF}", "\u{00AD}", "\u{180E}"])
    func invisibleCharactersRemoved(_ invisible: String) {
        #expect(canonical("in\(invisible)visible") == Exact("invisible"))
        #expect(canonical("\(invisible)start") == Exact("start"))
        #expect(canonical("a \(invisible) b") == Exact("a b"))
    }

    @Test func controlCharactersRemoved() {
        var c0 = ""
        for v in 0x00...0x1F where !(0x09...0x0D).contains(v) { c0.unicodeScalars.append(Unicode.Scalar(UInt8(v))) }
        #expect(canonical("a\(c0)b") == Exact("ab"))
        #expect(canonical("a\u{7F}b") == Exact("ab"))
        var c1 = ""
        for v in 0x80...0x9F where v != 0x85 { c1.unicodeScalars.append(Unicode.Scalar(UInt8(v))) }
        #expect(canonical("a\(c1)b") == Exact("ab"))
        #expect(canonical("\u{0000}") == Exact(""))
    }

    @Test func zeroWidthJoinerKeptInEmojiSequence() {
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}"
        #expect(canonical("Family: \(family)") == Exact("Family: \(family)"))
        let rainbow = "\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}"
        #expect(canonical(rainbow) == Exact(rainbow))
    }

    @Test func zeroWidthNonJoinerKeptInPersian() {
        let word = "\u{0645}\u{06CC}\u{200C}\u{062E}\u{0648}\u{0627}\u{0647}\u{0645}"   // می‌خواهم
        #expect(canonical(word) == Exact(word))
    }

    @Test func joinersRemovedNextToASCIIOrSpaceOrEdge() {
        #expect(canonical("a\u{200D}b") == Exact("ab"))
        #expect(canonical("a\u{200C}b") == Exact("ab"))
        #expect(canonical("a\u{200D}\u{00E9}") == Exact("a\u{00E9}"))
        #expect(canonical("\u{00E9}\u{200D}b") == Exact("\u{00E9}b"))
        #expect(canonical("\u{00E9} \u{200D}\u{00E9}") == Exact("\u{00E9} \u{00E9}"))
        #expect(canonical("\u{00E9}\u{200D} \u{00E9}") == Exact("\u{00E9} \u{00E9}"))
        #expect(canonical("\u{200D}\u{00E9}") == Exact("\u{00E9}"))
        #expect(canonical("\u{00E9}\u{200D}") == Exact("\u{00E9}"))
    }

    @Test func joinerBeforeNonASCIISpaceIsRemoved() {
        // The joiner is followed by a non-ASCII byte, but it is a space (or a
        // removed character), not a character the joiner can join to.
        #expect(canonical("\u{00E9}\u{200D}\u{00A0}\u{00E9}") == Exact("\u{00E9} \u{00E9}"))
        #expect(canonical("\u{00E9}\u{200D}\u{200B}") == Exact("\u{00E9}"))
        let once = Canonical.paragraph("\u{00E9}\u{200C}\u{3000}x")
        #expect(canonical(once) == Exact(once))
    }

    @Test func curlyQuotesAndDashesKept() {
        let text = "“Quoted” ‘single’ – en — em ‐ hyphen … ellipsis «guillemets» „low“"
        #expect(canonical(text) == Exact(text))
    }

    @Test func nonLatinAndEmojiKept() {
        let text = "Ελληνικά русский 日本語 한국어 עברית العربية हिन्दी 👍🏽 🇬🇧"
        #expect(canonical(text) == Exact(text))
    }

    @Test func trimming() {
        #expect(canonical("   padded   ") == Exact("padded"))
        #expect(canonical("\u{3000}\u{00A0}padded\u{2003}\u{FEFF}") == Exact("padded"))
        #expect(canonical("\u{200B} padded") == Exact("padded"))
    }

    @Test func emptyResult() {
        #expect(canonical("") == Exact(""))
        #expect(canonical("   ") == Exact(""))
        #expect(canonical("\u{200B}\u{00AD}\u{FEFF}\u{2060}\u{0001}\u{009F}\u{00A0}") == Exact(""))
    }

    @Test func isCanonical() {
        #expect(Canonical.isCanonical("Hello, world."))
        #expect(Canonical.isCanonical(""))
        #expect(!Canonical.isCanonical(" Hello"))
        #expect(!Canonical.isCanonical("a  b"))
        #expect(!Canonical.isCanonical("Cafe\u{0301}"))
    }

    @Test func isCanonicalAcrossChunks() {
        // A doubled space, control character or DEL at every offset of a
        // long ASCII line, and a space at the end of one eight-byte chunk
        // and the start of the next.
        let line = Array("The quick brown fox jumps over the lazy dog again.".utf8)
        for offset in 1..<(line.count - 1) {
            for bad: [UInt8] in [[0x20, 0x20], [0x01], [0x7F], [0x0A]] {
                var bytes = line
                bytes.replaceSubrange(offset..<offset, with: bad)
                let text = String(decoding: bytes, as: UTF8.self)
                #expect(!Canonical.isCanonical(text), "\(text.debugDescription)")
                #expect(!bytes.withUnsafeBufferPointer { Canonical.isCanonical(bytes: $0) }, "\(text.debugDescription)")
            }
        }
        #expect(Array(line).withUnsafeBufferPointer { Canonical.isCanonical(bytes: $0) })
        #expect(Array("abcdefg  hijklmno".utf8).withUnsafeBufferPointer { !Canonical.isCanonical(bytes: $0) })
        #expect(Array("abcdefgh ijklmnop".utf8).withUnsafeBufferPointer { Canonical.isCanonical(bytes: $0) })
    }

    @Test func bytesEntryPointMatchesStringEntryPoint() {
        let text = " A\u{00A0}b\u{200B}c e\u{0301} \u{1F600} "
        let viaBytes = Array(text.utf8).withUnsafeBufferPointer { Canonical.paragraph(bytes: $0) }
        #expect(Exact(viaBytes) == canonical(text))
    }

    @Test func idempotentOnAssortedText() {
        let samples = [
            "e\u{0301}\u{0301} \u{00A0}x", "\u{0301}leading combining", "a\u{200D}\u{200D}b", "\u{00E9}\u{200D}\u{200D}\u{00E9}",
            "\u{1F468}\u{200D}\u{1F469}", "ﬁ \u{212B} \u{2126}", "x\u{0085}y\u{2028}z", "\u{0344}\u{0340}",
            "\u{0958} \u{0929} \u{FB2A}", "\u{AC00}\u{11A8}", "\u{1E9B}\u{0323}",
        ]
        for sample in samples {
            let once = Canonical.paragraph(sample)
            #expect(canonical(once) == Exact(once), "\(sample.debugDescription)")
            #expect(Exact(once) == Exact(once.precomposedStringWithCanonicalMapping), "not NFC: \(sample.debugDescription)")
        }
    }

    @Test func classifyTable() {
        #expect(Canonical.classify(0xA0) == .space)
        #expect(Canonical.classify(0x85) == .space)
        #expect(Canonical.classify(0x9F) == .remove)
        #expect(Canonical.classify(0x200D) == .joiner)
        #expect(Canonical.classify(0x200C) == .joiner)
        #expect(Canonical.classify(0x41) == .keep(nfcSafe: true))
        #expect(Canonical.classify(0x0301) == .keep(nfcSafe: false))
    }
}

