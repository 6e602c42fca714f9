#if canImport(Glibc)
import Glibc
#endif

/// Byte-level repairs made before libxml2 sees a page, each guarding against
/// a known libxml2 2.9.14 failure.
///
/// The page is scanned the way an HTML tokenizer reads tags: a tag name, then
/// attributes whose quoted values may hold any byte (`>` and `<` included);
/// comments, and the text of `<script>` and `<style>`, are stepped over. So a
/// 200 KB `data:` image or JSON in a framework attribute is one value, not
/// the rest of the page.
enum HTMLSanitizer {
    /// An attribute value longer than this is blanked between its quotes
    /// (no attribute decruft reads is anywhere near it; libxml2 copies every
    /// value, and values of megabytes are seen in framework pages).
    static let maxValueBytes = 8 * 1024
    /// A tag with more attributes than this, or more than `maxTagBytes` of
    /// names and short values, keeps only those: the rest is blanked (one tag
    /// with 100k attributes costs libxml2 ~30 s in its duplicate check).
    static let maxAttributes = 512
    static let maxTagBytes = 16 * 1024

    /// What sanitizing changed that loses something, for the page's warnings.
    struct Report: Equatable {
        /// Tags whose attributes past the limits were dropped.
        var cutTags = 0
        /// Attribute values whose closing quote never came (the quote was blanked).
        var unclosedQuotes = 0
        /// NUL bytes turned into spaces.
        var nulBytes = 0

        var warnings: [String] {
            var result: [String] = []
            if cutTags > 0 {
                result.append("html: \(cutTags) tag(s) with more than \(HTMLSanitizer.maxAttributes) attributes "
                              + "or \(HTMLSanitizer.maxTagBytes / 1024) KiB of attributes: the attributes past "
                              + "the limit were dropped (the text after the tag is kept)")
            }
            if unclosedQuotes > 0 {
                result.append("html: \(unclosedQuotes) attribute value(s) whose quote never closes: "
                              + "read as ending at the tag's '>'")
            }
            return result
        }
    }

    /// Turns NUL bytes into spaces (a NUL inside a tag makes libxml2 drop the
    /// rest of the document), blanks over-long attribute values, and cuts
    /// oversized tags. Returns what was lost.
    @discardableResult
    static func sanitize(_ bytes: inout [UInt8]) -> Report {
        // NB: the bytes are looked at first and written only if something is
        // wrong (most pages are fine), so they stay shared with the caller's.
        var report = Report()
        let blanks = bytes.withUnsafeBufferPointer { rangesToBlank($0, report: &report) }
        guard !blanks.isEmpty else { return report }
        bytes.withUnsafeMutableBufferPointer { p in
            for range in blanks {
                for k in range { p[k] = 0x20 }
            }
        }
        return report
    }

    /// The byte ranges `sanitize` turns into spaces.
    static func rangesToBlank(_ p: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var report = Report()
        return rangesToBlank(p, report: &report)
    }

    static func rangesToBlank(_ p: UnsafeBufferPointer<UInt8>, report: inout Report) -> [Range<Int>] {
        guard let base = p.baseAddress else { return [] }
        let n = p.count
        var nuls: [Range<Int>] = []
        // NULs: memchr is fast; most pages have none.
        var i = 0
        while i < n, let hit = memchr(base + i, 0, n - i) {
            let k = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
            nuls.append(k..<(k + 1))
            report.nulBytes += 1
            i = k + 1
        }
        var ranges: [Range<Int>] = []
        let scanner = TagScanner(p: p, base: base, n: n)
        i = 0
        while i < n, let open = memchr(base + i, 0x3C, n - i) {
            let start = UnsafeRawPointer(open).assumingMemoryBound(to: UInt8.self) - base
            i = scanner.step(at: start, ranges: &ranges, report: &report)
        }
        if nuls.isEmpty { return ranges }
        return (nuls + ranges).sorted { $0.lowerBound < $1.lowerBound }
    }

    @inline(__always)
    static func isASCIILetter(_ b: UInt8) -> Bool {
        (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A
    }
}

/// Reads one markup construct from a `<` and says where scanning goes on.
private struct TagScanner {
    let p: UnsafeBufferPointer<UInt8>
    let base: UnsafePointer<UInt8>
    let n: Int

    @inline(__always)
    func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0C || b == 0 }

