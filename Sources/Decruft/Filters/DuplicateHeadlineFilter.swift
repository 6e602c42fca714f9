/// `duplicate-headline`: removes a heading-like line that repeats an earlier
/// block; the first stays.
///
/// Heading-like: a title or heading block, or a paragraph of at most
/// `maxWords` words and `maxCharacters` characters that does not end with a
/// full stop. Matching ignores case, whitespace and punctuation.
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
        var earlierHeadings: [Set<UInt64>] = []
        for i in pass.blocks.indices {
            let block = pass.blocks[i]
            let feature = pass.features[i]
            // Long blocks can neither be nor equal a headline.
            guard feature.bytes <= settings.maxCharacters * 4 else { continue }
            let key = feature.key
            // "* * *" and other lines without letters or digits are separators.
            if key.isEmpty { continue }
            let shape = feature.shape
            let headingLike = isHeadingLike(block, shape)
            if headingLike && shape.words >= settings.minWords {
                if seenKeys[feature.keyHash]?.contains(key) == true {
                    pass.drop(i, reason: "exact")
                    continue
                }
                let words = TextKey.wordHashes(key)
                if words.count >= settings.minWordsForNear,
                   earlierHeadings.suffix(settings.maxNearComparisons)
                    .contains(where: { similarity(words, $0) >= settings.minSimilarity }) {
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

    func similarity(_ a: Set<UInt64>, _ b: Set<UInt64>) -> Double {
        guard b.count >= settings.minWordsForNear else { return 0 }
        let shared = a.intersection(b).count
        return Double(shared) / Double(max(a.count, b.count))
    }
}
