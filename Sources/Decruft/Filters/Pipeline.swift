/// The result of cleaning one document.
public struct CleanResult: Sendable {
    public var document: Document
    public var removals: [Removal]
    /// Problems met while cleaning that did not stop it (a rule that hit its
    /// regex match limit or XPath operation limit, …), one line each.
    public var warnings: [String] = []
    /// The host whose site rules applied to an HTML page, and where it came
    /// from (`url`: given from outside; `canonical link` or `og:url`: the
    /// page's own declaration); nil when none was known.
    public var siteHost: SiteHost?

    public init(document: Document, removals: [Removal], warnings: [String] = []) {
        self.document = document
        self.removals = removals
        self.warnings = warnings
    }
}

/// The host that selected a page's site rules.
public struct SiteHost: Sendable, Equatable {
    public var host: String
    /// `url` (given), `canonical link` or `og:url` (declared by the page).
    public var source: String
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
        var state = State(blocks: document.blocks, filters: filters.count)
        state.fromMarkup = document.origin == .markup
        for pass in 0..<maxPasses {
            let before = state.removals.count
            let rewritesBefore = state.rewrites
            runOnce(&state, pass: pass)
            if state.removals.count == before && state.rewrites == rewritesBefore { break }
        }
        var cleaned = document
        cleaned.blocks = state.blocks
        return CleanResult(document: cleaned, removals: state.removals, warnings: state.warnings)
    }

    /// The blocks in flight, their features and the log so far.
    struct State {
        var blocks: [Block]
        /// Measured once, when the first filter needs them, and kept in
        /// step with the blocks: dropped with them, re-measured after a rewrite.
        var features: [BlockFeatures]? = nil
        var removals: [Removal] = []
        var warnings: [String] = []
        var fromMarkup = false
        /// Rewrites made so far.
        var rewrites = 0
        /// `rewrites` when each filter (by position) last ran, -1 before it
        /// ran: a per-block filter runs again only on text rewritten since.
        var rewritesAtLastRun: [Int]

        init(blocks: [Block], filters: Int) {
            self.blocks = blocks
            self.rewritesAtLastRun = Array(repeating: -1, count: filters)
        }
    }

    private func runOnce(_ state: inout State, pass: Int) {
        for (position, filter) in filters.enumerated() where !state.blocks.isEmpty {
            if pass > 0 {
                guard filter.repeatsOnLaterPasses else { continue }
                // A per-block decision on unchanged text would be the same.
                if filter.decidesPerBlock && state.rewritesAtLastRun[position] == state.rewrites { continue }
            }
            apply(filter, to: &state)
            state.rewritesAtLastRun[position] = state.rewrites
        }
    }

    private func apply(_ filter: any Filter, to state: inout State) {
        if filter.usesFeatures && state.features == nil {
            state.features = state.blocks.map { BlockFeatures($0.text) }
        }
        let blocks = state.blocks
        var pass = FilterPass(blocks: blocks, features: filter.usesFeatures ? state.features! : [])
        pass.fromMarkup = state.fromMarkup
        filter.apply(to: &pass)
        for warning in pass.warnings where !state.warnings.contains(warning) { state.warnings.append(warning) }
        if pass.droppedCount == 0 && pass.rewritten.isEmpty { return }
        var kept: [Block] = []
        var keptFeatures: [BlockFeatures] = []
        kept.reserveCapacity(blocks.count)
        if state.features != nil { keptFeatures.reserveCapacity(blocks.count) }
        for i in blocks.indices {
            var block = blocks[i]
            let newText = pass.newText(i)
            if let newText {
                block.text = newText
                state.rewrites += 1
            }
            if let verdict = pass.verdict(i) {
                state.removals.append(Removal(filter: filter.name, reason: verdict.reason, rule: verdict.rule,
                                              ruleOrigin: verdict.origin, text: block.text, position: block.index,
                                              provenance: block.provenance))
            } else {
                kept.append(block)
                if let features = state.features {
                    keptFeatures.append(newText == nil ? features[i] : BlockFeatures(block.text))
                }
            }
        }
        state.blocks = kept
        if state.features != nil { state.features = keptFeatures }
    }
}
