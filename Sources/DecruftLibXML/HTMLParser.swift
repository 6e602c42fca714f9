import CLibXML2

#if canImport(Glibc)
import Glibc
#endif

/// Why parsing failed.
public enum HTMLParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// libxml2 could not set up a parser (out of memory).
    case parserUnavailable
    /// The input is larger than `HTMLParser.maxInputBytes`.
    case tooLarge(bytes: Int, limit: Int)

    public var description: String {
        switch self {
        case .parserUnavailable: return "libxml2 could not create an HTML parser"
        case let .tooLarge(bytes, limit): return "HTML input of \(bytes) bytes exceeds the \(limit)-byte limit"
        }
    }
}

/// Parses HTML with libxml2's HTML parser in streaming (SAX) mode and builds
/// a compact `DOM`.
///
/// NB: SAX mode, not `htmlReadMemory`: libxml2 then builds no tree of its own,
/// which is faster than its tree parser alone, and its tree-building depth
/// limit (256 in 2.9.14, which silently drops the rest of deep pages) does not
/// apply. Errors are never printed (no error callbacks are installed).
///
/// The input must be UTF-8 (convert and repair it first); libxml2 is told so,
/// and told to ignore `<meta charset>` so it never re-decodes mid-page.
public enum HTMLParser {
    /// Inputs above this size are refused rather than risk the machine.
    public static let maxInputBytes = 1 << 30

    /// Parser options: recover, silent, no network, input is UTF-8. Shared
    /// with `XPathDocument` so both parses see the same elements.
    static let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
        | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)

    /// Parses UTF-8 HTML.
    public static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(HTMLParseError) -> DOM {
        try parse(utf8: bytes, skipsRawText: true)
    }

    /// - Parameter skipsRawText: move libxml2 past script and style text that
    ///   nobody reads (`RawTextSkipper`); off only to check that this changes
    ///   nothing.
    ///   `maxNodes`: the cap on tree nodes (smaller only in tests).
    static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>, skipsRawText: Bool,
                      maxNodes: Int = DOM.maxNodes) throws(HTMLParseError) -> DOM {
        guard bytes.count <= maxInputBytes else { throw .tooLarge(bytes: bytes.count, limit: maxInputBytes) }
        LibXML.initialize()
        let builder = UnsafeMutablePointer<DOMBuilder>.allocate(capacity: 1)
        builder.initialize(to: DOMBuilder(maxNodes: maxNodes))
        defer {
            builder.deinitialize(count: 1)
            builder.deallocate()
        }
        // libxml2 refuses to create a parser for zero bytes: an empty page is an empty DOM.
        if bytes.isEmpty { return builder.pointee.finish() }
        // libxml2 wants a non-null buffer; an empty page parses as "".
        var empty: UInt8 = 0
        let base = bytes.baseAddress ?? UnsafePointer(withUnsafeMutablePointer(to: &empty) { $0 })
        guard let context = base.withMemoryRebound(to: CChar.self, capacity: max(bytes.count, 1), {
            htmlCreateMemoryParserCtxt($0, Int32(bytes.count))
        }) else { throw .parserUnavailable }
        let handler = UnsafeMutablePointer<htmlSAXHandler>.allocate(capacity: 1)
        handler.initialize(to: DOMBuilder.handler())
        let originalHandler = context.pointee.sax
        context.pointee.sax = handler
        context.pointee.userData = UnsafeMutableRawPointer(builder)
        if skipsRawText { builder.pointee.parser = context }
        defer {
            context.pointee.sax = originalHandler
            context.pointee.userData = nil
            htmlFreeParserCtxt(context)
            handler.deallocate()
        }
        htmlCtxtUseOptions(context, options)
        xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8)
        _ = htmlParseDocument(context)
        return builder.pointee.finish()
    }
}

/// Process-wide libxml2 set-up, done once before any parse.
public enum LibXML {
    private static let initialized: Bool = {
        xmlInitParser()
        // NB: a few libxml2 messages (encoding conversion) bypass the parser's
        // handlers and go to this global one: keep stderr ours.
        decruft_silence_generic_errors()
        // NB: libxml2 reads external entities, DTDs and parameter entities
        // through this process-wide loader, and XML_PARSE_NONET does not stop
        // file:// URLs: refuse every one, so no document can make us read a
        // local file or the network (FeedParser also refuses them earlier).
        xmlSetExternalEntityLoader { _, _, _ in nil }
        return true
    }()

    /// Calls `xmlInitParser()` and installs the refusing external-entity
    /// loader, once; call it before starting threads.
    public static func initialize() {
        _ = initialized
    }

    /// The libxml2 version compiled against, e.g. "2.9.14".
    public static var version: String {
        LIBXML_DOTTED_VERSION
    }
}

/// libxml2's own tree parser, used only to measure the parse floor that the
/// benchmark compares decruft against.
public enum TreeParseFloor {
    /// Parses `bytes` (UTF-8) with `htmlReadMemory` into libxml2's tree and
    /// frees it; returns the number of bytes parsed.
    @discardableResult
    public static func parseAndFree(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int {
        LibXML.initialize()
        guard let base = bytes.baseAddress else { return 0 }
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue)
        let doc = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
            htmlReadMemory($0, Int32(bytes.count), nil, "UTF-8", options)
        }
        if let doc { xmlFreeDoc(doc) }
        return bytes.count
    }
}
