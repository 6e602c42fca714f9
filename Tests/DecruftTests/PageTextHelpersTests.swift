import Foundation
import Testing
@testable import Decruft

/// The byte-level shortcuts of the HTML stage agree with the slow forms they
/// stand for.
@Suite struct PageTextHelpersTests {
    @Test func visibleCharactersMatchesAByteByByteCount() {
        var rng = SplitMix64(seed: 0x7E57)
        let pieces: [[UInt8]] = [[0x20], [0x0A], [0x09], [0x0D], [0x0B], [0x61], [0x5A], [0xC3, 0xA9], [0xC2, 0xA0],
                                 [0xE6, 0x97, 0xA5], [0xF0, 0x9F, 0x98, 0x80], [0x00], [0x7F]]
        for _ in 0..<400 {
            var bytes: [UInt8] = []
            for _ in 0..<rng.below(60) { bytes += rng.pick(pieces) }
            let start = rng.below(bytes.count + 1)
            let length = rng.below(bytes.count - start + 1)
            let expected = bytes[start..<(start + length)].filter {
                $0 & 0xC0 != 0x80 && $0 != 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D
            }.count
            let counted = bytes.withUnsafeBufferPointer { PageAnalysis.visibleCharacters($0, start, length) }
            #expect(counted == expected, "\(bytes) \(start) \(length)")
        }
    }

    static let samples = ["Headline | Site", "A - B - C", "a - - b", " | ", "Café | Zürich News", "x :: y :: z",
                          "no separator here", "", "Breaking — news · site", "trailing | ", " | leading", "a||b | c",
                          "İstanbul | haber", "e\u{301} | e", "one two three | four", "tab\there"]

    @Test func asciiComponentsMatchFoundation() {
        for text in Self.samples where PageMetadata.isASCII(text) {
            for separator in [" | ", " - ", " :: ", "|"] {
                let expected = text.contains(separator) ? text.components(separatedBy: separator) : nil
                #expect(PageMetadata.asciiComponents(text, separatedBy: separator) == expected, "\(text) / \(separator)")
            }
        }
    }

    @Test func withoutSiteNameKeepsItsAnswer() {
        for text in Self.samples {
            var expected = text
            for separator in [" | ", " – ", " — ", " - ", " :: ", " · ", " » "] where text.contains(separator) {
                let parts = text.components(separatedBy: separator)
                if let longest = parts.max(by: { $0.count < $1.count }), longest.split(separator: " ").count >= 3 {
                    expected = longest
                    break
                }
            }
            #expect(PageMetadata.withoutSiteName(text) == expected, "\(text)")
        }
    }

    @Test func containsMatchesFoundation() {
        for text in Self.samples {
            for part in Self.samples + ["site", "news", "é", "e", "|"] where !part.isEmpty {
                #expect(PageMetadata.contains(text, part) == text.contains(part), "\(text) / \(part)")
            }
        }
    }

    @Test func nonEmptyTrimsLikeFoundation() {
        for text in Self.samples + ["  x ", "\u{00A0}y\u{2003}", "\n", "z\u{85}", "\u{3000}"] {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(PageMetadata.nonEmpty(text) == (trimmed.isEmpty ? nil : trimmed), "\(text.debugDescription)")
        }
    }
}
