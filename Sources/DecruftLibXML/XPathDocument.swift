import CLibXML2

/// One element an XPath expression selected: its position among all
/// elements of the page in document order (0 = `<html>`), and its name.
public struct XPathElement: Sendable, Hashable {
    public var ordinal: Int
    /// Lowercase element name.
    public var name: String
    /// Lowercase attribute name, when the expression selected an attribute.
    public var attribute: String?
}

/// A page parsed into libxml2's own tree, for evaluating XPath rules.
///
/// NB: decruft's `DOM` comes from libxml2's SAX events; this tree is built
/// from the same bytes by the same parser (same options, same UTF-8 input),
/// so both see the same elements in the same order, and an element is
/// identified across the two by its document-order ordinal. `DOM.elementNodes`
/// maps an ordinal to a DOM node; callers check the names agree.
public final class XPathDocument {
    /// Evaluation steps allowed per expression (libxml2 `opLimit`): enough for
    /// real selectors on large pages, small enough to stop
    /// `count(//*[count(//*)>0])` in well under a second.
    public static let defaultOperationLimit: UInt = 20_000_000

    /// Bytes of string values one evaluation may read (each node also
    /// costs 1 per node walked; see `XPathMeter`): 64 MiB, tens of
    /// milliseconds of copying. `//*[contains(., 'x')]` reads 13 MB on a
    /// 2.5 MB page; `//*[contains(string(/), 'x')]` would read the whole
    /// page once per element and is stopped after a few dozen.
    public static let defaultTextBudget = 64 << 20

    private let document: xmlDocPtr
    public let operationLimit: UInt
    public let textBudget: Int
    /// What each node's string value costs, measured when first needed.
    private lazy var costs = XPathNodeCosts(document: document)
    /// Whether expressions run metered (see `XPathMeter`); off only in
    /// tests that compare both forms.
    var meters = true
    /// Element node → ordinal, built on first use.
    private var ordinals: [UnsafeMutableRawPointer: Int]?
    public private(set) var elementCount = 0

