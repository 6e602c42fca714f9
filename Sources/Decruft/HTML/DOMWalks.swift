import DecruftLibXML

/// Walks over the compact DOM that several extraction steps share.
extension DOM {
    /// The element children of `parent`, in order (text nodes skipped).
    func elementChildren(_ parent: Int) -> [Int] {
        var children: [Int] = []
        var k = parent + 1
        let end = Int(nodes[parent].subtreeEnd)
        while k < end {
            if !nodes[k].isText { children.append(k) }
            k = Int(nodes[k].subtreeEnd)
        }
        return children
    }

    /// Per node, the sum of `weight` over the blocks in its subtree (nil
    /// weight: the block does not count). Linear: blocks add to their
    /// container, then one backward pass adds every node to its parent
    /// (preorder puts parents first).
    func subtreeSums(_ blocks: [PageBlock], weight: (PageBlock) -> Int?) -> [Int] {
        var sums = [Int](repeating: 0, count: count)
        for block in blocks {
            if let w = weight(block) { sums[Int(block.container)] += w }
        }
        for k in stride(from: count - 1, to: 0, by: -1) where nodes[k].parent >= 0 {
            sums[Int(nodes[k].parent)] += sums[k]
        }
        return sums
    }
}
