import CLibXML2

#if canImport(Glibc)
import Glibc
#endif

/// Receives libxml2's SAX events and appends nodes to a `DOM`.
///
/// NB: a struct that libxml2 reaches through an unsafe pointer (see
/// `HTMLParser.parse`), not a class: the callbacks run once per tag and text
/// run, and every access to a class's stored property pays a dynamic
/// exclusivity check and a retain, which cost more than the work itself.
struct DOMBuilder {
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
    private var tags = TagTable()
    private var sawBody = false
    /// The parser feeding this builder, so that it can be moved past script
    /// and style text nobody reads (see `RawTextSkipper`).
    var parser: htmlParserCtxtPtr?

    /// Nodes past this many are left out and counted (`DOM.nodesOverLimit`).
    let maxNodes: Int

    enum Capture {
        case none, title, jsonLD
    }

    init(maxNodes: Int = DOM.maxNodes) {
        self.maxNodes = maxNodes
        dom.nodes.reserveCapacity(4096)
        dom.text.reserveCapacity(64 * 1024)
        stack.reserveCapacity(64)
        // The root: a pseudo-element that holds everything.
        dom.nodes.append(DOMNode(tag: .unknown, flags: [], parent: -1, subtreeEnd: 0, textStart: 0,
                                 textLength: 0, attributeStart: 0, attributeLength: 0, depth: 0))
        stack.append(0)
    }

    mutating func finish() -> DOM {
        // Close whatever a truncated page left open.
        while stack.count > 1 { endElement() }
        dom.nodes[0].subtreeEnd = Int32(dom.nodes.count)
        return dom
    }

    // MARK: - Events

    mutating func startElement(_ namePointer: UnsafePointer<xmlChar>, _ attributes: Attributes) {
        openText = -1
        let tag = tags.tag(for: namePointer)
        if tag == .body { sawBody = true }
        switch tag {
        case .meta, .link:
            readHeadElement(tag, attributes)
        case .html:
            if let lang = DOMBuilder.string(DOMBuilder.value(of: "lang", in: attributes)), dom.head.language == nil,
               !lang.isEmpty {
                dom.head.language = lang
            }
        case .title where dom.head.title == nil && !sawBody && skipDepth <= 1:
            capture = .title
            captured.removeAll(keepingCapacity: true)
        case .script:
            if let type = DOMBuilder.value(of: "type", in: attributes), DOMBuilder.isJSONLD(type: type) {
                capture = .jsonLD
                captured.removeAll(keepingCapacity: true)
            }
        default:
            break
        }
        if skipDepth > 0 || tag.isNeverContent || dom.nodes.count >= maxNodes {
            if skipDepth == 0 && !tag.isNeverContent { dom.nodesOverLimit += 1 }
            skipDepth += 1
            stack.append(-1)
            dom.elementNodes.append(-1)
            return
        }
        let index = Int32(dom.nodes.count)
        dom.elementNodes.append(index)
        let parent = stack[stack.count - 1]
        var node = DOMNode(tag: tag, flags: [], parent: parent, subtreeEnd: 0, textStart: 0, textLength: 0,
                           attributeStart: Int32(dom.attributes.count), attributeLength: 0,
                           depth: dom.nodes[Int(parent)].depth + 1)
        if let attributes { readAttributes(attributes, tag: tag, into: &node) }
        node.attributeLength = Int32(dom.attributes.count) - node.attributeStart
        stack.append(index)
        dom.nodes.append(node)
    }

    mutating func endElement() {
        openText = -1
        guard stack.count > 1, let top = stack.popLast() else { return }
        if top < 0 {
            skipDepth -= 1
            if capture != .none && skipDepth <= 1 { endCapture() }
            return
        }
        dom.nodes[Int(top)].subtreeEnd = Int32(dom.nodes.count)
    }

    mutating func characters(_ bytes: UnsafePointer<xmlChar>, _ count: Int) {
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
        guard dom.nodes.count < maxNodes else {
            dom.nodesOverLimit += 1
            return
        }
        let parent = stack[stack.count - 1]
        let start = Int32(dom.text.count)
        dom.text.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
        openText = Int32(dom.nodes.count)
        dom.nodes.append(DOMNode(tag: .unknown, flags: .text, parent: parent, subtreeEnd: openText + 1,
                                 textStart: start, textLength: Int32(count), attributeStart: 0,
                                 attributeLength: 0, depth: dom.nodes[Int(parent)].depth + 1))
    }

