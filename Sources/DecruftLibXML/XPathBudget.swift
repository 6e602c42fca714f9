import CLibXML2

/// What one XPath evaluation may read as string values, and what it has
/// read: charged by the metering functions `XPathMeter` puts into every
/// expression, before libxml2 reads the text.
///
/// A node costs the bytes of its string value plus the nodes walked to make
/// it (an element with nothing but empty children still costs its walk).
final class XPathBudget {
    let limit: Int
    private(set) var spent = 0
    private(set) var exceeded = false
    let costs: XPathNodeCosts

    init(limit: Int, costs: XPathNodeCosts) {
        self.limit = limit
        self.costs = costs
    }

    /// Adds `amount`; false (and `exceeded`) once the total passes the limit.
    func charge(_ amount: Int) -> Bool {
        guard amount <= limit - spent else {
            exceeded = true
            spent = limit
            return false
        }
        spent += amount
        return true
    }

    // MARK: - Functions libxml2 calls

    /// Registers the metering functions in `context`.
    static func register(in context: xmlXPathContextPtr) {
        for (name, function) in [(XPathMeter.firstStringFunction, firstString), (XPathMeter.allStringsFunction, allStrings),
                                 (XPathMeter.unionFunction, union)] {
            _ = name.withCString { text in
                text.withMemoryRebound(to: xmlChar.self, capacity: name.utf8.count + 1) {
                    xmlXPathRegisterFunc(context, $0, function)
                }
            }
        }
    }

    /// `decruft-string(nodes)`: charges the first node's string value (the
    /// one libxml2 converts); the argument stays on the stack as the result.
    static let firstString: xmlXPathFunction = { parser, count in
        guard let parser else { return }
        guard count == 1 else { return xmlXPathErr(parser, Int32(XPATH_INVALID_ARITY.rawValue)) }
        guard let budget = budget(of: parser), let top = parser.pointee.value, top.pointee.type == XPATH_NODESET,
              let set = top.pointee.nodesetval, set.pointee.nodeNr > 0 else { return }
        // NB: libxml2 sorts the set the same way before converting it.
        if set.pointee.nodeNr > 1 { xmlXPathNodeSetSort(set) }
        guard let node = set.pointee.nodeTab[0] else { return }
        if !budget.charge(budget.costs.cost(of: node)) { stop(parser) }
    }

    /// `decruft-strings(nodes)`: charges every node's string value (a
    /// comparison or `sum()` converts them all).
    static let allStrings: xmlXPathFunction = { parser, count in
        guard let parser else { return }
        guard count == 1 else { return xmlXPathErr(parser, Int32(XPATH_INVALID_ARITY.rawValue)) }
        guard let budget = budget(of: parser), let top = parser.pointee.value, top.pointee.type == XPATH_NODESET,
              let set = top.pointee.nodesetval else { return }
        for k in 0..<Int(set.pointee.nodeNr) {
            guard let node = set.pointee.nodeTab[k] else { continue }
            if !budget.charge(budget.costs.cost(of: node)) { return stop(parser) }
        }
    }

    /// `decruft-union(a, b, …)`: `a | b | …` with the same nodes in the
    /// same order (each operand's new nodes after the earlier ones, as
    /// libxml2 merges), found with a hash set instead of libxml2 2.9's
    /// pairwise comparison.
    static let union: xmlXPathFunction = { parser, count in
        guard let parser else { return }
        guard count >= 1, Int(parser.pointee.valueNr) >= Int(count) else {
            return xmlXPathErr(parser, Int32(XPATH_STACK_ERROR.rawValue))
        }
        var operands: [xmlXPathObjectPtr] = []
        for _ in 0..<count {
            if let operand = valuePop(parser) { operands.append(operand) }
        }
        defer { for operand in operands { xmlXPathFreeObject(operand) } }
        operands.reverse()
        guard operands.count == Int(count), operands.allSatisfy({ $0.pointee.type == XPATH_NODESET }) else {
            return xmlXPathErr(parser, Int32(XPATH_INVALID_TYPE.rawValue))
        }
        guard let result = xmlXPathNodeSetCreate(nil) else { return xmlXPathErr(parser, Int32(XPATH_MEMORY_ERROR.rawValue)) }
        var seen = Set<NodeIdentity>()
        for operand in operands {
            guard let set = operand.pointee.nodesetval else { continue }
            for k in 0..<Int(set.pointee.nodeNr) {
                guard let node = set.pointee.nodeTab[k], seen.insert(NodeIdentity(node)).inserted else { continue }
                // NB: copies a namespace node (operands own theirs and are freed).
                if xmlXPathNodeSetAddUnique(result, node) < 0 {
                    xmlXPathFreeNodeSet(result)
                    return xmlXPathErr(parser, Int32(XPATH_MEMORY_ERROR.rawValue))
                }
            }
        }
        _ = valuePush(parser, xmlXPathWrapNodeSet(result))
    }

