import DecruftLibXML

/// Options for reading one HTML page.
public struct HTMLOptions: Sendable {
    /// Emit the page title as the first block.
    public var includeTitle = true
    /// Keep comment sections.
    public var includeComments = false
    /// Keep figure captions (off by default: on news pages they are mostly
    /// photo credits and repeat the text; kept anyway when the page has
    /// too little other text, as on a photo or video page).
    public var includeCaptions = false
    /// Log every block left out of the article and give every block its
    /// element path (costs time; for --explain).
    public var recordRemovals = false
    /// The page's URL, when known (else `<link rel=canonical>` / `og:url`).
    public var url: String?
    /// A charset from outside the page (HTTP header, `--charset`).
    public var charset: String?
    /// A title from outside the page (a feed item's): replaces the page's
    /// own as metadata and as the first block (applied by `Cleaner`).
    public var title: String?

    public init() {}
}

/// The article found in a page.
public struct HTMLExtraction: Sendable {
    public var document: Document
    /// Blocks of the page left out of the article, and why (filter `html`).
    public var removals: [Removal]
    public var charset: Charset.Decision
    /// Rules that could not be applied to this page (bad XPath at run time,
    /// operation limit, trees that disagree), one line each.
    public var warnings: [String] = []
}

/// Finds the main content of an HTML page and returns it as blocks.
///
/// `extract` is an outline of named steps (`ExtractionRun`): decode to UTF-8
/// and repair what libxml2 mishandles → parse (SAX) → apply the rule marks →
/// remove hidden, structural and class-marked regions → cut into blocks →
/// vote for the article (relaxing the region removal when too little text
/// survives) → read again by text mass and alike siblings → keep a listing's
/// entries → give back weak regions inside the article → decide each block
/// (lede, link density, edges, captions, orphan labels) → assemble.
public struct HTMLExtractor: Sendable {
    public struct Settings: Sendable, Equatable {
        /// An article with fewer visible characters triggers a relaxed retry.
        public var minArticleCharacters = 250
        /// Blocks at least this long (with few links) are certainly article text.
        public var goodBlockCharacters = 80
        /// Short paragraphs (at most `edgeMaxWords` words) before the first or
        /// after the last certain block are dropped (dates, bylines, credits,
        /// share labels), unless they end a sentence and have at least
        /// `edgeSentenceWords` words.
        public var edgeMaxWords = 10
        public var edgeSentenceWords = 4
        /// More short blocks than this at one edge are not edge clutter.
        public var edgeMaxBlocks = 10
        /// Scoring paragraphs and picking the article's element.
        var selector = ContentSelector.Settings()
        /// The lede between the headline and the article container.
        var lede = LedeFinder.Settings()
        /// An article with this share of its text in link-dense blocks is a
        /// listing: its link entries of at least `listingEntryWords` words stay.
        public var listingLinkShare = 0.4
        public var listingEntryWords = 3
        /// Weakly marked regions inside the article's text.
        var regions = InterleavedRegions.Settings()
        /// The fallback when paragraph voting finds a thin article.
        var textMass = TextMassSelector.Settings()
        /// A selected post or card among alike siblings.
        var siblings = RepeatedSiblings.Settings()
        public init() {}
    }

    public var settings: Settings
    public var rules: RegionRules

    public init(rules: RegionRules, settings: Settings = Settings()) {
        self.rules = rules
        self.settings = settings
    }

    /// - Parameter rules: the page's rules (already narrowed to its host);
    ///   nil for none beyond the region words.
    public func extract(_ raw: [UInt8], options: HTMLOptions = HTMLOptions(),
                        rules pageRules: RuleSet? = nil) throws(HTMLParseError) -> HTMLExtraction {
        var run = try ExtractionRun(self, raw, options: options, rules: pageRules)  // decode, sanitize, parse, rule marks
        run.selectArticle()          // region exclusion → blocks → paragraph voting, relaxing strictness if thin
        run.readAgain()              // text mass when voting is unsure; alike siblings (posts, cards)
        run.markListingEntries()     // link density: a listing's entries stay
        run.giveBackInterleaved()    // weakly marked regions inside the article's run of text
        let reasons = run.verdicts() // lede, link density, edges, captions, orphan labels
        return run.assemble(reasons) // title, metadata, blocks, removal log; thin-article fallback
    }

