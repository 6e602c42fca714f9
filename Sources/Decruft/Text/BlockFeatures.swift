/// Measurements of one block's text that several filters need, computed once
/// per block (and again only when a filter rewrites the text).
///
/// The loose key itself is not kept: most blocks repeat nothing, so its
/// length and hash are enough until two hashes meet (see `LooseKeyCache`).
public struct BlockFeatures: Sendable {
    /// UTF-8 bytes of the text.
    public var bytes: Int
    /// Characters, words and the closing punctuation.
    public var shape: TextShape
    /// Bytes of `TextKey.loose` of the text; 0 when it has no letters or digits.
    public var keyLength: Int
    /// `TextKey.hash` of that key.
    public var keyHash: UInt64

    public init(_ text: String) {
        var text = text
        self = text.withUTF8 { BlockFeatures(bytes: $0) }
    }

    public init(bytes p: UnsafeBufferPointer<UInt8>) {
        self.bytes = p.count
        self.shape = TextShape(bytes: p)
        (self.keyLength, self.keyHash) = TextKey.looseHash(bytes: p)
    }

    /// Unicode scalars in the text.
    public var characters: Int { shape.characters }
}

/// The loose keys of one pass's blocks, worked out when a filter first asks
/// for one (when two keys' hashes meet), then kept for the rest of the pass.
struct LooseKeyCache {
    private var keys: [[UInt8]?] = []

    /// The loose key of `blocks[i]`.
    mutating func key(_ i: Int, of blocks: [Block]) -> [UInt8] {
        if keys.isEmpty { keys = Array(repeating: nil, count: blocks.count) }
        if let key = keys[i] { return key }
        let key = TextKey.loose(blocks[i].text)
        keys[i] = key
        return key
    }

    /// Whether blocks `i` and `j` have the same loose key.
    mutating func sameKey(_ i: Int, _ j: Int, of blocks: [Block], _ features: [BlockFeatures]) -> Bool {
        guard features[i].keyHash == features[j].keyHash, features[i].keyLength == features[j].keyLength else {
            return false
        }
        return key(i, of: blocks) == key(j, of: blocks)
    }
}
