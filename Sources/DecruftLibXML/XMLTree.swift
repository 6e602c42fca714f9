import CLibXML2

#if canImport(Glibc)
import Glibc
#endif

/// A document in libxml2's tree, freed when the last reference goes.
///
/// NB: internal — libxml2 types never leave this module. Every
/// `XMLTreeElement` holds its tree, so a node never outlives its document.
final class XMLTree {
    let document: xmlDocPtr
    /// The elements in which an entity reference was refused (see
    /// `XMLReadLog.refusals`), and every element around them.
    private(set) var refusedIn: Set<UnsafeMutableRawPointer> = []
    /// Why those elements lost text, for the items that hold them.
    private(set) var refusalReason: String?

    /// Takes ownership of `document`.
    init(_ document: xmlDocPtr) {
        self.document = document
    }

    /// Notes where references were refused while reading (nil: outside
    /// any element), and why.
    func markRefusals(_ nodes: [xmlNodePtr?], reason: String) {
        refusalReason = reason
        for node in nodes {
            var current = node
            while let element = current, element.pointee.type == XML_ELEMENT_NODE,
                  refusedIn.insert(UnsafeMutableRawPointer(element)).inserted {
                current = element.pointee.parent
            }
        }
    }

    deinit {
        xmlFreeDoc(document)
    }

    /// How many of `nodes` lie outside every element `isContainer` accepts.
    func count(_ nodes: [xmlNodePtr?], outside isContainer: (XMLTreeElement) -> Bool) -> Int {
        nodes.filter { node in
            var current = node
            while let element = current, element.pointee.type == XML_ELEMENT_NODE {
                if isContainer(XMLTreeElement(node: element, tree: self)) { return false }
                current = element.pointee.parent
            }
            return true
        }.count
    }

    /// The root element, or nil when libxml2 recovered none.
    var root: XMLTreeElement? {
        xmlDocGetRootElement(document).map { XMLTreeElement(node: $0, tree: self) }
    }
}

/// An element of an `XMLTree`, with the few read-only operations the feed
/// readers need. Walks are iterative, so depth never costs stack.
struct XMLTreeElement {
    let node: xmlNodePtr
    let tree: XMLTree

    /// The local name, e.g. "encoded" for `<content:encoded>`.
    var localName: String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    /// The namespace URI, or nil for an element in no namespace.
    var namespace: String? {
        node.pointee.ns?.pointee.href.map { String(cString: $0) }
    }

    /// Why this element's text is incomplete, when an entity reference was
    /// refused in it or below it (its text lacks what the reference stood for).
    var entityRefusal: String? {
        tree.refusedIn.contains(UnsafeMutableRawPointer(node)) ? tree.refusalReason : nil
    }

    /// The name as written, with its prefix.
    var qualifiedName: String {
        guard let prefix = node.pointee.ns?.pointee.prefix else { return localName }
        return String(cString: prefix) + ":" + localName
    }

    /// Whether this element is `name` in `namespace` (nil: no namespace).
    /// Compared by URI, never by prefix.
    func isElement(_ name: String, _ namespace: String?) -> Bool {
        guard XMLTreeElement.equal(node.pointee.name, name) else { return false }
        let href = node.pointee.ns?.pointee.href
        guard let namespace else { return href == nil }
        return XMLTreeElement.equal(href, namespace)
    }

    /// Whether this element's namespace is one of `namespaces` (nil: none).
    func isElement(_ name: String, in namespaces: [String?]) -> Bool {
        namespaces.contains { isElement(name, $0) }
    }

