import DecruftLibXML

/// Finds the element that holds the article, Readability-style: every
/// paragraph scores its ancestors; the best-scoring element wins, scaled by
/// how little of it is link text; its siblings join when they look like
/// article text too.
struct ContentSelector {
    struct Settings: Sendable, Equatable {
        /// Paragraphs shorter than this do not vote.
        var minParagraphCharacters = 25
        /// How many ancestor levels a paragraph's score reaches.
        var ancestorLevels = 5
        /// A sibling joins when its score reaches this share of the winner's…
        var siblingScoreShare = 0.2
        /// …or this absolute score.
        var minSiblingScore = 10.0
        /// Class/id weight of a positive or negative word.
        var classWeight = 25.0
        /// Blocks inside the article with more link text than this are dropped.
        var maxLinkDensity = 0.5
        /// Widening climbs at most this many levels…
        var widenLevels = 4
        /// …through ancestors that add at most this share of text…
        var widenExtraShare = 0.35
        /// …with at most this much of it in links.
        var widenMaxLinkDensity = 0.3
        /// The article holds at least this share of the page's long, link-poor paragraphs.
        var minGoodCoverage = 0.6
    }

    let dom: DOM
    let blocks: [PageBlock]
    /// The class/id verdict of every node (from `PageAnalysis`).
    let verdicts: [RegionRules.Verdict]
    let settings: Settings

    /// Subtree ranges (node index ranges) that make up the article, or empty
    /// when nothing scored.
    func select() -> [Range<Int>] {
        var score = [Double](repeating: 0, count: dom.count)
        var scored = [Bool](repeating: false, count: dom.count)
        // Kept characters and link characters per element (for link density).
        let characters = dom.subtreeSums(blocks) { $0.exclusion == nil ? $0.characters : nil }
        let linkCharacters = dom.subtreeSums(blocks) { $0.exclusion == nil ? $0.linkCharacters : nil }
        for block in blocks where block.exclusion == nil && votes(block) {
            let contribution = 1 + Double(block.commas) + min(Double(block.characters) / 100, 3)
            var k = Int(dom.nodes[Int(block.container)].parent)
            if block.kind == .paragraph, dom.nodes[Int(block.container)].tag == .div {
                // Text straight inside a <div>: the div is the paragraph.
                k = Int(block.container)
                k = Int(dom.nodes[k].parent)
            }
            var level = 0
            while k > 0, level < settings.ancestorLevels {
                if !scored[k] {
                    scored[k] = true
                    score[k] = initialScore(k)
                }
                let divider = level == 0 ? 1 : (level == 1 ? 2 : Double(level) * 3)
                score[k] += contribution / divider
                k = Int(dom.nodes[k].parent)
                level += 1
            }
        }
        var best = -1
        var bestScore = 0.0
        var ranked: [(Int, Double)] = []
        for k in 0..<dom.count where scored[k] {
            let density = characters[k] == 0 ? 0 : Double(linkCharacters[k]) / Double(characters[k])
            score[k] *= 1 - density
            ranked.append((k, score[k]))
            if score[k] > bestScore {
                bestScore = score[k]
                best = k
            }
        }
        guard best > 0 else { return [] }
        var top = climb(best, score: score, scored: scored, ranked: ranked)
        top = widen(top, characters: characters, linkCharacters: linkCharacters)
        top = cover(top)
        return siblings(of: top, score: score, characters: characters, linkCharacters: linkCharacters)
    }

    /// Moves the winner up to take in the article's own header, lede and
    /// intro: to an enclosing `<article>`/`<main>`/`articleBody` element, and
    /// through wrappers whose extra text is little and mostly not links.
    func widen(_ start: Int, characters: [Int], linkCharacters: [Int]) -> Int {
        var top = start
        var k = Int(dom.nodes[top].parent)
        var levels = 0
        while k > 0, dom.nodes[k].tag != .body, levels < settings.widenLevels {
            let extra = characters[k] - characters[top]
            let extraLinks = linkCharacters[k] - linkCharacters[top]
            let semantic = dom.nodes[k].tag == .article || dom.nodes[k].tag == .main
                || dom.nodes[k].flags.contains(.articleBody) || dom.nodes[k].flags.contains(.mainRole)
            let small = Double(extra) <= Double(characters[top]) * settings.widenExtraShare
            let linkLight = extra == 0 || Double(extraLinks) <= Double(extra) * settings.widenMaxLinkDensity
            if semantic && characters[k] <= characters[top] * 3 && linkLight {
                top = k
            } else if small && linkLight {
                top = k
            } else {
                break
            }
            k = Int(dom.nodes[k].parent)
            levels += 1
        }
        return top
    }

