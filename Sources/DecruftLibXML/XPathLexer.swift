/// Splits an XPath 1.0 expression into tokens, with the specification's
/// rules for telling operators from names (REC-xpath §3.7): after a token
/// that ends an operand, `*` is multiplication and a name is `and`, `or`,
/// `div` or `mod`; otherwise a name followed by `(` is a function or node
/// type, one followed by `::` an axis, and anything else a name test.
enum XPathLexer {
    enum Token: Sendable, Equatable, CustomStringConvertible {
        case leftParen, rightParen, leftBracket, rightBracket, dot, dotDot, at, comma, colonColon
        case slash, doubleSlash, pipe, plus, minus, equal, notEqual, less, lessEqual, greater, greaterEqual
        /// `*` as multiplication.
        case multiply
        /// `and`, `or`, `div`, `mod`.
        case operatorName(String)
        /// `*`, `prefix:*` or a (qualified) name.
        case nameTest(String)
        /// `comment`, `text`, `processing-instruction`, `node` before `(`.
        case nodeType(String)
        case functionName(String)
        case axisName(String)
        case literal
        case number
        /// `$name`, without the `$`.
        case variable(String)

        public var description: String {
            switch self {
            case .leftParen: return "'('"
            case .rightParen: return "')'"
            case .leftBracket: return "'['"
            case .rightBracket: return "']'"
            case .dot: return "'.'"
            case .dotDot: return "'..'"
            case .at: return "'@'"
            case .comma: return "','"
            case .colonColon: return "'::'"
            case .slash: return "'/'"
            case .doubleSlash: return "'//'"
            case .pipe: return "'|'"
            case .plus: return "'+'"
            case .minus: return "'-'"
            case .equal: return "'='"
            case .notEqual: return "'!='"
            case .less: return "'<'"
            case .lessEqual: return "'<='"
            case .greater: return "'>'"
            case .greaterEqual: return "'>='"
            case .multiply: return "'*'"
            case .operatorName(let name), .nameTest(let name), .nodeType(let name), .axisName(let name):
                return "'\(name)'"
            case .functionName(let name): return "'\(name)('"
            case .literal: return "a string"
            case .number: return "a number"
            case .variable(let name): return "'$\(name)'"
            }
        }

        /// Whether a token of this kind leaves the lexer expecting an
        /// operand next (so that `*` and names there are not operators).
        var expectsOperand: Bool {
            switch self {
            case .at, .colonColon, .leftParen, .leftBracket, .comma, .slash, .doubleSlash, .pipe, .plus, .minus,
                 .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .multiply, .operatorName:
                return true
            default:
                return false
            }
        }
    }

    struct Lexeme: Sendable, Equatable {
        var token: Token
        /// UTF-8 offsets in the expression.
        var range: Range<Int>
    }

