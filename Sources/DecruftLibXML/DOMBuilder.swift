import CLibXML2

#if canImport(Glibc)
import Glibc
#endif

/// Receives libxml2's SAX events and appends nodes to a `DOM`.
final class DOMBuilder {
    private var dom = DOM()
    /// Open elements: a node index, or -1 for an element that got no node
    /// (inside `<head>`, `<script>`…). libxml2 balances every start with an end.
    private var stack: [Int32] = []
    /// How many open elements are never-content (their subtree gets no nodes).
    private var skipDepth = 0
    private var capture = Capture.none
    private var captured: [UInt8] = []
    /// The text node that the next characters may extend, or -1.
    private var openText: Int32 = -1
    /// Tag per interned name pointer (libxml2 keeps names in a dictionary).
    private var tagCache: [UnsafeRawPointer: HTMLTag] = [:]
    private var sawBody = false

    /// Hard cap on nodes, far above real pages, so hostile input stays bounded.
    static let maxNodes = 4_000_000

    enum Capture {
        case none, title, jsonLD
    }

    init() {
        dom.nodes.reserveCapacity(4096)
        dom.text.reserveCapacity(64 * 1024)
        // The root: a pseudo-element that holds everything.
        dom.nodes.append(DOMNode(tag: .unknown, flags: [], parent: -1, subtreeEnd: 0, textStart: 0,
                                 textLength: 0, attributeStart: 0, attributeLength: 0, depth: 0))
        stack.append(0)
    }

    func finish() -> DOM {
        // Close whatever a truncated page left open.
        while stack.count > 1 { endElement() }
        dom.nodes[0].subtreeEnd = Int32(dom.nodes.count)
        return dom
    }

    // MARK: - Events

    func startElement(_ namePointer: UnsafePointer<xmlChar>, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        openText = -1
        let tag = self.tag(for: namePointer)
        if tag == .body { sawBody = true }
        switch tag {
        case .meta, .link:
            readHeadElement(tag, attributes)
        case .html:
            if let lang = attribute("lang", in: attributes), dom.head.language == nil, !lang.isEmpty {
                dom.head.language = lang
            }
        case .title where dom.head.title == nil && !sawBody && skipDepth <= 1:
            capture = .title
            captured.removeAll(keepingCapacity: true)
        case .script:
            if let type = attribute("type", in: attributes), type.lowercased().contains("ld+json") {
                capture = .jsonLD
                captured.removeAll(keepingCapacity: true)
            }
        default:
            break
        }
        if skipDepth > 0 || tag.isNeverContent || dom.nodes.count >= DOMBuilder.maxNodes {
            skipDepth += 1
            stack.append(-1)
            dom.elementNodes.append(-1)
            return
        }
        dom.elementNodes.append(Int32(dom.nodes.count))
        let parent = stack.last ?? 0
        var node = DOMNode(tag: tag, flags: [], parent: parent, subtreeEnd: 0, textStart: 0, textLength: 0,
                           attributeStart: Int32(dom.attributes.count), attributeLength: 0,
                           depth: dom.nodes[Int(parent)].depth + 1)
        if let attributes { readAttributes(attributes, tag: tag, into: &node) }
        node.attributeLength = Int32(dom.attributes.count) - node.attributeStart
        stack.append(Int32(dom.nodes.count))
        dom.nodes.append(node)
    }

    func endElement() {
        openText = -1
        guard stack.count > 1, let top = stack.popLast() else { return }
        if top < 0 {
            skipDepth -= 1
            if capture != .none && skipDepth <= 1 { endCapture() }
            return
        }
        dom.nodes[Int(top)].subtreeEnd = Int32(dom.nodes.count)
    }

    func characters(_ bytes: UnsafePointer<xmlChar>, _ count: Int) {
        if capture != .none {
            captured.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
            return
        }
        guard skipDepth == 0, count > 0 else { return }
        if openText >= 0 {
            dom.text.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
            dom.nodes[Int(openText)].textLength += Int32(count)
            return
        }
        guard dom.nodes.count < DOMBuilder.maxNodes else { return }
        let parent = stack.last ?? 0
        let start = Int32(dom.text.count)
        dom.text.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
        openText = Int32(dom.nodes.count)
        dom.nodes.append(DOMNode(tag: .unknown, flags: .text, parent: parent, subtreeEnd: openText + 1,
                                 textStart: start, textLength: Int32(count), attributeStart: 0,
                                 attributeLength: 0, depth: dom.nodes[Int(parent)].depth + 1))
    }

    // MARK: - Helpers

    private func endCapture() {
        let text = String(decoding: captured, as: UTF8.self)
        switch capture {
        case .title: dom.head.title = text
        case .jsonLD: dom.head.jsonLD.append(text)
        case .none: break
        }
        capture = .none
        captured.removeAll(keepingCapacity: true)
    }

    private func tag(for name: UnsafePointer<xmlChar>) -> HTMLTag {
        let key = UnsafeRawPointer(name)
        if let cached = tagCache[key] { return cached }
        let tag = HTMLTag(name: String(cString: name))
        // NB: names are interned per parse, so the cache stays small; the cap
        // only guards against a libxml2 that stops interning.
        if tagCache.count < 4096 { tagCache[key] = tag }
        return tag
    }

