import CLibXML2

/// Why an XPath expression could not be used.
public enum XPathError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The expression does not compile; libxml2's message and the offset.
    case invalid(expression: String, message: String, offset: Int)
    /// The expression compiles but cannot be run within a budget (see
    /// `XPathMeter`): a variable, an unknown function, a needle read from
    /// the page…; `reason` says which.
    case refused(expression: String, reason: String)
    /// Evaluation ran past `XPathDocument.operationLimit` (a runaway expression).
    case operationLimit(expression: String)
    /// Evaluation read more than `limit` bytes of string values (text under
    /// the nodes it converted; see `XPathDocument.textBudget`).
    case textBudget(expression: String, limit: Int)
    /// Any other evaluation failure reported by libxml2.
    case failed(expression: String, message: String)

    public var description: String {
        switch self {
        case let .invalid(expression, message, offset):
            return "invalid XPath '\(expression)' at offset \(offset): \(message)"
        case let .refused(expression, reason):
            return "XPath '\(expression)' is refused: \(reason)"
        case let .operationLimit(expression):
            return "XPath '\(expression)' exceeded its operation limit; rule skipped"
        case let .textBudget(expression, limit):
            return "XPath '\(expression)' read more than its budget of \(limit >> 20) MiB of text on this page "
                + "(string values of the nodes it converts); rule skipped"
        case let .failed(expression, message):
            return "XPath '\(expression)' failed: \(message)"
        }
    }
}

/// What an XPath context reports back: the first error libxml2 raised
/// through its structured error handler, and the text budget of the
/// evaluation (reached by the metering functions through `userData`).
final class XPathContextState {
    var message: String?
    var code: Int32 = 0
    var offset = 0
    /// nil when the context only compiles.
    var budget: XPathBudget?

    /// The callback installed on every XPath context: keeps the first error.
    static let handler: xmlStructuredErrorFunc = { userData, error in
        guard let userData, let error else { return }
        let log = Unmanaged<XPathContextState>.fromOpaque(userData).takeUnretainedValue()
        guard log.message == nil else { return }
        log.code = error.pointee.code
        log.offset = Int(error.pointee.int1)
        let text = error.pointee.message.map { String(cString: $0) } ?? ""
        log.message = text.trimmingCharacters(in: [" ", "\n"])
    }

    /// libxml2's message. NB: libxml2 2.9 hands a context's handler an
    /// error without its message text, so the text comes from the code.
    var text: String {
        if let message, !message.isEmpty { return message }
        let index = Int(code) - Int(XML_XPATH_EXPRESSION_OK.rawValue)
        if index >= 0 && index < XPathContextState.messages.count { return XPathContextState.messages[index] }
        return "XPath error \(code)"
    }

    /// libxml2's XPath error messages, indexed by `xmlXPathError` code.
    static let messages = [
        "Ok", "Number encoding", "Unfinished literal", "Start of literal", "Expected $ for variable reference",
        "Undefined variable", "Invalid predicate", "Invalid expression", "Missing closing curly brace",
        "Unregistered function", "Invalid operand", "Invalid type", "Invalid number of arguments",
        "Invalid context size", "Invalid context position", "Memory allocation error", "Syntax error",
        "Resource error", "Sub resource error", "Undefined namespace prefix", "Encoding error",
        "Char out of XML range", "Invalid or incomplete context", "Stack usage error", "Forbidden variable",
        "Operation limit exceeded", "Recursion limit exceeded",
    ]
}

/// An XPath context with our error handler, operation limit and (to
/// evaluate) text budget and metering functions, freed on deinit.
final class XPathContext {
    let pointer: xmlXPathContextPtr
    let log = XPathContextState()

    init?(document: xmlDocPtr?, operationLimit: UInt, budget: XPathBudget? = nil) {
        guard let context = xmlXPathNewContext(document) else { return nil }
        pointer = context
        context.pointee.error = XPathContextState.handler
        context.pointee.userData = Unmanaged.passUnretained(log).toOpaque()
        context.pointee.opLimit = operationLimit
        context.pointee.opCount = 0
        log.budget = budget
        if budget != nil { XPathBudget.register(in: context) }
    }

    deinit {
        xmlXPathFreeContext(pointer)
    }

    /// Compiles `expression` in this context.
    func compile(_ expression: String) throws(XPathError) -> xmlXPathCompExprPtr {
        log.message = nil
        let compiled = expression.withCString { text in
            text.withMemoryRebound(to: xmlChar.self, capacity: expression.utf8.count + 1) {
                xmlXPathCtxtCompile(pointer, $0)
            }
        }
        guard let compiled else {
            throw .invalid(expression: expression, message: log.text, offset: log.offset)
        }
        return compiled
    }
}

extension Array where Element == Character {
    func contains(_ c: Character) -> Bool { firstIndex(of: c) != nil }
}

extension String {
    func trimmingCharacters(in set: [Character]) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

/// Checks XPath expressions without a document (rule loading, `decruft
/// rules check`).
public enum XPath {
    /// nil when `expression` compiles and can run within a budget (see
    /// `XPathMeter`); else the error with libxml2's message or the reason
    /// it is refused.
    public static func validate(_ expression: String) -> XPathError? {
        LibXML.initialize()
        guard let context = XPathContext(document: nil, operationLimit: XPathDocument.defaultOperationLimit) else {
            return .failed(expression: expression, message: "libxml2 could not create an XPath context")
        }
        do {
            xmlXPathFreeCompExpr(try context.compile(expression))
            let metered = try XPath.metered(expression)
            // NB: the form that runs must compile too (it does whenever the
            // two parsers agree on the expression).
            do {
                xmlXPathFreeCompExpr(try context.compile(metered))
            } catch {
                return .refused(expression: expression, reason: "decruft cannot meter it (its metered form '\(metered)' does not compile)")
            }
            return nil
        } catch {
            return error
        }
    }

    /// The form of `expression` that runs (see `XPathMeter`).
    static func metered(_ expression: String) throws(XPathError) -> String {
        do {
            return try XPathMeter.metered(expression)
        } catch {
            throw .refused(expression: expression, reason: error.reason)
        }
    }
}
