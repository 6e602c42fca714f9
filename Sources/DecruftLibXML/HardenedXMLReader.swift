import CLibXML2

/// Reads untrusted XML into libxml2's tree with every door to the outside
/// shut and entity expansion bounded.
///
/// libxml2 2.9.14's defaults are not safe for XML from the wild: left in the
/// tree, entity references are expanded later by whoever reads the text (a
/// 200 KB file became a 2.5 GB string), and with substitution on, a
/// `file:///etc/passwd` entity is read into the text (`XML_PARSE_NONET` does
/// not stop `file://`). So:
///
/// - entities are substituted while parsing (`XML_PARSE_NOENT`), so no
///   reference is left for a later reader to expand;
/// - the context's `getEntity` hook answers every external entity with an
///   empty internal one before libxml2 would load it, and
///   `getParameterEntity` refuses every parameter entity (a feed has no use
///   for either); `LibXML.initialize()` also installs a process-wide loader
///   that refuses every external resource;
/// - the same hook measures each internal entity's full expansion (nested
///   references included) and refuses a reference that would take the
///   document's total past `maxExpansionBytes` — libxml2's own
///   amplification check lets a 50 KB entity be copied into 10 MB of text
///   before it stops. A refused reference expands to nothing and the parse
///   goes on: the element it stood in is noted (`XMLReadLog.refusals`), so
///   that only what used the entity is lost, never the rest of the document;
/// - the external DTD is never loaded, validated or used for defaults
///   (no `DTDLOAD`, `DTDVALID`, `DTDATTR`), XInclude is never run, and
///   libxml2's hard limits stay on (no `XML_PARSE_HUGE`: depth 256, 10 MB
///   per text node).
///
/// Errors go to a per-context handler that keeps the first one; the parse
/// recovers past them (feeds from the wild are often slightly broken).
///
/// NB: in recovery, libxml2 2.9.14 drops every named entity reference in
/// content — `&lt;`, `&amp;` and the other predefined ones included — once
/// the document has been found not well-formed (`xmlParseReference` returns
/// when `ctxt->wellFormed` is 0): after one bare `&` or undeclared `&nbsp;`,
/// all escaped HTML further on would lose its markup. So every named
/// reference goes through the `getEntity` hook (`XML_PARSE_OLDSAX`, which
/// makes libxml2 ask the hook even for predefined entities), and the hook
/// clears the flag before handing an entity out (see `XMLReadLog.getEntity`).
/// Character references (`&#60;`) never depended on the flag.
enum HardenedXMLReader {
    /// What a read produced.
    struct Result {
        var tree: XMLTree?
        var log: XMLReadLog
    }

    /// libxml2 parser options: recover from errors, substitute entities, no
    /// network, silent, CDATA as text, compact text nodes, and every entity
    /// reference through the `getEntity` hook (`OLDSAX`).
    static let options = Int32(XML_PARSE_RECOVER.rawValue | XML_PARSE_NOENT.rawValue | XML_PARSE_NONET.rawValue
        | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue
        | XML_PARSE_COMPACT.rawValue | XML_PARSE_OLDSAX.rawValue)

