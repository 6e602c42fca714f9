import DecruftLibXML

/// The second way to find the article, for pages where paragraph voting
/// finds next to nothing: an index of links, a job board, a table, a grid
/// of cards: text in many short entries, none long enough to vote.
///
/// It weighs where the page's remaining text lies (every block not in a
/// removed region, links included) and descends from `<body>` into the
/// child that holds most of it, as long as that child still holds at least
/// `minShare` of all of it: the deepest element that holds most of the
/// page's text. Linear in the size of the tree.
struct TextMassSelector {
    struct Settings: Sendable, Equatable {
        /// The element chosen holds at least this share of the page's text.
        var minShare = 0.6
        /// It must give at least this many times what voting found…
        var minGain = 2.0
        /// …and at least this many characters.
        var minCharacters = 125
        /// Link text weighs only in entries of at least this many words: a
        /// menu's one- and two-word links are not what a page is about.
        var minLinkEntryWords = 3
        /// A voted article inside the element is widened to it when that
        /// keeps this many times its text.
        var widenGain = 2.0
    }

    let dom: DOM
    let settings: Settings

    /// A block's text, its link text only when the block is an entry
    /// rather than a menu item.
    func weight(_ block: PageBlock) -> Int {
        guard block.linkCharacters > 0 else { return block.characters }
        let words = block.text.withUnsafeBufferPointer { TextShape(bytes: $0).words }
        return words >= settings.minLinkEntryWords ? block.characters : block.characters - block.linkCharacters
    }

    /// The element holding most of the text of the blocks not removed, or
    /// nil when the text is too little or too spread out to name one.
    func select(_ blocks: [PageBlock], found: Int) -> Int? {
        guard dom.count > 1 else { return nil }
        let mass = dom.subtreeSums(blocks) { $0.exclusion == nil ? weight($0) : nil }
        let total = mass[0]
        guard total >= settings.minCharacters, Double(total) >= Double(found) * settings.minGain else { return nil }
        let needed = Double(total) * settings.minShare
        var top = 0
        while true {
            // The first of the heaviest children.
            var best = -1
            for child in dom.elementChildren(top) where best < 0 || mass[child] > mass[best] { best = child }
            guard best >= 0, Double(mass[best]) >= needed else { break }
            top = best
        }
        return top == 0 ? nil : top
    }
}
