import Testing
@testable import Decruft

struct HashChainsTests {
    /// The positions recorded under `hash`, newest first.
    func chain(_ chains: HashChains, _ hash: UInt64) -> [Int] {
        var result: [Int] = []
        var position = chains.newest(hash)
        while let p = position {
            result.append(p)
            position = chains.older(than: p)
        }
        return result
    }

    @Test func positionsNewestFirstPerHash() {
        var chains = HashChains(positions: 6)
        chains.insert(7, at: 0)
        chains.insert(9, at: 1)
        chains.insert(7, at: 3)
        chains.insert(7, at: 5)
        #expect(chain(chains, 7) == [5, 3, 0])
        #expect(chain(chains, 9) == [1])
        #expect(chain(chains, 8).isEmpty)
    }

    @Test func collidingSlotsStayApart() {
        // Many hashes, many of them in the same slots: each keeps its own chain.
        let count = 1_000
        var chains = HashChains(positions: count)
        for p in 0..<count { chains.insert(UInt64(p % 37) << 40, at: p) }
        for h in 0..<37 {
            let expected = stride(from: count - 1, through: 0, by: -1).filter { $0 % 37 == h }
            #expect(chain(chains, UInt64(h) << 40) == expected)
        }
        #expect(chains.newest(1) == nil)
    }
}
