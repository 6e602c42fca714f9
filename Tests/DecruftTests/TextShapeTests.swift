import Testing
@testable import Decruft

struct TextShapeTests {
    @Test func measuresCharactersAndWords() {
        let shape = TextShape("Héllo,  wörld\tagain 👍🏽")
        #expect(shape.characters == 22)      // scalars: the emoji and its skin tone count twice
        #expect(shape.words == 4)
        #expect(TextShape("").words == 0)
        #expect(TextShape("   ").words == 0)
        #expect(TextShape("a\u{00A0}b").words == 2)
        #expect(TextShape("* * *").words == 3)
    }

    @Test func endings() {
        #expect(TextShape("Done.").endsSentence && TextShape("Done.").endsWithPeriod)
        #expect(TextShape("Really?  ").endsSentence)
        #expect(TextShape("Wow!").endsSentence && !TextShape("Wow!").endsWithPeriod)
        #expect(TextShape("And so…").endsSentence)
        #expect(TextShape("Read more:").endsWithColon && !TextShape("Read more:").endsSentence)
        #expect(!TextShape("Headline").endsSentence)
        #expect(!TextShape("").endsSentence)
    }

    @Test func headingLike() {
        #expect(TextShape("Storm hits the coast").isHeadingLike(maxWords: 20, maxCharacters: 200))
        #expect(TextShape("Storm hits the coast!").isHeadingLike(maxWords: 20, maxCharacters: 200))
        #expect(!TextShape("Storm hits the coast.").isHeadingLike(maxWords: 20, maxCharacters: 200))
        #expect(!TextShape("").isHeadingLike(maxWords: 20, maxCharacters: 200))
        #expect(TextShape("one two three").isHeadingLike(maxWords: 3, maxCharacters: 13))
        #expect(!TextShape("one two three").isHeadingLike(maxWords: 2, maxCharacters: 13))
        #expect(!TextShape("one two three").isHeadingLike(maxWords: 3, maxCharacters: 12))
    }

    @Test func looseKeyIgnoresCosmetics() {
        func key(_ s: String) -> String { String(decoding: TextKey.loose(s), as: UTF8.self) }
        #expect(key("“Hello”, World — again!") == "hello world again")
        #expect(key("\"HELLO\" world - again") == "hello world again")
        #expect(key("  hello\u{00A0}\u{00A0}world\u{2003}again…  ") == "hello world again")
        #expect(key("Ünïcödé ÉTÉ") == "ünïcödé été")
        #expect(key("東京、日本。") == "東京 日本")
        #expect(key("2024-05-01") == "2024 05 01")
        #expect(key("* * *").isEmpty)
        #expect(key("").isEmpty)
        #expect(key("don’t") == key("don't"))
    }

    @Test func looseKeyWords() {
        let words = TextKey.words(TextKey.loose("The cat, the HAT."))
        #expect(words.map { String(decoding: $0, as: UTF8.self) } == ["the", "cat", "the", "hat"])
        #expect(TextKey.words([]).isEmpty)
    }

    /// Texts whose ASCII runs cross the eight-byte chunks at every offset.
    static let assorted: [String] = {
        let pieces = ["a", "B", "7", " ", "  ", "\t", "\n", "-", "’", "é", "É", "\u{00A0}", "東", "👍🏽", ".", "x y", "Zz"]
        var texts: [String] = ["", " ", "abcdefgh", "abcdefghijklmnop", "ABCDEFGH IJKLMNOP", " leading and trailing "]
        var state: UInt64 = 12345
        for _ in 0..<400 {
            var text = ""
            for _ in 0..<(Int(state % 40)) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                text += pieces[Int(state >> 33) % pieces.count]
            }
            texts.append(text)
        }
        return texts
    }()

    @Test func shapeMatchesScalarCounts() {
        func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || (0x09...0x0D).contains(s.value) || s.value == 0xA0 }
        for text in Self.assorted {
            let shape = TextShape(text)
            let scalars = Array(text.unicodeScalars)
            #expect(shape.characters == scalars.count, "\(text.debugDescription)")
            #expect(shape.words == scalars.split(whereSeparator: isSpace).count, "\(text.debugDescription)")
            let last = scalars.last(where: { !isSpace($0) })
            #expect(shape.endsWithPeriod == (last == "."), "\(text.debugDescription)")
        }
    }

    @Test func looseHashAndWordHashesMatchTheKey() {
        for text in Self.assorted {
            let key = TextKey.loose(text)
            let (length, hash) = Array(text.utf8).withUnsafeBufferPointer { TextKey.looseHash(bytes: $0) }
            #expect(length == key.count && hash == TextKey.hash(key), "\(text.debugDescription)")
            let words = Set(TextKey.words(key).map { TextKey.hash($0) }).sorted()
            #expect(TextKey.wordHashes(text) == words, "\(text.debugDescription)")
        }
    }
}