    /// Parses `bytes` (at most `Int32.max` of them, not empty); `encoding`
    /// overrides the document's own declaration when given.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, encoding: String?, maxExpansionBytes: Int) throws(FeedParseError) -> Result {
        LibXML.initialize()
        guard let base = bytes.baseAddress, bytes.count > 0, bytes.count <= Int(Int32.max) else {
            throw .notXML(message: "the document is empty", line: 1)
        }
        // Holds the stand-in for refused external entities; freed after the
        // parse (and after the context): no node of the result points to it.
        guard let scratch = xmlNewDoc(nil) else { throw .parserUnavailable }
        defer { xmlFreeDoc(scratch) }
        guard let nothing = XMLReadLog.emptyEntity(in: scratch) else { throw .parserUnavailable }
        guard let context = xmlNewParserCtxt() else { throw .parserUnavailable }
        defer { xmlFreeParserCtxt(context) }
        guard let sax = context.pointee.sax else { throw .parserUnavailable }
        let log = XMLReadLog(maxExpansionBytes: maxExpansionBytes, document: context, refusedStandIn: nothing)
        // NB: the hooks reach the log through `_private`, which libxml2 never
        // touches and copies into the nested contexts it makes to parse
        // entity content; `userData` must stay the context (the tree
        // builder's callbacks read it).
        context.pointee._private = Unmanaged.passUnretained(log).toOpaque()
        defer { context.pointee._private = nil }
        sax.pointee.serror = XMLReadLog.errorHandler
        sax.pointee.getEntity = XMLReadLog.getEntity
        sax.pointee.getParameterEntity = XMLReadLog.getParameterEntity
        let document = withExtendedLifetime(log) {
            base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                xmlCtxtReadMemory(context, $0, Int32(bytes.count), nil, encoding, options)
            }
        }
        return Result(tree: document.map(XMLTree.init), log: log)
    }
}

/// What happened during one read: libxml2's first error, and the entity
/// accounting. Reached from libxml2's callbacks through `_private`.
final class XMLReadLog {
    /// libxml2's first error message (first line only) and its line.
    private(set) var firstError: (message: String, line: Int)?
    /// libxml2 met bytes that are not UTF-8 in a document it read as UTF-8.
    private(set) var sawInvalidUTF8 = false
    /// The elements in which a reference in the document was refused (its
    /// expansion would have passed the budget, or it is part of a cycle),
    /// one entry per reference; nil for one outside any element.
    ///
    /// NB: libxml2's own `XML_ERR_ENTITY_LOOP` is not taken as an attack:
    /// 2.9.14 also raises it for any document with over 10,000 undeclared
    /// references (a broken feed full of `&nbsp;`), and when it does raise
    /// it, it has already stopped copying. Every expansion passes the
    /// `getEntity` hook, which measures it.
    private(set) var refusals: [xmlNodePtr?] = []
    /// Cost of the entity references handed out in the document so far:
    /// bytes of replacement text, each reference counting at least 1.
    private(set) var expandedBytes = 0
    /// The same for references met in the DTD (entity values looked up,
    /// attribute defaults), kept apart: declaring a bomb spends none of the
    /// document's budget.
    private(set) var expandedBytesInDTD = 0

    let maxExpansionBytes: Int
    /// Nesting followed when measuring an entity; deeper counts as too big.
    static let maxEntityDepth = 16
    /// Entity → its full expansion in bytes, measured once the DTD is read.
    private var sizes: [UnsafeMutableRawPointer: Int] = [:]
    /// The document's own parser context (entity content is parsed in
    /// nested ones).
    let document: xmlParserCtxtPtr
    /// An empty internal entity, handed out for every external one.
    private let refusedStandIn: xmlEntityPtr

    init(maxExpansionBytes: Int, document: xmlParserCtxtPtr, refusedStandIn: xmlEntityPtr) {
        self.maxExpansionBytes = maxExpansionBytes
        self.document = document
        self.refusedStandIn = refusedStandIn
    }

    /// A new internal entity with no content, declared in `scratch` (which
    /// owns it).
    static func emptyEntity(in scratch: xmlDocPtr) -> xmlEntityPtr? {
        let name = "decruft-refused-entity"
        guard XMLTreeElement.withXMLChars(name, { xmlCreateIntSubset(scratch, $0, nil, nil) }) != nil else { return nil }
        return XMLTreeElement.withXMLChars(name) { name in
            XMLTreeElement.withXMLChars("") { xmlAddDocEntity(scratch, name, Int32(XML_INTERNAL_GENERAL_ENTITY.rawValue), nil, nil, $0) }
        }
    }

    /// The log of the read `context` belongs to.
    static func of(_ context: UnsafeMutableRawPointer?) -> XMLReadLog? {
        guard let context, let log = context.assumingMemoryBound(to: xmlParserCtxt.self).pointee._private else {
            return nil
        }
        return Unmanaged<XMLReadLog>.fromOpaque(log).takeUnretainedValue()
    }

