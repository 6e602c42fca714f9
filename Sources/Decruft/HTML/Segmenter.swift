import DecruftLibXML

/// A block of text found in the page, with the measurements used to score it.
struct PageBlock {
    var text: [UInt8] = []
    /// The nearest block-level element holding the text.
    var container: Int32 = 0
    var kind: BlockKind = .paragraph
    var level = 0
    /// Visible characters and those inside links.
    var characters = 0
    var linkCharacters = 0
    var commas = 0
    var exclusion: Exclusion?
    /// A link-dense block kept because the article is itself a list of
    /// links (a listing, a collection, an index page).
    var isListingEntry = false
    /// List items: how many lists enclose it (1: a top-level item) and
    /// whether the nearest is ordered.
    var listDepth = 0
    var ordered = false
    /// The `<pre>` or `<table>` element a code line or table row belongs to
    /// (-1 for other blocks): consecutive blocks of one group form one code
    /// block or one table.
    var group: Int32 = -1
    /// A code line as written, its indentation kept (`text` is collapsed
    /// like every block's by the filters).
    var verbatim: [UInt8]?

    var linkDensity: Double { characters == 0 ? 0 : Double(linkCharacters) / Double(characters) }

    /// Holds a four-digit number from 1900 to 2099 standing alone: in a
    /// short line, the mark of a byline or dateline.
    var namesYear: Bool {
        func isDigit(_ k: Int) -> Bool { k >= 0 && k < text.count && text[k] >= 0x30 && text[k] <= 0x39 }
        var k = 0
        while k + 4 <= text.count {
            if (text[k] == 0x31 && text[k + 1] == 0x39) || (text[k] == 0x32 && text[k + 1] == 0x30),
               isDigit(k + 2), isDigit(k + 3), !isDigit(k - 1), !isDigit(k + 4) {
                return true
            }
            k += 1
        }
        return false
    }
}

/// Turns the DOM into blocks in one forward walk.
///
/// Rendering: block-level elements start and end blocks; inline elements add
/// nothing (so "foo<b>bar</b>" stays "foobar", and "foo <b>bar</b>" keeps
/// its space); `<br>` and `<hr>` end a line, which becomes its own block;
/// `<pre>` keeps its line breaks, one block per line; a table row whose
/// cells hold only inline content is one block with cells joined by " | ";
/// cells that hold blocks (layout tables) are containers like `<div>`.
/// Captions: `<figcaption>` text (with any paragraphs inside it), and small
/// elements whose class marks a caption (`wp-caption-text`, `bildunterschrift`);
/// a table's `<caption>` is a paragraph.
struct Segmenter {
    let dom: DOM
    let exclusion: Exclusions
    let rawCharacters: [Int32]
    let holdsBlocks: [Bool]
    let captionClass: [Bool]

    /// A caption-class element larger than this is a layout wrapper, not a caption.
    static let maxCaptionCharacters: Int32 = 400
    /// An `<a>` holding more text than this is an unclosed tag that swallowed
    /// the page, not a link.
    static let maxLinkCharacters: Int32 = 600
    /// The same for an `<a>` that wraps blocks (a teaser card is smaller).
    static let maxBlockLinkCharacters: Int32 = 300

    private var blocks: [PageBlock] = []
    private var current = PageBlock()
    private var open: [Int32] = []
    /// Open element counts that change how text is rendered.
    private var linkDepth = 0
    private var preDepth = 0
    private var quoteDepth = 0
    private var captionDepth = 0
    /// Open lists, innermost last: whether each is ordered.
    private var lists: [Bool] = []
    /// The outermost open `<pre>` (-1 when none).
    private var preElement: Int32 = -1
    /// Open data rows (cells become " | "-separated).
    private var dataRows: [Int32] = []
    private var cellsInRow = 0

