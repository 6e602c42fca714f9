import DecruftLibXML

#if canImport(Glibc)
import Glibc
#endif

/// Why an element's subtree is left out of the article.
enum Exclusion: Equatable, Sendable {
    /// `display:none`, `visibility:hidden`.
    case hidden
    /// The `hidden` attribute or `aria-hidden="true"`: collapsed until a
    /// reader opens it (a tab, an accordion), shown but not read aloud (a
    /// slide), or chrome (a closed menu); see `InterleavedRegions`.
    case collapsed
    /// A structural element: `nav`, `aside`, `footer`, a page-level `header`.
    case structure(HTMLTag)
    /// A class/id/role word from the rules (`comment`, `share`, `sidebar`…).
    case region(String)
    /// A `strip` rule selected the element.
    case rule(id: String, origin: RuleOrigin)

    var reason: String {
        switch self {
        case .hidden: return "hidden"
        case .collapsed: return "collapsed"
        case .structure(let tag): return "element-" + tag.name
        case .region(let word): return "region-\(word)"
        case .rule: return "strip"
        }
    }

    /// The rule behind the exclusion, if a rule made it.
    var rule: (id: String, origin: RuleOrigin)? {
        if case let .rule(id, origin) = self { return (id, origin) }
        return nil
    }
}

/// The exclusion of every node of a page.
///
/// NB: kept as a small index per node into the few distinct exclusions of a
/// pass, because copying an `Exclusion` retains its strings and a page has
/// thousands of nodes but only dozens of excluded subtrees.
struct Exclusions {
    /// Per node: an index into `values`, or -1 when the node is kept.
    private var codes: [Int32]
    private var values: [Exclusion] = []

    init(count: Int) {
        codes = [Int32](repeating: -1, count: count)
    }

    subscript(node: Int) -> Exclusion? {
        let code = codes[node]
        return code < 0 ? nil : values[Int(code)]
    }

    func isExcluded(_ node: Int) -> Bool { codes[node] >= 0 }

    /// Starts a new pass (every node is set again, parents first).
    mutating func reset() {
        values.removeAll(keepingCapacity: true)
    }

    /// Gives `node` its parent's exclusion; false when the parent is kept.
    mutating func inherit(_ node: Int, from parent: Int) -> Bool {
        codes[node] = codes[parent]
        return codes[node] >= 0
    }

    mutating func set(_ node: Int, _ exclusion: Exclusion?) {
        guard let exclusion else {
            codes[node] = -1
            return
        }
        codes[node] = Int32(values.count)
        values.append(exclusion)
    }
}

/// How strictly regions are removed; relaxed when too little text survives.
enum Strictness: Int, CaseIterable {
    /// Hidden, structural and class/id-marked regions.
    case full
    /// Hidden and structural regions, and only strongly negative class words.
    case structural
    /// Hidden elements only.
    case minimal
    /// Large hidden elements are read, with full region removal: pages that
    /// script reveals (streamed framework markup, anti-flicker wrappers,
    /// content behind a consent or lock layer).
    case revealed
}

/// Per-element measurements and exclusions for one page.
struct PageAnalysis {
    let dom: DOM
    /// Visible characters (not whitespace) in each subtree, ignoring exclusions.
    private(set) var rawCharacters: [Int32]
    /// Exclusion of each node (inherited from ancestors), or nil.
    private(set) var exclusion: Exclusions
    /// Whether an element has a block-level element below it.
    private(set) var holdsBlocks: [Bool]
    /// What the class/id/role words of each element say.
    let verdicts: [RegionRules.Verdict]
    /// Elements a `strip` rule removes, whatever the strictness.
    var stripped: [Int32: Exclusion] = [:]
    /// Elements inside a `body` selected with `prune = false`: only hidden
    /// elements and strip rules are removed there.
    var unprunedRanges: [Range<Int>] = []
    /// Whether an element's class/id words mark it as an image caption.
    let captionClass: [Bool]

