#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns plain text into blocks by its line structure.
///
/// Two layouts occur in scraped text and both work:
/// - paragraphs separated by blank lines, or one paragraph per line: every
///   non-blank line is a block;
/// - hard-wrapped text (lines broken at a fixed width, e.g. 72 columns): the
///   lines of one paragraph are joined with a space. A break stays a paragraph
///   break when the next line's first word would have fit on the line before
///   it (the writer broke early on purpose), or the next line starts a list item.
public struct TextSplitter: Sendable {
    public struct Settings: Sendable, Equatable {
        /// A text counts as hard-wrapped only if its wrap width (the 95th
        /// percentile of line lengths) is at most this many characters.
        public var maxWrapWidth = 100
        /// …and at least this many.
        public var minWrapWidth = 30
        /// …and at least this share of the lines that continue a paragraph
        /// reach `fullLineRatio` of the wrap width.
        public var minFullLineShare = 0.6
        public var fullLineRatio = 0.6
        public init() {}
    }

    public var settings: Settings

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    struct Line {
        var start: Int
        var end: Int
        /// Length in Unicode scalars, without surrounding whitespace.
        var length: Int
        var firstWordLength: Int
        var startsListItem: Bool
        var isBlank: Bool { length == 0 }
    }

    /// Splits one document's text into blocks.
    public func blocks(from text: String) -> [Block] {
        var text = text
        return text.withUTF8 { blocks(fromBytes: $0) }
    }

    /// Splits one document given as valid UTF-8 bytes.
    public func blocks(fromBytes bytes: UnsafeBufferPointer<UInt8>) -> [Block] {
        let lines = Self.lines(in: bytes)
        let wrapWidth = hardWrapWidth(lines)
        var blocks: [Block] = []
        var i = 0
        while i < lines.count {
            if lines[i].isBlank {
                i += 1
                continue
            }
            var last = i
            if let width = wrapWidth {
                while last + 1 < lines.count, !lines[last + 1].isBlank,
                      isSoftWrap(lines[last], before: lines[last + 1], width: width) {
                    last += 1
                }
            }
            blocks.append(makeBlock(bytes, lines, i...last, index: blocks.count))
            i = last + 1
        }
        return blocks
    }

    func makeBlock(_ bytes: UnsafeBufferPointer<UInt8>, _ lines: [Line], _ range: ClosedRange<Int>, index: Int) -> Block {
        let text: String
        if range.count == 1 {
            let line = lines[range.lowerBound]
            text = String(decoding: UnsafeBufferPointer(rebasing: bytes[line.start..<line.end]), as: UTF8.self)
        } else {
            var joined: [UInt8] = []
            for k in range {
                if !joined.isEmpty { joined.append(0x20) }
                joined.append(contentsOf: bytes[lines[k].start..<lines[k].end])
            }
            text = String(decoding: joined, as: UTF8.self)
        }
        return Block(text: text, kind: .paragraph, index: index,
                     provenance: Provenance(firstLine: range.lowerBound + 1, lastLine: range.upperBound + 1))
    }

    func isSoftWrap(_ line: Line, before next: Line, width: Int) -> Bool {
        if next.startsListItem { return false }
        return line.length + 1 + next.firstWordLength > width
    }

    /// The wrap width if the text looks hard-wrapped, else nil.
    func hardWrapWidth(_ lines: [Line]) -> Int? {
        var histogram = [Int](repeating: 0, count: settings.maxWrapWidth + 2)
        var nonBlank = 0
        for line in lines where !line.isBlank {
            histogram[min(line.length, settings.maxWrapWidth + 1)] += 1
            nonBlank += 1
        }
        guard nonBlank >= 3 else { return nil }
        // 95th percentile of line length; anything over the cap means "not wrapped".
        let target = Int((Double(nonBlank) * 0.95).rounded(.up))
        var seen = 0
        var width = 0
        for (length, count) in histogram.enumerated() {
            seen += count
            if seen >= target {
                width = length
                break
            }
        }
        guard width >= settings.minWrapWidth, width <= settings.maxWrapWidth else { return nil }
        var continuing = 0
        var full = 0
        for k in 0..<(lines.count - 1) where !lines[k].isBlank && !lines[k + 1].isBlank {
            continuing += 1
            if Double(lines[k].length) >= Double(width) * settings.fullLineRatio { full += 1 }
        }
        guard continuing > 0, Double(full) >= Double(continuing) * settings.minFullLineShare else { return nil }
        return width
    }

    /// Line ranges (LF, CRLF or CR endings), trimmed of ASCII whitespace.
    static func lines(in p: UnsafeBufferPointer<UInt8>) -> [Line] {
        var lines: [Line] = []
        var start = 0
        let n = p.count
        // Skip a UTF-8 byte order mark.
        if n >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { start = 3 }
        guard let base = p.baseAddress, start < n else {
            lines.append(measure(p, start, max(start, n)))
            return lines
        }
        // NB: memchr finds line ends far faster than a byte loop; a CR
        // (old Mac or CRLF endings) is looked for once and handled after.
        let hasCR = memchr(base + start, 0x0D, n - start) != nil
        while start < n {
            var end = n
            if let hit = memchr(base + start, 0x0A, n - start) {
                end = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            }
            if hasCR {
                if let cr = memchr(base + start, 0x0D, end - start) {
                    end = UnsafeRawPointer(cr) - UnsafeRawPointer(base)
                }
            }
            lines.append(measure(p, start, end))
            var next = end + 1
            if end < n, p[end] == 0x0D, next < n, p[next] == 0x0A { next += 1 }
            start = next
        }
        return lines
    }

    static func measure(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Line {
        var start = s
        var end = e
        while start < end, isASCIISpace(p[start]) { start += 1 }
        while end > start, isASCIISpace(p[end - 1]) { end -= 1 }
        var length = 0
        var firstWord = -1
        var k = start
        while k < end, firstWord < 0 {
            let b = p[k]
            if b & 0xC0 != 0x80 { length += 1 }
            if b == 0x20 || b == 0x09 { firstWord = length - 1 }
            k += 1
        }
        // After the first word only the length counts: eight bytes at a time.
        while k + ByteChunk.width <= end {
            length += ByteChunk.width - ByteChunk.count(ByteChunk.continuation(ByteChunk.load(p, at: k)))
            k += ByteChunk.width
        }
        while k < end {
            if p[k] & 0xC0 != 0x80 { length += 1 }
            k += 1
        }
        if firstWord < 0 { firstWord = length }
        return Line(start: start, end: end, length: length, firstWordLength: firstWord,
                    startsListItem: startsListItem(p, start, end))
    }

    @inline(__always)
    static func isASCIISpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    /// "- x", "* x", "• x", "1. x", "2) x".
    static func startsListItem(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        guard e - s >= 2 else { return false }
        let b = p[s]
        if (b == 0x2D || b == 0x2A) && p[s + 1] == 0x20 { return true }
        if e - s >= 4, b == 0xE2, p[s + 1] == 0x80, p[s + 2] == 0xA2 { return true }   // •
        var k = s
        while k < e, k - s < 3, p[k] >= 0x30, p[k] <= 0x39 { k += 1 }
        return k > s && k + 1 < e && (p[k] == 0x2E || p[k] == 0x29) && p[k + 1] == 0x20
    }
}
