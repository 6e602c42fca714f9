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
/// Lines of code (`preformatted` blocks) are never removed: code repeats
/// lines on purpose (`}`, `return nil`, a second `import`).
///
/// Memory of seen blocks lives in one call: the same document always gives
/// the same output. Reason codes: `repeated` (a lone block) and `repeated-run`
/// (part of a repeated run).
public struct RepeatedBlockFilter: Filter {
    public struct Settings: Sendable, Equatable {
        public var minCharacters = 40
        public var minRunBlocks = 2
        /// A block of this many words counts as prose in a repeated run
        /// (a run without prose is the article's structure and stays).
        public var minProseWords = 20
        public init() {}
    }

    public let name = "repeated-block"
    public var settings: Settings

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// At most this many earlier occurrences of a block are tried as the
    /// start of the earlier run (bounds the work on repetitive documents).
    static let maxRunStarts = 8

    public func apply(to pass: inout FilterPass) {
        let blocks = pass.blocks
        let features = pass.features
        var keys = LooseKeyCache()
        // Earlier positions by key hash; candidates are confirmed on the keys.
        var occurrences = HashChains(positions: blocks.count)
        var i = 0
        var seenUpTo = 0
        // NB: occurrences are recorded lazily up to `i`, so only earlier
        // blocks are ever candidates.
        func record(upTo limit: Int) {
            while seenUpTo < limit {
                if features[seenUpTo].keyLength > 0 { occurrences.insert(features[seenUpTo].keyHash, at: seenUpTo) }
                seenUpTo += 1
            }
        }
        var earlier: [Int] = []
        // Counted when the first repeat is found (most documents have none).
        var counts: [UInt64: Int]?
        while i < blocks.count {
            record(upTo: i)
            earlier.removeAll(keepingCapacity: true)
            if features[i].keyLength > 0 && blocks[i].kind != .preformatted {
                // Only the latest few positions matter (see maxRunStarts);
                // trying all would make a very repetitive document quadratic.
                var candidate = occurrences.newest(features[i].keyHash)
                var tried = 0
                while let p = candidate, tried < Self.maxRunStarts {
                    if keys.sameKey(p, i, of: blocks, features) { earlier.append(p) }
                    candidate = occurrences.older(than: p)
                    tried += 1
                }
            }
            guard !earlier.isEmpty else {
                i += 1
                continue
            }
            // The longest run starting at i that repeats a run starting at an
            // earlier occurrence p, in order, entirely before i.
            var runLength = 1
            for p in earlier {
                var length = 1
                while i + length < blocks.count, p + length < i, features[i + length].keyLength > 0,
                      blocks[i + length].kind != .preformatted,
                      keys.sameKey(i + length, p + length, of: blocks, features) {
                    length += 1
                }
                runLength = max(runLength, length)
            }
            if counts == nil { counts = Self.occurrenceCounts(features) }
            if keepsStructure(at: i, runLength: runLength, nearest: earlier[0], features, counts ?? [:]) {
                i += runLength
                continue
            }
            var runCharacters = 0
            for k in i..<(i + runLength) { runCharacters += features[k].characters }
            let isRun = runLength >= settings.minRunBlocks && runCharacters >= settings.minCharacters
            for k in i..<(i + runLength) {
                if isRun {
                    pass.drop(k, reason: "repeated-run")
                } else if features[k].characters >= settings.minCharacters {
                    pass.drop(k, reason: "repeated")
                }
            }
            i += runLength
        }
    }

    /// Whether the repeat at `i` is the article's own structure rather than
    /// text printed twice: a run of two or more lines with no sentence of
    /// prose among them, announced by a line ending with a colon (an address
    /// or a code sample shown again), or a block that occurs three times or more with other text
    /// between the copies (a credit line under every picture, the same
    /// question asked of every guest). Text printed twice — adjacent or
    /// apart — holds prose and occurs twice.
    func keepsStructure(at i: Int, runLength: Int, nearest: Int, _ features: [BlockFeatures], _ counts: [UInt64: Int]) -> Bool {
        // The article shows it again after a line that announces it
        // ("…we get the same output:", "The significant bit is this:").
        if runLength >= 2 && i > 0 && features[i - 1].shape.endsWithColon {
            var prose = false
            for k in i..<(i + runLength) where isProse(features[k].shape) {
                prose = true
                break
            }
            if !prose { return true }
        }
        let apart = nearest + runLength < i
        return apart && (counts[features[i].keyHash] ?? 0) >= 3
    }

    /// A sentence of some length: at least `minProseWords` words, or a
    /// closing full stop, "!" or "?" after at least six.
    func isProse(_ shape: TextShape) -> Bool {
        shape.words >= settings.minProseWords || (shape.endsSentence && shape.words >= 6)
    }

    /// How often each loose-key hash occurs (counted up to 3).
    static func occurrenceCounts(_ features: [BlockFeatures]) -> [UInt64: Int] {
        var counts: [UInt64: Int] = [:]
        for feature in features where feature.keyLength > 0 {
            counts[feature.keyHash, default: 0] = min(3, (counts[feature.keyHash] ?? 0) + 1)
        }
        return counts
    }
}