    init(dom: DOM, rules: RegionRules) {
        self.dom = dom
        rawCharacters = PageAnalysis.subtreeCharacters(dom)
        exclusion = Exclusions(count: dom.count)
        holdsBlocks = PageAnalysis.blockHolders(dom)
        (verdicts, captionClass) = PageAnalysis.judgeAttributes(dom, RegionRules.Matcher(rules))
    }

    /// The verdict and caption test of every element's `id class role` text.
    static func judgeAttributes(_ dom: DOM, _ matcher: RegionRules.Matcher)
        -> (verdicts: [RegionRules.Verdict], captionClass: [Bool]) {
        var verdicts = [RegionRules.Verdict](repeating: .neutral, count: dom.count)
        var captionClass = [Bool](repeating: false, count: dom.count)
        // Pages repeat the same class strings ("menu-item") many times: judge
        // each distinct string once. By hash, the first element that had it.
        var firstWithHash: [UInt64: Int] = [:]
        dom.attributes.withUnsafeBufferPointer { attributes in
            for i in 0..<dom.count {
                let node = dom.nodes[i]
                guard !node.isText, node.attributeLength > 0 else { continue }
                let start = Int(node.attributeStart), length = Int(node.attributeLength)
                let text = UnsafeBufferPointer(rebasing: attributes[start..<(start + length)])
                let hash = TextKey.hash(text)
                if let j = firstWithHash[hash] {
                    let other = dom.nodes[j]
                    let otherStart = Int(other.attributeStart)
                    if Int(other.attributeLength) == length,
                       memcmp(attributes.baseAddress! + start, attributes.baseAddress! + otherStart, length) == 0 {
                        verdicts[i] = verdicts[j]
                        captionClass[i] = captionClass[j]
                        continue
                    }
                } else {
                    firstWithHash[hash] = i
                }
                (verdicts[i], captionClass[i]) = matcher.judge(dom.attributeTokens(of: node))
            }
        }
        return (verdicts, captionClass)
    }

    static func blockHolders(_ dom: DOM) -> [Bool] {
        var holds = [Bool](repeating: false, count: dom.count)
        for i in stride(from: dom.count - 1, through: 1, by: -1) {
            let node = dom.nodes[i]
            let parent = Int(node.parent)
            guard parent >= 0 else { continue }
            if holds[i] || (!node.isText && !node.tag.isInline && node.tag != .unknown && node.tag != .br) {
                holds[parent] = true
            }
        }
        return holds
    }

    /// Visible characters of every subtree, children before parents.
    static func subtreeCharacters(_ dom: DOM) -> [Int32] {
        var counts = [Int32](repeating: 0, count: dom.count)
        dom.text.withUnsafeBufferPointer { text in
            for i in stride(from: dom.count - 1, through: 0, by: -1) {
                let node = dom.nodes[i]
                if node.isText {
                    counts[i] += Int32(visibleCharacters(text, Int(node.textStart), Int(node.textLength)))
                }
                if node.parent >= 0 { counts[Int(node.parent)] += counts[i] }
            }
        }
        return counts
    }

    /// Scalars that are not ASCII whitespace, in a byte range: bytes that
    /// are neither UTF-8 continuation bytes nor space, tab, CR or LF.
    static func visibleCharacters(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int) -> Int {
        var count = 0
        var k = start
        let end = start + length
        if let base = text.baseAddress {
            // Eight bytes at a time: flag the invisible bytes in bit 7 of each.
            while end - k >= 8 {
                let word = UnsafeRawPointer(base + k).loadUnaligned(as: UInt64.self)
                let continuation = word & ~(word << 1) & 0x8080_8080_8080_8080
                let invisible = continuation | zeroBytes(word ^ 0x2020_2020_2020_2020)
                    | zeroBytes(word ^ 0x0A0A_0A0A_0A0A_0A0A) | zeroBytes(word ^ 0x0909_0909_0909_0909)
                    | zeroBytes(word ^ 0x0D0D_0D0D_0D0D_0D0D)
                count += 8 - invisible.nonzeroBitCount
                k += 8
            }
        }
        while k < end {
            let b = text[k]
            if b & 0xC0 != 0x80 && b != 0x20 && b != 0x0A && b != 0x09 && b != 0x0D { count += 1 }
            k += 1
        }
        return count
    }

