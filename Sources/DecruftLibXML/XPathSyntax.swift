/// An XPath 1.0 expression as a syntax tree, each part with its place in
/// the text (UTF-8 offsets), so that it can be checked and rewritten
/// without changing what it means (see `XPathMeter`).
///
/// ```swift
/// let tree = try XPathSyntax.parse("//p[contains(., 'Ad')]")
/// ```
///
/// NB: libxml2 compiles every rule first and has the final word on what is
/// valid; this parser only has to agree with it on the expressions libxml2
/// accepts (the XPath 1.0 grammar and its token rules, REC-xpath §3).
struct XPathSyntax {
    enum BinaryOperator: Sendable, Equatable {
        case or, and, equal, notEqual, less, lessEqual, greater, greaterEqual, plus, minus, multiply, div, mod

        /// `=`, `!=`, `<`, `<=`, `>`, `>=`: every node of a node-set operand is converted.
        var isComparison: Bool {
            switch self {
            case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return true
            default: return false
            }
        }

        /// `+ - * div mod`: a node-set operand is converted to a number (its first node).
        var isArithmetic: Bool {
            switch self {
            case .plus, .minus, .multiply, .div, .mod: return true
            default: return false
            }
        }
    }

    indirect enum Kind: Sendable, Equatable {
        /// children: left, right.
        case binary(BinaryOperator)
        /// `-x`; child: the operand.
        case negate
        /// `a | b | c`; children: the operands; `separators`: where each `|` is.
        case union(separators: [Range<Int>])
        /// `/a/b`, `a//b`, `/`; children: the steps.
        case locationPath(absolute: Bool)
        /// One step (`.`, `..`, `@x`, `child::p`); children: its predicates.
        case step(axis: String)
        /// A primary expression with predicates (`(//p)[1]`); children: the
        /// primary, then the predicates.
        case filter
        /// A filter expression followed by a relative path (`id('x')/p`);
        /// children: the filter expression, then the steps.
        case filterPath
        case literal
        case number
        case variable(String)
        /// children: the arguments; `closeParen`: the offset of its `)`.
        case call(name: String, closeParen: Int)
        /// `( expr )`; child: the expression.
        case group
    }

    struct Node: Sendable, Equatable {
        var kind: Kind
        var children: [Node] = []
        /// Where the node's text is in the expression (UTF-8 offsets).
        var range: Range<Int>
    }

    struct SyntaxError: Error, Sendable, Equatable {
        var message: String
        var offset: Int
    }

    /// Parses a whole expression.
    static func parse(_ expression: String) throws(SyntaxError) -> Node {
        var parser = XPathSyntax(tokens: try XPathLexer.tokens(Array(expression.utf8)))
        let node = try parser.expression()
        if let extra = parser.peek {
            throw SyntaxError(message: "unexpected \(extra.token) after the expression", offset: extra.range.lowerBound)
        }
        return node
    }

    private let tokens: [XPathLexer.Lexeme]
    private var position = 0

    private init(tokens: [XPathLexer.Lexeme]) {
        self.tokens = tokens
    }

    private var peek: XPathLexer.Lexeme? { position < tokens.count ? tokens[position] : nil }

    private var end: Int { tokens.last?.range.upperBound ?? 0 }

    private mutating func take() -> XPathLexer.Lexeme {
        defer { position += 1 }
        return tokens[position]
    }

    private mutating func expect(_ token: XPathLexer.Token, _ what: String) throws(SyntaxError) -> XPathLexer.Lexeme {
        guard let next = peek, next.token == token else {
            throw SyntaxError(message: "expected \(what)", offset: peek?.range.lowerBound ?? end)
        }
        return take()
    }

    // MARK: - Expressions, loosest first

    private mutating func expression() throws(SyntaxError) -> Node {
        try binary(level: 0)
    }

