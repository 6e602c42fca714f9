/// Class/id/role words that mark page regions (from the `[html]` table of
/// the rules): how an element's tokens are judged.
public struct RegionRules: Sendable {
    public var strongNegative: [String] = []
    public var negative: [String] = []
    public var positive: [String] = []

    public init() {}

    public enum Verdict: Equatable, Sendable {
        case neutral
        case positive
        /// Matched a negative word (the word is kept for the removal log).
        case negative(String)
        /// Matched a strongly negative word; `alsoPositive` when a positive
        /// word is present too ("entry-content no-share").
        case strongNegative(String, alsoPositive: Bool)
    }

    /// Judges the lowercased `id class role` text of one element.
    func verdict(_ attributeText: ArraySlice<UInt8>) -> Verdict {
        guard !attributeText.isEmpty else { return .neutral }
        var strong: String?
        var weak: String?
        var isPositive = false
        var start = attributeText.startIndex
        let end = attributeText.endIndex
        while start < end {
            // BEM names ("article__date--big"): the element after "__" says
            // what the thing is; skip the block name before it.
            if let bem = Self.bemElementStart(attributeText, from: start) { start = bem }
            while start < end, !Self.isTokenByte(attributeText[start]) { start += 1 }
            var stop = start
            while stop < end, Self.isTokenByte(attributeText[stop]) { stop += 1 }
            if stop > start {
                let token = attributeText[start..<stop]
                if strong == nil, let word = Self.match(token, strongNegative) { strong = word }
                if weak == nil, let word = Self.match(token, negative) { weak = word }
                if !isPositive, Self.match(token, positive) != nil { isPositive = true }
            }
            start = stop
        }
        if let strong { return .strongNegative(strong, alsoPositive: isPositive) }
        if isPositive { return .positive }
        if let weak { return .negative(weak) }
        return .neutral
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
    static func match(_ token: ArraySlice<UInt8>, _ words: [String]) -> String? {
        for word in words {
            let w = word.utf8
            if w.count > token.count { continue }
            if w.count <= 3 && w.count != token.count { continue }
            if token.prefix(w.count).elementsEqual(w) { return word }
        }
        return nil
    }
}
