/// Puts a rule's XPath under a fixed work budget.
///
/// libxml2's operation limit counts the steps of an evaluation and the
/// nodes it visits, but not the text it reads: the string value of an
/// element is all the text under it, so `//*[contains(string(/), 'x')]`
/// copies the whole page once per element while counting one step each
/// (52 s on a 1.3 MB page). Nor does it count the work of a union, which
/// libxml2 2.9 merges in time quadratic in the sizes of its operands.
///
/// So before an expression is compiled, every place where it converts a
/// node set to a string or a number — a comparison (`. = 'x'`), arithmetic,
/// an argument of `string()`, `contains()`, `sum()`… and the context node
/// of `string()`, `normalize-space()`, `string-length()`, `number()` with
/// no argument — is routed through a metering function that charges the
/// size of the text about to be read (and the nodes walked to read it), and
/// every union through a function that merges in linear time:
///
///     //p[. = 'Ad'] | //div[contains(@class, 'ad')]
///     decruft-union(//p[decruft-strings(.) = 'Ad'] , //div[contains(decruft-string(@class), 'ad')])
///
/// The metering functions return their argument unchanged, so the meaning
/// is the same; an evaluation that charges more than its budget
/// (`XPathDocument.textBudget`) stops, and the rule is skipped with a
/// warning. What cannot be metered is refused when the rule is loaded:
/// variables (rules define none), unknown functions and wrong argument
/// counts, `lang()`, and a needle read from the page (the second argument
/// of `contains()`, `substring-before()`, `substring-after()`, the
/// character maps of `translate()`, the argument of `id()`), whose search
/// costs the product of two lengths.
enum XPathMeter {
    /// Charges the string value of its node-set argument's first node (in
    /// document order); returns the argument.
    static let firstStringFunction = "decruft-string"
    /// Charges the string values of every node of its argument; returns it.
    static let allStringsFunction = "decruft-strings"
    /// The union of its node-set arguments, in linear time.
    static let unionFunction = "decruft-union"

    /// How a function uses an argument.
    enum Use {
        /// Not converted to a string (a count, a boolean, a name).
        case none
        /// Converted: the string value of its first node.
        case first
        /// Converted: the string value of every node.
        case all
        /// Must not read the page at all.
        case constant
    }

    struct Signature {
        var minArguments: Int
        var maxArguments: Int
        /// By argument position; the last one repeats (`concat`).
        var uses: [Use]
        /// With no argument, the function reads the context node's string value.
        var readsContextNode = false

        func use(_ index: Int) -> Use { uses.isEmpty ? .none : uses[min(index, uses.count - 1)] }
    }

    /// XPath 1.0's core functions (libxml2 registers no others in our contexts).
    static let functions: [String: Signature] = [
        "last": Signature(minArguments: 0, maxArguments: 0, uses: []),
        "position": Signature(minArguments: 0, maxArguments: 0, uses: []),
        "count": Signature(minArguments: 1, maxArguments: 1, uses: [.none]),
        "id": Signature(minArguments: 1, maxArguments: 1, uses: [.constant]),
        "local-name": Signature(minArguments: 0, maxArguments: 1, uses: [.none]),
        "namespace-uri": Signature(minArguments: 0, maxArguments: 1, uses: [.none]),
        "name": Signature(minArguments: 0, maxArguments: 1, uses: [.none]),
        "string": Signature(minArguments: 0, maxArguments: 1, uses: [.first], readsContextNode: true),
        "concat": Signature(minArguments: 2, maxArguments: .max, uses: [.first]),
        "starts-with": Signature(minArguments: 2, maxArguments: 2, uses: [.first, .first]),
        "contains": Signature(minArguments: 2, maxArguments: 2, uses: [.first, .constant]),
        "substring-before": Signature(minArguments: 2, maxArguments: 2, uses: [.first, .constant]),
        "substring-after": Signature(minArguments: 2, maxArguments: 2, uses: [.first, .constant]),
        "substring": Signature(minArguments: 2, maxArguments: 3, uses: [.first]),
        "string-length": Signature(minArguments: 0, maxArguments: 1, uses: [.first], readsContextNode: true),
        "normalize-space": Signature(minArguments: 0, maxArguments: 1, uses: [.first], readsContextNode: true),
        "translate": Signature(minArguments: 3, maxArguments: 3, uses: [.first, .constant, .constant]),
        "boolean": Signature(minArguments: 1, maxArguments: 1, uses: [.none]),
        "not": Signature(minArguments: 1, maxArguments: 1, uses: [.none]),
        "true": Signature(minArguments: 0, maxArguments: 0, uses: []),
        "false": Signature(minArguments: 0, maxArguments: 0, uses: []),
        "number": Signature(minArguments: 0, maxArguments: 1, uses: [.first], readsContextNode: true),
        "sum": Signature(minArguments: 1, maxArguments: 1, uses: [.all]),
        "floor": Signature(minArguments: 1, maxArguments: 1, uses: [.first]),
        "ceiling": Signature(minArguments: 1, maxArguments: 1, uses: [.first]),
        "round": Signature(minArguments: 1, maxArguments: 1, uses: [.first]),
    ]

    /// Why an expression cannot be metered.
    struct Refusal: Error, Sendable, Equatable {
        var reason: String
    }

    /// `expression` with its string conversions metered and its unions
    /// linear, or why it cannot be.
    static func metered(_ expression: String) throws(Refusal) -> String {
        let tree: XPathSyntax.Node
        do {
            tree = try XPathSyntax.parse(expression)
        } catch {
            throw Refusal(reason: "decruft cannot read it (\(error.message) at offset \(error.offset))")
        }
        var rewriter = Rewriter()
        try rewriter.visit(tree)
        return rewriter.apply(to: expression)
    }

