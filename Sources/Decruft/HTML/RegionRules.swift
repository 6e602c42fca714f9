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
    struct Matcher {
        let strongNegative: [[UInt8]]
        let negative: [[UInt8]]
        let positive: [[UInt8]]
        let caption: [[UInt8]]

        init(_ rules: RegionRules) {
            strongNegative = rules.strongNegative.map { Array($0.utf8) }
            negative = rules.negative.map { Array($0.utf8) }
            positive = rules.positive.map { Array($0.utf8) }
            caption = rules.caption.map { Array($0.utf8) }
        }

        /// Whether the lowercased `id class role` text holds a caption word.
        func isCaption(_ attributeText: ArraySlice<UInt8>) -> Bool {
            guard !caption.isEmpty else { return false }
            var found = false
            RegionRules.forEachToken(attributeText) { token in
                if !found { found = RegionRules.match(token, caption) != nil }
            }
            return found
        }

        /// Judges the lowercased `id class role` text of one element.
        func verdict(_ attributeText: ArraySlice<UInt8>) -> Verdict {
            var strong: [UInt8]?
            var weak: [UInt8]?
            var isPositive = false
            RegionRules.forEachToken(attributeText) { token in
                if strong == nil { strong = RegionRules.match(token, strongNegative) }
                if weak == nil { weak = RegionRules.match(token, negative) }
                if !isPositive { isPositive = RegionRules.match(token, positive) != nil }
            }
            if let strong { return .strongNegative(String(decoding: strong, as: UTF8.self), alsoPositive: isPositive) }
            if let weak {
                let word = String(decoding: weak, as: UTF8.self)
                return isPositive ? .mixed(word) : .negative(word)
            }
            if isPositive { return .positive }
            return .neutral
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
        while start < end {
            if let bem = bemElementStart(attributeText, from: start) { start = bem }
            while start < end, !isTokenByte(attributeText[start]) { start += 1 }
            var stop = start
            while stop < end, isTokenByte(attributeText[stop]) { stop += 1 }
            if stop > start { body(attributeText[start..<stop]) }
            start = stop
        }
    }

    /// In the class name starting at `start`, the index just after its last
    /// "__", if it has one.
    static func bemElementStart(_ text: ArraySlice<UInt8>, from start: Int) -> Int? {
        var k = start
        var found: Int?
        while k < text.endIndex, text[k] != 0x20 {
            if text[k] == 0x5F, k + 1 < text.endIndex, text[k + 1] == 0x5F { found = k + 2 }
            k += 1
        }
        return found
    }

    @inline(__always)
    static func isTokenByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b >= 0x80
    }

    /// The first word that equals `token` or, for words of four letters or
    /// more, is a prefix of it.
    @inline(__always)
    static func match(_ token: ArraySlice<UInt8>, _ words: [[UInt8]]) -> [UInt8]? {
        let first = token[token.startIndex]
        for word in words where word[0] == first && word.count <= token.count {
            if word.count <= 3 && word.count != token.count { continue }
            if token.prefix(word.count).elementsEqual(word) { return word }
        }
        return nil
    }
}
