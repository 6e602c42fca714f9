import CLibXML2

/// Plain text from a short HTML fragment (an Atom `type="html"` title):
/// tags stripped, entities decoded, whitespace collapsed.
enum HTMLText {
    /// Elements whose content is never text.
    private static let hidden: Set<String> = ["script", "style", "template", "noscript"]
    /// Elements that separate words: a space goes at each of their edges.
    private static let breaking: Set<String> = [
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
        "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section",
        "table", "td", "th", "tr", "ul",
    ]

    /// The text of `html`, on one line.
    static func plain(_ html: String) -> String {
        // Most titles hold no markup and no entity: nothing to parse.
        guard html.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) else {
            return FeedText.collapsed(html)
        }
        LibXML.initialize()
        guard let context = htmlNewParserCtxt() else { return FeedText.collapsed(html) }
        defer { htmlFreeParserCtxt(context) }
        // Errors are dropped here, per context (never the global handler).
        context.pointee.sax?.pointee.serror = { _, _ in }
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue)
        var source = html
        let document = source.withUTF8 { bytes -> htmlDocPtr? in
            guard let base = bytes.baseAddress else { return nil }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                htmlCtxtReadMemory(context, $0, Int32(bytes.count), nil, "UTF-8", options)
            }
        }
        guard let document else { return FeedText.collapsed(html) }
        defer { xmlFreeDoc(document) }
        return FeedText.collapsed(text(of: document))
    }

    /// Every text node outside `hidden` elements, with spaces at the edges
    /// of `breaking` ones; iterative, so nesting costs no stack.
    private static func text(of document: htmlDocPtr) -> String {
        var out: [UInt8] = []
        let container = UnsafeMutableRawPointer(document)
        var next = document.pointee.children
        while let current = next {
            var descend = false
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { out += Array(String(cString: content).utf8) }
            case XML_ELEMENT_NODE:
                let name = current.pointee.name.map { String(cString: $0) } ?? ""
                if breaking.contains(name) { out.append(UInt8(ascii: " ")) }
                descend = !hidden.contains(name)
            default:
                break
            }
            if descend, let child = current.pointee.children {
                next = child
                continue
            }
            var up = current
            next = nil
            while true {
                if let sibling = up.pointee.next {
                    next = sibling
                    break
                }
                guard let parent = up.pointee.parent, UnsafeMutableRawPointer(parent) != container else { break }
                if let name = parent.pointee.name, breaking.contains(String(cString: name)) {
                    out.append(UInt8(ascii: " "))
                }
                up = parent
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Whitespace handling shared by the feed readers.
enum FeedText {
    /// XML's whitespace characters (space, tab, CR, LF).
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// `text` with runs of whitespace made one space, trimmed.
    static func collapsed(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            if isSpace(byte) {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(0x20) }
            pendingSpace = false
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` without leading and trailing whitespace.
    static func trimmed(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard let first = bytes.firstIndex(where: { !isSpace($0) }),
              let last = bytes.lastIndex(where: { !isSpace($0) }) else { return "" }
        if first == 0 && last == bytes.count - 1 { return text }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }

    /// nil for an empty string.
    static func nonEmpty(_ text: String) -> String? {
        text.isEmpty ? nil : text
    }
}
