#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One JSON object read from a JSON Lines record, kept as its own bytes.
///
/// Batch mode must hand every field it does not touch back *unchanged*: not
/// re-encoded (numbers keep their spelling, strings their escapes, keys their
/// order). So the parser validates the whole line (RFC 8259) but decodes
/// nothing up front; each top-level member keeps the byte ranges of its key
/// and value, and only the fields decruft needs are decoded on demand.
///
///     let line = try JSONLine(Array(#"{"id": 7, "text": "Hi\nthere"}"#.utf8))
///     line.member("text")?.kind        // .string
///     try line.string(line.member("text")!)   // "Hi\nthere" as UTF-8 bytes
///
/// The input must be valid UTF-8 (repair it first); nesting deeper than
/// `maxDepth` is an error rather than a risk to the stack (the parser is
/// iterative anyway).
public struct JSONLine: Sendable {
    public enum Kind: Sendable, Equatable {
        case object, array, string, number, bool, null

        var name: String {
            switch self {
            case .object: return "an object"
            case .array: return "an array"
            case .string: return "a string"
            case .number: return "a number"
            case .bool: return "a boolean"
            case .null: return "null"
            }
        }
    }

    /// One top-level `"key": value` pair.
    public struct Member: Sendable {
        /// The decoded key.
        public var key: String
        /// The key's bytes including its quotes, as written.
        public var keyRange: Range<Int>
        /// The value's bytes, as written (no surrounding whitespace).
        public var valueRange: Range<Int>
        public var kind: Kind
    }

    public static let maxDepth = 512

    /// The record's bytes (valid UTF-8).
    public let bytes: [UInt8]
    /// The top-level members in input order (duplicates kept).
    public let members: [Member]

    /// Parses one line that must hold exactly one JSON object.
    public init(_ bytes: [UInt8]) throws(JSONSyntaxError) {
        self.bytes = bytes
        self.members = try bytes.withUnsafeBufferPointer { p throws(JSONSyntaxError) in
            var scanner = JSONScanner(p)
            return try scanner.topLevelObject()
        }
    }

    /// The member named `key` (the last one when a key repeats, as most JSON
    /// readers do).
    public func member(_ key: String) -> Member? {
        members.last { $0.key == key }
    }

    /// The value at a dotted path (`metadata.url`): a top-level key first as
    /// written, then each dot-separated part inside nested objects.
    public func value(at path: String) -> (range: Range<Int>, kind: Kind)? {
        if let direct = member(path) { return (direct.valueRange, direct.kind) }
        let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1, let first = member(parts[0]) else { return nil }
        var current = (range: first.valueRange, kind: first.kind)
        for part in parts.dropFirst() {
            guard current.kind == .object else { return nil }
            let nested: [Member]? = bytes.withUnsafeBufferPointer { p in
                var scanner = JSONScanner(UnsafeBufferPointer(rebasing: p[current.range]), offset: current.range.lowerBound)
                return try? scanner.topLevelObject()
            }
            guard let found = nested?.last(where: { $0.key == part }) else { return nil }
            current = (found.valueRange, found.kind)
        }
        return current
    }

    /// The decoded UTF-8 bytes of the string value in `range`. A lone UTF-16
    /// surrogate escape (`\ud800`) decodes to U+FFFD.
    public func string(in range: Range<Int>) -> [UInt8] {
        bytes.withUnsafeBufferPointer { p in
            JSONScanner.decodeString(UnsafeBufferPointer(rebasing: p[range]))
        }
    }

    /// The decoded value of a string member.
    public func string(_ member: Member) -> [UInt8] {
        string(in: member.valueRange)
    }

    /// The value at `path` as a Swift string, when it is a string.
    public func stringValue(at path: String) -> String? {
        guard let value = value(at: path), value.kind == .string else { return nil }
        return String(decoding: string(in: value.range), as: UTF8.self)
    }
}

/// Why a line is not one JSON object: what was expected, at which column.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 0-based byte offset in the line.
    public var offset: Int
    public var message: String

    public var description: String { "invalid JSON at column \(offset + 1): \(message)" }
}

/// A validating, iterative scanner over one line's bytes.
struct JSONScanner {
    let p: UnsafeBufferPointer<UInt8>
    /// Added to every reported position (for nested scans).
    let offset: Int
    var i = 0

    init(_ p: UnsafeBufferPointer<UInt8>, offset: Int = 0) {
        self.p = p
        self.offset = offset
    }

    func fail(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(offset: offset + i, message: message)
    }