    init(dom: DOM, exclusion: Exclusions, rawCharacters: [Int32], holdsBlocks: [Bool], captionClass: [Bool]) {
        self.dom = dom
        self.exclusion = exclusion
        self.rawCharacters = rawCharacters
        self.holdsBlocks = holdsBlocks
        self.captionClass = captionClass
    }

    /// A `<figcaption>`, or a small element whose class says caption.
    @inline(__always)
    private func isCaption(_ i: Int) -> Bool {
        dom.nodes[i].tag == .figcaption || (captionClass[i] && rawCharacters[i] <= Segmenter.maxCaptionCharacters)
    }

    /// A real link: an `<a href>` that is small, or a card-sized block link.
    /// An `<a>` left open around paragraphs of text is not one.
    @inline(__always)
    private func isLink(_ i: Int) -> Bool {
        guard dom.nodes[i].flags.contains(.link) else { return false }
        let size = rawCharacters[i]
        return holdsBlocks[i] ? size <= Segmenter.maxBlockLinkCharacters : size <= Segmenter.maxLinkCharacters
    }

    /// All blocks of the page, in document order (excluded ones included,
    /// marked, so that they can be logged).
    mutating func run() -> [PageBlock] {
        dom.text.withUnsafeBufferPointer { text in
            for i in 1..<max(dom.count, 1) {
                while let top = open.last, Int(dom.nodes[Int(top)].subtreeEnd) <= i {
                    open.removeLast()
                    end(Int(top))
                }
                let node = dom.nodes[i]
                if node.isText {
                    appendText(text, node, index: i)
                } else {
                    start(i)
                    open.append(Int32(i))
                }
            }
        }
        while let top = open.popLast() { end(Int(top)) }
        flush()
        return blocks
    }

    private mutating func start(_ i: Int) {
        let node = dom.nodes[i]
        let tag = node.tag
        if isLink(i) { linkDepth += 1 }
        switch tag {
        case .br, .hr:
            flush()
        case .td, .th:
            if let row = dataRows.last, Int(node.parent) == Int(row) || isInside(i, row) {
                if cellsInRow > 0 && !current.text.isEmpty { current.text += Array(" | ".utf8) }
                cellsInRow += 1
            } else {
                flush()
            }
        case .tr:
            flush()
            if isDataRow(i) {
                dataRows.append(Int32(i))
                cellsInRow = 0
            }
        case .pre, .listing, .xmp, .plaintext:
            flush()
            if preDepth == 0 { preElement = Int32(i) }
            preDepth += 1
        case .blockquote:
            flush()
            quoteDepth += 1
        case .ul, .ol, .menu, .dir:
            flush()
            lists.append(tag == .ol)
        default:
            if !tag.isInline && tag != .unknown { flush() }
        }
        if isCaption(i) {
            flush()
            captionDepth += 1
        }
    }

    private mutating func end(_ i: Int) {
        let node = dom.nodes[i]
        if isLink(i) { linkDepth -= 1 }
        switch node.tag {
        case .td, .th:
            if dataRows.isEmpty { flush() }
        case .tr:
            flush()
            if dataRows.last == Int32(i) { dataRows.removeLast() }
        case .pre, .listing, .xmp, .plaintext:
            flush()
            preDepth -= 1
            if preDepth == 0 { preElement = -1 }
        case .blockquote:
            flush()
            quoteDepth -= 1
        case .ul, .ol, .menu, .dir:
            flush()
            if !lists.isEmpty { lists.removeLast() }
        default:
            if !node.tag.isInline && node.tag != .unknown { flush() }
        }
        if isCaption(i) {
            flush()
            captionDepth -= 1
        }
    }

