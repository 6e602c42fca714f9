import DecruftLibXML

/// Gives back the regions that a weak class word ("widget", "banner",
/// "contact", "adv", "extra"…) or the `hidden` attribute (a tab panel, an
/// accordion's answer) removed although the article's own text flows
/// around them: between the first and last certain paragraph of the
/// selected article, link-poor, with at least one real line of text.
///
/// Class words are hints written for styling, not for readers; a
/// `ck-widget` that holds half the article's sections or a `kt-adv-heading`
/// over a service description is content. Strongly negative words (share,
/// related, newsletter, comment…) are never given back, and neither is a
/// region at the article's edges, where author boxes and teasers sit.
struct InterleavedRegions {
    struct Settings: Sendable, Equatable {
        /// A region with more link text than this stays removed.
        var maxLinkDensity = 0.25
        /// A region needs a block at least this long (not just labels).
        var minLongestBlock = 50
        /// How far up a block's region root is looked for.
        var maxClimb = 64
    }

    let dom: DOM
    let verdicts: [RegionRules.Verdict]
    let settings: Settings

    /// Positions (in `blocks`) to keep after all.
    func reinstated(_ blocks: [PageBlock], isKept: (PageBlock) -> Bool, isSelected: (PageBlock) -> Bool,
                    isGood: (PageBlock) -> Bool) -> [Int] {
        guard let first = blocks.firstIndex(where: { isKept($0) && isGood($0) }),
              let last = blocks.lastIndex(where: { isKept($0) && isGood($0) }), first < last else { return [] }
        // Blocks removed by a weak word, grouped by the element that carries it.
        var groups: [Int32: [Int]] = [:]
        var order: [Int32] = []
        var spillsOver = Set<Int32>()
        for (position, block) in blocks.enumerated() {
            let root: Int32?
            switch block.exclusion {
            case .region(let word)?: root = regionRoot(Int(block.container), word: word)
            case .collapsed?: root = collapsedRoot(Int(block.container))
            default: root = nil
            }
            guard let root else { continue }
            // The whole region must lie inside the article's run of text.
            if position <= first || position >= last || !isSelected(block) {
                spillsOver.insert(root)
                continue
            }
            if groups[root] == nil { order.append(root) }
            groups[root, default: []].append(position)
        }
        var result: [Int] = []
        for root in order where !spillsOver.contains(root) {
            let positions = groups[root]!
            var characters = 0, links = 0, longest = 0
            for p in positions {
                characters += blocks[p].characters
                links += blocks[p].linkCharacters
                longest = max(longest, blocks[p].characters)
            }
            guard longest >= settings.minLongestBlock,
                  Double(links) <= Double(characters) * settings.maxLinkDensity else { continue }
            result += positions
        }
        return result
    }

    /// The topmost collapsed ancestor (or the element itself); nil when a
    /// collapsed element on the way also carries a negative class word (a
    /// hidden ad slot, a closed menu: both signs say it is not the text).
    func collapsedRoot(_ start: Int) -> Int32? {
        var k = start
        var root: Int32?
        var climbed = 0
        while k > 0, climbed < settings.maxClimb {
            if dom.nodes[k].flags.contains(.collapsed) {
                switch verdicts[k] {
                case .negative, .mixed, .strongNegative: return nil
                case .neutral, .positive: root = Int32(k)
                }
            }
            k = Int(dom.nodes[k].parent)
            climbed += 1
        }
        return root
    }

    /// The topmost ancestor (or the element itself) whose weak verdict named
    /// `word`: where the exclusion was set. Nil when a strong word set it.
    func regionRoot(_ start: Int, word: String) -> Int32? {
        var k = start
        var root: Int32?
        var climbed = 0
        while k > 0, climbed < settings.maxClimb {
            switch verdicts[k] {
            case .negative(let w) where w == word, .mixed(let w) where w == word:
                root = Int32(k)
            case .strongNegative(let w, _) where w == word:
                return nil
            default:
                break
            }
            k = Int(dom.nodes[k].parent)
            climbed += 1
        }
        return root
    }
}
