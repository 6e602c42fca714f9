/// Measurements of one block's text that several filters need, computed once
/// per block (and again only when a filter rewrites the text).
public struct BlockFeatures: Sendable {
    /// UTF-8 bytes of the text.
    public var bytes: Int
    /// Characters, words and the closing punctuation.
    public var shape: TextShape
    /// `TextKey.loose` of the text: what repeats are compared on.
    public var key: [UInt8]
    /// `TextKey.hash(key)`.
    public var keyHash: UInt64

    public init(_ text: String) {
        var text = text
        self = text.withUTF8 { BlockFeatures(bytes: $0) }
    }

    public init(bytes p: UnsafeBufferPointer<UInt8>) {
        self.bytes = p.count
        self.shape = TextShape(bytes: p)
        self.key = TextKey.loose(bytes: p)
        self.keyHash = TextKey.hash(key)
    }

    /// Unicode scalars in the text.
    public var characters: Int { shape.characters }
}