    // MARK: - Callbacks

    /// The context's structured error handler: keeps the first error and
    /// notes the ones that matter to us.
    static let errorHandler: xmlStructuredErrorFunc = { userData, error in
        guard let error, let log = XMLReadLog.of(userData) else { return }
        // NB: a hostile document can raise an error per reference: after the
        // first, only the code is looked at.
        let invalidChar = error.pointee.code == Int32(XML_ERR_INVALID_CHAR.rawValue)
        guard log.firstError == nil || (invalidChar && !log.sawInvalidUTF8) else { return }
        let text = error.pointee.message.map { String(cString: $0) } ?? "XML error \(error.pointee.code)"
        if invalidChar && text.hasPrefix("Input is not proper UTF-8") { log.sawInvalidUTF8 = true }
        guard log.firstError == nil else { return }
        let firstLine = text.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? text
        log.firstError = (FeedText.trimmed(firstLine), Int(error.pointee.line))
    }

    /// Entity lookup, for every named reference (`XML_PARSE_OLDSAX`): the
    /// predefined entities; internal entities within the budget; an empty
    /// stand-in for an external entity (never loaded) and for a refused
    /// reference; nothing else.
    static let getEntity: getEntitySAXFunc = { context, name in
        guard let context, let name else { return nil }
        let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
        guard let log = XMLReadLog.of(context) else { return nil }
        let inSubset = parser.pointee.inSubset != 0
        // Outside the DTD the predefined entities come first, as libxml2
        // does without OLDSAX. NB: in the DTD libxml2 also asks this hook for
        // the entity just declared (to attach its literal value): a
        // document's own `<!ENTITY lt …>` must be found, never the shared
        // predefined one.
        if !inSubset, let predefined = xmlGetPredefinedEntity(name) {
            // NB: libxml2 counted this reference only because of OLDSAX; its
            // count feeds its own "entity loop" guess (past 10,000).
            if parser.pointee.nbentities > 0 { parser.pointee.nbentities -= 1 }
            return log.handOut(predefined, in: parser)
        }
        // Undeclared: libxml2's own lookup has nothing to load either.
        guard let entity = xmlGetDocEntity(parser.pointee.myDoc, name) else { return xmlSAX2GetEntity(context, name) }
        let type = entity.pointee.etype
        // External (parsed or not): an empty internal entity stands in, so
        // the reference expands to nothing. NB: a nil would not do: libxml2
        // answers one by asking its own SAX2 lookup (in content, while the
        // document is well-formed; in entity text, always), which gives the
        // external entity, loaded then.
        guard type == XML_INTERNAL_GENERAL_ENTITY || type == XML_INTERNAL_PREDEFINED_ENTITY else {
            return log.handOut(log.refusedStandIn, in: parser)
        }
        // In an entity's own content (a nested context), the reference that
        // started the parse was charged with the full expansion, nested
        // references included.
        guard parser == log.document || inSubset else { return log.handOut(entity, in: parser) }
        // NB: at least 1 per reference, even for an empty entity: libxml2
        // parses an entity that yields no nodes again at every reference.
        let size = max(1, log.measure(entity, in: parser.pointee.myDoc, inSubset: inSubset))
        guard log.charge(size, inSubset: inSubset) else {
            if !inSubset { log.refusals.append(parser.pointee.node) }
            return log.handOut(log.refusedStandIn, in: parser)
        }
        return log.handOut(entity, in: parser)
    }

    /// Parameter entities are refused: feeds need none, and they are how
    /// external DTD pieces and declaration bombs get in.
    static let getParameterEntity: getParameterEntitySAXFunc = { _, _ in nil }

    /// Adds `size` to the document's (or the DTD's) expansion; false when
    /// that would pass the budget.
    private func charge(_ size: Int, inSubset: Bool) -> Bool {
        let spent = inSubset ? expandedBytesInDTD : expandedBytes
        guard size <= maxExpansionBytes - spent else { return false }
        if inSubset { expandedBytesInDTD += size } else { expandedBytes += size }
        return true
    }

