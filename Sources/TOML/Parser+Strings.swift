// The four TOML string forms: basic "…", literal '…', multi-line basic """…"""
// and multi-line literal '''…'''.
//
// Each parser scans the source bytes and copies runs of plain text in bulk;
// a scratch buffer is only used once an escape or line-ending backslash has
// changed the content.

extension Parser {
    /// Parses a single-line basic string; the cursor is on the opening `"`.
    mutating func parseBasicString() throws(TOMLError) -> String {
        let open = index
        index += 1
        var buffer: [UInt8] = []
        var runStart = index
        while index < bytes.count {
            let b = bytes[index]
            switch b {
            case ASCII.quote:
                let text = Parser.finish(&buffer, bytes[runStart..<index])
                index += 1
                return text
            case ASCII.backslash:
                buffer.append(contentsOf: bytes[runStart..<index])
                try parseEscape(into: &buffer)
                runStart = index
            case ASCII.lf, ASCII.cr:
                throw error("unterminated string: missing closing '\"' before the end of the line", at: open)
            default:
                if ASCII.isControl(b) && b != ASCII.tab {
                    throw error("\(describe(at: index)) must be escaped in a string")
                }
                index += 1
            }
        }
        throw error("unterminated string: missing closing '\"' before the end of the file", at: open)
    }

    /// Parses a single-line literal string; the cursor is on the opening `'`.
    mutating func parseLiteralString() throws(TOMLError) -> String {
        let open = index
        index += 1
        let start = index
        while index < bytes.count {
            let b = bytes[index]
            switch b {
            case ASCII.apostrophe:
                let text = String(decoding: bytes[start..<index], as: UTF8.self)
                index += 1
                return text
            case ASCII.lf, ASCII.cr:
                throw error("unterminated string: missing closing \"'\" before the end of the line", at: open)
            default:
                if ASCII.isControl(b) && b != ASCII.tab {
                    throw error("\(describe(at: index)) is not allowed in a literal string")
                }
                index += 1
            }
        }
        throw error("unterminated string: missing closing \"'\" before the end of the file", at: open)
    }

    /// Parses a multi-line basic string; the cursor is on the opening `"""`.
    mutating func parseMultilineBasicString() throws(TOMLError) -> String {
        let openPosition = currentPosition()
        index += 3
        _ = try consumeNewline()  // a newline right after the delimiter is trimmed
        var buffer: [UInt8] = []
        var runStart = index
        while index < bytes.count {
            let b = bytes[index]
            switch b {
            case ASCII.quote:
                if let end = closingDelimiterEnd(ASCII.quote) {
                    let text = Parser.finish(&buffer, bytes[runStart..<(end - 3)])
                    index = end
                    return text
                }
                index += 1
            case ASCII.backslash:
                buffer.append(contentsOf: bytes[runStart..<index])
                if isLineEndingBackslash() {
                    try skipLineEndingBackslash()
                } else {
                    try parseEscape(into: &buffer)
                }
                runStart = index
            case ASCII.lf:
                index += 1
                beginLine()
            case ASCII.cr:
                // Normalise CRLF to LF in the content.
                buffer.append(contentsOf: bytes[runStart..<index])
                _ = try consumeNewline()
                buffer.append(ASCII.lf)
                runStart = index
            default:
                if ASCII.isControl(b) && b != ASCII.tab {
                    throw error("\(describe(at: index)) must be escaped in a string")
                }
                index += 1
            }
        }
        throw TOMLError(position: openPosition, message: "unterminated multi-line string: missing closing '\"\"\"'")
    }

    /// Parses a multi-line literal string; the cursor is on the opening `'''`.
    mutating func parseMultilineLiteralString() throws(TOMLError) -> String {
        let openPosition = currentPosition()
        index += 3
        _ = try consumeNewline()  // a newline right after the delimiter is trimmed
        var buffer: [UInt8] = []
        var runStart = index
        while index < bytes.count {
            let b = bytes[index]
            switch b {
            case ASCII.apostrophe:
                if let end = closingDelimiterEnd(ASCII.apostrophe) {
                    let text = Parser.finish(&buffer, bytes[runStart..<(end - 3)])
                    index = end
                    return text
                }
                index += 1
            case ASCII.lf:
                index += 1
                beginLine()
            case ASCII.cr:
                buffer.append(contentsOf: bytes[runStart..<index])
                _ = try consumeNewline()
                buffer.append(ASCII.lf)
                runStart = index
            default:
                if ASCII.isControl(b) && b != ASCII.tab {
                    throw error("\(describe(at: index)) is not allowed in a literal string")
                }
                index += 1
            }
        }
        throw TOMLError(position: openPosition, message: "unterminated multi-line string: missing closing \"'''\"")
    }

