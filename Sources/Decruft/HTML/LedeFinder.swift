/// Finds the lede (standfirst, teaser, intro, subheadline) that sits between
/// the page's headline and the chosen article container, outside it.
///
/// News templates often put the `<h1>` and the lede in a header block beside
/// the body `<div>`; the scorer picks the body, and widening stops when the
/// header block also holds a share bar or a kicker link. Reading back from
/// the article's first block to the nearest `<h1>` (over at most
/// `maxDistance` blocks), every link-free block of sentence length in between
/// is the lede, except a short line that names a year (the byline and
/// dateline usually sit there too). Without an `<h1>` there, nothing is added: a paragraph above
/// the article is then as likely a teaser for something else.
struct LedeFinder {
    struct Settings: Sendable, Equatable {
        /// How many blocks (not counting removed regions) the headline may lie above the article.
        var maxDistance = 6
        /// A lede has at least this many words (CJK: twice as many characters)…
        var minWords = 8
        /// …and at most this share of its text in links; naming a year, it
        /// needs this many words not to be a dateline.
        var maxLinkDensity = 0.1
        var minWordsWithYear = 15
    }

    let settings: Settings

    /// Positions (in `blocks`) of lede blocks above the article, whose first
    /// block is at `articleStart`.
    func lede(_ blocks: [PageBlock], articleStart: Int) -> [Int] {
        var headline: Int?
        var distance = 0
        var k = articleStart - 1
        while k >= 0, distance <= settings.maxDistance {
            let block = blocks[k]
            if block.exclusion == nil {
                if block.kind == .heading && block.level == 1 {
                    headline = k
                    break
                }
                distance += 1
            }
            k -= 1
        }
        guard let headline else { return [] }
        return (headline + 1..<articleStart).filter { isLede(blocks[$0]) }
    }

    func isLede(_ block: PageBlock) -> Bool {
        guard block.exclusion == nil, block.linkDensity <= settings.maxLinkDensity else { return false }
        switch block.kind {
        case .paragraph, .quote, .heading: break
        default: return false
        }
        let wide = block.text.contains { $0 >= 0xE3 && $0 <= 0xED }   // CJK and Hangul lead bytes
        let minWords = block.namesYear ? settings.minWordsWithYear : settings.minWords
        if wide { return block.characters >= minWords * 2 }
        return TextShape(String(decoding: block.text, as: UTF8.self)).words >= minWords
    }
}