    /// The element children, in order.
    var children: [XMLTreeElement] {
        var result: [XMLTreeElement] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(XMLTreeElement(node: current, tree: tree)) }
            child = current.pointee.next
        }
        return result
    }

    /// The element children named `name` in `namespace`.
    func children(_ name: String, _ namespace: String?) -> [XMLTreeElement] {
        children.filter { $0.isElement(name, namespace) }
    }

    /// The first element child named `name` in `namespace`.
    func first(_ name: String, _ namespace: String?) -> XMLTreeElement? {
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE {
                let element = XMLTreeElement(node: current, tree: tree)
                if element.isElement(name, namespace) { return element }
            }
            child = current.pointee.next
        }
        return nil
    }

    /// Whether any child is an element (markup rather than only text).
    var hasElementChildren: Bool {
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { return true }
            child = current.pointee.next
        }
        return false
    }

    /// The value of the attribute `name`: in no namespace, or in `namespace`.
    func attribute(_ name: String, namespace: String? = nil) -> String? {
        let value = XMLTreeElement.withXMLChars(name) { name -> UnsafeMutablePointer<xmlChar>? in
            guard let namespace else { return xmlGetNoNsProp(node, name) }
            return XMLTreeElement.withXMLChars(namespace) { xmlGetNsProp(node, name, $0) }
        }
        guard let value else { return nil }
        defer { decruft_xml_free(value) }
        return String(cString: value)
    }

    /// The text of every descendant text node, concatenated (what the
    /// element says, with its markup dropped).
    var text: String {
        var out: [UInt8] = []
        walk(enter: { node in
            switch node.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                XMLTreeElement.append(node.pointee.content, to: &out)
            case XML_ENTITY_REF_NODE:
                appendEntityReference(node, escaped: false, to: &out)
            case XML_ELEMENT_NODE:
                return true
            default:
                break
            }
            return false
        }, leave: { _ in })
        return String(decoding: out, as: UTF8.self)
    }

    /// The children serialized as HTML: element local names (prefixes
    /// dropped), attributes and text escaped, void elements without end
    /// tags, comments and processing instructions left out.
    var markup: String {
        var out: [UInt8] = []
        walk(enter: { node in
            switch node.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                XMLTreeElement.appendEscaped(node.pointee.content, to: &out, quotes: false)
            case XML_ENTITY_REF_NODE:
                appendEntityReference(node, escaped: true, to: &out)
            case XML_ELEMENT_NODE:
                out.append(UInt8(ascii: "<"))
                XMLTreeElement.append(node.pointee.name, to: &out)
                XMLTreeElement.appendAttributes(of: node, to: &out)
                out.append(UInt8(ascii: ">"))
                // A void element has no content and no end tag.
                return !XMLTreeElement.isVoid(node.pointee.name)
            default:
                break
            }
            return false
        }, leave: { node in
            out += [UInt8(ascii: "<"), UInt8(ascii: "/")]
            XMLTreeElement.append(node.pointee.name, to: &out)
            out.append(UInt8(ascii: ">"))
        })
        return String(decoding: out, as: UTF8.self)
    }

    /// `reference` resolved against the `xml:base` in effect here; as
    /// given when none is (the document itself has no URL).
    func resolve(_ reference: String) -> String {
        guard let base = xmlNodeGetBase(tree.document, node) else { return reference }
        defer { decruft_xml_free(base) }
        let resolved = XMLTreeElement.withXMLChars(reference) { xmlBuildURI($0, base) }
        guard let resolved else { return reference }
        defer { decruft_xml_free(resolved) }
        return String(cString: resolved)
    }

    // MARK: - Walking

    /// Visits the descendants in document order without recursion.
    /// `enter` returns true to descend into an element's children (only
    /// elements are ever descended into); `leave` follows for exactly
    /// those elements, after their children.
    private func walk(enter: (xmlNodePtr) -> Bool, leave: (xmlNodePtr) -> Void) {
        var next = node.pointee.children
        while let current = next {
            if enter(current) {
                if let child = current.pointee.children {
                    next = child
                    continue
                }
                leave(current)
            }
            // Climb until a sibling follows, closing the elements we leave.
            var up = current
            next = nil
            while true {
                if let sibling = up.pointee.next {
                    next = sibling
                    break
                }
                guard let parent = up.pointee.parent, parent != node else { break }
                leave(parent)
                up = parent
            }
        }
    }

    // MARK: - Bytes

    /// An entity reference libxml2 left in the tree. With substitution on,
    /// that is one the document never declares, under a DTD that is not
    /// loaded (an HTML entity such as `&nbsp;` in an RSS 0.91 feed): its
    /// character when HTML knows the name. A declared one gives nothing
    /// (refused external entities expand to nothing while parsing, and
    /// leave no reference).
    private func appendEntityReference(_ reference: xmlNodePtr, escaped: Bool, to out: inout [UInt8]) {
        guard let name = reference.pointee.name, xmlGetDocEntity(tree.document, name) == nil,
              let known = htmlEntityLookup(name), let scalar = Unicode.Scalar(known.pointee.value) else { return }
        let utf8 = Array(String(Character(scalar)).utf8)
        if escaped {
            utf8.withUnsafeBufferPointer { XMLTreeElement.appendEscaped($0, to: &out, quotes: false) }
        } else {
            out += utf8
        }
    }

    private static func appendAttributes(of element: xmlNodePtr, to out: inout [UInt8]) {
        var attribute = element.pointee.properties
        while let current = attribute {
            defer { attribute = current.pointee.next }
            out.append(UInt8(ascii: " "))
            if let prefix = current.pointee.ns?.pointee.prefix {
                append(prefix, to: &out)
                out.append(UInt8(ascii: ":"))
            }
            append(current.pointee.name, to: &out)
            out += [UInt8(ascii: "="), UInt8(ascii: "\"")]
            // NB: with entity substitution an attribute holds text nodes only.
            var value = current.pointee.children
            while let text = value {
                if text.pointee.type == XML_TEXT_NODE { appendEscaped(text.pointee.content, to: &out, quotes: true) }
                value = text.pointee.next
            }
            out.append(UInt8(ascii: "\""))
        }
    }

    private static func append(_ string: UnsafePointer<xmlChar>?, to out: inout [UInt8]) {
        guard let string else { return }
        out.append(contentsOf: UnsafeBufferPointer(start: string, count: strlen(UnsafeRawPointer(string).assumingMemoryBound(to: CChar.self))))
    }

    private static func appendEscaped(_ string: UnsafePointer<xmlChar>?, to out: inout [UInt8], quotes: Bool) {
        guard let string else { return }
        let count = strlen(UnsafeRawPointer(string).assumingMemoryBound(to: CChar.self))
        appendEscaped(UnsafeBufferPointer(start: string, count: count), to: &out, quotes: quotes)
    }

    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8], quotes: Bool) {
        out.reserveCapacity(out.count + bytes.count)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "&"): out += Array("&amp;".utf8)
            case UInt8(ascii: "<"): out += Array("&lt;".utf8)
            case UInt8(ascii: ">"): out += Array("&gt;".utf8)
            case UInt8(ascii: "\"") where quotes: out += Array("&quot;".utf8)
            default: out.append(byte)
            }
        }
    }

    /// HTML's void elements, which have no end tag.
    private static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    ]

    private static func isVoid(_ name: UnsafePointer<xmlChar>?) -> Bool {
        guard let name else { return false }
        return voidElements.contains(String(cString: name).lowercased())
    }

    static func equal(_ a: UnsafePointer<xmlChar>?, _ b: String) -> Bool {
        guard let a else { return false }
        return b.withCString { strcmp(UnsafeRawPointer(a).assumingMemoryBound(to: CChar.self), $0) == 0 }
    }

    /// Calls `body` with `string` as a NUL-terminated `xmlChar` pointer.
    static func withXMLChars<T>(_ string: String, _ body: (UnsafePointer<xmlChar>) -> T) -> T {
        string.withCString { body(UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self)) }
    }
}
