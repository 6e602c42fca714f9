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
/// lines on purpose (`}`, `return nil`, a second `import`). Nor are repeats
/// that are the article's own structure: a block occurring three times or
/// more, never twice in a row nor twice after the same block (a credit under every photo, the same
/// question put to every guest), and a prose-free run shown again after a
/// line ending with a colon (an address, a code sample).
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
        // Blocks occurring three times or more, never next to each other
        // nor after the same block: the article's own structure (a credit
        // under every photo, the same question put to every guest), kept
        // wherever they occur. A key
        // whose kept copies would end up side by side is not one; the set
        // only shrinks, so this settles in a few rounds, and a second pass
        // over the output finds the same set (its copies all survive):
        // cleaning stays idempotent.
        // NB: most documents repeat nothing: no count is taken for them.
        var drops = decide(pass.blocks, pass.features, template: [])
        guard !drops.isEmpty else { return }
        var template = Self.templateKeys(pass.features, pass.blocks)
        if !template.isEmpty { drops = decide(pass.blocks, pass.features, template: template) }
        for _ in 0..<4 where !template.isEmpty {
            let adjacent = Self.adjacentSurvivors(pass.features, drops: drops, among: template)
            if adjacent.isEmpty { break }
            template.subtract(adjacent)
            drops = decide(pass.blocks, pass.features, template: template)
        }
        for (k, reason) in drops { pass.drop(k, reason: reason) }
    }

    /// The removals, block by block, with `template` keys never removed.
    func decide(_ blocks: [Block], _ features: [BlockFeatures], template: Set<UInt64>) -> [(Int, String)] {
        var drops: [(Int, String)] = []
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
        func candidate(_ k: Int) -> Bool {
            features[k].keyLength > 0 && blocks[k].kind != .preformatted && !template.contains(features[k].keyHash)
        }
        var earlier: [Int] = []
        while i < blocks.count {
            record(upTo: i)
            earlier.removeAll(keepingCapacity: true)
            if candidate(i) {
                // Only the latest few positions matter (see maxRunStarts);
                // trying all would make a very repetitive document quadratic.
                var previous = occurrences.newest(features[i].keyHash)
                var tried = 0
                while let p = previous, tried < Self.maxRunStarts {
                    if keys.sameKey(p, i, of: blocks, features) { earlier.append(p) }
                    previous = occurrences.older(than: p)
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
                while i + length < blocks.count, p + length < i, candidate(i + length),
                      keys.sameKey(i + length, p + length, of: blocks, features) {
                    length += 1
                }
                runLength = max(runLength, length)
            }
            if isAnnouncedShowing(at: i, runLength: runLength, features,
                                  isTemplate: { template.contains(features[$0].keyHash) && features[$0].keyLength > 0 }) {
                i += runLength
                continue
            }
            var runCharacters = 0
            for k in i..<(i + runLength) { runCharacters += features[k].characters }
            let isRun = runLength >= settings.minRunBlocks && runCharacters >= settings.minCharacters
            for k in i..<(i + runLength) {
                if isRun {
                    drops.append((k, "repeated-run"))
                } else if features[k].characters >= settings.minCharacters {
                    drops.append((k, "repeated"))
                }
            }
            i += runLength
        }
        return drops
    }

    /// A run of two or more lines with no sentence of prose among them,
    /// shown again after a line that announces it ("…we get the same
    /// output:", "The significant bit is this:"): an address or a code
    /// sample, the article's own.
    func isAnnouncedShowing(at i: Int, runLength: Int, _ features: [BlockFeatures],
                            isTemplate: (Int) -> Bool = { _ in false }) -> Bool {
        // NB: a kept structural block may open the run ("Mrs. Ada Smith"
        // also in the text): the announcing line comes before it.
        var before = i - 1
        while before >= 0 && isTemplate(before) { before -= 1 }
        guard runLength >= 2 && before >= 0 && features[before].shape.endsWithColon else { return false }
        for k in i..<(i + runLength) where isProse(features[k].shape) { return false }
        return true
    }

    /// Keys occurring three times or more, no two copies side by side, and
    /// no two copies after the same block unless that block is one of
    /// these itself: each copy in its own place (under another photo, after
    /// another answer, or inside a group of lines repeated under every
    /// item), not part of a run printed again.
    static func templateKeys(_ features: [BlockFeatures], _ blocks: [Block]) -> Set<UInt64> {
        var counts: [UInt64: Int] = [:]
        func keyOf(_ k: Int) -> UInt64? {
            features[k].keyLength > 0 && blocks[k].kind != .preformatted ? features[k].keyHash : nil
        }
        for k in features.indices { if let key = keyOf(k) { counts[key, default: 0] += 1 } }
        var excluded = Set<UInt64>()
        var pairs = Set<[UInt64]>()
        for k in features.indices {
            guard let key = keyOf(k), counts[key, default: 0] >= 3 else { continue }
            let before = k > 0 ? keyOf(k - 1) : nil
            if before == key { excluded.insert(key) }
            // A block before two copies that is not itself repeated under
            // every item: the two copies are a run printed again.
            if let before, counts[before, default: 0] < 3, !pairs.insert([key, before]).inserted {
                excluded.insert(key)
            }
        }
        var keys = Set<UInt64>()
        for (key, count) in counts where count >= 3 && !excluded.contains(key) { keys.insert(key) }
        return keys
    }

    /// Template keys two of whose copies would be side by side once `drops`
    /// are gone.
    static func adjacentSurvivors(_ features: [BlockFeatures], drops: [(Int, String)], among template: Set<UInt64>) -> Set<UInt64> {
        let dropped = Set(drops.map(\.0))
        var result = Set<UInt64>()
        var previous: UInt64?
        for (k, feature) in features.enumerated() where !dropped.contains(k) {
            let key = feature.keyLength > 0 ? feature.keyHash : nil
            if let key, key == previous, template.contains(key) { result.insert(key) }
            previous = key
        }
        return result
    }

    /// A sentence of some length: at least `minProseWords` words, or a
    /// closing full stop, "!" or "?" after at least six.
    func isProse(_ shape: TextShape) -> Bool {
        shape.words >= settings.minProseWords || (shape.endsSentence && shape.words >= 6)
    }
}
