import DecruftLibXML

/// One page going through `HTMLExtractor.extract`, step by step. Each step
/// is a method that reads and narrows the state the steps before it left:
/// the parsed page, its blocks, the selected article and what was found.
///
/// The steps' verdicts are the removal reasons of the log (`--explain`,
/// filter `html`): region exclusion gives `hidden`, `element-*`,
/// `region-*`, rule ids; selection gives `outside-article` (or
/// `outside-body` under a `body` rule); link density `link-dense`; edges
/// `article-edge`; captions `caption`; labels `orphan-label`.
struct ExtractionRun {
    let extractor: HTMLExtractor
    let options: HTMLOptions
    let decision: Charset.Decision
    let dom: DOM
    let marks: HTMLRuleMarks
    var analysis: PageAnalysis
    /// The elements a user's `body` rule selected (empty without one).
    let body: [Range<Int>]
    var blocks: [PageBlock] = []
    var selection: [Range<Int>] = []
    /// Article characters in the current selection.
    var found = 0
    var strictness = Strictness.full
    var warnings: [String] = []

    var settings: HTMLExtractor.Settings { extractor.settings }

    /// Decode to UTF-8 (repairing invalid bytes), apply the raw-HTML
    /// replacements, sanitize, parse, and resolve the page's HTML rules.
    init(_ extractor: HTMLExtractor, _ raw: [UInt8], options: HTMLOptions,
         rules pageRules: RuleSet?) throws(HTMLParseError) {
        self.extractor = extractor
        self.options = options
        let (decoded, decision, isValid) = Charset.decode(raw, hint: options.charset)
        var bytes = isValid ? decoded : UTF8Repair.repair(decoded).bytes
        var warnings: [String] = []
        if let pageRules { RawHTMLReplacer.apply(pageRules.replaces, to: &bytes, warnings: &warnings) }
        warnings += HTMLSanitizer.sanitize(&bytes).warnings
        var dom = try bytes.withUnsafeBufferPointer { p throws(HTMLParseError) in try HTMLParser.parse(utf8: p) }
        if dom.nodesOverLimit > 0 {
            warnings.append("html: the page has more than \(DOM.maxNodes) elements and text nodes; "
                + "\(dom.nodesOverLimit) after that limit (and the text inside them) were left out")
        }
        let marks = HTMLRuleMarks.resolve(pageRules?.html ?? [], dom: &dom, bytes: bytes)
        warnings += marks.warnings
        var analysis = PageAnalysis(dom: dom, rules: pageRules?.regions ?? extractor.rules)
        for (node, rule) in marks.stripped { analysis.stripped[node] = .rule(id: rule.id, origin: rule.origin) }
        let body = marks.bodies.map { $0..<Int(dom.nodes[$0].subtreeEnd) }
        if let bodyRule = marks.bodyRule, !bodyRule.prune { analysis.unprunedRanges = body }
        self.decision = decision
        self.dom = dom
        self.marks = marks
        self.analysis = analysis
        self.body = body
        self.warnings = warnings
    }

    /// Region exclusion, blocks and paragraph voting, from the strictest
    /// region removal to the most relaxed until the article holds
    /// `minArticleCharacters` (the best reading is kept either way).
    mutating func selectArticle() {
        var chosen: (blocks: [PageBlock], selection: [Range<Int>], characters: Int, strictness: Strictness)?
        for strictness in Strictness.allCases {
            analysis.exclude(strictness, keepComments: options.includeComments)
            var segmenter = Segmenter(dom: dom, exclusion: analysis.exclusion, rawCharacters: analysis.rawCharacters,
                                      holdsBlocks: analysis.holdsBlocks, captionClass: analysis.captionClass)
            let blocks = segmenter.run()
            let selector = ContentSelector(dom: dom, blocks: blocks, verdicts: analysis.verdicts,
                                           settings: settings.selector)
            let selection = body.isEmpty ? selector.select() : body
            let characters = extractor.articleCharacters(blocks, selection)
            if chosen == nil || characters > chosen!.characters {
                chosen = (blocks, selection, characters, strictness)
            }
            if characters >= settings.minArticleCharacters { break }
        }
        if let chosen { (blocks, selection, found, strictness) = chosen }
        if strictness == .revealed {
            warnings.append("html: the article was found only in elements the page hides until a script shows them")
        }
    }

    /// Second readings: when voting found a thin article, the element that
    /// holds most of the page's text; else a wider element of text mass that
    /// encloses the vote, and a run of alike siblings (posts, cards).
    mutating func readAgain() {
        guard marks.bodyRule == nil else { return }
        if found < settings.minArticleCharacters {
            extractor.byTextMass(&blocks, &selection, &found, dom: dom, warnings: &warnings)
        } else if !selection.isEmpty {
            extractor.widenToTextMass(blocks, &selection, &found, dom: dom)
            let extractor = extractor
            if let run = RepeatedSiblings(dom: dom, settings: settings.siblings)
                .widen(selection, blocks, wouldKeep: { $0.exclusion == nil && !extractor.isLinkDense($0) }) {
                selection = run
                found = extractor.articleCharacters(blocks, selection)
            }
        }
    }

