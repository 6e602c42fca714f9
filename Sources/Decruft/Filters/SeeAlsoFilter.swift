/// `see-also`: removes a syndication tail — a marker line such as
/// "Also, see:", "Read more", "Related articles", "You may also like" — and the
/// short link-like lines that follow it, up to the end of the document or the
/// next real paragraph.
///
/// Only in the tail region: the marker must start after `tailFraction` of the
/// document's text. A body sentence that starts "Also, see the report…" is
/// not a marker line and stays.
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
    public var markers: [PatternRule]

    public init(markers: [PatternRule], settings: Settings = Settings()) {
        self.markers = markers
        self.settings = settings
    }

    public func apply(to pass: inout FilterPass) {
        let blocks = pass.blocks
        var total = 0
        for block in blocks { total += block.text.utf8.count }
        let tailStart = Int(Double(total) * settings.tailFraction)
        var offset = 0
        var i = 0
        while i < blocks.count {
            let start = offset
            offset += blocks[i].text.utf8.count
            guard start >= tailStart, let rule = marker(blocks[i].text) else {
                i += 1
                continue
            }
            pass.drop(i, reason: "marker", by: rule)
            var j = i + 1
            while j < blocks.count {
                if let next = marker(blocks[j].text) {
                    pass.drop(j, reason: "marker", by: next)
                } else if isLinkLike(blocks[j]) {
                    pass.drop(j, reason: "link-after-marker")
                } else {
                    break
                }
                offset += blocks[j].text.utf8.count
                j += 1
            }
            i = j
        }
    }

    /// The marker rule `text` matches, if it has a marker line's shape.
    func marker(_ text: String) -> PatternRule? {
        guard text.utf8.count <= settings.maxMarkerCharacters * 4 else { return nil }
        let shape = TextShape(text)
        guard shape.characters <= settings.maxMarkerCharacters else { return nil }
        // "Read more: <headline>" may end like a sentence; a bare marker may not.
        if !text.contains(":") && (shape.endsSentence || shape.words > 8) { return nil }
        return markers.first { $0.matches(text) }
    }

    /// A headline-like line, or a block that is mostly link text (HTML).
    func isLinkLike(_ block: Block) -> Bool {
        let shape = TextShape(block.text)
        if block.linkCharacters * 2 >= shape.characters && shape.characters > 0 { return true }
        return shape.words <= settings.maxLinkWords && shape.characters <= settings.maxLinkCharacters
    }
}