    /// Parses UTF-8 HTML (already sanitized as for `HTMLParser.parse`).
    public init(utf8 bytes: UnsafeBufferPointer<UInt8>, operationLimit: UInt = XPathDocument.defaultOperationLimit,
                textBudget: Int = XPathDocument.defaultTextBudget) throws(HTMLParseError) {
        guard bytes.count <= HTMLParser.maxInputBytes else {
            throw .tooLarge(bytes: bytes.count, limit: HTMLParser.maxInputBytes)
        }
        LibXML.initialize()
        self.operationLimit = operationLimit
        self.textBudget = textBudget
        // libxml2 refuses to parse zero bytes: an empty page is an empty document.
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            guard let empty = xmlNewDoc(nil) else { throw .parserUnavailable }
            document = empty
            return
        }
        let context = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
            htmlCreateMemoryParserCtxt($0, Int32(bytes.count))
        }
        guard let context else { throw .parserUnavailable }
        defer { htmlFreeParserCtxt(context) }
        htmlCtxtUseOptions(context, HTMLParser.options)
        xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8)
        _ = htmlParseDocument(context)
        guard let document = context.pointee.myDoc else { throw .parserUnavailable }
        context.pointee.myDoc = nil
        self.document = document
    }

    deinit {
        xmlFreeDoc(document)
    }

    /// The elements `expression` selects, in document order. Selected text
    /// or attribute nodes stand for their element.
    public func elements(_ expression: String) throws(XPathError) -> [XPathElement] {
        let nodes = try evaluate(expression)
        let table = ordinalTable()
        var result: [XPathElement] = []
        var seen = Set<String>()
        for node in nodes {
            var element: xmlNodePtr? = node
            var attribute: String?
            if node.pointee.type == XML_ATTRIBUTE_NODE {
                attribute = node.pointee.name.map { String(cString: $0).lowercased() }
            }
            if node.pointee.type != XML_ELEMENT_NODE { element = node.pointee.parent }
            guard let element, element.pointee.type == XML_ELEMENT_NODE,
                  let ordinal = table[UnsafeMutableRawPointer(element)],
                  seen.insert("\(ordinal) \(attribute ?? "")").inserted else { continue }
            let name = element.pointee.name.map { String(cString: $0) } ?? ""
            result.append(XPathElement(ordinal: ordinal, name: name.lowercased(), attribute: attribute))
        }
        return result.sorted { $0.ordinal < $1.ordinal }
    }

    /// The text of the first node `expression` selects (or the string value
    /// of a string/number expression), or nil when it selects nothing.
    public func string(_ expression: String) throws(XPathError) -> String? {
        try withResult(expression) { object in string(of: object) }
    }

    private func string(of object: xmlXPathObjectPtr) -> String? {
        if object.pointee.type == XPATH_NODESET {
            guard let set = object.pointee.nodesetval, set.pointee.nodeNr > 0, let node = set.pointee.nodeTab[0] else {
                return nil
            }
            guard let content = xmlNodeGetContent(node) else { return nil }
            defer { decruft_xml_free(content) }
            return String(cString: content)
        }
        guard let value = xmlXPathCastToString(object) else { return nil }
        defer { decruft_xml_free(value) }
        return String(cString: value)
    }

    private func evaluate(_ expression: String) throws(XPathError) -> [xmlNodePtr] {
        try withResult(expression) { object in nodes(of: object) }
    }

    /// Compiles and evaluates `expression`, metered (see `XPathMeter`),
    /// under the operation limit and the text budget, and hands the result
    /// to `body`; everything is freed afterwards.
    private func withResult<T>(_ expression: String, _ body: (xmlXPathObjectPtr) -> T) throws(XPathError) -> T {
        let budget = XPathBudget(limit: textBudget, costs: costs)
        guard let context = XPathContext(document: document, operationLimit: operationLimit, budget: budget) else {
            throw .failed(expression: expression, message: "libxml2 could not create an XPath context")
        }
        let compiled: xmlXPathCompExprPtr
        do {
            compiled = try context.compile(meters ? try XPath.metered(expression) : expression)
        } catch {
            // NB: rules were checked when loaded; an expression given here
            // directly that libxml2 rejects gets libxml2's message.
            xmlXPathFreeCompExpr(try context.compile(expression))
            if case .invalid = error {
                throw .refused(expression: expression, reason: "decruft cannot meter it (its metered form does not compile)")
            }
            throw error
        }
        defer { xmlXPathFreeCompExpr(compiled) }
        guard let object = xmlXPathCompiledEval(compiled, context.pointer) else {
            throw Self.failure(expression, context)
        }
        defer { xmlXPathFreeObject(object) }
        return body(object)
    }

    private func nodes(of object: xmlXPathObjectPtr) -> [xmlNodePtr] {
        guard object.pointee.type == XPATH_NODESET, let set = object.pointee.nodesetval else { return [] }
        var nodes: [xmlNodePtr] = []
        for k in 0..<Int(set.pointee.nodeNr) {
            if let node = set.pointee.nodeTab[k] { nodes.append(node) }
        }
        return nodes
    }

    private static func failure(_ expression: String, _ context: XPathContext) -> XPathError {
        if let budget = context.log.budget, budget.exceeded { return .textBudget(expression: expression, limit: budget.limit) }
        // XML_XPATH_EXPRESSION_OK + XPATH_OP_LIMIT_EXCEEDED
        if context.log.code == Int32(XML_XPATH_EXPRESSION_OK.rawValue) + Int32(XPATH_OP_LIMIT_EXCEEDED.rawValue) {
            return .operationLimit(expression: expression)
        }
        return .failed(expression: expression, message: context.log.text)
    }

    /// Ordinals of every element, numbered in document order (pre-order),
    /// walking iteratively so deep pages cannot overflow the stack.
    private func ordinalTable() -> [UnsafeMutableRawPointer: Int] {
        if let ordinals { return ordinals }
        var table: [UnsafeMutableRawPointer: Int] = [:]
        var count = 0
        var node: xmlNodePtr? = document.pointee.children
        while let current = node {
            if current.pointee.type == XML_ELEMENT_NODE {
                table[UnsafeMutableRawPointer(current)] = count
                count += 1
            }
            if current.pointee.type == XML_ELEMENT_NODE, let child = current.pointee.children {
                node = child
                continue
            }
            var up: xmlNodePtr? = current
            node = nil
            while let u = up {
                if let next = u.pointee.next {
                    node = next
                    break
                }
                up = u.pointee.parent
                if up.map({ UnsafeMutableRawPointer($0) }) == UnsafeMutableRawPointer(document) { break }
            }
        }
        ordinals = table
        elementCount = count
        return table
    }

    /// How many elements the tree holds.
    public func countElements() -> Int {
        _ = ordinalTable()
        return elementCount
    }
}
