import DecruftLibXML

/// Finds kept headings and labels whose section was removed: "Mehr zum
/// Thema" over a list of links dropped as link-dense, "Related posts" over a
/// removed region. Such a heading is the label of a box of teasers, not a heading of
/// the article; alone it reads as a stray line.
///
/// A heading is an orphan when the element around it holds removed blocks
/// and no other kept block (the box held only the label and its teasers).
/// The same holds for a label-like short line: a teaser's kicker ("Health")
/// left behind when its linked title was removed.
struct OrphanLabels {
    let dom: DOM
    /// A paragraph of at most this many words (and characters) that does not
    /// end a sentence is a label, like a heading.
    let maxLabelWords = 5
    let maxLabelCharacters = 60

    /// Positions of kept headings to drop, given each block's removal reason
    /// (nil: kept).
    func orphans(_ blocks: [PageBlock], _ reasons: [String?]) -> [Int] {
        var result: [Int] = []
        for (position, block) in blocks.enumerated() where reasons[position] == nil && isLabel(block) {
            let box = Int(dom.nodes[Int(block.container)].parent)
            guard box > 0, dom.nodes[box].tag != .body else { continue }
            let range = box..<Int(dom.nodes[box].subtreeEnd)
            var removed = 0
            var keptOther = false
            // Blocks are in document order: the box's blocks lie around `position`.
            var k = position - 1
            while k >= 0, range.contains(Int(blocks[k].container)) {
                if reasons[k] == nil { keptOther = true } else { removed += 1 }
                k -= 1
            }
            k = position + 1
            while !keptOther, k < blocks.count, range.contains(Int(blocks[k].container)) {
                if reasons[k] == nil { keptOther = true } else { removed += 1 }
                k += 1
            }
            if !keptOther && removed > 0 { result.append(position) }
        }
        return result
    }

    /// A heading, or a short line that is no sentence ("Ethics", "Mehr zum Thema:").
    func isLabel(_ block: PageBlock) -> Bool {
        if block.kind == .heading { return true }
        guard block.kind == .paragraph, block.characters <= maxLabelCharacters else { return false }
        let shape = TextShape(String(decoding: block.text, as: UTF8.self))
        return shape.words <= maxLabelWords && !shape.endsSentence
    }
}
