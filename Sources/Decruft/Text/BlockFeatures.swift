#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
/// for one (when two keys' hashes meet), then kept for the rest of the pass,
/// end to end in one buffer.
struct LooseKeyCache {
    private var bytes: [UInt8] = []
    /// Per block: where its key starts in `bytes`, or -1 until it is worked out.
    private var starts: [Int] = []

    /// Whether blocks `i` and `j` have the same loose key.
    mutating func sameKey(_ i: Int, _ j: Int, of blocks: [Block], _ features: [BlockFeatures]) -> Bool {
        let length = features[i].keyLength
        guard features[i].keyHash == features[j].keyHash, features[j].keyLength == length else { return false }
        let a = start(i, blocks, features), b = start(j, blocks, features)
        return bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + a, $0.baseAddress! + b, length) == 0 }
    }

    /// Where the key of block `i` starts in `bytes`, working it out first if need be.
    private mutating func start(_ i: Int, _ blocks: [Block], _ features: [BlockFeatures]) -> Int {
        if starts.isEmpty { starts = Array(repeating: -1, count: blocks.count) }
        if starts[i] >= 0 { return starts[i] }
        let start = bytes.count
        let length = features[i].keyLength
        // NB: the key is exactly `keyLength` bytes: the features were
        // measured by the same scan.
        bytes.append(contentsOf: repeatElement(0, count: length))
        var text = blocks[i].text
        text.withUTF8 { p in
            bytes.withUnsafeMutableBufferPointer { out in
                var writer = TextKey.KeyWriter(out: UnsafeMutableBufferPointer(rebasing: out[start..<(start + length)]))
                TextKey.scanLoose(p, into: &writer)
            }
        }
        starts[i] = start
        return start
    }
}