    /// Climbs until the selection holds at least `minGoodCoverage` of the
    /// page's certain article text (long paragraphs with few links), so an
    /// article split over several containers is not cut to one of them.
    func cover(_ start: Int) -> Int {
        let inside = dom.subtreeSums(blocks) { $0.exclusion == nil && isGood($0) ? $0.characters : nil }
        let total = dom.count > 0 ? inside[0] : 0
        guard total > 0 else { return start }
        var top = start
        while Double(inside[top]) < Double(total) * settings.minGoodCoverage {
            let parent = Int(dom.nodes[top].parent)
            guard parent > 0, dom.nodes[parent].tag != .body, dom.nodes[parent].tag != .html else { break }
            top = parent
        }
        return top
    }

    func isGood(_ block: PageBlock) -> Bool {
        block.characters >= 80 && block.linkDensity < 0.25 && block.kind != .heading
    }

    func votes(_ block: PageBlock) -> Bool {
        guard block.characters >= settings.minParagraphCharacters else { return false }
        switch block.kind {
        case .paragraph, .quote, .preformatted, .tableRow, .caption: return true
        case .listItem: return block.characters >= 100
        default: return false
        }
    }

    func initialScore(_ k: Int) -> Double {
        let node = dom.nodes[k]
        var value: Double
        switch node.tag {
        case .div, .article, .main, .section: value = 5
        case .pre, .td, .blockquote: value = 3
        case .address, .ol, .ul, .dl, .dd, .dt, .li, .form: value = -3
        case .h1, .h2, .h3, .h4, .h5, .h6, .th: value = -5
        default: value = 0
        }
        if node.tag == .article || node.tag == .main { value += settings.classWeight / 2 }
        if node.flags.contains(.articleBody) || node.flags.contains(.mainRole) { value += settings.classWeight }
        switch verdicts[k] {
        case .positive, .mixed: value += settings.classWeight
        case .negative, .strongNegative: value -= settings.classWeight
        case .neutral: break
        }
        return value
    }

    /// Moves up from the best element when its ancestors clearly hold more of
    /// the article (several strong candidates share them, or a parent scores higher).
    func climb(_ best: Int, score: [Double], scored: [Bool], ranked: [(Int, Double)]) -> Int {
        var top = best
        let alternatives = ranked.filter { $0.0 != best && $0.1 >= score[best] * 0.75 }
            .sorted { $0.1 > $1.1 }.prefix(5).map(\.0)
        if alternatives.count >= 3 {
            var k = Int(dom.nodes[best].parent)
            while k > 0, dom.nodes[k].tag != .body {
                let end = Int(dom.nodes[k].subtreeEnd)
                if alternatives.filter({ $0 > k && $0 < end }).count >= 3 {
                    top = k
                    break
                }
                k = Int(dom.nodes[k].parent)
            }
        }
        var lastScore = score[top]
        let threshold = lastScore / 3
        var parent = Int(dom.nodes[top].parent)
        while parent > 0, dom.nodes[parent].tag != .body {
            if !scored[parent] {
                parent = Int(dom.nodes[parent].parent)
                continue
            }
            if score[parent] < threshold { break }
            if score[parent] > lastScore {
                top = parent
                break
            }
            lastScore = score[parent]
            parent = Int(dom.nodes[parent].parent)
        }
        return top
    }

    /// The winner plus the siblings that qualify, as node ranges.
    func siblings(of top: Int, score: [Double], characters: [Int], linkCharacters: [Int]) -> [Range<Int>] {
        let parent = Int(dom.nodes[top].parent)
        guard parent > 0 else { return [top..<Int(dom.nodes[top].subtreeEnd)] }
        let threshold = max(settings.minSiblingScore, score[top] * settings.siblingScoreShare)
        var ranges: [Range<Int>] = []
        for child in dom.elementChildren(parent) {
            let range = child..<Int(dom.nodes[child].subtreeEnd)
            if child == top || score[child] >= threshold {
                ranges.append(range)
                continue
            }
            guard dom.nodes[child].tag == .p || dom.nodes[child].tag == .blockquote else { continue }
            let length = characters[child]
            let density = length == 0 ? 1 : Double(linkCharacters[child]) / Double(length)
            if length >= 80 && density < 0.25 {
                ranges.append(range)
            } else if length > 0 && length < 80 && density == 0 && endsSentence(range) {
                ranges.append(range)
            }
        }
        return ranges
    }

    func endsSentence(_ range: Range<Int>) -> Bool {
        for block in blocks where range.contains(Int(block.container)) {
            if block.text.last(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 }) == 0x2E { return true }
        }
        return false
    }
}
