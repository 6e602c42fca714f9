/// The result of cleaning one document.
public struct CleanResult: Sendable {
    public var document: Document
    public var removals: [Removal]
}

/// An ordered list of filters; running it threads the blocks through each.
public struct Pipeline: Sendable {
    public var filters: [any Filter]

    public init(filters: [any Filter]) {
        self.filters = filters
    }

    public var names: [String] { filters.map(\.name) }

    /// Runs every filter in order and returns the kept blocks plus the log of
    /// removed blocks, ordered by filter, then by position.
    public func run(_ document: Document) -> CleanResult {
        var blocks = document.blocks
        var removals: [Removal] = []
        for filter in filters where !blocks.isEmpty {
            var pass = FilterPass(blocks: blocks)
            filter.apply(to: &pass)
            var kept: [Block] = []
            kept.reserveCapacity(blocks.count)
            for i in blocks.indices {
                var block = blocks[i]
                if let newText = pass.rewritten[i] { block.text = newText }
                if let verdict = pass.dropped[i] {
                    removals.append(Removal(filter: filter.name, reason: verdict.reason, rule: verdict.rule,
                                            text: block.text, position: block.index,
                                            provenance: block.provenance))
                } else {
                    kept.append(block)
                }
            }
            blocks = kept
        }
        var cleaned = document
        cleaned.blocks = blocks
        return CleanResult(document: cleaned, removals: removals)
    }
}