    /// A node as libxml2 tells duplicates apart: namespace nodes in node
    /// sets are copies, equal when they belong to the same element and
    /// bind the same prefix.
    private struct NodeIdentity: Hashable {
        var pointer: UnsafeMutableRawPointer?
        var prefix: String?

        init(_ node: xmlNodePtr) {
            if node.pointee.type == XML_NAMESPACE_DECL {
                let namespace = UnsafeMutableRawPointer(node).assumingMemoryBound(to: xmlNs.self)
                // libxml2 keeps the owning element in a copy's `next`.
                pointer = namespace.pointee.next.map { UnsafeMutableRawPointer($0) }
                prefix = namespace.pointee.prefix.map { String(cString: $0) } ?? ""
            } else {
                pointer = UnsafeMutableRawPointer(node)
            }
        }
    }

    private static func budget(of parser: xmlXPathParserContextPtr) -> XPathBudget? {
        guard let context = parser.pointee.context, let state = context.pointee.userData else { return nil }
        return Unmanaged<XPathContextState>.fromOpaque(state).takeUnretainedValue().budget
    }

    /// Ends the evaluation: every later step fails the operation limit too.
    private static func stop(_ parser: xmlXPathParserContextPtr) {
        if let context = parser.pointee.context { context.pointee.opCount = context.pointee.opLimit }
        xmlXPathErr(parser, Int32(XPATH_OP_LIMIT_EXCEEDED.rawValue))
    }
}

/// The cost of each node's string value in one document, measured once.
final class XPathNodeCosts {
    private let document: xmlDocPtr
    /// Element (and document) → bytes of text under it + nodes under it.
    private var subtrees: [UnsafeMutableRawPointer: Int]?

    init(document: xmlDocPtr) {
        self.document = document
    }

    /// What reading `node`'s string value costs.
    func cost(of node: xmlNodePtr) -> Int {
        switch node.pointee.type {
        case XML_ELEMENT_NODE, XML_DOCUMENT_NODE, XML_HTML_DOCUMENT_NODE, XML_DOCUMENT_FRAG_NODE:
            return table()[UnsafeMutableRawPointer(node)] ?? 1
        case XML_ATTRIBUTE_NODE:
            var total = 1
            var child = node.pointee.children
            while let text = child {
                total += Self.length(text.pointee.content) + 1
                child = text.pointee.next
            }
            return total
        case XML_NAMESPACE_DECL:
            // NB: an xmlNs, not an xmlNode: only its type may be read as one.
            return 1
        default:
            return Self.length(node.pointee.content) + 1
        }
    }

    private static func length(_ text: UnsafeMutablePointer<xmlChar>?) -> Int {
        guard let text else { return 0 }
        return Int(xmlStrlen(text))
    }

    /// Every element's subtree cost, in one walk (iterative: no stack depth).
    private func table() -> [UnsafeMutableRawPointer: Int] {
        if let subtrees { return subtrees }
        var table: [UnsafeMutableRawPointer: Int] = [:]
        // The totals of the elements entered and not yet left (the document first).
        var open: [(node: UnsafeMutableRawPointer, total: Int)] = [(UnsafeMutableRawPointer(document), 1)]
        var next: xmlNodePtr? = document.pointee.children
        while let current = next {
            let isElement = current.pointee.type == XML_ELEMENT_NODE
            if isElement {
                open.append((UnsafeMutableRawPointer(current), 1))
                if let child = current.pointee.children {
                    next = child
                    continue
                }
            } else {
                let text = current.pointee.type == XML_TEXT_NODE || current.pointee.type == XML_CDATA_SECTION_NODE
                open[open.count - 1].total += 1 + (text ? Self.length(current.pointee.content) : 0)
            }
            // Leave finished elements until one has a next sibling.
            var node = current
            while true {
                if node.pointee.type == XML_ELEMENT_NODE {
                    let finished = open.removeLast()
                    table[finished.node] = finished.total
                    open[open.count - 1].total += finished.total
                }
                if let sibling = node.pointee.next {
                    next = sibling
                    break
                }
                guard let parent = node.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else {
                    next = nil
                    break
                }
                node = parent
            }
        }
        table[UnsafeMutableRawPointer(document)] = open[0].total
        subtrees = table
        return table
    }
}