    /// Hands `entity` to libxml2. In the document's own context the
    /// document is first marked well-formed again: libxml2 2.9.14 drops
    /// every entity reference in content once it is not (see
    /// `HardenedXMLReader`), and an earlier error, already logged, must not
    /// cost the text after it. NB: nested contexts (an entity's content) are
    /// left alone, so a broken entity still fails as a whole; and the flag
    /// is only ever set together with a non-nil answer, so libxml2 never
    /// falls back to its own lookup because of it.
    private func handOut(_ entity: xmlEntityPtr, in parser: xmlParserCtxtPtr) -> xmlEntityPtr {
        if parser == document { parser.pointee.wellFormed = 1 }
        return entity
    }

    // MARK: - Measuring

    /// `expandedSize` of `entity`. NB: libxml2 2.9.14 also looks entities
    /// up while it reads the DTD (checking entity values), when entities
    /// declared later are still unknown: sizes measured then are kept for
    /// that one measurement only.
    private func measure(_ entity: xmlEntityPtr, in document: xmlDocPtr?, inSubset: Bool) -> Int {
        if inSubset {
            var scratch: [UnsafeMutableRawPointer: Int] = [:]
            return expandedSize(of: entity, in: document, depth: 0, memo: &scratch)
        }
        // Moved out and back, so the dictionary is never copied.
        var memo = sizes
        sizes = [:]
        defer { sizes = memo }
        return expandedSize(of: entity, in: document, depth: 0, memo: &memo)
    }

    /// The bytes `entity` expands to, its nested references expanded too
    /// (each internal entity measured once, each nested reference costing
    /// at least 1); anything past the budget, a reference cycle or nesting
    /// deeper than `maxEntityDepth` counts as `maxExpansionBytes + 1`.
    private func expandedSize(of entity: xmlEntityPtr, in document: xmlDocPtr?, depth: Int,
                              memo: inout [UnsafeMutableRawPointer: Int]) -> Int {
        let key = UnsafeMutableRawPointer(entity)
        if let known = memo[key] { return known }
        let tooBig = maxExpansionBytes + 1
        guard depth < Self.maxEntityDepth else { return tooBig }
        // In progress: a reference back to it is a cycle.
        memo[key] = tooBig
        var size = 0
        if let content = entity.pointee.content {
            let length = Int(entity.pointee.length)
            var i = 0
            while i < length && size < tooBig {
                guard content[i] == UInt8(ascii: "&"), let end = Self.referenceEnd(content, from: i, length: length) else {
                    size += 1
                    i += 1
                    continue
                }
                // A character reference, a predefined, unknown or external
                // entity (refused when met) costs 1.
                var cost = 1
                if content[i + 1] != UInt8(ascii: "#") {
                    var name = Array(UnsafeBufferPointer(start: content + i + 1, count: end - i - 1))
                    name.append(0)
                    if let nested = xmlGetDocEntity(document, name), nested.pointee.etype == XML_INTERNAL_GENERAL_ENTITY {
                        cost = max(1, expandedSize(of: nested, in: document, depth: depth + 1, memo: &memo))
                    }
                }
                size += cost
                i = end + 1
            }
        }
        size = min(size, tooBig)
        memo[key] = size
        return size
    }

    /// The index of the `;` closing a reference that starts with the `&` at
    /// `start`, or nil when no well-formed reference starts there.
    private static func referenceEnd(_ content: UnsafePointer<xmlChar>, from start: Int, length: Int) -> Int? {
        var j = start + 1
        let limit = min(length, start + 256)
        while j < limit {
            let byte = content[j]
            if byte == UInt8(ascii: ";") { return j > start + 1 ? j : nil }
            if byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || FeedText.isSpace(byte) { return nil }
            j += 1
        }
        return nil
    }
}