    private mutating func appendText(_ text: UnsafeBufferPointer<UInt8>, _ node: DOMNode, index: Int) {
        let start = Int(node.textStart), length = Int(node.textLength)
        let excluded = exclusion.isExcluded(index)
        if !current.text.isEmpty && excluded != (current.exclusion != nil) {
            // Hidden inline text inside a kept paragraph is dropped in place;
            // kept text after an excluded stretch starts a new block.
            if excluded { return }
            flush()
        }
        // NB: a text node's own raw character count is its visible characters.
        let visible = Int(rawCharacters[index])
        if current.text.isEmpty {
            // Whitespace between blocks starts nothing.
            if visible == 0 { return }
            begin(container: containerOf(index))
        }
        if preDepth > 0 {
            // Keep line structure: each line of a <pre> is its own block.
            var lineStart = start
            for k in start..<(start + length) where text[k] == 0x0A {
                add(text, lineStart, k - lineStart, index: index)
                flush()
                begin(container: containerOf(index))
                lineStart = k + 1
            }
            add(text, lineStart, start + length - lineStart, index: index)
        } else {
            add(text, start, length, index: index, visible: visible)
        }
    }

    /// Adds a stretch of a text node to the current block; `visible` is its
    /// count of visible characters when already known.
    private mutating func add(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int, index: Int,
                              visible known: Int? = nil) {
        guard length > 0 else { return }
        current.text.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<(start + length)]))
        let visible = known ?? PageAnalysis.visibleCharacters(text, start, length)
        current.characters += visible
        if linkDepth > 0 { current.linkCharacters += visible }
        for k in start..<(start + length) where text[k] == 0x2C { current.commas += 1 }
        if current.exclusion == nil && exclusion.isExcluded(index) { current.exclusion = exclusion[index] }
    }

    private mutating func begin(container: Int) {
        current.container = Int32(container)
        let tag = dom.nodes[container].tag
        current.level = tag.headingLevel
        if current.level > 0 {
            current.kind = .heading
        } else if preDepth > 0 {
            current.kind = .preformatted
            current.group = preElement
        } else if let row = dataRows.last {
            current.kind = .tableRow
            current.group = table(of: row)
        } else if captionDepth > 0 {
            current.kind = .caption
        } else {
            switch tag {
            case .li, .dt, .dd:
                current.kind = .listItem
                current.listDepth = max(lists.count, 1)
                current.ordered = lists.last ?? false
            default: current.kind = quoteDepth > 0 ? .quote : .paragraph
            }
        }
    }

    /// The `<table>` around a row (a few levels up: thead, tbody), else the
    /// row's parent.
    private func table(of row: Int32) -> Int32 {
        var k = dom.nodes[Int(row)].parent
        for _ in 0..<3 where k > 0 && dom.nodes[Int(k)].tag != .table {
            k = dom.nodes[Int(k)].parent
        }
        return k > 0 && dom.nodes[Int(k)].tag == .table ? k : dom.nodes[Int(row)].parent
    }

    private mutating func flush() {
        if current.kind == .preformatted { current.verbatim = current.text }
        if current.characters > 0 { blocks.append(current) }
        current = PageBlock()
    }

    /// The nearest ancestor that is not inline.
    @inline(__always)
    private func containerOf(_ index: Int) -> Int {
        var k = Int(dom.nodes[index].parent)
        while k > 0, dom.nodes[k].tag.isInline || dom.nodes[k].tag == .unknown {
            k = Int(dom.nodes[k].parent)
        }
        return max(k, 0)
    }

    @inline(__always)
    private func isInside(_ i: Int, _ ancestor: Int32) -> Bool {
        let a = dom.nodes[Int(ancestor)]
        return i > Int(ancestor) && i < Int(a.subtreeEnd)
    }

    /// A row whose cells hold only inline content (a data table, not layout).
    private func isDataRow(_ row: Int) -> Bool {
        let end = Int(dom.nodes[row].subtreeEnd)
        var k = row + 1
        while k < end {
            let node = dom.nodes[k]
            if !node.isText {
                switch node.tag {
                case .td, .th, .br, .img: break
                default:
                    if !node.tag.isInline && node.tag != .unknown { return false }
                }
            }
            k += 1
        }
        return true
    }
}
