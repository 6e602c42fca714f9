/// Positions (block indices) grouped by a 64-bit hash, newest first: for
/// each hash the latest position recorded with it, and for each position the
/// one recorded before it with the same hash.
///
///     var chains = HashChains(positions: blocks.count)
///     chains.insert(hash, at: 3)
///     chains.insert(hash, at: 7)
///     chains.newest(hash)          // 7
///     chains.older(than: 7)        // 3
///
/// The hashes are already well mixed (FNV-1a), so the table uses them as
/// they are — no `Hasher` — and, unlike a dictionary of arrays, recording
/// a position allocates nothing.
struct HashChains {
    private var hashes: [UInt64]
    /// Newest position per slot, or -1 for an empty slot.
    private var heads: [Int]
    /// Per position: the previous position with the same hash, or -1.
    private var previous: [Int]
    private let mask: Int

    /// A table for positions `0..<positions`.
    init(positions: Int) {
        // NB: at most half full, so a probe meets an empty slot soon.
        var size = 16
        while size < 2 * positions { size <<= 1 }
        hashes = Array(repeating: 0, count: size)
        heads = Array(repeating: -1, count: size)
        previous = Array(repeating: -1, count: positions)
        mask = size - 1
    }

    /// The slot that holds `hash`, or the empty slot where it would go.
    @inline(__always)
    private func slot(_ hash: UInt64) -> Int {
        var s = Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        while heads[s] >= 0 && hashes[s] != hash { s = (s + 1) & mask }
        return s
    }

    /// Records `position` under `hash`; positions come in increasing order.
    mutating func insert(_ hash: UInt64, at position: Int) {
        let s = slot(hash)
        previous[position] = heads[s]
        heads[s] = position
        hashes[s] = hash
    }

    /// The latest position recorded under `hash`.
    func newest(_ hash: UInt64) -> Int? {
        let head = heads[slot(hash)]
        return head >= 0 ? head : nil
    }

    /// The position recorded before `position` under the same hash.
    func older(than position: Int) -> Int? {
        let p = previous[position]
        return p >= 0 ? p : nil
    }
}