    /// When the markup gave (next to) no article: the page's structured
    /// article data (JSON-LD `articleBody`) if it holds more, and a warning
    /// that says why the output is thin (unless the page itself is that
    /// short: most of its visible text was kept).
    func thinArticle(_ document: inout Document, found: Int, dom: DOM, warnings: inout [String]) {
        let visible = Int(PageAnalysis.subtreeCharacters(dom).first ?? 0)
        if let body = JSONLDFacts(dom.head.jsonLD).articleBody {
            let paragraphs = HTMLExtractor.paragraphs(body)
            let characters = paragraphs.reduce(0) { $0 + $1.utf8.count }
            if characters > found * 2 && characters >= settings.minArticleCharacters / 2 {
                document.blocks.removeAll { $0.kind != .title }
                for text in paragraphs {
                    document.blocks.append(Block(text: text, kind: .paragraph, index: document.blocks.count,
                                                 provenance: Provenance(path: "json-ld")))
                }
                warnings.append("html: the markup held \(found) characters of article text; "
                                + "the article was taken from the page's JSON-LD articleBody")
                return
            }
        }
        if visible == 0 {
            warnings.append("html: the page has no visible text (its content, if any, is built by scripts)")
        } else if found == 0 {
            warnings.append("html: no article found: the page's \(visible) visible characters are all menus, "
                            + "links, hidden or boilerplate regions")
        } else if visible > found * 2 {
            // A short page read almost whole is just a short page.
            warnings.append("html: only \(found) characters of article text found in a page with "
                            + "\(visible) visible characters")
        }
    }

    /// Paragraph voting found a thin article: where most of the page's
    /// remaining text lies (`TextMassSelector`) is taken instead when it
    /// holds clearly more, its link entries included (an index, a board).
    func byTextMass(_ blocks: inout [PageBlock], _ selection: inout [Range<Int>], _ found: inout Int, dom: DOM,
                    warnings: inout [String]) {
        guard let node = TextMassSelector(dom: dom, settings: settings.textMass).select(blocks, found: found)
        else { return }
        var candidate = blocks
        let range = [node..<Int(dom.nodes[node].subtreeEnd)]
        for k in candidate.indices where candidate[k].exclusion == nil && isSelected(candidate[k], range)
            && isLinkDense(candidate[k]) {
            candidate[k].isListingEntry = true
        }
        let characters = articleCharacters(candidate, range)
        guard Double(characters) >= Double(found) * settings.textMass.minGain else { return }
        warnings.append("html: paragraph scoring found \(found) characters of article text; "
                        + "took the element that holds most of the page's text instead (\(characters))")
        blocks = candidate
        selection = range
        found = characters
    }

    /// The two readings agree on where the article is but voting took only
    /// part of it: the element holding most of the page's text encloses
    /// the voted selection and keeps clearly more article text.
    func widenToTextMass(_ blocks: [PageBlock], _ selection: inout [Range<Int>], _ found: inout Int, dom: DOM) {
        guard let node = TextMassSelector(dom: dom, settings: settings.textMass).select(blocks, found: 0) else { return }
        let range = node..<Int(dom.nodes[node].subtreeEnd)
        guard selection.allSatisfy({ range.contains($0.lowerBound) }) else { return }
        let characters = articleCharacters(blocks, [range])
        guard Double(characters) >= Double(found) * settings.textMass.widenGain else { return }
        selection = [range]
        found = characters
    }

    /// A JSON-LD text cut into paragraphs at line breaks, whitespace collapsed.
    static func paragraphs(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\u{2029}" }).compactMap { line in
            let words = line.split(whereSeparator: { $0.isWhitespace })
            return words.isEmpty ? nil : words.joined(separator: " ")
        }
    }

    /// Why a block is not part of the article, or nil if it is.
    func removalReason(_ block: PageBlock, _ selection: [Range<Int>]) -> String? {
        if let exclusion = block.exclusion { return exclusion.reason }
        if !isSelected(block, selection) { return "outside-article" }
        if isLinkDense(block) { return "link-dense" }
        return nil
    }

    /// Whether a block is part of the article (`removalReason` is nil),
    /// without spelling out a reason.
    func isKept(_ block: PageBlock, _ selection: [Range<Int>]) -> Bool {
        block.exclusion == nil && isSelected(block, selection) && !isLinkDense(block)
    }

    /// Inside the selected article (any block, when nothing was selected).
    func isSelected(_ block: PageBlock, _ selection: [Range<Int>]) -> Bool {
        selection.isEmpty || selection.contains(where: { $0.contains(Int(block.container)) })
    }

    func isLinkDense(_ block: PageBlock) -> Bool {
        !block.isListingEntry && block.linkDensity > settings.selector.maxLinkDensity
    }

    /// When most of the selected article's text is in link-dense blocks, the
    /// article is a listing: its entries (of at least `listingEntryWords`
    /// words) are kept instead of dropped as link lists.
    func markListingEntries(_ blocks: inout [PageBlock], _ selection: [Range<Int>]) {
        var total = 0, dense = 0
        for block in blocks where block.exclusion == nil && isSelected(block, selection) {
            total += block.characters
            if isLinkDense(block) { dense += block.characters }
        }
        guard total > 0, Double(dense) >= Double(total) * settings.listingLinkShare else { return }
        for k in blocks.indices where blocks[k].exclusion == nil && isSelected(blocks[k], selection)
            && isLinkDense(blocks[k]) {
            if TextShape(String(decoding: blocks[k].text, as: UTF8.self)).words >= settings.listingEntryWords {
                blocks[k].isListingEntry = true
            }
        }
    }

    func articleCharacters(_ blocks: [PageBlock], _ selection: [Range<Int>]) -> Int {
        var total = 0
        for block in blocks where isKept(block, selection) { total += block.characters }
        return total
    }

    /// `div#main>article.post>p`: the last few elements above a block.
    func path(_ index: Int, _ dom: DOM) -> String {
        var parts: [String] = []
        var k = index
        while k > 0, parts.count < 4 {
            let node = dom.nodes[k]
            var part = node.tag.name
            let tokens = dom.attributeTokens(of: node)
            if let first = tokens.split(separator: 0x20).first {
                part += "." + String(decoding: first, as: UTF8.self)
            }
            parts.append(part)
            k = Int(node.parent)
        }
        return parts.reversed().joined(separator: ">")
    }
}

