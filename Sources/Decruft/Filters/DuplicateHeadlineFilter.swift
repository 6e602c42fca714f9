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
        // Keys by hash; a hit is confirmed by comparing the bytes.
        var seenKeys: [UInt64: [[UInt8]]] = [:]
        // The word hashes of earlier headings, sorted and unique.
        var earlierHeadings: [[UInt64]] = []
        // The key of the title block, when the document starts with one.
        var titleKey: [UInt8]?
        for i in pass.blocks.indices {
            let block = pass.blocks[i]
            let feature = pass.features[i]
            // Long blocks can neither be nor equal a headline.
            guard feature.bytes <= settings.maxCharacters * 4 else { continue }
            let key = feature.key
            // "* * *" and other lines without letters or digits are separators.
            if key.isEmpty { continue }
            let shape = feature.shape
            if block.kind == .title, titleKey == nil {
                titleKey = key
            } else if let titleKey, block.kind == .title || block.kind == .heading, key == titleKey {
                pass.drop(i, reason: "exact")
                continue
            }
            let headingLike = isHeadingLike(block, shape)
            if headingLike && shape.words >= settings.minWords {
                if seenKeys[feature.keyHash]?.contains(key) == true {
                    pass.drop(i, reason: "exact")
                    continue
                }
                let words = TextKey.wordHashes(key).sorted()
                if words.count >= settings.minWordsForNear,
                   earlierHeadings.suffix(settings.maxNearComparisons).contains(where: { isNear(words, $0) }) {
                    pass.drop(i, reason: "near")
                    continue
                }
                if words.count >= settings.minWordsForNear { earlierHeadings.append(words) }
            }
            let hash = feature.keyHash
            if seenKeys[hash]?.contains(key) != true { seenKeys[hash, default: []].append(key) }
        }
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