    /// Bit 7 of each byte of the result is set exactly where `word` has a
    /// zero byte (no carries between bytes).
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        ~(((word & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | word) & 0x8080_8080_8080_8080
    }

    /// A hidden element this large is read in the `revealed` pass.
    static let revealedHiddenCharacters: Int32 = 500

    /// A button holding blocks with at least this much text swallowed the page.
    static let swallowingControlCharacters: Int32 = 200

    /// An element with both a negative and a positive word is removed when it
    /// holds less than this share of the page's text.
    static let mixedRegionMaxShare = 0.1

    /// Marks excluded subtrees for `strictness` (forward pass: parents first).
    mutating func exclude(_ strictness: Strictness, keepComments: Bool) {
        let total = max(rawCharacters[0], 1)
        var insideArticle = [Bool](repeating: false, count: dom.count)
        exclusion.reset()
        for i in 0..<dom.count {
            let node = dom.nodes[i]
            let parent = Int(node.parent)
            if parent >= 0 {
                if exclusion.inherit(i, from: parent) { continue }
                insideArticle[i] = insideArticle[parent]
            } else {
                exclusion.set(i, nil)
            }
            if node.isText { continue }
            if let forced = stripped[Int32(i)] {
                exclusion.set(i, forced)
                continue
            }
            let protected = node.tag == .body || node.tag == .html || node.tag == .main || node.tag == .article
                || node.flags.contains(.articleBody) || node.flags.contains(.mainRole)
            if protected { insideArticle[i] = true }
            if !node.flags.isDisjoint(with: [.hidden, .collapsed])
                && !(strictness == .revealed && rawCharacters[i] >= PageAnalysis.revealedHiddenCharacters) {
                exclusion.set(i, node.flags.contains(.hidden) ? .hidden : .collapsed)
                continue
            }
            // A button is a control; one that holds paragraphs of text is a
            // button left open around the page (see `HTMLTag.isNeverContent`).
            if node.tag == .button && !(holdsBlocks[i] && rawCharacters[i] >= PageAnalysis.swallowingControlCharacters) {
                exclusion.set(i, .structure(.button))
                continue
            }
            if strictness == .minimal || protected { continue }
            let strictness = strictness == .revealed ? Strictness.full : strictness
            if !unprunedRanges.isEmpty && unprunedRanges.contains(where: { $0.contains(i) }) { continue }
            switch node.tag {
            case .nav, .aside, .footer:
                exclusion.set(i, .structure(node.tag))
                continue
            case .header where !insideArticle[i]:
                exclusion.set(i, .structure(node.tag))
                continue
            default:
                break
            }
            switch verdicts[i] {
            case .strongNegative(let word, let alsoPositive):
                if keepComments && RegionRules.isCommentWord(word) { break }
                // "entry-content no-share" around most of the page is the article.
                if alsoPositive && Double(rawCharacters[i]) >= Double(total) * 0.3 { break }
                exclusion.set(i, .region(word))
            case .negative(let word) where strictness == .full:
                // A weak word on a wrapper that holds most of the page is a
                // layout class ("has-sidebar"), not a region.
                if rawCharacters[i] * 2 < total { exclusion.set(i, .region(word)) }
            case .mixed(let word) where strictness == .full:
                // "main-box author-box": a small box is the negative thing
                // (a positive word there is a layout class); a large one is
                // the article.
                if Double(rawCharacters[i]) < Double(total) * PageAnalysis.mixedRegionMaxShare { exclusion.set(i, .region(word)) }
            default:
                break
            }
        }
    }
}

extension RegionRules {
    static func isCommentWord(_ word: String) -> Bool {
        word == "comment" || word == "disqus" || word == "reply" || word == "replies"
    }
}