    mutating func skipSpace() {
        while i < p.count {
            let b = p[i]
            guard b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D else { return }
            i += 1
        }
    }

    /// The members of the one object that fills the buffer.
    mutating func topLevelObject() throws(JSONSyntaxError) -> [JSONLine.Member] {
        skipSpace()
        guard i < p.count else { throw fail("empty line, expected an object") }
        guard p[i] == 0x7B else {
            // Name what is there only when it really is a JSON value.
            var probe = self
            if let kind = try? probe.skipValue() { throw fail("expected an object, found \(kind.name)") }
            throw fail("expected an object")
        }
        i += 1
        var members: [JSONLine.Member] = []
        skipSpace()
        if i < p.count, p[i] == 0x7D {
            i += 1
        } else {
            while true {
                skipSpace()
                guard i < p.count, p[i] == 0x22 else { throw fail("expected a quoted key") }
                let keyStart = i
                try skipString()
                let keyRange = keyStart..<i
                skipSpace()
                guard i < p.count, p[i] == 0x3A else { throw fail("expected ':' after a key") }
                i += 1
                skipSpace()
                let valueStart = i
                let kind = try skipValue()
                let key = String(decoding: JSONScanner.decodeString(UnsafeBufferPointer(rebasing: p[keyRange])), as: UTF8.self)
                members.append(JSONLine.Member(key: key, keyRange: (keyRange.lowerBound + offset)..<(keyRange.upperBound + offset),
                                               valueRange: (valueStart + offset)..<(i + offset), kind: kind))
                skipSpace()
                guard i < p.count else { throw fail("unterminated object") }
                if p[i] == 0x2C { i += 1; continue }
                if p[i] == 0x7D { i += 1; break }
                throw fail("expected ',' or '}'")
            }
        }
        skipSpace()
        guard i == p.count else { throw fail("unexpected text after the object") }
        return members
    }

    func peekKind() throws(JSONSyntaxError) -> JSONLine.Kind {
        guard i < p.count else { throw fail("expected a value") }
        switch p[i] {
        case 0x7B: return .object
        case 0x5B: return .array
        case 0x22: return .string
        case 0x74, 0x66: return .bool
        case 0x6E: return .null
        case 0x2D, 0x30...0x39: return .number
        default: throw fail("expected a value")
        }
    }

    /// Skips one value of any depth without recursion; returns its kind.
    mutating func skipValue() throws(JSONSyntaxError) -> JSONLine.Kind {
        let kind = try peekKind()
        guard kind == .object || kind == .array else {
            try skipScalar(kind)
            return kind
        }
        // The closing bracket of each open container, innermost last.
        var closers: [UInt8] = []
        var needValue = true
        while true {
            skipSpace()
            guard i < p.count else { throw fail(closers.last == 0x7D ? "unterminated object" : "unterminated array") }
            let b = p[i]
            if needValue {
                guard b == 0x7B || b == 0x5B else {
                    try skipScalar(try peekKind())
                    needValue = false
                    continue
                }
                guard closers.count < JSONLine.maxDepth else { throw fail("nested deeper than \(JSONLine.maxDepth) levels") }
                closers.append(b == 0x7B ? 0x7D : 0x5D)
                i += 1
                skipSpace()
                if i < p.count, p[i] == closers.last {
                    i += 1
                    closers.removeLast()
                    if closers.isEmpty { return kind }
                    needValue = false
                    continue
                }
                if b == 0x7B { try skipKey() }
                continue
            }
            // After a value inside a container: ',' or the closing bracket.
            if b == 0x2C {
                i += 1
                if closers.last == 0x7D { try skipKey() }
                needValue = true
                continue
            }
            if b == closers.last {
                i += 1
                closers.removeLast()
                if closers.isEmpty { return kind }
                continue
            }
            throw fail(closers.last == 0x7D ? "expected ',' or '}'" : "expected ',' or ']'")
        }
    }

    /// `"key" :` inside a nested object.
    mutating func skipKey() throws(JSONSyntaxError) {
        skipSpace()
        guard i < p.count, p[i] == 0x22 else { throw fail("expected a quoted key") }
        try skipString()
        skipSpace()
        guard i < p.count, p[i] == 0x3A else { throw fail("expected ':' after a key") }
        i += 1
    }

    mutating func skipScalar(_ kind: JSONLine.Kind) throws(JSONSyntaxError) {
        switch kind {
        case .string: try skipString()
        case .number: try skipNumber()
        case .bool: try skipWord(p[i] == 0x74 ? "true" : "false")
        case .null: try skipWord("null")
        case .object, .array: throw fail("expected a value")
        }
    }