    /// Collects the insertions that meter an expression, checking it on the way.
    private struct Rewriter {
        /// Text to put in place of a range (an empty range inserts), in the
        /// order found. NB: at one offset, what is found first goes first: an
        /// outer wrapper opens before an inner one and closes after it.
        var edits: [(range: Range<Int>, text: String)] = []

        mutating func visit(_ node: XPathSyntax.Node) throws(Refusal) {
            switch node.kind {
            case .binary(let op) where op.isComparison:
                for child in node.children { try convert(child, .all) }
            case .binary(let op) where op.isArithmetic:
                for child in node.children { try convert(child, .first) }
            case .negate:
                try convert(node.children[0], .first)
            case .union(let separators):
                insert("\(XPathMeter.unionFunction)(", at: node.range.lowerBound)
                for (k, child) in node.children.enumerated() {
                    if k > 0 { edits.append((separators[k - 1], ",")) }
                    try visit(child)
                }
                insert(")", at: node.range.upperBound)
            case .variable(let name):
                throw Refusal(reason: "it uses the variable $\(name), and rules define none")
            case .call(let name, let closeParen):
                try call(node, name: name, closeParen: closeParen)
            case .binary, .locationPath, .step, .filter, .filterPath, .group, .literal, .number:
                for child in node.children { try visit(child) }
            }
        }

        private mutating func call(_ node: XPathSyntax.Node, name: String, closeParen: Int) throws(Refusal) {
            if name == "lang" {
                throw Refusal(reason: "lang() reads xml:lang, which HTML pages do not carry (use ancestor-or-self::*[@lang][1]/@lang)")
            }
            guard let signature = XPathMeter.functions[name] else {
                throw Refusal(reason: "it calls \(name)(), which is not an XPath 1.0 function")
            }
            let count = node.children.count
            guard count >= signature.minArguments && count <= signature.maxArguments else {
                let wanted = signature.minArguments == signature.maxArguments ? "\(signature.minArguments)"
                    : signature.maxArguments == .max ? "at least \(signature.minArguments)"
                    : "\(signature.minArguments) or \(signature.maxArguments)"
                throw Refusal(reason: "\(name)() takes \(wanted) argument\(wanted == "1" ? "" : "s"), not \(count)")
            }
            if count == 0 && signature.readsContextNode {
                insert("\(XPathMeter.firstStringFunction)(.)", at: closeParen)
            }
            for (k, argument) in node.children.enumerated() {
                let use = signature.use(k)
                if use == .constant, !XPathMeter.isConstant(argument) {
                    throw Refusal(reason: "argument \(k + 1) of \(name)() reads the page; it must be a constant string "
                        + "(a search for text read from the page costs the product of two lengths)")
                }
                try convert(argument, use)
            }
        }

        /// Visits an operand that `use` converts, metering it when it is a node set.
        private mutating func convert(_ node: XPathSyntax.Node, _ use: Use) throws(Refusal) {
            let function: String
            switch use {
            case .first: function = XPathMeter.firstStringFunction
            case .all: function = XPathMeter.allStringsFunction
            case .none, .constant: return try visit(node)
            }
            guard XPathMeter.isNodeSet(node) else { return try visit(node) }
            insert("\(function)(", at: node.range.lowerBound)
            try visit(node)
            insert(")", at: node.range.upperBound)
        }

        private mutating func insert(_ text: String, at offset: Int) {
            edits.append((offset..<offset, text))
        }

        func apply(to expression: String) -> String {
            guard !edits.isEmpty else { return expression }
            let bytes = Array(expression.utf8)
            // Stable: equal offsets keep the order they were found in.
            let ordered = edits.enumerated().sorted {
                ($0.element.range.lowerBound, $0.offset) < ($1.element.range.lowerBound, $1.offset)
            }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + edits.count * 16)
            var k = 0
            for (_, edit) in ordered {
                out += bytes[k..<edit.range.lowerBound]
                out += Array(edit.text.utf8)
                k = edit.range.upperBound
            }
            out += bytes[k...]
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Whether `node` evaluates to a node set (whose conversion reads text).
    static func isNodeSet(_ node: XPathSyntax.Node) -> Bool {
        switch node.kind {
        case .locationPath, .filter, .filterPath, .union, .variable: return true
        case .group: return isNodeSet(node.children[0])
        case .call(let name, _): return name == "id"
        case .binary, .negate, .literal, .number, .step: return false
        }
    }

    /// Whether `node` is computed from constants alone (it reads nothing of
    /// the page, not even the context node).
    static func isConstant(_ node: XPathSyntax.Node) -> Bool {
        switch node.kind {
        case .literal, .number: return true
        case .binary, .negate, .group: return node.children.allSatisfy(isConstant)
        case .call(let name, _):
            guard let signature = functions[name], constantFunctions.contains(name) else { return false }
            if node.children.isEmpty && signature.readsContextNode { return false }
            return node.children.allSatisfy(isConstant)
        case .locationPath, .step, .filter, .filterPath, .union, .variable: return false
        }
    }

    /// Functions whose value depends on their arguments only.
    private static let constantFunctions: Set<String> = [
        "string", "concat", "starts-with", "contains", "substring-before", "substring-after", "substring",
        "string-length", "normalize-space", "translate", "boolean", "not", "true", "false", "number", "floor",
        "ceiling", "round",
    ]
}
