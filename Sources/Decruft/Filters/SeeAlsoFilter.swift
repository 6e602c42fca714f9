/// `see-also`: removes a syndication tail — a marker line such as
/// "Also, see:", "Read more", "Related articles", "You may also like" — and the
/// short link-like lines that follow it, up to the end of the document or the
/// next real paragraph.
///
/// Only in the tail region: the marker must start after `tailFraction` of the
/// document's text. A body sentence that starts "Also, see the report…" is
/// not a marker line and stays.
///
/// From HTML, a heading that is not a link ends the run of links.
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
            guard start >= tailStart, let rule = marker(blocks[i].text, features[i].shape, &pass) else {
                i += 1
                continue
            }
            pass.drop(i, reason: "marker", by: rule)
            var j = i + 1
            while j < blocks.count {
                if let next = marker(blocks[j].text, features[j].shape, &pass) {
                    pass.drop(j, reason: "marker", by: next)
                } else if isLinkLike(blocks[j], features[j].shape)
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

    /// The marker rule `text` matches, if it has a marker line's shape.
    func marker(_ text: String, _ shape: TextShape, _ pass: inout FilterPass) -> PatternRule? {
        guard shape.characters <= settings.maxMarkerCharacters else { return nil }
        // "Read more: <headline>" may end like a sentence; a bare marker may
        // not end with a full stop ("Schon gelesen?" and "You may also like…"
        // are markers: the patterns say which endings they take).
        let fullStop = shape.endsWithPeriod && !text.hasSuffix("...")
        if (fullStop || shape.words > 8) && !text.utf8.contains(0x3A) { return nil }
        return bank.firstMatch(text, reportingTo: &pass)
    }

    /// A headline-like line, or a block that is mostly link text (HTML).
    func isLinkLike(_ block: Block, _ shape: TextShape) -> Bool {
        if isLink(block, shape) { return true }
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
