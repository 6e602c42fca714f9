/// Looks at the first bytes of a document, without parsing it, for what
/// `FeedParser` needs to know up front: is the root element a feed's, and
/// which encoding does the prolog announce.
///
/// Only the prolog's ASCII structure is read: a byte-order mark, whitespace,
/// the XML declaration and other processing instructions, comments and a
/// doctype (with its internal subset) are skipped; UTF-16 is read by
/// dropping its zero bytes, which keeps every ASCII character.
enum FeedSniffer {
    static let atomNamespace = "http://www.w3.org/2005/Atom"
    static let rdfNamespace = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

    /// Whether the root element is `<rss>`, an Atom `<feed>` or `<rdf:RDF>`.
    /// Namespaces are checked by URI when the start tag fits in `prefix`;
    /// a start tag cut off by the end of `prefix` is judged by its name.
    static func looksLikeFeed(_ prefix: UnsafeBufferPointer<UInt8>) -> Bool {
        let bytes = asciiView(prefix)
        guard var i = skipProlog(bytes), i < bytes.count, bytes[i] == UInt8(ascii: "<") else { return false }
        i += 1
        let nameStart = i
        while i < bytes.count, !isNameEnd(bytes[i]) { i += 1 }
        let qualified = String(decoding: bytes[nameStart..<i], as: UTF8.self)
        let parts = qualified.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let (tagPrefix, local) = parts.count == 2 ? (String(parts[0]), String(parts[1])) : (nil, qualified)
        switch local {
        case "rss":
            return tagPrefix == nil
        case "feed", "RDF":
            guard let attributes = startTagAttributes(bytes, from: i) else { return true } // cut off: trust the name
            let declaration = tagPrefix.map { "xmlns:" + $0 } ?? "xmlns"
            return attributes[declaration] == (local == "feed" ? atomNamespace : rdfNamespace)
        default:
            return false
        }
    }

    /// The `encoding` of the XML declaration, if the document starts with
    /// one that names it.
    static func declaredEncoding(_ prefix: UnsafeBufferPointer<UInt8>) -> String? {
        let bytes = asciiView(prefix)
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        guard bytes[i...].starts(with: Array("<?xml".utf8)), i + 5 < bytes.count, isSpace(bytes[i + 5]) else { return nil }
        i += 5
        guard let end = find(Array("?>".utf8), in: bytes, from: i) else { return nil }
        return pseudoAttributes(bytes, from: i, to: end)["encoding"]
    }

    /// Whether `prefix` starts with a UTF-8 or UTF-16 byte-order mark.
    static func hasByteOrderMark(_ prefix: UnsafeBufferPointer<UInt8>) -> Bool {
        prefix.starts(with: [0xEF, 0xBB, 0xBF]) || prefix.starts(with: [0xFF, 0xFE]) || prefix.starts(with: [0xFE, 0xFF])
    }

    // MARK: - Scanning

    /// The bytes as ASCII: UTF-16 (by its mark, or by a zero byte beside the
    /// first `<`) loses its zero bytes; a UTF-8 mark stays (skipped later).
    private static func asciiView(_ prefix: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let lt = UInt8(ascii: "<")
        var start = 0
        var odd: Bool? // the ASCII byte of each pair is the odd one (UTF-16BE)
        if prefix.starts(with: [0xFF, 0xFE]) {
            (start, odd) = (2, false)
        } else if prefix.starts(with: [0xFE, 0xFF]) {
            (start, odd) = (2, true)
        } else if prefix.count >= 2, prefix[0] == lt, prefix[1] == 0 {
            odd = false
        } else if prefix.count >= 2, prefix[0] == 0, prefix[1] == lt {
            odd = true
        }
        guard let odd else { return Array(prefix) }
        var out: [UInt8] = []
        out.reserveCapacity(prefix.count / 2)
        var k = start + (odd ? 1 : 0)
        while k < prefix.count {
            out.append(prefix[k])
            k += 2
        }
        return out
    }

    /// The index of the root element's `<`, past the prolog; nil when the
    /// prolog does not end within the bytes.
    private static func skipProlog(_ bytes: [UInt8]) -> Int? {
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while true {
            while i < bytes.count, isSpace(bytes[i]) { i += 1 }
            let rest = bytes[i...]
            if rest.starts(with: Array("<?".utf8)) {
                guard let end = find(Array("?>".utf8), in: bytes, from: i + 2) else { return nil }
                i = end + 2
            } else if rest.starts(with: Array("<!--".utf8)) {
                guard let end = find(Array("-->".utf8), in: bytes, from: i + 4) else { return nil }
                i = end + 3
            } else if rest.starts(with: Array("<!".utf8)) {
                guard let end = doctypeEnd(bytes, from: i + 2) else { return nil }
                i = end + 1
            } else {
                return i
            }
        }
    }

    /// The `>` closing a doctype, past quoted literals and an internal subset.
    private static func doctypeEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var i = start
        var depth = 0
        var quote: UInt8?
        while i < bytes.count {
            let byte = bytes[i]
            if let q = quote {
                if byte == q { quote = nil }
            } else {
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = byte
                case UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "]"): depth -= 1
                case UInt8(ascii: ">") where depth <= 0: return i
                default: break
                }
            }
            i += 1
        }
        return nil
    }

    /// The attributes of the start tag whose name ends at `start`; nil when
    /// the tag does not end within the bytes.
    private static func startTagAttributes(_ bytes: [UInt8], from start: Int) -> [String: String]? {
        var i = start
        var quote: UInt8?
        while i < bytes.count {
            let byte = bytes[i]
            if let q = quote {
                if byte == q { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return pseudoAttributes(bytes, from: start, to: i)
            }
            i += 1
        }
        return nil
    }

    /// `name="value"` pairs (either quote) between `start` and `end`.
    private static func pseudoAttributes(_ bytes: [UInt8], from start: Int, to end: Int) -> [String: String] {
        var result: [String: String] = [:]
        var i = start
        while i < end {
            while i < end, isSpace(bytes[i]) || bytes[i] == UInt8(ascii: "/") { i += 1 }
            let nameStart = i
            while i < end, !isSpace(bytes[i]), bytes[i] != UInt8(ascii: "=") { i += 1 }
            let name = String(decoding: bytes[nameStart..<i], as: UTF8.self)
            while i < end, isSpace(bytes[i]) { i += 1 }
            guard i < end, bytes[i] == UInt8(ascii: "=") else { continue }
            i += 1
            while i < end, isSpace(bytes[i]) { i += 1 }
            guard i < end, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") else { continue }
            let quote = bytes[i]
            i += 1
            let valueStart = i
            while i < end, bytes[i] != quote { i += 1 }
            result[name] = String(decoding: bytes[valueStart..<i], as: UTF8.self)
            i += 1
        }
        return result
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard start <= bytes.count, needle.count <= bytes.count else { return nil }
        var i = start
        while i + needle.count <= bytes.count {
            if bytes[i] == needle[0], bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        FeedText.isSpace(byte)
    }

    private static func isNameEnd(_ byte: UInt8) -> Bool {
        isSpace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
    }
}
