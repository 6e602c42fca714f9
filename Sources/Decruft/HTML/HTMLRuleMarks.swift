import DecruftLibXML

/// What a page's HTML rules (`strip`, `dissolve`, `body`, `title`) select,
/// resolved to nodes of decruft's `DOM`.
///
/// XPath rules are evaluated by libxml2 on its own tree of the same bytes
/// (`XPathDocument`) and mapped to DOM nodes by element ordinal (see
/// `DOM.elementNodes`); a rule whose elements do not line up is skipped with
/// a warning, never applied to the wrong element. `id_or_class` rules are
/// matched on the DOM directly (no second parse).
struct HTMLRuleMarks {
    /// Node → the `strip` rule that removes its subtree.
    var stripped: [Int32: HTMLRule] = [:]
    /// Elements the winning `body` rule selected, and that rule.
    var bodies: [Int] = []
    var bodyRule: HTMLRule?
    /// Text of the first `title` rule that found something.
    var title: String?
    var warnings: [String] = []

    /// Resolves `rules` on `dom` and dissolves the wrappers `dissolve` rules
    /// select (in `dom`). `bytes` are the page as parsed (sanitized UTF-8).
    static func resolve(_ rules: [HTMLRule], dom: inout DOM, bytes: [UInt8]) -> HTMLRuleMarks {
        var marks = HTMLRuleMarks()
        guard !rules.isEmpty else { return marks }
        var resolver = Resolver(dom: dom, bytes: bytes)
        var dissolved: [Int] = []
        for rule in rules {
            switch rule.action {
            case .strip:
                for node in resolver.nodes(rule, &marks.warnings) where marks.stripped[Int32(node)] == nil {
                    marks.stripped[Int32(node)] = rule
                }
            case .dissolve:
                dissolved += resolver.nodes(rule, &marks.warnings)
            case .stripAttr:
                for (node, attribute) in resolver.attributes(rule, &marks.warnings) {
                    Self.stripAttribute(attribute, of: node, in: &dom)
                }
            case .body:
                guard marks.bodyRule == nil else { continue }
                let nodes = resolver.nodes(rule, &marks.warnings)
                if !nodes.isEmpty {
                    marks.bodies = nodes
                    marks.bodyRule = rule
                }
            case .title:
                guard marks.title == nil, let text = resolver.string(rule, &marks.warnings) else { continue }
                let title = Canonical.paragraph(text)
                if !title.isEmpty { marks.title = title }
            }
        }
        for node in dissolved { Self.dissolve(node, in: &dom) }
        return marks
    }

    /// Forgets what decruft read from one attribute of an element.
    static func stripAttribute(_ name: String, of index: Int, in dom: inout DOM) {
        guard index > 0, index < dom.count else { return }
        switch name {
        case "class", "id", "role":
            // NB: the DOM keeps id, class and role words together: all go.
            dom.nodes[index].attributeLength = 0
            if name == "role" { dom.nodes[index].flags.remove(.mainRole) }
        case "hidden", "style", "aria-hidden":
            dom.nodes[index].flags.remove([.hidden, .collapsed])
        case "href":
            dom.nodes[index].flags.remove(.link)
        case "itemprop":
            dom.nodes[index].flags.remove(.articleBody)
        default:
            break
        }
    }

    /// The element keeps its place and children but stops being a block,
    /// a link, hidden, or a carrier of class words.
    static func dissolve(_ index: Int, in dom: inout DOM) {
        guard index > 0, index < dom.count, !dom.nodes[index].isText else { return }
        dom.nodes[index].tag = .span
        dom.nodes[index].flags = []
        dom.nodes[index].attributeLength = 0
    }
}

/// Finds the DOM nodes a rule selects; parses the XPath tree once, on demand.
private struct Resolver {
    let dom: DOM
    let bytes: [UInt8]
    var tree: XPathDocument?
    var treeFailed = false

    init(dom: DOM, bytes: [UInt8]) {
        self.dom = dom
        self.bytes = bytes
    }

    mutating func nodes(_ rule: HTMLRule, _ warnings: inout [String]) -> [Int] {
        matches(rule, &warnings).map(\.node)
    }

    /// (element, attribute name) for the attributes a `strip_attr` rule selects.
    mutating func attributes(_ rule: HTMLRule, _ warnings: inout [String]) -> [(Int, String)] {
        matches(rule, &warnings).compactMap { match in match.attribute.map { (match.node, $0) } }
    }

    mutating func matches(_ rule: HTMLRule, _ warnings: inout [String]) -> [(node: Int, attribute: String?)] {
        switch rule.selector {
        case .idOrClass(let needle):
            return idOrClassNodes(Array(needle.utf8)).map { ($0, nil) }
        case .xpath(let expression):
            guard let tree = tree(&warnings) else { return [] }
            do {
                let elements = try tree.elements(expression)
                var nodes: [(node: Int, attribute: String?)] = []
                for element in elements {
                    guard element.ordinal < dom.elementNodes.count else { return mismatch(rule, &warnings) }
                    let node = Int(dom.elementNodes[element.ordinal])
                    // -1: inside <head>, <script>…: nothing of it is text anyway.
                    guard node >= 0 else { continue }
                    guard dom.nodes[node].tag == HTMLTag(name: element.name) else { return mismatch(rule, &warnings) }
                    nodes.append((node, element.attribute))
                }
                return nodes
            } catch {
                warnings.append("rule '\(rule.id)' (\(rule.origin)): \(error)")
                return []
            }
        }
    }

    mutating func string(_ rule: HTMLRule, _ warnings: inout [String]) -> String? {
        guard let expression = rule.xpath, let tree = tree(&warnings) else { return nil }
        do {
            return try tree.string(expression)
        } catch {
            warnings.append("rule '\(rule.id)' (\(rule.origin)): \(error)")
            return nil
        }
    }

    private func mismatch(_ rule: HTMLRule, _ warnings: inout [String]) -> [(node: Int, attribute: String?)] {
        warnings.append("rule '\(rule.id)' (\(rule.origin)): the page's two parses disagree; rule skipped")
        return []
    }

    private mutating func tree(_ warnings: inout [String]) -> XPathDocument? {
        if let tree { return tree }
        if treeFailed { return nil }
        do {
            let parsed = try bytes.withUnsafeBufferPointer { p throws(HTMLParseError) in try XPathDocument(utf8: p) }
            // Both parsers must have seen the same elements for ordinals to
            // mean the same thing (libxml2's tree builder has limits the SAX
            // path does not, e.g. nesting depth).
            if parsed.countElements() != dom.elementNodes.count {
                warnings.append("XPath rules skipped: libxml2's tree has \(parsed.countElements()) elements, the page \(dom.elementNodes.count)")
                treeFailed = true
                return nil
            }
            tree = parsed
            return parsed
        } catch {
            warnings.append("XPath rules skipped: \(error)")
            treeFailed = true
            return nil
        }
    }

    /// Elements whose lowercased id/class/role text contains `needle`.
    private func idOrClassNodes(_ needle: [UInt8]) -> [Int] {
        var nodes: [Int] = []
        for i in 1..<max(dom.count, 1) where !dom.nodes[i].isText && dom.nodes[i].attributeLength >= needle.count {
            let tokens = dom.attributeTokens(of: dom.nodes[i])
            if contains(tokens, needle) { nodes.append(i) }
        }
        return nodes
    }

    private func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return needle.isEmpty }
        var k = haystack.startIndex
        while k + needle.count <= haystack.endIndex {
            if haystack[k] == first && haystack[k..<(k + needle.count)].elementsEqual(needle) { return true }
            k += 1
        }
        return false
    }
}