    mutating func skipWord(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard i + count <= p.count else { throw fail("expected \(word)") }
        for k in 0..<count where p[i + k] != word.utf8Start[k] { throw fail("expected \(word)") }
        i += count
    }

    mutating func skipNumber() throws(JSONSyntaxError) {
        if p[i] == 0x2D { i += 1 }
        guard i < p.count, isDigit(p[i]) else { throw fail("expected a digit") }
        if p[i] == 0x30 {
            i += 1
        } else {
            while i < p.count, isDigit(p[i]) { i += 1 }
        }
        if i < p.count, p[i] == 0x2E {
            i += 1
            guard i < p.count, isDigit(p[i]) else { throw fail("expected a digit after '.'") }
            while i < p.count, isDigit(p[i]) { i += 1 }
        }
        if i < p.count, p[i] | 0x20 == 0x65 {
            i += 1
            if i < p.count, p[i] == 0x2B || p[i] == 0x2D { i += 1 }
            guard i < p.count, isDigit(p[i]) else { throw fail("expected a digit in the exponent") }
            while i < p.count, isDigit(p[i]) { i += 1 }
        }
    }

    func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// Skips a string starting at its opening quote.
    mutating func skipString() throws(JSONSyntaxError) {
        let start = i
        i += 1
        while i < p.count {
            // NB: eight bytes at a time while none is a quote, a backslash or
            // a control character: most of a long text field.
            while i + 8 <= p.count, !JSONScanner.needsLook(UnsafeRawPointer(p.baseAddress! + i).loadUnaligned(as: UInt64.self)) {
                i += 8
            }
            guard i < p.count else { break }
            let b = p[i]
            if b == 0x22 {
                i += 1
                return
            }
            if b == 0x5C {
                i += 1
                guard i < p.count else { break }
                switch p[i] {
                case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74:
                    i += 1
                case 0x75:
                    guard i + 4 < p.count, (1...4).allSatisfy({ JSONScanner.hexValue(p[i + $0]) != nil }) else {
                        throw fail("bad \\u escape")
                    }
                    i += 5
                default:
                    throw fail("bad escape '\\\(Unicode.Scalar(p[i]))'")
                }
                continue
            }
            if b < 0x20 { throw fail("control character in a string") }
            i += 1
        }
        i = start
        throw fail("unterminated string")
    }

    /// Whether any of the eight bytes in `word` is `"`, `\\` or below 0x20.
    @inline(__always)
    static func needsLook(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let zeroQuote = (quote &- ones) & ~quote
        let zeroBackslash = (backslash &- ones) & ~backslash
        let control = (word &- ones &* 0x20) & ~word
        return (zeroQuote | zeroBackslash | control) & high != 0
    }

    static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case 0x30...0x39: return UInt32(b - 0x30)
        case 0x41...0x46: return UInt32(b - 0x41 + 10)
        case 0x61...0x66: return UInt32(b - 0x61 + 10)
        default: return nil
        }
    }

    /// Decodes a validated string literal (quotes included) to UTF-8.
    static func decodeString(_ s: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        guard s.count >= 2 else { return [] }
        let body = UnsafeBufferPointer(rebasing: s[1..<(s.count - 1)])
        guard let base = body.baseAddress else { return [] }
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var i = 0
        // Copy the runs between escapes in bulk.
        while i < body.count, let hit = memchr(base + i, 0x5C, body.count - i) {
            let escape = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            out.append(contentsOf: UnsafeBufferPointer(start: base + i, count: escape - i))
            let e = body[escape + 1]
            i = escape + 2
            switch e {
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                var unit = hex4(body, i)
                i += 4
                if (0xD800...0xDBFF).contains(unit), i + 6 <= body.count, body[i] == 0x5C, body[i + 1] == 0x75 {
                    let low = hex4(body, i + 2)
                    if (0xDC00...0xDFFF).contains(low) {
                        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                }
                let scalar = Unicode.Scalar(unit) ?? "\u{FFFD}"
                out.append(contentsOf: UTF8.encode(scalar)!)
            default: out.append(e)   // \" \\ \/
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(start: base + i, count: body.count - i))
        return out
    }

    static func hex4(_ p: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt32 {
        var v: UInt32 = 0
        for k in 0..<4 { v = v << 4 | (hexValue(p[at + k]) ?? 0) }
        return v
    }
}
