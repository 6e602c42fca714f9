#if canImport(Glibc)
import Glibc
#endif

/// Byte-level repairs made before libxml2 sees a page, each guarding against
/// a known libxml2 2.9.14 failure.
enum HTMLSanitizer {
    /// A tag longer than this is cut (real tags are a few hundred bytes; one
    /// tag with 100k attributes costs libxml2 ~30 s in its duplicate check).
    static let maxTagBytes = 16 * 1024

    /// Returns `bytes` with NUL bytes turned into spaces (a NUL inside a tag
    /// makes libxml2 drop the rest of the document) and oversized tags cut.
    static func sanitize(_ bytes: inout [UInt8]) {
        // NB: the bytes are looked at first and written only if something is
        // wrong (most pages are fine), so they stay shared with the caller's.
        let blanks = bytes.withUnsafeBufferPointer { rangesToBlank($0) }
        guard !blanks.isEmpty else { return }
        bytes.withUnsafeMutableBufferPointer { p in
            for range in blanks {
                for k in range { p[k] = 0x20 }
            }
        }
    }

    /// The byte ranges `sanitize` turns into spaces: every NUL, and the part
    /// of a tag past `maxTagBytes` up to its '>'.
    static func rangesToBlank(_ p: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        guard let base = p.baseAddress else { return [] }
        let n = p.count
        var ranges: [Range<Int>] = []
        // NULs: memchr is fast; most pages have none.
        var i = 0
        while i < n, let hit = memchr(base + i, 0, n - i) {
            let k = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
            ranges.append(k..<(k + 1))
            i = k + 1
        }
        // Oversized tags (NULs and spaces look alike to this scan).
        i = 0
        while i < n, let open = memchr(base + i, 0x3C, n - i) {
            let start = UnsafeRawPointer(open).assumingMemoryBound(to: UInt8.self) - base
            let searchEnd = min(n, start + maxTagBytes)
            if let close = memchr(base + start, 0x3E, searchEnd - start) {
                i = UnsafeRawPointer(close).assumingMemoryBound(to: UInt8.self) - base + 1
                continue
            }
            // No '>' within the limit: only a tag that starts with a letter
            // is a tag to libxml2; anything else is text ("a < b").
            guard start + 1 < n, isASCIILetter(p[start + 1]), searchEnd < n else {
                i = start + 1
                continue
            }
            var k = searchEnd
            while k < n, p[k] != 0x3E { k += 1 }
            ranges.append(searchEnd..<k)
            i = k
        }
        return ranges
    }

    @inline(__always)
    static func isASCIILetter(_ b: UInt8) -> Bool {
        (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A
    }
}