    /// The tokens of `text` (UTF-8), whitespace dropped.
    static func tokens(_ text: [UInt8]) throws(XPathSyntax.SyntaxError) -> [Lexeme] {
        var tokens: [Lexeme] = []
        var i = 0
        while i < text.count {
            let c = text[i]
            if isSpace(c) {
                i += 1
                continue
            }
            let start = i
            // An operand ends before this token: `*` and names are operators.
            let afterOperand = tokens.last.map { !$0.token.expectsOperand } ?? false
            var token: Token
            switch c {
            case ascii("("): token = .leftParen; i += 1
            case ascii(")"): token = .rightParen; i += 1
            case ascii("["): token = .leftBracket; i += 1
            case ascii("]"): token = .rightBracket; i += 1
            case ascii("@"): token = .at; i += 1
            case ascii(","): token = .comma; i += 1
            case ascii("|"): token = .pipe; i += 1
            case ascii("+"): token = .plus; i += 1
            case ascii("-"): token = .minus; i += 1
            case ascii("="): token = .equal; i += 1
            case ascii("/"):
                let double = i + 1 < text.count && text[i + 1] == ascii("/")
                token = double ? .doubleSlash : .slash
                i += double ? 2 : 1
            case ascii("!"):
                guard i + 1 < text.count, text[i + 1] == ascii("=") else {
                    throw XPathSyntax.SyntaxError(message: "'!' without '='", offset: i)
                }
                token = .notEqual
                i += 2
            case ascii("<"), ascii(">"):
                let orEqual = i + 1 < text.count && text[i + 1] == ascii("=")
                token = c == ascii("<") ? (orEqual ? .lessEqual : .less) : (orEqual ? .greaterEqual : .greater)
                i += orEqual ? 2 : 1
            case ascii(":"):
                guard i + 1 < text.count, text[i + 1] == ascii(":") else {
                    throw XPathSyntax.SyntaxError(message: "':' outside a name", offset: i)
                }
                token = .colonColon
                i += 2
            case ascii("\""), ascii("'"):
                guard let close = text[(i + 1)...].firstIndex(of: c) else {
                    throw XPathSyntax.SyntaxError(message: "unfinished string", offset: i)
                }
                token = .literal
                i = close + 1
            case ascii("."):
                if i + 1 < text.count, text[i + 1] == ascii(".") {
                    token = .dotDot
                    i += 2
                } else if i + 1 < text.count, isDigit(text[i + 1]) {
                    i = number(text, from: i)
                    token = .number
                } else {
                    token = .dot
                    i += 1
                }
            case ascii("$"):
                let end = qualifiedName(text, from: i + 1)
                guard end > i + 1 else { throw XPathSyntax.SyntaxError(message: "'$' without a name", offset: i) }
                token = .variable(String(decoding: text[(i + 1)..<end], as: UTF8.self))
                i = end
            case ascii("*"):
                token = afterOperand ? .multiply : .nameTest("*")
                i += 1
            default:
                if isDigit(c) {
                    i = number(text, from: i)
                    token = .number
                    break
                }
                guard isNameStart(c) else {
                    throw XPathSyntax.SyntaxError(message: "unexpected character '\(String(decoding: [c], as: UTF8.self))'", offset: i)
                }
                let end = qualifiedName(text, from: i)
                let name = String(decoding: text[i..<end], as: UTF8.self)
                i = end
                token = try classify(name, at: start, afterOperand: afterOperand, next: nextSignificant(text, from: i))
            }
            tokens.append(Lexeme(token: token, range: start..<i))
        }
        return tokens
    }

    /// A name's role, from the token before it and the characters after it.
    private static func classify(_ name: String, at offset: Int, afterOperand: Bool,
                                 next: (UInt8?, UInt8?)) throws(XPathSyntax.SyntaxError) -> Token {
        if afterOperand {
            guard ["and", "or", "div", "mod"].contains(name) else {
                throw XPathSyntax.SyntaxError(message: "'\(name)' where an operator is expected", offset: offset)
            }
            return .operatorName(name)
        }
        if next.0 == ascii("(") {
            return ["comment", "text", "processing-instruction", "node"].contains(name) ? .nodeType(name) : .functionName(name)
        }
        if next.0 == ascii(":"), next.1 == ascii(":") { return .axisName(name) }
        return .nameTest(name)
    }

    /// The first two characters after `index` that are not whitespace.
    private static func nextSignificant(_ text: [UInt8], from index: Int) -> (UInt8?, UInt8?) {
        var k = index
        while k < text.count, isSpace(text[k]) { k += 1 }
        return (k < text.count ? text[k] : nil, k + 1 < text.count ? text[k + 1] : nil)
    }

    /// The end of `NCName`, `NCName:NCName` or `NCName:*` starting at `start`.
    private static func qualifiedName(_ text: [UInt8], from start: Int) -> Int {
        guard start < text.count, isNameStart(text[start]) else { return start }
        var k = start + 1
        while k < text.count, isNameByte(text[k]) { k += 1 }
        // `prefix:local` or `prefix:*`, but not the axis separator `::`.
        if k + 1 < text.count, text[k] == ascii(":") {
            if text[k + 1] == ascii("*") { return k + 2 }
            if isNameStart(text[k + 1]) {
                k += 2
                while k < text.count, isNameByte(text[k]) { k += 1 }
            }
        }
        return k
    }

    /// The end of `Digits ('.' Digits?)?` or `'.' Digits` starting at `start`.
    private static func number(_ text: [UInt8], from start: Int) -> Int {
        var k = start
        while k < text.count, isDigit(text[k]) { k += 1 }
        if k < text.count, text[k] == ascii(".") {
            k += 1
            while k < text.count, isDigit(text[k]) { k += 1 }
        }
        return k
    }

    private static func ascii(_ scalar: Unicode.Scalar) -> UInt8 { UInt8(ascii: scalar) }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    /// NB: every non-ASCII byte counts as a name character; libxml2 checks
    /// the exact Unicode classes when it compiles.
    private static func isNameStart(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == ascii("_") || c >= 0x80
    }

    private static func isNameByte(_ c: UInt8) -> Bool {
        isNameStart(c) || isDigit(c) || c == ascii(".") || c == ascii("-")
    }
}