    /// A listing (most of the article's text in links) keeps its entries.
    mutating func markListingEntries() {
        extractor.markListingEntries(&blocks, selection)
    }

    /// Weakly marked and collapsed regions inside the article's run of text
    /// are given back (`InterleavedRegions`).
    mutating func giveBackInterleaved() {
        guard marks.bodyRule == nil, !selection.isEmpty else { return }
        let extractor = extractor, selection = selection
        let edges = EdgeTrimmer(settings: settings, dom: dom, trimsCaptions: true)
        for position in InterleavedRegions(dom: dom, verdicts: analysis.verdicts, settings: settings.regions)
            .reinstated(blocks, isKept: { extractor.isKept($0, selection) },
                        isSelected: { extractor.isSelected($0, selection) }, isGood: edges.isGood) {
            blocks[position].exclusion = nil
        }
    }

    /// Per block, why it is left out (nil: kept): the lede above the
    /// article stays; then link density and selection, edge clutter,
    /// captions (kept on a page whose only text they are), orphan labels.
    func verdicts() -> [String?] {
        let extractor = extractor, selection = selection
        var lede = Set<Int>()
        // NB: a user's `body` rule says exactly where the article is: no lede outside it.
        if !selection.isEmpty, marks.bodyRule == nil,
           let start = blocks.firstIndex(where: { extractor.isKept($0, selection) }) {
            lede = Set(LedeFinder(settings: settings.lede).lede(blocks, articleStart: start))
        }
        let trimEdges = marks.bodyRule?.prune ?? true
        let edges = trimEdges
            ? EdgeTrimmer(settings: settings, dom: dom, trimsCaptions: !options.includeCaptions)
                .edges(blocks) { extractor.isKept($0, selection) }
            : []
        // A photo or video page whose only text is the caption keeps it.
        var keepCaptions = options.includeCaptions
        if !keepCaptions {
            var text = 0
            for block in blocks where block.kind != .caption && extractor.isKept(block, selection) {
                text += block.characters
            }
            keepCaptions = text < settings.minArticleCharacters
        }
        var reasons: [String?] = blocks.enumerated().map { position, block in
            var reason = lede.contains(position) ? nil
                : extractor.removalReason(block, selection) ?? (edges.contains(position) ? "article-edge" : nil)
            if reason == nil && block.kind == .caption && !keepCaptions { reason = "caption" }
            return reason
        }
        for position in OrphanLabels(dom: dom).orphans(blocks, reasons) where !lede.contains(position) {
            reasons[position] = "orphan-label"
        }
        return reasons
    }

    /// The document: the title, the kept blocks and, with
    /// `recordRemovals`, the log of the others; JSON-LD or a warning when
    /// the article is thin.
    func assemble(_ reasons: [String?]) -> HTMLExtraction {
        var warnings = warnings
        var metadata = PageMetadata.read(dom, url: options.url)
        if let title = marks.title { metadata.title = title }
        var document = Document(blocks: [], metadata: metadata)
        document.origin = .markup
        var removals: [Removal] = []
        if options.includeTitle, let title = metadata.title {
            document.blocks.append(Block(text: title, kind: .title, index: 0, provenance: Provenance(path: "title")))
        }
        let outside = marks.bodyRule.map { (reason: "outside-body", rule: $0) }
        for (position, block) in blocks.enumerated() {
            let index = document.blocks.count + removals.count
            let reason = reasons[position]
            if reason == nil {
                var kept = Block(text: String(decoding: block.text, as: UTF8.self), kind: block.kind,
                                 level: block.level, index: index,
                                 provenance: Provenance(path: options.recordRemovals
                                    ? extractor.path(Int(block.container), dom) : nil),
                                 linkCharacters: block.linkCharacters)
                kept.listDepth = block.listDepth
                kept.ordered = block.ordered
                kept.group = Int(block.group)
                kept.verbatim = block.verbatim.map { String(decoding: $0, as: UTF8.self) }
                document.blocks.append(kept)
            } else if options.recordRemovals, var reason {
                var rule = block.exclusion?.rule
                if reason == "outside-article", let outside {
                    reason = outside.reason
                    rule = (outside.rule.id, outside.rule.origin)
                }
                removals.append(Removal(filter: "html", reason: reason, rule: rule?.id, ruleOrigin: rule?.origin,
                                        text: String(decoding: block.text, as: UTF8.self), position: index,
                                        provenance: Provenance(path: extractor.path(Int(block.container), dom))))
            }
        }
        if found < settings.minArticleCharacters {
            extractor.thinArticle(&document, found: found, dom: dom, warnings: &warnings)
        }
        return HTMLExtraction(document: document, removals: removals, charset: decision, warnings: warnings)
    }
}
