import CLibXML2

/// Why an XPath expression could not be used.
public enum XPathError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The expression does not compile; libxml2's message and the offset.
    case invalid(expression: String, message: String, offset: Int)
    /// Evaluation ran past `XPathDocument.operationLimit` (a runaway expression).
    case operationLimit(expression: String)
    /// Any other evaluation failure reported by libxml2.
    case failed(expression: String, message: String)

    public var description: String {
        switch self {
        case let .invalid(expression, message, offset):
            return "invalid XPath '\(expression)' at offset \(offset): \(message)"
        case let .operationLimit(expression):
            return "XPath '\(expression)' exceeded its operation limit"
        case let .failed(expression, message):
            return "XPath '\(expression)' failed: \(message)"
        }
    }
}

/// Messages libxml2 reported through a context's structured error handler.
final class XPathErrorLog {
    var message: String?
    var code: Int32 = 0
    var offset = 0

    /// The callback installed on every XPath context: keeps the first error.
    static let handler: xmlStructuredErrorFunc = { userData, error in
        guard let userData, let error else { return }
        let log = Unmanaged<XPathErrorLog>.fromOpaque(userData).takeUnretainedValue()
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
        if index >= 0 && index < XPathErrorLog.messages.count { return XPathErrorLog.messages[index] }
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

/// An XPath context with our error handler and operation limit, freed on deinit.
final class XPathContext {
    let pointer: xmlXPathContextPtr
    let log = XPathErrorLog()

    init?(document: xmlDocPtr?, operationLimit: UInt) {
        guard let context = xmlXPathNewContext(document) else { return nil }
        pointer = context
        context.pointee.error = XPathErrorLog.handler
        context.pointee.userData = Unmanaged.passUnretained(log).toOpaque()
        context.pointee.opLimit = operationLimit
        context.pointee.opCount = 0
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

/// Checks XPath expressions without a document (for `decruft rules check`).
public enum XPath {
    /// nil when `expression` compiles; else the error with libxml2's message.
    public static func validate(_ expression: String) -> XPathError? {
        LibXML.initialize()
        guard let context = XPathContext(document: nil, operationLimit: XPathDocument.defaultOperationLimit) else {
            return .failed(expression: expression, message: "libxml2 could not create an XPath context")
        }
        do {
            let compiled = try context.compile(expression)
            xmlXPathFreeCompExpr(compiled)
            return nil
        } catch {
            return error
        }
    }
}
