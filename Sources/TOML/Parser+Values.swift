// Values: dispatch on the first character, arrays and inline tables.
// Bare scalars (booleans, numbers, date-times) are in Parser+Scalars.swift.

extension Parser {
    /// Parses any value at the cursor. `depth` is the nesting depth of the
    /// enclosing array / inline table (0 at the top level).
    mutating func parseValue(depth: Int) throws(TOMLError) -> TOMLNode {
        let position = currentPosition()
        guard let b = peek() else {
            throw error("expected a value, found end of file")
        }
        let value: TOMLValue
        switch b {
        case ASCII.quote:
            if peek(1) == ASCII.quote && peek(2) == ASCII.quote {
                value = .string(try parseMultilineBasicString())
            } else {
                value = .string(try parseBasicString())
            }
        case ASCII.apostrophe:
            if peek(1) == ASCII.apostrophe && peek(2) == ASCII.apostrophe {
                value = .string(try parseMultilineLiteralString())
            } else {
                value = .string(try parseLiteralString())
            }
        case ASCII.openBracket:
            value = try parseArray(position: position, depth: depth + 1)
        case ASCII.openBrace:
            value = try parseInlineTable(position: position, depth: depth + 1)
        default:
            guard Parser.isBareValueByte(b) else {
                throw error("expected a value, found \(describe(at: index))")
            }
            value = try parseBareValue()
        }
        return TOMLNode(value: value, position: position)
    }

    /// Parses `[ v1, v2, … ]` (cursor on `[`). Newlines, comments and a
    /// trailing comma are allowed; element types may be mixed.
    mutating func parseArray(position: TOMLPosition, depth: Int) throws(TOMLError) -> TOMLValue {
        try checkDepth(depth)
        index += 1
        var elements: [TOMLNode] = []
        while true {
            try skipTrivia()
            guard let b = peek() else { throw unterminated("array", opened: position) }
            if b == ASCII.closeBracket { break }
            elements.append(try parseValue(depth: depth))
            try skipTrivia()
            guard let c = peek() else { throw unterminated("array", opened: position) }
            if c == ASCII.comma {
                index += 1
            } else if c == ASCII.closeBracket {
                break
            } else {
                throw error("expected ',' or ']' after an array element, found \(describe(at: index))")
            }
        }
        index += 1
        return .array(elements)
    }

    /// Parses `{ k = v, … }` (cursor on `{`). TOML 1.0 inline tables are on
    /// one line, have no trailing comma, and are complete once closed.
    mutating func parseInlineTable(position: TOMLPosition, depth: Int) throws(TOMLError) -> TOMLValue {
        try checkDepth(depth)
        index += 1
        let table = TableBuilder(kind: .inline, position: position, depth: depth)
        skipWhitespace()
        if peek() == ASCII.closeBrace {
            index += 1
            return .table(table.freeze())
        }
        while true {
            try rejectInlineTableLineBreak(opened: position)
            try parseKeyValue(into: table, depth: depth)
            skipWhitespace()
            try rejectInlineTableLineBreak(opened: position)
            let c = bytes[index]
            if c == ASCII.closeBrace { break }
            guard c == ASCII.comma else {
                throw error("expected ',' or '}' in inline table, found \(describe(at: index))")
            }
            let comma = index
            index += 1
            skipWhitespace()
            if peek() == ASCII.closeBrace {
                throw error("trailing comma is not allowed in an inline table", at: comma)
            }
        }
        index += 1
        return .table(table.freeze())
    }

    // MARK: - Helpers

    /// Inline tables may not contain newlines or comments, and must be closed.
    private mutating func rejectInlineTableLineBreak(opened position: TOMLPosition) throws(TOMLError) {
        guard let b = peek() else { throw unterminated("inline table", opened: position) }
        switch b {
        case ASCII.lf, ASCII.cr:
            throw error("newlines are not allowed inside an inline table (opened at \(position))")
        case ASCII.hash:
            throw error("comments are not allowed inside an inline table (opened at \(position))")
        default:
            return
        }
    }

    private func checkDepth(_ depth: Int) throws(TOMLError) {
        if depth > Parser.maxNestingDepth {
            throw error("arrays and inline tables are nested more than \(Parser.maxNestingDepth) levels deep")
        }
    }

    /// An "unterminated …" error at the cursor (end of file), citing the opener.
    private func unterminated(_ what: String, opened position: TOMLPosition) -> TOMLError {
        error("unterminated \(what): missing closing '\(what == "array" ? "]" : "}")' for the one opened at \(position)")
    }
}
