import DecruftLibXML

/// A forum thread's posts, a grid's cards, a list of results: the page's
/// content is a run of sibling elements built the same way (same tag, same
/// class words), and scoring picks the one with the most text. When the
/// selected article is (or sits just inside) one of at least `minSiblings`
/// such siblings and the others hold text of their own, all of them are
/// the article.
///
/// Comments under a news article stay out: they are removed as regions
/// (`comment`, `reply`…) before this step, so they hold no text here.
struct RepeatedSiblings {
    struct Settings: Sendable, Equatable {
        /// How many alike siblings make a run.
        var minSiblings = 3
        /// How far above the selected element the run is looked for.
        var maxClimb = 6
        /// The other siblings together hold at least this share of the
        /// selected one's kept text.
        var minExtraShare = 0.2
    }

    let dom: DOM
    let settings: Settings

    /// The siblings' ranges when the selection is one of a run, else nil.
    /// `wouldKeep`: whether a block is article text once selected (not in
    /// a removed region, not link-dense).
    func widen(_ selection: [Range<Int>], _ blocks: [PageBlock], wouldKeep: (PageBlock) -> Bool) -> [Range<Int>]? {
        guard let first = selection.first else { return nil }
        let mass = dom.subtreeSums(blocks) { wouldKeep($0) ? $0.characters : nil }
        var node = first.lowerBound
        for _ in 0...settings.maxClimb {
            let parent = Int(dom.nodes[node].parent)
            guard parent > 0, dom.nodes[node].tag != .body else { break }
            if let run = alike(node, parent: parent), run.count >= settings.minSiblings {
                let withText = run.filter { mass[$0] > 0 }
                let extra = run.reduce(0) { $0 + mass[$1] } - mass[node]
                let ranges = run.map { $0..<Int(dom.nodes[$0].subtreeEnd) }
                // Every part of the selection must be inside the run.
                if withText.count >= settings.minSiblings,
                   Double(extra) >= Double(mass[node]) * settings.minExtraShare,
                   selection.allSatisfy({ part in ranges.contains { $0.contains(part.lowerBound) } }) {
                    return ranges
                }
            }
            if dom.nodes[parent].tag == .body { break }
            node = parent
        }
        return nil
    }

    /// The element children of `parent` built like `node` (itself included),
    /// or nil when `node` has no class words to compare.
    func alike(_ node: Int, parent: Int) -> [Int]? {
        let words = self.words(node)
        guard !words.isEmpty || dom.nodes[node].tag == .article else { return nil }
        return dom.elementChildren(parent).filter {
            dom.nodes[$0].tag == dom.nodes[node].tag && RepeatedSiblings.match(words, self.words($0))
        }
    }

    /// Alike: both bare, or sharing at least half the words of the one with
    /// fewer (the first post of a thread carries an extra "thread-author").
    static func match(_ a: [UInt64], _ b: [UInt64]) -> Bool {
        if a.isEmpty || b.isEmpty { return a.isEmpty && b.isEmpty }
        let shared = a.filter { b.contains($0) }.count
        return shared * 2 >= min(a.count, b.count) && shared > 0
    }

    /// Hashes of the element's class/id/role words, without those holding
    /// digits (`post-1234`); at most `maxWords`.
    func words(_ k: Int) -> [UInt64] {
        var result: [UInt64] = []
        for token in dom.attributeTokens(of: dom.nodes[k]).split(separator: 0x20)
        where !token.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) {
            let hash = TextKey.hash(token)
            if !result.contains(hash) { result.append(hash) }
            if result.count == RepeatedSiblings.maxWords { break }
        }
        return result
    }

    static let maxWords = 16
}
