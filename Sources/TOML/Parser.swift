// The cursor-based parser: byte access, position tracking, whitespace and
// comments, and the document-level grammar (key/value lines and headers).
// Values live in Parser+Values.swift, strings in Parser+Strings.swift, and the
// table-definition rules in TableBuilder.swift.

/// ASCII byte constants used by the parser.
enum ASCII {
    static let tab: UInt8 = 0x09
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote = UInt8(ascii: "\"")
    static let apostrophe = UInt8(ascii: "'")
    static let backslash = UInt8(ascii: "\\")
    static let hash = UInt8(ascii: "#")
    static let equals = UInt8(ascii: "=")
    static let dot = UInt8(ascii: ".")
    static let comma = UInt8(ascii: ",")
    static let colon = UInt8(ascii: ":")
    static let plus = UInt8(ascii: "+")
    static let minus = UInt8(ascii: "-")
    static let underscore = UInt8(ascii: "_")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }

    @inline(__always) static func isHexDigit(_ b: UInt8) -> Bool {
        isDigit(b) || (b | 0x20) &- 0x61 < 6
    }

    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }

    /// Characters allowed in a bare key: `A-Z a-z 0-9 _ -`.
    @inline(__always) static func isBareKey(_ b: UInt8) -> Bool {
        isLetter(b) || isDigit(b) || b == underscore || b == minus
    }

    /// Control characters that TOML forbids in strings and comments
    /// (U+0000–U+001F and U+007F); callers allow tab and newlines separately.
    @inline(__always) static func isControl(_ b: UInt8) -> Bool { b < 0x20 || b == 0x7F }

    /// Value of a hexadecimal digit (caller guarantees `isHexDigit`).
    @inline(__always) static func hexValue(_ b: UInt8) -> UInt32 {
        isDigit(b) ? UInt32(b &- 0x30) : UInt32((b | 0x20) &- 0x61 + 10)
    }
}

/// One part of a (possibly dotted) key, with where it was written.
struct KeySegment {
    var name: String
    var position: TOMLPosition
}

/// Parses TOML from the UTF-8 bytes of a `String`.
///
/// The parser is a cursor (`index`) over `bytes`. It tracks the current line
/// number and the offset where that line starts; columns are computed on
/// demand by counting Unicode scalars (non-continuation bytes) since the line
/// start, with a small cache so that the monotonic queries made while parsing
/// cost amortised O(1).
struct Parser {
    /// Maximum nesting of arrays, inline tables and tables.
    static let maxNestingDepth = 128

    let bytes: [UInt8]
    /// Offset of the first byte after an optional byte-order mark.
    let contentStart: Int
    /// The cursor.
    var index: Int
    /// 1-based number of the line containing `index`.
    var line = 1
    /// Offset of the first byte of the current line.
    var lineStart: Int
    var columnCacheOffset: Int
    var columnCacheColumn = 1

    init(_ text: String) {
        bytes = Array(text.utf8)
        let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        contentStart = hasBOM ? 3 : 0
        index = contentStart
        lineStart = contentStart
        columnCacheOffset = contentStart
    }

    // MARK: - Cursor

    @inline(__always) var isAtEnd: Bool { index >= bytes.count }

    /// The byte `offset` bytes after the cursor, or `nil` past the end.
    @inline(__always) func peek(_ offset: Int = 0) -> UInt8? {
        let i = index + offset
        return i < bytes.count ? bytes[i] : nil
    }

    // MARK: - Positions

