/// `repeated-block`: removes a paragraph, or a run of paragraphs, that
/// repeats earlier in the same document; the first occurrence stays.
///
/// Blocks compare equal after `TextKey.loose` (case, whitespace, quotes,
/// dashes and punctuation ignored). A block of at least `minCharacters` is
/// removed on its own; shorter blocks only as part of a run of at least
/// `minRunBlocks` consecutive blocks (together at least `minCharacters`) that
/// repeats an earlier run in order.
/// A pull quote that repeats a paragraph verbatim is removed too: in scraped
/// text the repeat carries no information.
///
/// Memory of seen blocks lives in one call: the same document always gives
/// the same output. Reason codes: `repeated` (a lone block) and `repeated-run`
/// (part of a repeated run).
public struct RepeatedBlockFilter: Filter {
    public struct Settings: Sendable, Equatable {
        public var minCharacters = 40
        public var minRunBlocks = 2
        public init() {}
    }

    public let name = "repeated-block"
    public var settings: Settings

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    public func apply(to pass: inout FilterPass) {
        let blocks = pass.blocks
        var firstIndex: [[UInt8]: Int] = [:]
        firstIndex.reserveCapacity(blocks.count)
        // earlier[i]: index of the first block equal to block i, if any.
        var earlier = [Int?](repeating: nil, count: blocks.count)
        for i in blocks.indices {
            let key = TextKey.loose(blocks[i].text)
            if key.isEmpty { continue }
            if let first = firstIndex[key] {
                earlier[i] = first
            } else {
                firstIndex[key] = i
            }
        }
        var i = 0
        while i < blocks.count {
            guard let first = earlier[i] else {
                i += 1
                continue
            }
            // Extend the run while the next block repeats the next earlier block.
            var end = i + 1
            while end < blocks.count, let e = earlier[end], e == first + (end - i), e < i {
                end += 1
            }
            let runLength = end - i
            var runCharacters = 0
            for k in i..<end { runCharacters += blocks[k].text.unicodeScalars.count }
            let isRun = runLength >= settings.minRunBlocks && runCharacters >= settings.minCharacters
            for k in i..<end {
                if isRun {
                    pass.drop(k, reason: "repeated-run")
                } else if blocks[k].text.unicodeScalars.count >= settings.minCharacters {
                    pass.drop(k, reason: "repeated")
                }
            }
            i = end
        }
    }
}
