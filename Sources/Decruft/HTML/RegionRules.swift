/// Class/id/role words that mark page regions (from the `[html]` table of
/// the rules): how an element's tokens are judged.
public struct RegionRules: Sendable {
    public var strongNegative: [String] = []
    public var negative: [String] = []
    public var positive: [String] = []
    /// Words that mark an image caption or credit written without `<figcaption>`.
    public var caption: [String] = []

    public init() {}

    public enum Verdict: Equatable, Sendable {
        case neutral
        case positive
        /// Matched a negative word (the word is kept for the removal log).
        case negative(String)
        /// Matched a negative and a positive word ("main-box author-box").
        case mixed(String)
        /// Matched a strongly negative word; `alsoPositive` when a positive
        /// word is present too ("entry-content no-share").
        case strongNegative(String, alsoPositive: Bool)
    }

    /// The word lists as bytes, ready for matching many elements.
    ///
    /// NB: a token is compared only with the words that start with its first
    /// byte (all four lists in one table, each list in its own order), so a
    /// token costs a handful of comparisons instead of one per word.
    struct Matcher {
        /// The lists a word can belong to.
        enum List: UInt8 {
            case strongNegative, negative, positive, caption
        }

        struct Word {
            var list: List
            /// Index in the list (and in `RegionRules`' own array).
            var index: Int32
            /// Range in `bytes`.
            var start: Int32
            var count: Int32
            /// The first (up to) four bytes, as `Matcher.head` packs them, and
            /// the mask of the ones the word has: most tokens are told apart
            /// by these alone.
            var head: UInt32
            var headMask: UInt32
        }

        let rules: RegionRules
        /// Every word, back to back.
        private var bytes: [UInt8] = []
        /// The words ordered by first byte (stable: list order is kept).
        private var words: [Word] = []
        /// `words[firstByteStart[b]..<firstByteStart[b + 1]]` start with byte `b`.
        private var firstByteStart = [Int32](repeating: 0, count: 257)

        init(_ rules: RegionRules) {
            self.rules = rules
            var all: [Word] = []
            for (list, strings) in [(List.strongNegative, rules.strongNegative), (.negative, rules.negative),
                                    (.positive, rules.positive), (.caption, rules.caption)] {
                // An empty word can match nothing.
                for (index, string) in strings.enumerated() where !string.isEmpty {
                    let utf8 = Array(string.utf8)
                    let known = min(utf8.count, 4)
                    all.append(Word(list: list, index: Int32(index), start: Int32(bytes.count), count: Int32(utf8.count),
                                    head: Matcher.head(utf8[...]), headMask: known == 4 ? ~0 : (1 << (8 * known)) - 1))
                    bytes.append(contentsOf: utf8)
                }
            }
            var byFirst = [[Word]](repeating: [], count: 256)
            for word in all { byFirst[Int(bytes[Int(word.start)])].append(word) }
            for b in 0..<256 {
                firstByteStart[b] = Int32(words.count)
                words += byFirst[b]
            }
            firstByteStart[256] = Int32(words.count)
        }

        /// Whether the lowercased `id class role` text holds a caption word.
        func isCaption(_ attributeText: ArraySlice<UInt8>) -> Bool {
            judge(attributeText).isCaption
        }

        /// Judges the lowercased `id class role` text of one element.
        func verdict(_ attributeText: ArraySlice<UInt8>) -> Verdict {
            judge(attributeText).verdict
        }

        /// The verdict and caption test of one element's `id class role` text,
        /// in one walk over its tokens.
        func judge(_ attributeText: ArraySlice<UInt8>) -> (verdict: Verdict, isCaption: Bool) {
            // The first word matched in each list (by the first token that
            // matches any word of it), as an index into that list.
            var found = Found()
            bytes.withUnsafeBufferPointer { wordBytes in
                RegionRules.forEachToken(attributeText) { token in
                    let first = Int(token[token.startIndex])
                    let tokenHead = Matcher.head(token)
                    for k in Int(firstByteStart[first])..<Int(firstByteStart[first + 1]) {
                        let word = words[k]
                        guard tokenHead & word.headMask == word.head, found[word.list] < 0,
                              Matcher.matches(token, word, wordBytes) else { continue }
                        found[word.list] = word.index
                    }
                }
            }
            let isPositive = found[.positive] >= 0
            let isCaption = found[.caption] >= 0
            let strong = found[.strongNegative]
            if strong >= 0 {
                return (.strongNegative(rules.strongNegative[Int(strong)], alsoPositive: isPositive), isCaption)
            }
            let weak = found[.negative]
            if weak >= 0 {
                let word = rules.negative[Int(weak)]
                return (isPositive ? .mixed(word) : .negative(word), isCaption)
            }
            return (isPositive ? .positive : .neutral, isCaption)
        }