    /// The first `byte` at or after `from`, or nil.
    @inline(__always)
    func find(_ byte: UInt8, from: Int) -> Int? {
        guard from < n, let hit = memchr(base + from, Int32(byte), n - from) else { return nil }
        return UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
    }

    /// The first occurrence of `needle` (ASCII, matched without case) at or after `from`.
    func find(lowercased needle: [UInt8], from: Int) -> Int? {
        var k = from
        while let hit = find(needle[0], from: k) {
            if hit + needle.count > n { return nil }
            var same = true
            for j in 1..<needle.count where p[hit + j] | 0x20 != needle[j] {
                same = false
                break
            }
            if same { return hit }
            k = hit + 1
        }
        return nil
    }

    func step(at start: Int, ranges: inout [Range<Int>], report: inout HTMLSanitizer.Report) -> Int {
        let next = start + 1
        guard next < n else { return n }
        let b = p[next]
        if b == 0x21 {   // "<!": a comment runs to "-->", a doctype or CDATA to '>'
            if next + 2 < n, p[next + 1] == 0x2D, p[next + 2] == 0x2D {
                guard let end = find(lowercased: Array("-->".utf8), from: next + 3) else { return n }
                return end + 3
            }
            return (find(0x3E, from: next) ?? n - 1) + 1
        }
        if b == 0x2F || b == 0x3F { return next }   // an end tag or "<?": nothing to repair
        guard HTMLSanitizer.isASCIILetter(b) else { return next }   // "a < b" is text
        var k = next
        while k < n, !isSpace(p[k]), p[k] != 0x3E, p[k] != 0x2F { k += 1 }
        let rawText = rawTextEnd(name: next..<k)
        var attributes = 0
        var counted = k - start   // bytes of the tag that are not long values
        var cutFrom: Int?
        while k < n {
            let c = p[k]
            if c == 0x3E { break }
            if isSpace(c) || c == 0x2F {
                k += 1
                continue
            }
            // An attribute name, then maybe '=' and a value.
            let nameStart = k
            while k < n, !isSpace(p[k]), p[k] != 0x3E, p[k] != 0x3D, !(p[k] == 0x2F && k > nameStart) { k += 1 }
            if k == nameStart { k += 1 }   // a lone '/' or '=' where a name should be
            var j = k
            while j < n, isSpace(p[j]) { j += 1 }
            if j < n, p[j] == 0x3D {
                j += 1
                while j < n, isSpace(p[j]) { j += 1 }
                if j < n, p[j] == 0x22 || p[j] == 0x27 {
                    let quote = p[j]
                    let tagEnd = find(0x3E, from: j + 1)
                    guard let close = find(quote, from: j + 1) else {
                        // Never closed: blank the quote so the value ends at the tag's '>'.
                        report.unclosedQuotes += 1
                        ranges.append(j..<(j + 1))
                        k = tagEnd ?? n
                        break
                    }
                    if close - j - 1 > HTMLSanitizer.maxValueBytes {
                        ranges.append((j + 1)..<close)
                    } else {
                        counted += close + 1 - nameStart
                    }
                    k = close + 1
                } else {
                    while j < n, !isSpace(p[j]), p[j] != 0x3E { j += 1 }
                    counted += j - nameStart
                    k = j
                }
            } else {
                counted += k - nameStart
            }
            attributes += 1
            if cutFrom == nil, attributes > HTMLSanitizer.maxAttributes || counted > HTMLSanitizer.maxTagBytes {
                cutFrom = nameStart
            }
        }
        if let cut = cutFrom {
            report.cutTags += 1
            // Keep the ranges sorted: drop the long values inside the cut part.
            while let last = ranges.last, last.lowerBound >= cut { ranges.removeLast() }
            ranges.append(cut..<min(k, n))
        }
        guard k < n else { return n }
        if let rawText { return find(lowercased: rawText, from: k + 1) ?? n }
        return k + 1
    }

    /// For `<script>` and `<style>`: the end tag that closes their raw text.
    func rawTextEnd(name: Range<Int>) -> [UInt8]? {
        func named(_ word: StaticString) -> Bool {
            guard name.count == word.utf8CodeUnitCount else { return false }
            return word.withUTF8Buffer { w in
                for (j, k) in name.enumerated() where p[k] | 0x20 != w[j] { return false }
                return true
            }
        }
        if named("script") { return Array("</script".utf8) }
        if named("style") { return Array("</style".utf8) }
        return nil
    }
}