    // MARK: - Helpers

    /// If the cursor starts a closing `"""` / `'''`, returns the offset just
    /// past the delimiter. Up to two extra quotes directly before the
    /// delimiter belong to the content (`"""a""""` is `a"`), so a run of four
    /// or five quotes closes at its end.
    func closingDelimiterEnd(_ quote: UInt8) -> Int? {
        guard peek(1) == quote, peek(2) == quote else { return nil }
        var end = index + 3
        var extra = 0
        while extra < 2 && end < bytes.count && bytes[end] == quote {
            end += 1
            extra += 1
        }
        return end
    }

    /// Whether the backslash at the cursor is followed only by whitespace
    /// up to the end of the line.
    func isLineEndingBackslash() -> Bool {
        var i = index + 1
        while i < bytes.count && (bytes[i] == ASCII.space || bytes[i] == ASCII.tab) { i += 1 }
        guard i < bytes.count else { return false }
        return bytes[i] == ASCII.lf || (bytes[i] == ASCII.cr && i + 1 < bytes.count && bytes[i + 1] == ASCII.lf)
    }

    /// Skips a line-ending backslash and all whitespace and newlines after it.
    mutating func skipLineEndingBackslash() throws(TOMLError) {
        index += 1
        repeat { skipWhitespace() } while try consumeNewline()
    }

    /// Decodes the escape sequence at the cursor (on the backslash) and
    /// appends its UTF-8 encoding to `buffer`.
    mutating func parseEscape(into buffer: inout [UInt8]) throws(TOMLError) {
        let start = index
        guard let c = peek(1) else {
            throw error("unterminated string: the file ends after a backslash")
        }
        index += 2
        switch c {
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case ASCII.quote: buffer.append(ASCII.quote)
        case ASCII.backslash: buffer.append(ASCII.backslash)
        case UInt8(ascii: "u"): try appendUnicodeEscape(digits: 4, escapeStart: start, into: &buffer)
        case UInt8(ascii: "U"): try appendUnicodeEscape(digits: 8, escapeStart: start, into: &buffer)
        default:
            let shown: String
            switch c {
            case 0x21...0x7E: shown = "'\\\(Character(Unicode.Scalar(c)))'"
            default: shown = "'\\' followed by \(describe(at: start + 1))"
            }
            throw error("invalid escape sequence \(shown); valid escapes are \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX", at: start)
        }
    }

    /// Reads the hex digits of `\uXXXX` / `\UXXXXXXXX` (cursor after the `u`).
    mutating func appendUnicodeEscape(digits: Int, escapeStart: Int, into buffer: inout [UInt8]) throws(TOMLError) {
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard let b = peek(), ASCII.isHexDigit(b) else {
                throw error("\\\(digits == 4 ? "u" : "U") escape needs exactly \(digits) hexadecimal digits", at: escapeStart)
            }
            value = value << 4 | ASCII.hexValue(b)
            index += 1
        }
        guard let scalar = Unicode.Scalar(value) else {
            throw error("escape \(Parser.codePoint(value)) is not a Unicode scalar value", at: escapeStart)
        }
        UTF8.encode(scalar) { buffer.append($0) }
    }

    /// Builds the final string: `tail` alone when no escape was seen, else the
    /// buffered content followed by `tail`.
    static func finish(_ buffer: inout [UInt8], _ tail: ArraySlice<UInt8>) -> String {
        if buffer.isEmpty { return String(decoding: tail, as: UTF8.self) }
        buffer.append(contentsOf: tail)
        return String(decoding: buffer, as: UTF8.self)
    }
}
