/// A compact, immutable HTML tree in plain Swift arrays.
///
/// Nodes are stored in document order (pre-order), so a parent always comes
/// before its children: a reverse loop over `nodes` visits children first
/// (bottom-up aggregates without recursion), a forward loop is a document-order
/// walk. Text lives in one shared UTF-8 buffer.
public struct DOM: Sendable, Equatable {
    public var nodes: [DOMNode] = []
    /// UTF-8 bytes of every text node, back to back.
    public var text: [UInt8] = []
    /// Lowercased `id`, `class` and `role` values of elements, space-separated,
    /// back to back (see `DOMNode.attributeRange`).
    public var attributes: [UInt8] = []
    public var head = HeadInfo()
    /// For every element libxml2 reported, in document order: its node index,
    /// or -1 when it got no node (inside `<head>`, `<script>`…). Element
    /// ordinals from `XPathDocument` index this array.
    public var elementNodes: [Int32] = []
    /// Elements and text nodes left out because the tree reached
    /// `DOMBuilder.maxNodes` (their text is lost: the page says so).
    public var nodesOverLimit = 0

    /// Hard cap on nodes, far above real pages, so hostile input stays bounded.
    public static let maxNodes = 4_000_000

    public init() {}

    /// The text of a text node.
    public func text(of node: DOMNode) -> ArraySlice<UInt8> {
        text[Int(node.textStart)..<Int(node.textStart + node.textLength)]
    }

    /// The `id class role` tokens of an element, lowercased.
    public func attributeTokens(of node: DOMNode) -> ArraySlice<UInt8> {
        attributes[Int(node.attributeStart)..<Int(node.attributeStart + node.attributeLength)]
    }

    public var count: Int { nodes.count }
}

/// One element or text node.
public struct DOMNode: Sendable, Equatable {
    public var tag: HTMLTag
    public var flags: Flags
    /// Index of the parent node; -1 for the root.
    public var parent: Int32
    /// Index just past this node's last descendant (its subtree is
    /// `index..<subtreeEnd`).
    public var subtreeEnd: Int32
    /// Text node: range in `DOM.text`.
    public var textStart: Int32
    public var textLength: Int32
    /// Element: range in `DOM.attributes`.
    public var attributeStart: Int32
    public var attributeLength: Int32
    /// Nesting depth (root = 0).
    public var depth: Int32

    public struct Flags: OptionSet, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let text = Flags(rawValue: 1 << 0)
        /// An inline `display:none` /
        /// `visibility:hidden` style.
        public static let hidden = Flags(rawValue: 1 << 1)
        /// `itemprop="articleBody"` (or `text`).
        public static let articleBody = Flags(rawValue: 1 << 2)
        /// An `<a>` with an `href`.
        public static let link = Flags(rawValue: 1 << 3)
        /// `role="main"` or `role="article"`.
        public static let mainRole = Flags(rawValue: 1 << 4)
        /// The `hidden` attribute or `aria-hidden="true"`: content a reader
        /// opens (a tab panel, an accordion's answer) or that is shown but
        /// kept from screen readers (a slide, an animated section) as often
        /// as chrome (a closed menu, a decorative duplicate).
        public static let collapsed = Flags(rawValue: 1 << 5)
    }

    public var isText: Bool { flags.contains(.text) }
}

/// What the `<head>` (and JSON-LD blocks anywhere) say about the page.
public struct HeadInfo: Sendable, Equatable {
    /// Text of the first `<title>`.
    public var title: String?
    /// `<meta>` name/property/itemprop (lowercased) → content, first one wins.
    public var meta: [String: String] = [:]
    /// `<link rel="canonical" href>`.
    public var canonical: String?
    /// `<html lang>`.
    public var language: String?
    /// Bodies of `<script type="application/ld+json">`.
    public var jsonLD: [String] = []

    public init() {}
}