    /// The binary operators by precedence level, loosest first.
    private static let levels: [[(XPathLexer.Token, BinaryOperator)]] = [
        [(.operatorName("or"), .or)],
        [(.operatorName("and"), .and)],
        [(.equal, .equal), (.notEqual, .notEqual)],
        [(.less, .less), (.lessEqual, .lessEqual), (.greater, .greater), (.greaterEqual, .greaterEqual)],
        [(.plus, .plus), (.minus, .minus)],
        [(.multiply, .multiply), (.operatorName("div"), .div), (.operatorName("mod"), .mod)],
    ]

    /// Left-associative binary operators at `level` and tighter.
    private mutating func binary(level: Int) throws(SyntaxError) -> Node {
        guard level < Self.levels.count else { return try unary() }
        var left = try binary(level: level + 1)
        while let next = peek, let op = Self.levels[level].first(where: { $0.0 == next.token })?.1 {
            position += 1
            let right = try binary(level: level + 1)
            left = Node(kind: .binary(op), children: [left, right], range: left.range.lowerBound..<right.range.upperBound)
        }
        return left
    }

    private mutating func unary() throws(SyntaxError) -> Node {
        if let next = peek, next.token == .minus {
            position += 1
            let operand = try unary()
            return Node(kind: .negate, children: [operand], range: next.range.lowerBound..<operand.range.upperBound)
        }
        return try union()
    }

    private mutating func union() throws(SyntaxError) -> Node {
        let first = try path()
        var operands = [first]
        var separators: [Range<Int>] = []
        while let next = peek, next.token == .pipe {
            position += 1
            separators.append(next.range)
            operands.append(try path())
        }
        guard operands.count > 1 else { return first }
        return Node(kind: .union(separators: separators), children: operands,
                    range: first.range.lowerBound..<operands[operands.count - 1].range.upperBound)
    }

    // MARK: - Paths

    private mutating func path() throws(SyntaxError) -> Node {
        guard let next = peek else { throw SyntaxError(message: "expected an expression", offset: end) }
        switch next.token {
        case .slash, .doubleSlash:
            return try absolutePath()
        case .variable, .leftParen, .literal, .number, .functionName:
            let filter = try filterExpression()
            guard let after = peek, after.token == .slash || after.token == .doubleSlash else { return filter }
            let steps = try relativeSteps(afterSeparator: true)
            return Node(kind: .filterPath, children: [filter] + steps,
                        range: filter.range.lowerBound..<(steps.last?.range.upperBound ?? filter.range.upperBound))
        default:
            let steps = try relativeSteps(afterSeparator: false)
            return Node(kind: .locationPath(absolute: false), children: steps,
                        range: steps[0].range.lowerBound..<steps[steps.count - 1].range.upperBound)
        }
    }

    private mutating func absolutePath() throws(SyntaxError) -> Node {
        let slash = peek!
        var steps: [Node] = []
        if slash.token == .doubleSlash || startsStep(at: position + 1) {
            steps = try relativeSteps(afterSeparator: true)
        } else {
            position += 1
        }
        return Node(kind: .locationPath(absolute: true), children: steps,
                    range: slash.range.lowerBound..<(steps.last?.range.upperBound ?? slash.range.upperBound))
    }

    private func startsStep(at index: Int) -> Bool {
        guard index < tokens.count else { return false }
        switch tokens[index].token {
        case .dot, .dotDot, .at, .axisName, .nameTest, .nodeType: return true
        default: return false
        }
    }

    /// Steps separated by `/` or `//`; with `afterSeparator`, a separator
    /// comes first (an absolute path, or a path after a filter expression).
    /// `//` stands for `/descendant-or-self::node()/`: it adds a step of
    /// that axis (with an empty range).
    private mutating func relativeSteps(afterSeparator: Bool) throws(SyntaxError) -> [Node] {
        var steps: [Node] = []
        var needSeparator = afterSeparator
        while true {
            if needSeparator {
                guard let next = peek, next.token == .slash || next.token == .doubleSlash else { break }
                position += 1
                if next.token == .doubleSlash {
                    steps.append(Node(kind: .step(axis: "descendant-or-self"), range: next.range.upperBound..<next.range.upperBound))
                }
            }
            steps.append(try step())
            needSeparator = true
        }
        return steps
    }