/// Finds the short blocks at the start and end of an article that lie
/// outside its first and last substantial paragraph: datelines, bylines,
/// photo credits, "share this" labels. List items, table rows, headings
/// before the text, and anything that reads as a sentence stay, and so do
/// short paragraphs that continue the article's own run of paragraphs: the
/// siblings of the first or last certain block, with only siblings between
/// ("Das Beste kommt jetzt:", a closing "Viel Glück!").
struct EdgeTrimmer {
    let settings: HTMLExtractor.Settings
    let dom: DOM
    /// Whether short captions count as clutter ("Video verfügbar bis …"):
    /// yes unless captions were asked for.
    let trimsCaptions: Bool

    /// Positions (in `blocks`) of kept blocks to drop as edge clutter.
    func edges(_ blocks: [PageBlock], isKept: (PageBlock) -> Bool) -> Set<Int> {
        let kept = blocks.indices.filter { isKept(blocks[$0]) }
        guard var first = kept.firstIndex(where: { isGood(blocks[$0]) }),
              var last = kept.lastIndex(where: { isGood(blocks[$0]) }) else { return [] }
        let leadParent = parent(blocks[kept[first]])
        while first > 0, continuesRun(blocks[kept[first - 1]], leadParent) { first -= 1 }
        let tailParent = parent(blocks[kept[last]])
        while last < kept.count - 1, continuesRun(blocks[kept[last + 1]], tailParent) { last += 1 }
        var head: [Int] = [], tail: [Int] = []
        for (k, position) in kept.enumerated() where k < first || k > last {
            let block = blocks[position]
            switch block.kind {
            case .paragraph, .quote:
                break
            case .caption where trimsCaptions:
                break
            case .heading where k > last:
                break
            default:
                continue
            }
            let shape = TextShape(String(decoding: block.text, as: UTF8.self))
            if shape.words > settings.edgeMaxWords { continue }
            if shape.endsSentence && shape.words >= settings.edgeSentenceWords { continue }
            if k < first { head.append(position) } else { tail.append(position) }
        }
        // A long run of short blocks past the prose is a grid of cards, a
        // price list, a schedule: content, not a byline and a date.
        var result = Set<Int>()
        if head.count <= settings.edgeMaxBlocks { result.formUnion(head) }
        if tail.count <= settings.edgeMaxBlocks { result.formUnion(tail) }
        return result
    }

    /// The element around a block's own element.
    func parent(_ block: PageBlock) -> Int32 {
        dom.nodes[Int(block.container)].parent
    }

    /// A paragraph element beside the certain block's own (same parent),
    /// unless it names a year: then it is a byline or dateline ("Par Claire
    /// Dumas – le 6 février 2024") even there.
    func continuesRun(_ block: PageBlock, _ runParent: Int32) -> Bool {
        guard block.kind == .paragraph || block.kind == .quote else { return false }
        return dom.nodes[Int(block.container)].tag == .p && parent(block) == runParent && !block.namesYear
    }

    /// Certain article text: long enough (CJK text counts double) and few links.
    func isGood(_ block: PageBlock) -> Bool {
        let wide = block.text.contains { $0 >= 0xE3 && $0 <= 0xED }   // CJK and Hangul lead bytes
        let length = wide ? block.characters * 2 : block.characters
        return length >= settings.goodBlockCharacters && block.linkDensity < 0.25
    }
}