        /// A word index per list, -1 for none.
        private struct Found {
            private var strongNegative: Int32 = -1, negative: Int32 = -1, positive: Int32 = -1, caption: Int32 = -1

            subscript(list: List) -> Int32 {
                get {
                    switch list {
                    case .strongNegative: return strongNegative
                    case .negative: return negative
                    case .positive: return positive
                    case .caption: return caption
                    }
                }
                set {
                    switch list {
                    case .strongNegative: strongNegative = newValue
                    case .negative: negative = newValue
                    case .positive: positive = newValue
                    case .caption: caption = newValue
                    }
                }
            }
        }

        /// The first (up to) four bytes of `text`, little-endian, zeros past its end.
        @inline(__always)
        static func head(_ text: ArraySlice<UInt8>) -> UInt32 {
            var value: UInt32 = 0
            var shift: UInt32 = 0
            for b in text.prefix(4) {
                value |= UInt32(b) << shift
                shift += 8
            }
            return value
        }

        /// A word matches a token it equals or, when it has four letters or
        /// more, a token it starts.
        @inline(__always)
        static func matches(_ token: ArraySlice<UInt8>, _ word: Word, _ wordBytes: UnsafeBufferPointer<UInt8>) -> Bool {
            let count = Int(word.count)
            guard count <= token.count, count > 3 || count == token.count else { return false }
            var k = 0
            var t = token.startIndex
            let start = Int(word.start)
            while k < count {
                if token[t] != wordBytes[start + k] { return false }
                k += 1
                t += 1
            }
            return true
        }
    }

    /// Judges the lowercased `id class role` text of one element.
    func verdict(_ attributeText: ArraySlice<UInt8>) -> Verdict {
        Matcher(self).verdict(attributeText)
    }

    /// Calls `body` with each token of the lowercased `id class role` text.
    /// BEM names ("article__date--big"): the element after "__" says what the
    /// thing is; the block name before it is skipped.
    @inline(__always)
    static func forEachToken(_ attributeText: ArraySlice<UInt8>, _ body: (ArraySlice<UInt8>) -> Void) {
        var start = attributeText.startIndex
        let end = attributeText.endIndex
        var names = BEMScan()
        while start < end {
            if let bem = names.elementStart(attributeText, from: start) { start = bem }
            while start < end, !isTokenByte(attributeText[start]) { start += 1 }
            var stop = start
            while stop < end, isTokenByte(attributeText[stop]) { stop += 1 }
            if stop > start { body(attributeText[start..<stop]) }
            start = stop
        }
    }

    /// Finds, for a position in the `id class role` text, the index just
    /// after the last "__" between it and the next space (the start of a BEM
    /// element name), remembering each scanned name so that asking again
    /// from further along the same name costs nothing.
    struct BEMScan {
        /// The scanned stretch ends here (at a space or the end of the text)…
        private var scannedUntil = Int.min
        /// …and its last "__" starts here.
        private var lastDoubleUnderscore: Int?

        mutating func elementStart(_ text: ArraySlice<UInt8>, from start: Int) -> Int? {
            if start >= scannedUntil {
                var k = start
                lastDoubleUnderscore = nil
                while k < text.endIndex, text[k] != 0x20 {
                    if text[k] == 0x5F, k + 1 < text.endIndex, text[k + 1] == 0x5F { lastDoubleUnderscore = k }
                    k += 1
                }
                scannedUntil = k
            }
            guard let last = lastDoubleUnderscore, last >= start else { return nil }
            return last + 2
        }
    }

    @inline(__always)
    static func isTokenByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b >= 0x80
    }
}