    private mutating func step() throws(SyntaxError) -> Node {
        guard let first = peek else { throw SyntaxError(message: "expected a step", offset: end) }
        switch first.token {
        case .dot:
            position += 1
            return Node(kind: .step(axis: "self"), range: first.range)
        case .dotDot:
            position += 1
            return Node(kind: .step(axis: "parent"), range: first.range)
        default:
            break
        }
        var axis = "child"
        if first.token == .at {
            position += 1
            axis = "attribute"
        } else if case .axisName(let name) = first.token {
            position += 1
            guard Self.axes.contains(name) else { throw SyntaxError(message: "unknown axis '\(name)'", offset: first.range.lowerBound) }
            axis = name
            _ = try expect(.colonColon, "'::'")
        }
        guard let test = peek else { throw SyntaxError(message: "expected a node test", offset: end) }
        var last = test.range.upperBound
        switch test.token {
        case .nameTest:
            position += 1
        case .nodeType(let type):
            position += 1
            _ = try expect(.leftParen, "'('")
            if type == "processing-instruction", let literal = peek, case .literal = literal.token { position += 1 }
            last = try expect(.rightParen, "')'").range.upperBound
        default:
            throw SyntaxError(message: "expected a node test", offset: test.range.lowerBound)
        }
        var predicates: [Node] = []
        while let next = peek, next.token == .leftBracket {
            predicates.append(try self.predicate())
            last = tokens[position - 1].range.upperBound
        }
        return Node(kind: .step(axis: axis), children: predicates, range: first.range.lowerBound..<last)
    }

    static let axes: Set<String> = [
        "ancestor", "ancestor-or-self", "attribute", "child", "descendant", "descendant-or-self", "following",
        "following-sibling", "namespace", "parent", "preceding", "preceding-sibling", "self",
    ]

    /// `[ expr ]`: the expression (its range excludes the brackets).
    private mutating func predicate() throws(SyntaxError) -> Node {
        _ = try expect(.leftBracket, "'['")
        let inner = try expression()
        _ = try expect(.rightBracket, "']'")
        return inner
    }

    // MARK: - Primary expressions

    private mutating func filterExpression() throws(SyntaxError) -> Node {
        let primary = try self.primary()
        var predicates: [Node] = []
        var last = primary.range.upperBound
        while let next = peek, next.token == .leftBracket {
            predicates.append(try self.predicate())
            last = tokens[position - 1].range.upperBound
        }
        guard !predicates.isEmpty else { return primary }
        return Node(kind: .filter, children: [primary] + predicates, range: primary.range.lowerBound..<last)
    }

    private mutating func primary() throws(SyntaxError) -> Node {
        let first = take()
        switch first.token {
        case .variable(let name):
            return Node(kind: .variable(name), range: first.range)
        case .literal:
            return Node(kind: .literal, range: first.range)
        case .number:
            return Node(kind: .number, range: first.range)
        case .leftParen:
            let inner = try expression()
            let close = try expect(.rightParen, "')'")
            return Node(kind: .group, children: [inner], range: first.range.lowerBound..<close.range.upperBound)
        case .functionName(let name):
            _ = try expect(.leftParen, "'('")
            var arguments: [Node] = []
            if let next = peek, next.token != .rightParen {
                arguments.append(try expression())
                while let comma = peek, comma.token == .comma {
                    position += 1
                    arguments.append(try expression())
                }
            }
            let close = try expect(.rightParen, "')' or ','")
            return Node(kind: .call(name: name, closeParen: close.range.lowerBound), children: arguments,
                        range: first.range.lowerBound..<close.range.upperBound)
        default:
            throw SyntaxError(message: "unexpected \(first.token)", offset: first.range.lowerBound)
        }
    }
}
