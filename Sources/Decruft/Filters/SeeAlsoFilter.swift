/// `see-also`: removes related-link blocks: a marker line such as "Also,
/// see:", "Read more", "Related articles", "You may also like" and the short
/// headline-shaped lines that follow it, up to the next real paragraph; and
/// an inline marker that carries its own headline ("Read more: Storm hits
/// the coast"), alone, wherever it stands.
///
/// A bare marker opens a block in the tail region (after `tailFraction` of
/// the document's text), and before it only when at least `minEarlyLinks`
/// headlines of three words or more follow. Lines after it are taken while
/// they are marker lines or headline-shaped: at most `maxLinkWords` words
/// and `maxLinkCharacters` characters and, in text, no closing full stop (a
/// sentence after the links is the article going on). From HTML, where
/// links are marked, a block that is mostly link text counts whatever its
/// shape, and a heading that is not a link ends the run. A body sentence
/// that starts "Also, see the report…" is not a marker line and stays, and
/// so does "Read more: <a sentence ending with a full stop>".
///
/// Reason codes: `marker` (the marker line, rule id logged) and
/// `link-after-marker` (a related-link line that followed it).
public struct SeeAlsoFilter: Filter {
    public struct Settings: Sendable, Equatable {
        /// The marker must start after this share of the document's characters.
        public var tailFraction = 0.5
        /// A related-link line has at most this many words…
        public var maxLinkWords = 20
        /// …and at most this many characters.
        public var maxLinkCharacters = 160
        /// A marker line ("Read more: <headline>") has at most this many characters.
        public var maxMarkerCharacters = 200
        /// Before the tail, a bare marker needs this many headlines after it.
        public var minEarlyLinks = 2
        public init() {}
    }

    public let name = "see-also"
    public var settings: Settings
    public var markers: [PatternRule] { bank.rules }
    private let bank: PatternBank

    public init(markers: [PatternRule], settings: Settings = Settings()) {
        self.bank = PatternBank(markers)
        self.settings = settings
    }

    public func apply(to pass: inout FilterPass) {
        let blocks = pass.blocks
        let features = pass.features
        var total = 0
        for feature in features { total += feature.bytes }
        let tailStart = Int(Double(total) * settings.tailFraction)
        var offset = 0
        var i = 0
        while i < blocks.count {
            let start = offset
            offset += features[i].bytes
            guard let rule = marker(blocks[i].text, features[i].shape, &pass) else {
                i += 1
                continue
            }
            let inline = carriesHeadline(blocks[i].text, features[i].shape)
            // "Read more: <headline>" stands alone and may sit anywhere; a
            // bare marker opens a block of links only in the tail.
            if inline && !features[i].shape.endsWithPeriod {
                pass.drop(i, reason: "marker", by: rule)
                i += 1
                continue
            }
            // Before the tail, a bare marker counts only when at least
            // `minEarlyLinks` headlines of three words or more follow it.
            if start < tailStart && !headlinesFollow(i, blocks, features, markup: pass.fromMarkup) {
                i += 1
                continue
            }
            pass.drop(i, reason: "marker", by: rule)
            var j = i + 1
            while j < blocks.count {
                if let next = marker(blocks[j].text, features[j].shape, &pass) {
                    pass.drop(j, reason: "marker", by: next)
                } else if isLinkLike(blocks[j], features[j].shape, markup: pass.fromMarkup)
                            && !(pass.fromMarkup && startsSection(blocks[j], features[j].shape)) {
                    pass.drop(j, reason: "link-after-marker")
                } else {
                    break
                }
                offset += features[j].bytes
                j += 1
            }
            i = j
        }
    }

    func headlinesFollow(_ i: Int, _ blocks: [Block], _ features: [BlockFeatures], markup: Bool) -> Bool {
        var count = 0
        var j = i + 1
        while j < blocks.count, count < settings.minEarlyLinks {
            let shape = features[j].shape
            guard isLinkLike(blocks[j], shape, markup: markup), shape.words >= 3 else { break }
            count += 1
            j += 1
        }
        return count >= settings.minEarlyLinks
    }

    /// The signs that part a marker from its headline.
    static let separators = ByteSearch.SignSet(":»›>|–—→")

    func hasSeparator(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { ByteSearch.endOfFirst(Self.separators, in: $0) != nil }
    }

    /// Whether a marker line carries its own headline: at least two words
    /// after a ":" or another separator ("Read more: Storm hits the coast").
    func carriesHeadline(_ text: String, _ shape: TextShape) -> Bool {
        var text = text
        return text.withUTF8 { p in
            guard let after = ByteSearch.endOfFirst(Self.separators, in: p) else { return false }
            return ByteSearch.spaceSeparatedWords(p, from: after) >= 2
        }
    }

    /// The marker rule `text` matches, if it has a marker line's shape.
    func marker(_ text: String, _ shape: TextShape, _ pass: inout FilterPass) -> PatternRule? {
        guard shape.characters <= settings.maxMarkerCharacters else { return nil }
        // "Read more: <headline>" may end like a sentence; a bare marker may
        // not end with a full stop ("Schon gelesen?" and "You may also like…"
        // are markers: the patterns say which endings they take).
        let fullStop = shape.endsWithPeriod && !text.hasSuffix("...")
        if (fullStop || shape.words > 8) && !hasSeparator(text) { return nil }
        return bank.firstMatch(text, reportingTo: &pass)
    }

    /// A block that is mostly link text (HTML), or a headline-shaped line:
    /// short, and in text without a closing full stop (a sentence after the
    /// links is the article going on).
    func isLinkLike(_ block: Block, _ shape: TextShape, markup: Bool) -> Bool {
        if isLink(block, shape) { return true }
        if !markup && shape.endsWithPeriod { return false }
        return shape.words <= settings.maxLinkWords && shape.characters <= settings.maxLinkCharacters
    }

    func isLink(_ block: Block, _ shape: TextShape) -> Bool {
        block.linkCharacters * 2 >= shape.characters && shape.characters > 0
    }

    /// In markup: a heading that is not a link starts a section of the page
    /// (after an expand button's "Read more": "System requirements"), not
    /// the next related link.
    func startsSection(_ block: Block, _ shape: TextShape) -> Bool {
        block.kind == .heading && !isLink(block, shape)
    }
}
