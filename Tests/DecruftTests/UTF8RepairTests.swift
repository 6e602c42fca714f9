import Testing
@testable import Decruft

struct UTF8RepairTests {
    static let fffd: [UInt8] = [0xEF, 0xBF, 0xBD]

    func firstInvalid(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { UTF8Repair.firstInvalidOffset($0) }
    }

    @Test func validPassesUnchanged() {
        for text in ["", "plain ASCII, long enough for the eight-byte fast path", "héllo wörld", "日本語", "👍🏽 🇬🇧",
                     "\u{10FFFF}\u{E000}\u{FFFD}\u{D7FF}", "\u{0000}\u{007F}\u{0080}\u{07FF}\u{0800}\u{FFFF}\u{10000}"] {
            let bytes = Array(text.utf8)
            let (out, count) = UTF8Repair.repair(bytes)
            #expect(out == bytes)
            #expect(count == 0)
            #expect(firstInvalid(bytes) == nil)
        }
    }

    @Test(arguments: [
        // (input, replacements, expected output with "@" standing for U+FFFD)
        ([0xFF] as [UInt8], 1),
        ([0xFE], 1),
        ([0x80], 1),                              // stray continuation
        ([0xBF, 0x80], 2),                        // two stray continuations
        ([0xC3], 1),                              // truncated 2-byte sequence at end
        ([0xE2, 0x82], 1),                        // truncated 3-byte sequence (one maximal subpart)
        ([0xF0, 0x9F, 0x98], 1),                  // truncated 4-byte sequence
        ([0xE2, 0x82, 0x41], 1),                  // truncated, followed by ASCII
        ([0xC0, 0xAF], 2),                        // overlong "/" (C0 is never valid)
        ([0xC1, 0xBF], 2),
        ([0xE0, 0x80, 0xAF], 3),                  // overlong 3-byte
        ([0xF0, 0x80, 0x80, 0xAF], 4),            // overlong 4-byte
        ([0xED, 0xA0, 0x80], 3),                  // high surrogate U+D800
        ([0xED, 0xBF, 0xBF], 3),                  // low surrogate U+DFFF
        ([0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80], 6),  // CESU-8 surrogate pair
        ([0xF4, 0x90, 0x80, 0x80], 4),            // above U+10FFFF
        ([0xF5, 0x80, 0x80, 0x80], 4),            // invalid lead byte
        ([0xF8, 0x88, 0x80, 0x80, 0x80], 5),      // old 5-byte form
    ])
    func invalidSequences(_ invalid: [UInt8], _ replacements: Int) {
        let input = Array("ok ".utf8) + invalid + Array(" end".utf8)
        let (out, count) = UTF8Repair.repair(input)
        #expect(count == replacements)
        let expected = Array("ok ".utf8) + Array(repeating: Self.fffd, count: replacements).flatMap { $0 }
            + (invalid == [0xE2, 0x82, 0x41] ? [0x41] : []) + Array(" end".utf8)
        #expect(out == expected)
        #expect(firstInvalid(input) == 3)
        #expect(firstInvalid(out) == nil)
    }

    @Test func firstInvalidOffsetAfterFastPath() {
        let prefix = Array("0123456789abcdefghij".utf8)   // 20 ASCII bytes: two 8-byte words, then 4
        for k in 0...prefix.count {
            let bytes = Array(prefix.prefix(k)) + [0xFF] + Array(prefix)
            #expect(firstInvalid(bytes) == k)
        }
    }

    @Test func invalidBetweenValidMultibyte() {
        let input = Array("é".utf8) + [0xFF] + Array("日".utf8) + [0xC3] + Array("ü".utf8)
        let (out, count) = UTF8Repair.repair(input)
        #expect(count == 2)
        #expect(String(decoding: out, as: UTF8.self) == "é\u{FFFD}日\u{FFFD}ü")
    }

    @Test func matchesSwiftDecodingOnRandomBytes() {
        // Swift's decoder also substitutes maximal subparts: the repairs must agree.
        var rng = SplitMix64(seed: 0xDEC0DE)
        let alphabet: [UInt8] = [0x41, 0x20, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
                                 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        for _ in 0..<2000 {
            let length = Int(rng.next() % 24)
            let bytes = (0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let (out, count) = UTF8Repair.repair(bytes)
            let swift = String(decoding: bytes, as: UTF8.self)
            #expect(out == Array(swift.utf8), "\(bytes)")
            let introduced = swift.unicodeScalars.filter { $0 == "\u{FFFD}" }.count
            #expect(count == introduced, "\(bytes)")
            #expect((firstInvalid(bytes) == nil) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
        }
    }
}