    /// Position of byte `offset`, which must not be before the current line.
    mutating func position(of offset: Int) -> TOMLPosition {
        guard offset >= lineStart else { return locate(offset) }
        if columnCacheOffset < lineStart || columnCacheOffset > offset {
            columnCacheOffset = lineStart
            columnCacheColumn = 1
        }
        var column = columnCacheColumn
        var i = columnCacheOffset
        while i < offset {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        columnCacheOffset = offset
        columnCacheColumn = column
        return TOMLPosition(line: line, column: column)
    }

    /// Position of the cursor.
    mutating func currentPosition() -> TOMLPosition { position(of: index) }

    /// Position of any byte offset, without touching the cache (used for errors).
    func locate(_ offset: Int) -> TOMLPosition {
        var lineNumber = line
        var start = lineStart
        if offset < lineStart {
            // Rare: rescan from the beginning of the document.
            lineNumber = 1
            start = contentStart
            var i = contentStart
            while i < offset {
                if bytes[i] == ASCII.lf {
                    lineNumber += 1
                    start = i + 1
                }
                i += 1
            }
        }
        var column = 1
        var i = start
        while i < offset && i < bytes.count {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return TOMLPosition(line: lineNumber, column: column)
    }

    /// An error positioned at byte `offset`.
    func error(_ message: String, at offset: Int) -> TOMLError {
        TOMLError(position: locate(offset), message: message)
    }

    /// An error positioned at the cursor.
    func error(_ message: String) -> TOMLError { error(message, at: index) }

    /// Describes the character at `offset` for use in error messages,
    /// e.g. `'x'`, `end of line`, `end of file`, `control character U+0007`.
    func describe(at offset: Int) -> String {
        guard offset < bytes.count else { return "end of file" }
        let b = bytes[offset]
        switch b {
        case ASCII.lf, ASCII.cr:
            return "end of line"
        case ASCII.tab:
            return "tab"
        case 0x20...0x7E:
            return "'\(Character(Unicode.Scalar(b)))'"
        case 0x00..<0x20, 0x7F:
            return "control character \(Parser.codePoint(UInt32(b)))"
        default:
            var iterator = bytes[offset...].makeIterator()
            var decoder = UTF8()
            if case .scalarValue(let scalar) = decoder.decode(&iterator) {
                return "'\(scalar)'"
            }
            return "invalid byte"
        }
    }

    /// `U+XXXX` notation.
    static func codePoint(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    // MARK: - Whitespace, comments, newlines

    /// Skips spaces and tabs.
    @inline(__always) mutating func skipWhitespace() {
        while index < bytes.count, bytes[index] == ASCII.space || bytes[index] == ASCII.tab {
            index += 1
        }
    }

    /// Records that the cursor has just moved past a line break.
    @inline(__always) mutating func beginLine() {
        line += 1
        lineStart = index
        columnCacheOffset = index
        columnCacheColumn = 1
    }

    /// Consumes an LF or CRLF line break at the cursor, if present.
    /// A carriage return not followed by a line feed is an error.
    mutating func consumeNewline() throws(TOMLError) -> Bool {
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case ASCII.lf:
            index += 1
        case ASCII.cr:
            guard peek(1) == ASCII.lf else {
                throw error("carriage return must be followed by a line feed")
            }
            index += 2
        default:
            return false
        }
        beginLine()
        return true
    }

    /// Skips a `#` comment (not its terminating newline), if present.
    mutating func skipComment() throws(TOMLError) {
        guard peek() == ASCII.hash else { return }
        index += 1
        while index < bytes.count {
            let b = bytes[index]
            if b == ASCII.lf || (b == ASCII.cr && peek(1) == ASCII.lf) { return }
            if ASCII.isControl(b) && b != ASCII.tab {
                throw error("\(describe(at: index)) is not allowed in a comment")
            }
            index += 1
        }
    }

    /// Skips whitespace, comments and newlines (the trivia allowed inside arrays).
    mutating func skipTrivia() throws(TOMLError) {
        repeat {
            skipWhitespace()
            try skipComment()
        } while try consumeNewline()
    }

    /// After a statement: optional whitespace and comment, then a newline or
    /// the end of the file.
    mutating func expectLineEnd(after what: String) throws(TOMLError) {
        skipWhitespace()
        try skipComment()
        if isAtEnd { return }
        if try consumeNewline() { return }
        throw error("expected end of line after \(what), found \(describe(at: index))")
    }

    // MARK: - Document

    /// Parses the whole input.
    mutating func parseDocument() throws(TOMLError) -> TOMLTable {
        let root = TableBuilder(kind: .root, position: TOMLPosition(line: 1, column: 1), depth: 0)
        var current = root
        while true {
            skipWhitespace()
            guard let b = peek() else { break }
            switch b {
            case ASCII.hash, ASCII.lf, ASCII.cr:
                try expectLineEnd(after: "comment")
            case ASCII.openBracket:
                current = try parseHeader(root: root)
                try expectLineEnd(after: "table header")
            default:
                try parseKeyValue(into: current, depth: 0)
                try expectLineEnd(after: "value")
            }
        }
        return root.freeze()
    }

    /// Parses `[a.b]` or `[[a.b]]` at the cursor and returns the table that
    /// following key/value lines belong to.
    mutating func parseHeader(root: TableBuilder) throws(TOMLError) -> TableBuilder {
        let headerPosition = currentPosition()
        index += 1
        let isArray = peek() == ASCII.openBracket
        if isArray { index += 1 }
        let key = try parseKey()
        guard peek() == ASCII.closeBracket else {
            throw error("expected '\(isArray ? "]]" : "]")' to close the table header, found \(describe(at: index))")
        }
        index += 1
        if isArray {
            guard peek() == ASCII.closeBracket else {
                throw error("expected ']]' to close the array-of-tables header, found \(describe(at: index))")
            }
            index += 1
            return try root.appendArrayElement(path: key, headerPosition: headerPosition)
        }
        return try root.defineTable(path: key, headerPosition: headerPosition)
    }

    /// Parses `key = value` and stores it in `table` (document or inline table).
    mutating func parseKeyValue(into table: TableBuilder, depth: Int) throws(TOMLError) {
        let key = try parseKey()
        guard peek() == ASCII.equals else {
            throw error("expected '=' after key \(KeyFormatting.path(key[...])), found \(describe(at: index))")
        }
        index += 1
        skipWhitespace()
        // Resolve the target first so that conflicts are reported at the key.
        let target = try table.prepareAssignment(path: key)
        let node = try parseValue(depth: depth)
        target.insertValue(node, for: key[key.count - 1])
    }

    // MARK: - Keys

    /// Parses a simple or dotted key, with surrounding whitespace.
    mutating func parseKey() throws(TOMLError) -> [KeySegment] {
        var segments: [KeySegment] = []
        while true {
            skipWhitespace()
            segments.append(try parseSimpleKey())
            skipWhitespace()
            guard peek() == ASCII.dot else { return segments }
            index += 1
        }
    }

    /// Parses a bare, basic-quoted or literal-quoted key.
    mutating func parseSimpleKey() throws(TOMLError) -> KeySegment {
        let start = index
        let position = currentPosition()
        switch peek() {
        case ASCII.quote:
            if peek(1) == ASCII.quote && peek(2) == ASCII.quote {
                throw error("multi-line strings cannot be used as keys")
            }
            return KeySegment(name: try parseBasicString(), position: position)
        case ASCII.apostrophe:
            if peek(1) == ASCII.apostrophe && peek(2) == ASCII.apostrophe {
                throw error("multi-line strings cannot be used as keys")
            }
            return KeySegment(name: try parseLiteralString(), position: position)
        default:
            while index < bytes.count && ASCII.isBareKey(bytes[index]) { index += 1 }
            guard index > start else {
                throw error("expected a key, found \(describe(at: index))")
            }
            return KeySegment(name: String(decoding: bytes[start..<index], as: UTF8.self), position: position)
        }
    }
}
