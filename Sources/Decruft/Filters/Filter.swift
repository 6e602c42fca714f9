/// A small step that removes one kind of cruft.
///
/// A filter looks at the blocks that survived the filters before it and
/// records its decisions on a `FilterPass`: which blocks to drop (with a
/// reason code) and, for rewriting filters such as `normalize`, new text.
/// The pipeline applies the decisions and keeps the removal log.
public protocol Filter: Sendable {
    /// Stable kebab-case name, used by `--disable`, `--only` and the log.
    var name: String { get }
    /// Whether the filter must run again when the pipeline repeats a pass
    /// (false for a rewrite whose output is already its own fixpoint).
    var repeatsOnLaterPasses: Bool { get }
    /// Whether the filter reads `FilterPass.features` (false lets the
    /// pipeline skip measuring blocks for a filter that does not).
    var usesFeatures: Bool { get }
    /// Whether each block's verdict depends on its own text alone (not on
    /// its neighbours or position): such a filter is not run again on a
    /// later pass unless some text was rewritten.
    var decidesPerBlock: Bool { get }
    func apply(to pass: inout FilterPass)
}

extension Filter {
    public var repeatsOnLaterPasses: Bool { true }
    public var usesFeatures: Bool { true }
    public var decidesPerBlock: Bool { false }
}

/// The working state handed to one filter: the live blocks and its verdicts.
public struct FilterPass {
    public let blocks: [Block]
    /// `features[i]` measures `blocks[i].text` (empty when the filter does
    /// not use features).
    public let features: [BlockFeatures]
    /// The verdict on each block, allocated at the first drop (most passes
    /// drop nothing).
    private(set) var dropped: [Verdict?] = []
    /// How many blocks are marked for removal.
    private(set) var droppedCount = 0
    /// New text per block (rewriting filters), allocated at the first rewrite.
    private(set) var rewritten: [String?] = []
    /// Problems met while deciding (e.g. a rule that hit its match limit).
    private(set) var warnings: [String] = []
    /// The blocks were cut from markup (see `Document.Origin`).
    public internal(set) var fromMarkup = false

    struct Verdict {
        var reason: String
        var rule: String?
        var origin: RuleOrigin?
    }

    /// A pass over `blocks` with their features measured here.
    init(blocks: [Block]) {
        self.init(blocks: blocks, features: blocks.map { BlockFeatures($0.text) })
    }

    init(blocks: [Block], features: [BlockFeatures]) {
        self.blocks = blocks
        self.features = features
    }

    /// Marks block `i` for removal. The first verdict on a block wins.
    public mutating func drop(_ i: Int, reason: String, rule: String? = nil, origin: RuleOrigin? = nil) {
        if dropped.isEmpty { dropped = Array(repeating: nil, count: blocks.count) }
        guard dropped[i] == nil else { return }
        dropped[i] = Verdict(reason: reason, rule: rule, origin: origin)
        droppedCount += 1
    }

    /// Marks block `i` for removal by `rule` (its id and origin are logged).
    public mutating func drop(_ i: Int, reason: String, by rule: some IdentifiedRule) {
        drop(i, reason: reason, rule: rule.id, origin: rule.origin)
    }

    /// Records a problem to report for this document (once per message).
    public mutating func warn(_ message: String) {
        if !warnings.contains(message) { warnings.append(message) }
    }

    public func isDropped(_ i: Int) -> Bool { verdict(i) != nil }

    /// The verdict on block `i`, if it is marked for removal.
    func verdict(_ i: Int) -> Verdict? { dropped.isEmpty ? nil : dropped[i] }

    /// Replaces the text of block `i` (rewriting filters).
    public mutating func setText(_ i: Int, _ text: String) {
        if rewritten.isEmpty { rewritten = Array(repeating: nil, count: blocks.count) }
        rewritten[i] = text
    }

    /// The text this pass gave block `i`, if it rewrote it.
    func newText(_ i: Int) -> String? { rewritten.isEmpty ? nil : rewritten[i] }

    /// The current text of block `i`, including a rewrite made in this pass.
    public func text(_ i: Int) -> String { newText(i) ?? blocks[i].text }
}
