import Testing
@testable import Decruft

struct ByteChunkTests {
    /// Every byte value at every offset of a chunk whose other bytes are
    /// `filler`: the mask marks exactly the bytes the predicate accepts.
    func check(_ test: (UInt64) -> UInt64, _ predicate: (UInt8) -> Bool, values: ClosedRange<UInt8>,
               fillers: [UInt8]) {
        for filler in fillers {
            for value in values {
                for offset in 0..<ByteChunk.width {
                    var bytes = [UInt8](repeating: filler, count: ByteChunk.width)
                    bytes[offset] = value
                    let mask = bytes.withUnsafeBufferPointer { test(ByteChunk.load($0, at: 0)) }
                    for k in 0..<ByteChunk.width {
                        let marked = mask & (0x80 << (8 * UInt64(k))) != 0
                        #expect(marked == predicate(bytes[k]), "value \(value) at \(offset), filler \(filler), byte \(k)")
                    }
                    #expect(mask & ~ByteChunk.high == 0)
                }
            }
        }
    }

    @Test func equalIsExactForEveryByte() {
        // 0x00 next to 0x01 is where the common zero test goes wrong.
        for target: UInt8 in [0x00, 0x09, 0x0A, 0x20, 0x7F, 0xFF] {
            check({ ByteChunk.equal($0, target) }, { $0 == target }, values: 0...255,
                  fillers: [0x00, 0x01, target, target &+ 1, 0x80, 0xFF])
        }
    }

    @Test func asciiTests() {
        let fillers: [UInt8] = [0x00, 0x08, 0x09, 0x0D, 0x0E, 0x20, 0x41, 0x7F]
        check({ ByteChunk.asciiBelow($0, 0x20) }, { $0 < 0x20 }, values: 0...0x7F, fillers: fillers)
        check({ ByteChunk.asciiBelow($0, 0x80) }, { _ in true }, values: 0...0x7F, fillers: fillers)
        check(ByteChunk.asciiWhitespace, { $0 == 0x20 || (0x09...0x0D).contains($0) }, values: 0...0x7F, fillers: fillers)
        check({ ByteChunk.asciiAlphanumerics($0).digits }, { (0x30...0x39).contains($0) }, values: 0...0x7F,
              fillers: fillers)
        check({ ByteChunk.asciiAlphanumerics($0).letters }, { (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) },
              values: 0...0x7F, fillers: fillers)
    }

    @Test func continuationBytes() {
        check(ByteChunk.continuation, { $0 & 0xC0 == 0x80 }, values: 0...255, fillers: [0x00, 0x41, 0x80, 0xC3, 0xFF])
    }

    @Test func countsAndPositions() {
        #expect(ByteChunk.count(0) == 0)
        #expect(ByteChunk.count(ByteChunk.high) == 8)
        #expect(ByteChunk.count(0x8000_0000_0000_0080) == 2)
        #expect(ByteChunk.lastOffset(0x80) == 0)
        #expect(ByteChunk.lastOffset(0x0080_0000_0000_0080) == 6)
        #expect(ByteChunk.lastMarked(0x8000_0000_0000_0000))
        #expect(!ByteChunk.lastMarked(0x0080_0000_0000_0000))
        #expect(ByteChunk.hasAdjacent(0x8080, previousMarked: false))
        #expect(!ByteChunk.hasAdjacent(0x80_0080, previousMarked: false))
        #expect(ByteChunk.hasAdjacent(0x80, previousMarked: true))
        #expect(ByteChunk.byte(0x1122_3344_5566_7788, 0) == 0x88)
        #expect(ByteChunk.byte(0x1122_3344_5566_7788, 7) == 0x11)
    }
}
