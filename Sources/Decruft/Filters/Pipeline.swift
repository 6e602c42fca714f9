/// The result of cleaning one document.
public struct CleanResult: Sendable {
    public var document: Document
    public var removals: [Removal]
    /// Problems met while cleaning that did not stop it (a rule that hit its
    /// regex match limit or XPath operation limit, …), one line each.
    public var warnings: [String] = []

    public init(document: Document, removals: [Removal], warnings: [String] = []) {
        self.document = document
        self.removals = removals
        self.warnings = warnings
    }
}

/// An ordered list of filters; running it threads the blocks through each.
public struct Pipeline: Sendable {
    public var filters: [any Filter]
    /// The filters run again on what survived while a pass still removed
    /// something, up to this many passes. Removing blocks can make new cruft
    /// visible (two short blocks become neighbours, a marker moves into the
    /// tail); running to a fixpoint is what makes cleaning idempotent.
    public var maxPasses = 4

    public init(filters: [any Filter]) {
        self.filters = filters
    }

    public var names: [String] { filters.map(\.name) }

    /// Runs every filter in order (to a fixpoint, see `maxPasses`) and returns
    /// the kept blocks plus the log of removed blocks, ordered by pass, then
    /// filter, then position.
    public func run(_ document: Document) -> CleanResult {
        var blocks = document.blocks
        var removals: [Removal] = []
        var warnings: [String] = []
        for pass in 0..<maxPasses {
            let before = removals.count
            runOnce(&blocks, &removals, &warnings, isRepeat: pass > 0)
            if removals.count == before { break }
        }
        var cleaned = document
        cleaned.blocks = blocks
        return CleanResult(document: cleaned, removals: removals, warnings: warnings)
    }

    private func runOnce(_ blocks: inout [Block], _ removals: inout [Removal], _ warnings: inout [String],
                         isRepeat: Bool) {
        for filter in filters where !blocks.isEmpty && (!isRepeat || filter.repeatsOnLaterPasses) {
            var pass = FilterPass(blocks: blocks)
            filter.apply(to: &pass)
            for warning in pass.warnings where !warnings.contains(warning) { warnings.append(warning) }
            var kept: [Block] = []
            kept.reserveCapacity(blocks.count)
            for i in blocks.indices {
                var block = blocks[i]
                if let newText = pass.rewritten[i] { block.text = newText }
                if let verdict = pass.dropped[i] {
                    removals.append(Removal(filter: filter.name, reason: verdict.reason, rule: verdict.rule,
                                            ruleOrigin: verdict.origin, text: block.text, position: block.index,
                                            provenance: block.provenance))
                } else {
                    kept.append(block)
                }
            }
            blocks = kept
        }
    }
}