    /// Text of a `<script>` or `<style>`. Kept only while capturing
    /// (JSON-LD, or a script inside the `<title>`); otherwise the rest of
    /// the element is skipped.
    mutating func rawText(_ bytes: UnsafePointer<xmlChar>, _ count: Int) {
        if capture != .none {
            captured.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
            return
        }
        guard skipDepth > 0, let parser else { return }
        RawTextSkipper.skip(parser, flushed: UnsafeBufferPointer(start: bytes, count: count))
    }

    // MARK: - Helpers

    /// libxml2's attribute list: name, value, name, value…, then nil.
    typealias Attributes = UnsafeMutablePointer<UnsafePointer<xmlChar>?>?

    private mutating func endCapture() {
        let text = String(decoding: captured, as: UTF8.self)
        switch capture {
        case .title: dom.head.title = text
        case .jsonLD: dom.head.jsonLD.append(text)
        case .none: break
        }
        capture = .none
        captured.removeAll(keepingCapacity: true)
    }

    private mutating func readAttributes(_ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>, tag: HTMLTag,
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
                    node.flags.insert(.collapsed)
                } else if tag == .a, equals(name, "href") {
                    node.flags.insert(.link)
                }
            case UInt8(ascii: "a"):
                if equals(name, "aria-hidden"), let value, equals(value, "true") { node.flags.insert(.collapsed) }
            default:
                break
            }
        }
    }

    /// Appends a lowercased attribute value to the token buffer. A camelCase
    /// word boundary becomes a "-" ("navBreadcrumbs" → "nav-breadcrumbs"),
    /// so each word of the name can be matched.
    private mutating func appendToken(_ value: UnsafePointer<xmlChar>) {
        if !dom.attributes.isEmpty { dom.attributes.append(0x20) }
        let length = strlen(UnsafeRawPointer(value).assumingMemoryBound(to: CChar.self))
        let bytes = UnsafeBufferPointer(start: value, count: length)
        // Most names have no capital letter: copy them as they are.
        guard bytes.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else {
            dom.attributes.append(contentsOf: bytes)
            return
        }
        var previousIsLower = false
        for b in bytes {
            let isUpper = b >= 0x41 && b <= 0x5A
            if isUpper && previousIsLower { dom.attributes.append(0x2D) }
            dom.attributes.append(isUpper ? b | 0x20 : b)
            previousIsLower = b >= 0x61 && b <= 0x7A
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

    private mutating func readHeadElement(_ tag: HTMLTag, _ attributes: Attributes) {
        if tag == .link {
            if dom.head.canonical == nil, let rel = DOMBuilder.value(of: "rel", in: attributes),
               DOMBuilder.lowercasedEquals(rel, "canonical") {
                dom.head.canonical = DOMBuilder.string(DOMBuilder.value(of: "href", in: attributes))
            }
            return
        }
        guard let content = DOMBuilder.value(of: "content", in: attributes) else { return }
        var contentString: String?
        for key: StaticString in ["name", "property", "itemprop"] {
            guard let name = DOMBuilder.value(of: key, in: attributes), name.pointee != 0 else { continue }
            let key = DOMBuilder.lowercased(name)
            if dom.head.meta[key] == nil {
                if contentString == nil { contentString = DOMBuilder.string(content) }
                dom.head.meta[key] = contentString
            }
        }
        if let equiv = DOMBuilder.value(of: "http-equiv", in: attributes),
           DOMBuilder.lowercasedEquals(equiv, "content-language"), dom.head.meta["content-language"] == nil {
            dom.head.meta["content-language"] = contentString ?? DOMBuilder.string(content)
        }
    }

    /// The value of the first attribute named `wanted` (ASCII case ignored):
    /// nil when there is none, an empty string when it has no value.
    static func value(of wanted: StaticString, in attributes: Attributes) -> UnsafePointer<xmlChar>? {
        guard let attributes else { return nil }
        var i = 0
        while let name = attributes[i] {
            if strcasecmp(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self),
                          UnsafeRawPointer(wanted.utf8Start).assumingMemoryBound(to: CChar.self)) == 0 {
                return attributes[i + 1] ?? DOMBuilder.noValue.utf8Start
            }
            i += 2
        }
        return nil
    }

    /// What `value(of:in:)` returns for an attribute without a value.
    private static let noValue: StaticString = ""

    static func string(_ value: UnsafePointer<xmlChar>?) -> String? {
        value.map { String(cString: $0) }
    }

    /// Whether a NUL-terminated value holds only ASCII bytes.
    static func isASCII(_ value: UnsafePointer<xmlChar>) -> Bool {
        var p = value
        while p.pointee != 0 {
            if p.pointee >= 0x80 { return false }
            p += 1
        }
        return true
    }

    /// The value lowercased as `String.lowercased()` does (ASCII in place;
    /// anything else through the Unicode rules).
    static func lowercased(_ value: UnsafePointer<xmlChar>) -> String {
        guard isASCII(value) else { return String(cString: value).lowercased() }
        let length = strlen(UnsafeRawPointer(value).assumingMemoryBound(to: CChar.self))
        return String(unsafeUninitializedCapacity: length) { buffer in
            for k in 0..<length {
                let b = value[k]
                buffer[k] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            }
            return length
        }
    }

    /// `String(cString: value).lowercased() == wanted` for a lowercase ASCII
    /// `wanted`, without building a string for ASCII values.
    static func lowercasedEquals(_ value: UnsafePointer<xmlChar>, _ wanted: StaticString) -> Bool {
        guard isASCII(value) else { return String(cString: value).lowercased() == wanted.description }
        return strcasecmp(UnsafeRawPointer(value).assumingMemoryBound(to: CChar.self),
                          UnsafeRawPointer(wanted.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
    }

    /// A `<script type>` that holds JSON-LD ("application/ld+json").
    static func isJSONLD(type: UnsafePointer<xmlChar>) -> Bool {
        // NB: `String.contains` compares characters: a combining mark after
        // "json" defeats it. Only non-ASCII values can hold one, so only they
        // take the string path and everything else is a byte search.
        guard isASCII(type) else { return String(cString: type).lowercased().contains("ld+json") }
        return containsIgnoringCase(type, "ld+json")
    }

    @inline(__always)
    private func equals(_ a: UnsafePointer<xmlChar>, _ b: StaticString) -> Bool {
        strcasecmp(UnsafeRawPointer(a).assumingMemoryBound(to: CChar.self),
                   UnsafeRawPointer(b.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
    }

    private func contains(_ a: UnsafePointer<xmlChar>, _ needle: StaticString) -> Bool {
        DOMBuilder.containsIgnoringCase(a, needle)
    }

    /// Case-insensitive substring test; `needle` must be lowercase ASCII.
    static func containsIgnoringCase(_ a: UnsafePointer<xmlChar>, _ needle: StaticString) -> Bool {
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

    /// The SAX handler; each parse's `userData` is an
    /// `UnsafeMutablePointer<DOMBuilder>`.
    static func handler() -> htmlSAXHandler {
        var sax = htmlSAXHandler()
        sax.startElement = { context, name, attributes in
            guard let context, let name else { return }
            context.assumingMemoryBound(to: DOMBuilder.self).pointee.startElement(name, attributes)
        }
        sax.endElement = { context, _ in
            guard let context else { return }
            context.assumingMemoryBound(to: DOMBuilder.self).pointee.endElement()
        }
        let text: charactersSAXFunc = { context, bytes, count in
            guard let context, let bytes, count > 0 else { return }
            context.assumingMemoryBound(to: DOMBuilder.self).pointee.characters(bytes, Int(count))
        }
        sax.characters = text
        sax.ignorableWhitespace = text
        // libxml2 hands over the text of <script> and <style> this way only.
        sax.cdataBlock = { context, bytes, count in
            guard let context, let bytes, count > 0 else { return }
            context.assumingMemoryBound(to: DOMBuilder.self).pointee.rawText(bytes, Int(count))
        }
        return sax
    }
}

/// `HTMLTag` by libxml2's name pointer.
///
/// NB: libxml2 interns element names in its per-parse dictionary (and passes
/// string constants for the elements it implies), so one pointer always
/// names one element and a lookup is a pointer comparison in a small
/// open-addressing table instead of hashing a string.
struct TagTable {
    private static let capacity = 512
    private var keys = [UnsafeRawPointer?](repeating: nil, count: TagTable.capacity)
    private var tags = [HTMLTag](repeating: .unknown, count: TagTable.capacity)
    private var count = 0

    mutating func tag(for name: UnsafePointer<xmlChar>) -> HTMLTag {
        let key = UnsafeRawPointer(name)
        let mask = TagTable.capacity - 1
        // Fibonacci hashing of the address.
        var slot = Int(truncatingIfNeeded: (UInt(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> 55) & mask
        while let occupant = keys[slot] {
            if occupant == key { return tags[slot] }
            slot = (slot + 1) & mask
        }
        let tag = HTMLTag(name: String(cString: name))
        // NB: a page has a few dozen distinct names; the cap only guards
        // against a libxml2 that stops interning (then lookups stay correct,
        // just slower).
        if count < TagTable.capacity * 3 / 4 {
            keys[slot] = key
            tags[slot] = tag
            count += 1
        }
        return tag
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