    private func readAttributes(_ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>, tag: HTMLTag,
                                into node: inout DOMNode) {
        var i = 0
        while let name = attributes[i] {
            let value = attributes[i + 1]
            i += 2
            switch name[0] {
            case UInt8(ascii: "c"):
                if equals(name, "class"), let value { appendToken(value) }
            case UInt8(ascii: "i"):
                if equals(name, "id"), let value {
                    appendToken(value)
                } else if equals(name, "itemprop"), let value,
                          contains(value, "articlebody") || equals(value, "text") {
                    node.flags.insert(.articleBody)
                }
            case UInt8(ascii: "r"):
                if equals(name, "role"), let value {
                    if equals(value, "main") || equals(value, "article") { node.flags.insert(.mainRole) }
                    appendToken(value)
                }
            case UInt8(ascii: "s"):
                if equals(name, "style"), let value, hidesElement(style: value) { node.flags.insert(.hidden) }
            case UInt8(ascii: "h"):
                if equals(name, "hidden") {
                    node.flags.insert(.hidden)
                } else if tag == .a, equals(name, "href") {
                    node.flags.insert(.link)
                }
            case UInt8(ascii: "a"):
                if equals(name, "aria-hidden"), let value, equals(value, "true") { node.flags.insert(.hidden) }
            default:
                break
            }
        }
    }

    /// Appends a lowercased attribute value to the token buffer. A camelCase
    /// word boundary becomes a "-" ("navBreadcrumbs" → "nav-breadcrumbs"),
    /// so each word of the name can be matched.
    private func appendToken(_ value: UnsafePointer<xmlChar>) {
        if !dom.attributes.isEmpty { dom.attributes.append(0x20) }
        var p = value
        var previousIsLower = false
        while p.pointee != 0 {
            let b = p.pointee
            let isUpper = b >= 0x41 && b <= 0x5A
            if isUpper && previousIsLower { dom.attributes.append(0x2D) }
            dom.attributes.append(isUpper ? b | 0x20 : b)
            previousIsLower = b >= 0x61 && b <= 0x7A
            p += 1
        }
    }

    private func hidesElement(style: UnsafePointer<xmlChar>) -> Bool {
        // Compare without spaces and case: "display: none", "DISPLAY:NONE".
        var squeezed: [UInt8] = []
        var p = style
        while p.pointee != 0, squeezed.count < 4096 {
            let b = p.pointee
            if b != 0x20 && b != 0x09 && b != 0x0A { squeezed.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b) }
            p += 1
        }
        return squeezed.contains(subsequence: Array("display:none".utf8))
            || squeezed.contains(subsequence: Array("visibility:hidden".utf8))
    }

    private func readHeadElement(_ tag: HTMLTag, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        if tag == .link {
            if let rel = attribute("rel", in: attributes), rel.lowercased() == "canonical",
               let href = attribute("href", in: attributes), dom.head.canonical == nil {
                dom.head.canonical = href
            }
            return
        }
        guard let content = attribute("content", in: attributes) else { return }
        for key in ["name", "property", "itemprop"] {
            if let name = attribute(key, in: attributes)?.lowercased(), !name.isEmpty, dom.head.meta[name] == nil {
                dom.head.meta[name] = content
            }
        }
        if let equiv = attribute("http-equiv", in: attributes)?.lowercased(), equiv == "content-language",
           dom.head.meta["content-language"] == nil {
            dom.head.meta["content-language"] = content
        }
    }

    private func attribute(_ wanted: String, in attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) -> String? {
        guard let attributes else { return nil }
        var i = 0
        while let name = attributes[i] {
            if equals(name, wanted) {
                return attributes[i + 1].map { String(cString: $0) } ?? ""
            }
            i += 2
        }
        return nil
    }

    @inline(__always)
    private func equals(_ a: UnsafePointer<xmlChar>, _ b: StaticString) -> Bool {
        strcasecmp(UnsafeRawPointer(a).assumingMemoryBound(to: CChar.self),
                   UnsafeRawPointer(b.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
    }

    @inline(__always)
    private func equals(_ a: UnsafePointer<xmlChar>, _ b: String) -> Bool {
        strcasecmp(UnsafeRawPointer(a).assumingMemoryBound(to: CChar.self), b) == 0
    }

    /// Case-insensitive substring test; `needle` must be lowercase ASCII.
    private func contains(_ a: UnsafePointer<xmlChar>, _ needle: StaticString) -> Bool {
        let n = needle.utf8CodeUnitCount
        var p = a
        while p.pointee != 0 {
            var k = 0
            while k < n {
                let b = p[k]
                if b == 0 || (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) != needle.utf8Start[k] { break }
                k += 1
            }
            if k == n { return true }
            p += 1
        }
        return false
    }

    // MARK: - The C callbacks

    static func handler() -> htmlSAXHandler {
        var sax = htmlSAXHandler()
        sax.startElement = { context, name, attributes in
            guard let context, let name else { return }
            Unmanaged<DOMBuilder>.fromOpaque(context).takeUnretainedValue().startElement(name, attributes)
        }
        sax.endElement = { context, _ in
            guard let context else { return }
            Unmanaged<DOMBuilder>.fromOpaque(context).takeUnretainedValue().endElement()
        }
        let text: charactersSAXFunc = { context, bytes, count in
            guard let context, let bytes, count > 0 else { return }
            Unmanaged<DOMBuilder>.fromOpaque(context).takeUnretainedValue().characters(bytes, Int(count))
        }
        sax.characters = text
        sax.ignorableWhitespace = text
        sax.cdataBlock = text
        return sax
    }
}

extension Array where Element == UInt8 {
    func contains(subsequence needle: [UInt8]) -> Bool {
        guard needle.count <= count, let first = needle.first else { return needle.isEmpty }
        var i = 0
        while i + needle.count <= count {
            if self[i] == first && self[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }
}
