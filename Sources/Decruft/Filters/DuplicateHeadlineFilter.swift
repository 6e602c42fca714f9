/// `duplicate-headline`: removes a line that repeats the document's headline;
/// the headline itself stays.
///
/// The headline is the title block, or else the first heading-like line
/// among the first `headlineWindow` blocks (a title or heading block, or a
/// paragraph of at least `minWords` and at most `maxWords` words and
/// `maxCharacters` characters that does not end with a full stop). A later
/// line repeats it when it has the same words in any case and punctuation
/// (upper case, a full stop added), or the same words before a site name
/// of at most `maxSiteNameWords` words ("… | Site", "… - Site"), or most of
/// the same words (`near`). Other short lines that repeat — the same
/// question asked of several people, a label in every section, a recipe's
/// sub-heads — are the article's structure and stay (a run of paragraphs
/// printed twice is `repeated-block`'s). A heading that repeats the title
/// block goes whatever its length ("Harbour" as page title and `<h1>`).
///
/// In markup (`FilterPass.fromMarkup`) the headline is the title block or
/// the document's first heading, compared on the same words only.
///
/// Reason codes: `exact` and `near` (word overlap |A∩B| / max(|A|,|B|) ≥
/// `minSimilarity`, both of at least `minWordsForNear` words).
public struct DuplicateHeadlineFilter: Filter {
    public struct Settings: Sendable, Equatable {
        public var maxWords = 20
        public var maxCharacters = 200
        /// Shorter lines ("Yes", "Photo") are never treated as headlines.
        public var minWords = 2
        public var minSimilarity = 0.8
        public var minWordsForNear = 3
        /// In text, the headline is the first heading-like line among this many blocks…
        public var headlineWindow = 3
        /// …and a repeat may carry a site name of at most this many words.
        public var maxSiteNameWords = 6
        /// In text, a near copy (most but not all of the words) counts at most
        /// this many blocks after the headline (just after the standfirst);
        /// further down a reworded line is a sub-head of the article's own
        /// (on cruft-dev, near copies anywhere caught no copy and took 20
        /// article lines). 0 turns near copies off.
        public var nearWindow = 2
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
        // The title block, when the document starts with one.
        var title: Int?
        // In markup: the first heading or title, the one a repeat can copy.
        var headline: Int?
        // In text: the headline found so far, and where.
        var textHeadline: Headline?
        var textHeadlinePosition: Int?
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
            guard shape.words >= settings.minWords else { continue }
            guard let known = textHeadline else {
                // The headline: the title block, else the first heading-like
                // line among the document's first blocks.
                if let title {
                    textHeadline = Headline(blocks[title].text)
                    textHeadlinePosition = title
                    if i != title, isHeadingLike(block, shape),
                       let reason = textHeadline!.repeated(by: block.text, self) {
                        pass.drop(i, reason: reason)
                    }
                } else if i < settings.headlineWindow, isHeadingLike(block, shape) {
                    textHeadline = Headline(block.text)
                    textHeadlinePosition = i
                }
                continue
            }
            // A copy may end with a full stop ("Top Nine Tips for Adults.").
            // Near copies count only close after the headline (a reworded
            // sub-head further down is the article's own).
            let near = textHeadlinePosition.map { i - $0 <= settings.nearWindow } ?? false
            // An exact copy holds every word of the headline: a line with a
            // much shorter key cannot be one (no lowercasing needed to know).
            let longEnough = feature.keyLength + 8 >= known.key.count
            if isShort(block, shape), near || longEnough, let reason = known.repeated(by: block.text, self, near: near) {
                pass.drop(i, reason: reason)
            }
        }
    }

    /// A heading-like line, or one that is only heading-like but for a full
    /// stop at its end.
    func isShort(_ block: Block, _ shape: TextShape) -> Bool {
        if isHeadingLike(block, shape) { return true }
        return block.kind == .paragraph && shape.endsWithPeriod
            && shape.words <= settings.maxWords && shape.characters <= settings.maxCharacters
    }

    /// The document's headline, as it is compared with later lines.
    struct Headline {
        /// Loose key of the lowercased text (any script).
        let key: [UInt8]
        let words: [UInt64]

        init(_ text: String) {
            let lower = text.lowercased()
            key = TextKey.loose(lower)
            words = TextKey.wordHashes(lower)
        }

        /// "exact" or "near" when `text` repeats the headline: the same words
        /// in any case, with or without a site name after a separator
        /// ("… | Site", "… - Site"), or most of the same words.
        func repeated(by text: String, _ filter: DuplicateHeadlineFilter, near: Bool = true) -> String? {
            let candidates = ([text] + DuplicateHeadlineFilter.withoutSiteName(text, maxWords: filter.settings.maxSiteNameWords))
                .map { $0.lowercased() }
            if candidates.contains(where: { TextKey.loose($0) == key }) { return "exact" }
            guard near else { return nil }
            for candidate in candidates {
                let other = TextKey.wordHashes(candidate)
                if other.count >= filter.settings.minWordsForNear, words.count >= filter.settings.minWordsForNear,
                   filter.isNear(other, words) {
                    return "near"
                }
            }
            return nil
        }
    }

    /// `text` without a trailing site name: what precedes the last " | ",
    /// " - ", " – ", " — ", " · " or " :: " when at most `maxWords` words follow it.
    static func withoutSiteName(_ text: String, maxWords: Int) -> [String] {
        var text = text
        return text.withUTF8 { p in
            for separator in siteNameSeparators {
                guard let start = ByteSearch.lastOffset(of: separator, in: p), start > 0 else { continue }
                let words = ByteSearch.spaceSeparatedWords(p, from: start + separator.count)
                if words >= 1 && words <= maxWords {
                    return [String(decoding: UnsafeBufferPointer(rebasing: p[..<start]), as: UTF8.self)]
                }
            }
            return []
        }
    }

    static let siteNameSeparators: [[UInt8]] = [" | ", " - ", " – ", " — ", " · ", " :: ", " / "].map { Array($0.utf8) }

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
