/// `duplicate-headline`: removes a heading-like line that repeats an earlier
/// block; the first stays.
///
/// Heading-like: a title or heading block, or a paragraph of at most
/// `maxWords` words and `maxCharacters` characters that does not end with a
/// full stop. Matching ignores case, whitespace and punctuation. Lines of
/// fewer than `minWords` words are left alone ("Photo", "Yes"), except a
/// heading that repeats the document's title block (a one-word headline
/// such as "Harbour" printed as the page title and again as its `<h1>`).
///
/// In markup (`FilterPass.fromMarkup`) only the headline itself counts: a
/// heading-like line is removed when it repeats the title block or the
/// document's first heading. Short lines that repeat further down a page
/// (a label in every card, "Who is this for?" in every service box) are its
/// structure there.
///
/// Reason codes: `exact` (same words as an earlier block) and `near` (word
/// overlap |A∩B| / max(|A|,|B|) ≥ `minSimilarity` with an earlier heading-like
/// line, both of at least `minWordsForNear` words).
public struct DuplicateHeadlineFilter: Filter {
    public struct Settings: Sendable, Equatable {
        public var maxWords = 20
        public var maxCharacters = 200
        /// Shorter lines ("Yes", "Photo") are never treated as headlines.
        public var minWords = 2
        public var minSimilarity = 0.8
        public var minWordsForNear = 3
        /// Near matches are looked for among this many latest headlines
        /// (exact matches among all), so a document of many short lines
        /// stays linear.
        public var maxNearComparisons = 500
        public init() {}
    }

    public let name = "duplicate-headline"
    public var settings: Settings

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    public func apply(to pass: inout FilterPass) {
        let blocks = pass.blocks
        let features = pass.features
        var keys = LooseKeyCache()
        // Earlier blocks by key hash, one per distinct key; a hit is confirmed on the keys.
        var seen = HashChains(positions: blocks.count)
        // The word hashes of earlier headings, sorted and unique.
        var earlierHeadings: [[UInt64]] = []
        // The title block, when the document starts with one.
        var title: Int?
        // In markup: the first heading or title, the one a repeat can copy.
        var headline: Int?
        for i in blocks.indices {
            let block = blocks[i]
            let feature = features[i]
            // Long blocks can neither be nor equal a headline.
            guard feature.bytes <= settings.maxCharacters * 4 else { continue }
            // "* * *" and other lines without letters or digits are separators.
            if feature.keyLength == 0 { continue }
            let shape = feature.shape
            if block.kind == .title, title == nil {
                title = i
            } else if let title, block.kind == .title || block.kind == .heading,
                      keys.sameKey(title, i, of: blocks, features) {
                pass.drop(i, reason: "exact")
                continue
            }
            if pass.fromMarkup {
                if headline == nil, block.kind == .heading || block.kind == .title { headline = i; continue }
                if let headline, isHeadingLike(block, shape), keys.sameKey(headline, i, of: blocks, features) {
                    pass.drop(i, reason: "exact")
                }
                continue
            }
            let earlier = earlierBlock(withKeyOf: i, seen, &keys, blocks, features)
            if isHeadingLike(block, shape) && shape.words >= settings.minWords {
                if earlier != nil {
                    pass.drop(i, reason: "exact")
                    continue
                }
                let words = TextKey.wordHashes(block.text)
                if words.count >= settings.minWordsForNear,
                   earlierHeadings.suffix(settings.maxNearComparisons).contains(where: { isNear(words, $0) }) {
                    pass.drop(i, reason: "near")
                    continue
                }
                if words.count >= settings.minWordsForNear { earlierHeadings.append(words) }
            }
            if earlier == nil { seen.insert(feature.keyHash, at: i) }
        }
    }

    /// An earlier block in `seen` with the same loose key as block `i`.
    private func earlierBlock(withKeyOf i: Int, _ seen: HashChains, _ keys: inout LooseKeyCache,
                              _ blocks: [Block], _ features: [BlockFeatures]) -> Int? {
        var candidate = seen.newest(features[i].keyHash)
        while let j = candidate {
            if keys.sameKey(j, i, of: blocks, features) { return j }
            candidate = seen.older(than: j)
        }
        return nil
    }

    func isHeadingLike(_ block: Block, _ shape: TextShape) -> Bool {
        switch block.kind {
        case .title, .heading:
            return shape.words <= settings.maxWords * 2
        case .paragraph:
            return shape.isHeadingLike(maxWords: settings.maxWords, maxCharacters: settings.maxCharacters)
        default:
            return false
        }
    }

    /// Whether a heading is a near repeat of an earlier one.
    func isNear(_ words: [UInt64], _ earlier: [UInt64]) -> Bool {
        // NB: the overlap is at most the smaller count, so sizes this far apart
        // cannot reach the threshold; most pairs end here, without a count.
        let sizes = Double(min(words.count, earlier.count)) / Double(max(words.count, earlier.count))
        if sizes < settings.minSimilarity { return false }
        return similarity(words, earlier) >= settings.minSimilarity
    }

    /// |A∩B| / max(|A|,|B|) of two sorted, duplicate-free lists of word hashes.
    func similarity(_ a: [UInt64], _ b: [UInt64]) -> Double {
        guard b.count >= settings.minWordsForNear else { return 0 }
        var shared = 0
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                shared += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return Double(shared) / Double(max(a.count, b.count))
    }
}
