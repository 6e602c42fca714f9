/// Reads RSS 2.0 (and 0.9x), RSS 1.0 (RDF) and Atom 1.0 feeds from
/// untrusted bytes.
///
/// ```swift
/// let feed = try bytes.withUnsafeBufferPointer { try FeedParser.parse($0) }
/// for item in feed.items { print(item.title ?? "", item.link ?? "") }
/// ```
///
/// Elements are matched by namespace URI, never by prefix. The document's
/// encoding is honoured (byte-order mark or XML declaration); a document
/// that declares none and is not UTF-8 is read again as Windows-1252, the
/// usual culprit. Parsing recovers from errors, so a slightly broken or
/// truncated feed still gives its items; a document with no root element
/// is `notXML`.
///
/// Hostile XML is contained by `HardenedXMLReader`: no external entity,
/// DTD or parameter entity is ever read, entity expansion is bounded by
/// `entityBudget(forInputBytes:)`, and the input by `maxInputBytes`. An
/// entity-expansion attack costs only the items that use it: a reference
/// past the budget expands to nothing, the items holding one are marked
/// `unusable`, what was lost outside the items is in `Feed.warnings`, and
/// the other items read as usual.
public enum FeedParser {
    /// Inputs above this size (64 MiB) are refused. The largest real feeds
    /// (podcasts with thousands of episodes) are tens of megabytes, and
    /// libxml2's tree can take many times the input's size.
    public static let maxInputBytes = 64 << 20

    /// The entity budget (1 MiB): the most entity replacement text a
    /// document may produce, nested references fully counted and each
    /// reference costing at least 1 — or as much as the document itself
    /// when it is larger (see `entityBudget(forInputBytes:)`). Real feeds
    /// declare a few entities for characters, if any; an expansion attack
    /// needs many times its own size.
    public static let maxEntityExpansionBytes = 1 << 20

    /// The entity budget for an input of `count` bytes: expansion may at
    /// most double a document, or add `maxEntityExpansionBytes` to a small one.
    public static func entityBudget(forInputBytes count: Int) -> Int {
        max(maxEntityExpansionBytes, count)
    }

    /// Parses a feed.
    ///
    /// - Throws: `.tooLarge` past `maxInputBytes`; `.entityExpansion` for an
    ///   entity-expansion attack that leaves no item untouched; `.notXML`
    ///   when no element can be read;
    ///   `.notAFeed` for any other root element; `.parserUnavailable` when
    ///   libxml2 cannot allocate a parser.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(FeedParseError) -> Feed {
        guard bytes.count <= maxInputBytes else { throw .tooLarge(bytes: bytes.count, limit: maxInputBytes) }
        let budget = entityBudget(forInputBytes: bytes.count)
        var result = try HardenedXMLReader.read(bytes, encoding: nil, maxExpansionBytes: budget)
        if result.log.sawInvalidUTF8 && !FeedSniffer.hasByteOrderMark(bytes)
            && FeedSniffer.declaredEncoding(UnsafeBufferPointer(rebasing: bytes.prefix(1024))) == nil {
            // NB: libxml2 keeps the stray bytes as they are, which is not
            // UTF-8: a feed that names no encoding but is not UTF-8 is
            // nearly always Windows-1252 (a superset of Latin-1).
            result = try HardenedXMLReader.read(bytes, encoding: "windows-1252", maxExpansionBytes: budget)
        }
        guard let tree = result.tree, let root = tree.root else {
            if !result.log.refusals.isEmpty { throw .entityExpansion(limit: budget) }
            let error = result.log.firstError ?? (message: "no root element", line: 1)
            throw .notXML(message: error.message, line: error.line)
        }
        let refusals = result.log.refusals
        if !refusals.isEmpty {
            tree.markRefusals(refusals, reason: "its XML entities expand past the \(budget)-byte limit "
                + "(entity-expansion attack?); item left out")
        }
        return try withExtendedLifetime(tree) { () throws(FeedParseError) -> Feed in
            var feed: Feed
            if RSSFeedReader.isRSS(root) {
                feed = RSSFeedReader.feed(root)
            } else if RSSFeedReader.isRDF(root) {
                feed = RSSFeedReader.rdfFeed(root)
            } else if AtomFeedReader.isAtom(root) {
                feed = AtomFeedReader.feed(root)
            } else {
                throw .notAFeed(rootElement: root.qualifiedName, namespace: root.namespace)
            }
            guard !refusals.isEmpty else { return feed }
            // Nothing harmless left: the feed is the attack.
            guard feed.items.contains(where: { $0.unusable == nil }) else { throw .entityExpansion(limit: budget) }
            let outside = tree.count(refusals, outside: { $0.localName == "item" || $0.localName == "entry" })
            if outside > 0 {
                feed.warnings.append("\(outside) XML entity reference\(outside == 1 ? "" : "s") outside the items "
                    + "expand\(outside == 1 ? "s" : "") past the \(budget)-byte limit (entity-expansion attack?) and "
                    + "\(outside == 1 ? "was" : "were") left out")
            }
            return feed
        }
    }

    /// A cheap sniff of a document's first bytes (a few hundred are
    /// plenty): past a byte-order mark, whitespace, the XML declaration,
    /// comments and a doctype, is the root element `<rss>`, `<feed>` in the
    /// Atom namespace, or `<rdf:RDF>` (any prefix bound to the RDF
    /// namespace)? No parsing; `parse` has the final word.
    public static func looksLikeFeed(_ prefix: UnsafeBufferPointer<UInt8>) -> Bool {
        FeedSniffer.looksLikeFeed(prefix)
    }
}
