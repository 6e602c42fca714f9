/// Tests on eight bytes at once, in one 64-bit word ("SIMD within a
/// register"), for the scans that every block goes through.
///
/// Each test returns a mask holding the high bit of every byte that passes,
/// and nothing else; byte `k` of the chunk is the text's byte `i + k`.
///
///     let w = ByteChunk.load(p, at: i)
///     if ByteChunk.isASCII(w) && ByteChunk.equal(w, 0x20) == 0 { … }   // eight ASCII bytes, no space
///
/// NB: the masks are exact for every byte: no borrow or carry runs into a
/// neighbour, unlike the common `(x - 0x01…) & ~x & 0x80…` zero test, which
/// can also flag a 0x01 byte above a zero byte.
enum ByteChunk {
    /// Bytes in a chunk.
    static let width = 8
    /// The high bit of every byte.
    static let high: UInt64 = 0x8080_8080_8080_8080
    /// The low seven bits of every byte.
    static let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    /// One in every byte, for spreading a byte over the word.
    static let ones: UInt64 = 0x0101_0101_0101_0101

    /// The eight bytes at `i` (`i + 8 <= p.count`), the first in the lowest bits.
    @inline(__always)
    static func load(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p.baseAddress! + i).loadUnaligned(as: UInt64.self))
    }

    /// Whether all eight bytes are ASCII.
    @inline(__always)
    static func isASCII(_ w: UInt64) -> Bool { w & high == 0 }

    /// Bytes equal to `byte`.
    @inline(__always)
    static func equal(_ w: UInt64, _ byte: UInt8) -> UInt64 {
        let x = w ^ (ones &* UInt64(byte))
        // A byte is zero exactly when neither its low seven bits plus 0x7F
        // nor its own high bit reach bit 7.
        return ~(((x & low7) &+ low7) | x) & high
    }

    /// In a chunk of ASCII bytes only: bytes below `limit` (at most 0x80).
    @inline(__always)
    static func asciiBelow(_ w: UInt64, _ limit: UInt8) -> UInt64 {
        // b + (0x80 - limit) reaches bit 7 exactly when b >= limit, and
        // stays below 0x100 for b < 0x80: no carry leaves the byte.
        ~(w &+ ones &* UInt64(0x80 - limit)) & high
    }

    /// In a chunk of ASCII bytes only: ASCII whitespace (space, tab, line
    /// feed, vertical tab, form feed, carriage return).
    @inline(__always)
    static func asciiWhitespace(_ w: UInt64) -> UInt64 {
        equal(w, 0x20) | (asciiBelow(w, 0x0E) & ~asciiBelow(w, 0x09))
    }

    /// Continuation bytes of multi-byte UTF-8 sequences (`10xxxxxx`).
    @inline(__always)
    static func continuation(_ w: UInt64) -> UInt64 {
        w & ~(w << 1) & high
    }

    /// Whether a marked byte follows a marked byte: within the chunk, or at
    /// its start when `previousMarked` (the byte before the chunk was one).
    @inline(__always)
    static func hasAdjacent(_ mask: UInt64, previousMarked: Bool) -> Bool {
        mask & ((mask << 8) | (previousMarked ? 0x80 : 0)) != 0
    }

    /// How many bytes a mask marks.
    @inline(__always)
    static func count(_ mask: UInt64) -> Int {
        // NB: not `nonzeroBitCount`, which is a library loop on x86-64
        // without POPCNT: one bit per byte, summed by one multiplication.
        Int(truncatingIfNeeded: ((mask >> 7) &* ones) >> 56)
    }

    /// In a chunk of ASCII bytes only: ASCII letters and digits.
    @inline(__always)
    static func asciiAlphanumerics(_ w: UInt64) -> (digits: UInt64, letters: UInt64) {
        let lower = w | (ones &* 0x20)
        return (asciiBelow(w, 0x3A) & ~asciiBelow(w, 0x30), asciiBelow(lower, 0x7B) & ~asciiBelow(lower, 0x61))
    }

    /// Byte `k` of the chunk.
    @inline(__always)
    static func byte(_ w: UInt64, _ k: Int) -> UInt8 { UInt8(truncatingIfNeeded: w >> (8 * k)) }

    /// Whether the chunk's last byte is marked.
    @inline(__always)
    static func lastMarked(_ mask: UInt64) -> Bool { mask >> 63 != 0 }

    /// The offset in the chunk of the last marked byte (`mask` not zero).
    @inline(__always)
    static func lastOffset(_ mask: UInt64) -> Int { (63 - mask.leadingZeroBitCount) / 8 }
}
