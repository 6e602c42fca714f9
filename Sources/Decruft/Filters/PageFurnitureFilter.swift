/// `page-furniture`: in text mode, the menus, link lists and footers of a
/// web page rendered as text around its article.
///
/// A page dumped to text keeps the article among runs of very short lines:
/// menu entries, category lists, footer links, "Log in", "Search". The
/// filter reads each block's shape only (no words, so every language):
///
/// - *prose*: at least `minProseWords` words ending like a sentence (or a
///   colon, quote or bracket), or `longWords` words in any case; in scripts
///   written without spaces, `minProseCharacters` characters instead;
/// - *furniture line*: at most `maxMenuWords` words and `maxMenuCharacters`
///   characters, no sentence end, no table bar `|`.
///
/// The article lies between the first and the last prose block. Before the
/// first one, a run of at least `minEdgeBlocks` blocks of which at least
/// `minFurnitureShare` are furniture lines is the page's header and menus:
/// it goes, except the `keepBeforeArticle` blocks just before the article
/// (its headline). After the last prose block, such a run is the footer and
/// goes whole. Only on such a page (a header or footer was found), a run of
/// at least `minInnerRun` non-prose blocks inside the article, at least
/// `minInnerFurnitureShare` furniture lines, goes too (a menu between the
/// article and the comments).
///
/// An article with a short list at its end, a table, or a short headline
/// and byline is not a page: its edges are too short or not menu-like, and
/// nothing is removed. HTML input never reaches this filter's decisions (its
/// extraction has already separated the article). Reason codes: `header`,
/// `footer`, `menu`.
public struct PageFurnitureFilter: Filter {
    public struct Settings: Sendable, Equatable {
        public var minProseWords = 12
        public var longWords = 25
        public var minProseCharacters = 60
        public var maxMenuWords = 4
        public var maxMenuCharacters = 40
        public var minEdgeBlocks = 10
        public var minFurnitureShare = 0.7
        public var minInnerRun = 6
        public var minInnerFurnitureShare = 0.8
        public var keepBeforeArticle = 1
        public init() {}
    }

    public let name = "page-furniture"
    public var settings: Settings

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    public func apply(to pass: inout FilterPass) {
        guard !pass.fromMarkup else { return }
        let blocks = pass.blocks
        let count = blocks.count
        guard count >= settings.minEdgeBlocks else { return }
        let prose = (0..<count).map { isProse(blocks[$0], pass.features[$0].shape) }
        guard let first = prose.firstIndex(of: true), let last = prose.lastIndex(of: true) else { return }
        let furniture = (0..<count).map { !prose[$0] && isFurniture(blocks[$0], pass.features[$0].shape) }
        func share(_ range: Range<Int>) -> Double {
            guard !range.isEmpty else { return 0 }
            return Double(range.filter { furniture[$0] }.count) / Double(range.count)
        }
        var isPage = false
        if first >= settings.minEdgeBlocks && share(0..<first) >= settings.minFurnitureShare {
            isPage = true
            for i in 0..<max(0, first - settings.keepBeforeArticle) { pass.drop(i, reason: "header") }
        }
        let tail = (last + 1)..<count
        if tail.count >= settings.minEdgeBlocks && share(tail) >= settings.minFurnitureShare {
            isPage = true
            for i in tail { pass.drop(i, reason: "footer") }
        }
        guard isPage else { return }
        var i = first
        while i <= last {
            guard !prose[i] else {
                i += 1
                continue
            }
            var j = i
            while j <= last && !prose[j] { j += 1 }
            if j - i >= settings.minInnerRun && share(i..<j) >= settings.minInnerFurnitureShare {
                for k in i..<j { pass.drop(k, reason: "menu") }
            }
            i = j
        }
    }

    /// A sentence of some length.
    func isProse(_ block: Block, _ shape: TextShape) -> Bool {
        if shape.words >= settings.longWords { return true }
        let unspaced = shape.words * 12 < shape.characters
        let long = shape.words >= settings.minProseWords || (unspaced && shape.characters >= settings.minProseCharacters)
        return long && (shape.endsSentence || shape.endsWithColon || Self.endsWithCloser(block.text))
    }

    /// A menu entry's shape: a few words, no sentence end, not a table row.
    func isFurniture(_ block: Block, _ shape: TextShape) -> Bool {
        shape.words <= settings.maxMenuWords && shape.characters <= settings.maxMenuCharacters
            && !shape.endsSentence && !block.text.utf8.contains(0x7C)
    }

    /// A closing quote or bracket after the sentence's own punctuation.
    static func endsWithCloser(_ text: String) -> Bool {
        guard let last = text.unicodeScalars.last(where: { !$0.properties.isWhitespace }) else { return false }
        return closers.contains(last)
    }

    static let closers: Set<Unicode.Scalar> = ["\"", "”", "»", ")", "’", "」", "』"]
}
