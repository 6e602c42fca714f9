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
