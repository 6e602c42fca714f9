import DecruftLibXML

/// The library's entry point: text in, cleaned document and removal log out.
///
///     let cleaner = Cleaner()
///     let result = cleaner.clean(text: scraped)
///     print(CanonicalWriter.text(result.document))
///
/// Rules limited to some sites (`sites = [...]`, site-config files) apply
/// when the document's host is given (`host:`, from `--url`).
public struct Cleaner: Sendable {
    public let configuration: Configuration
    /// The pipeline for a document of unknown host (only unscoped rules).
    public let pipeline: Pipeline
    /// Per-site rules found on demand (FiveFilters site-config files), if any.
    public let siteRules: (any SiteRuleProvider)?
    let splitter: TextSplitter
    let extractor: HTMLExtractor
    let scopedPipelines = PipelineCache()

    public init(configuration: Configuration = Configuration(), siteRules: (any SiteRuleProvider)? = nil) {
        self.configuration = configuration
        self.siteRules = siteRules
        var unscoped = configuration
        unscoped.rules = configuration.rules.forHost(nil)
        self.pipeline = FilterCatalog.pipeline(unscoped)
        self.splitter = TextSplitter(settings: configuration.splitter)
        self.extractor = HTMLExtractor(rules: configuration.rules.regions, settings: configuration.html)
    }

    /// Process-wide set-up of the C libraries (libxml2's parser and its
    /// entity loader); call once before starting threads that clean.
    public static func prepareForThreads() {
        LibXML.initialize()
    }

    /// The rules that apply to a document from `host`.
    public func rules(forHost host: String?) -> RuleSet {
        var rules = configuration.rules.forHost(host)
        if let host, let site = siteRules?.rules(forHost: host) { rules.append(site) }
        return rules
    }

    /// The pipeline for a document from `host` (the shared one when no
    /// site-scoped rule applies).
    public func pipeline(forHost host: String?) -> Pipeline {
        guard let host, configuration.rules.hasScopedRules || siteRules != nil else { return pipeline }
        return scopedPipelines.pipeline(for: host) {
            var scoped = configuration
            scoped.rules = rules(forHost: host)
            return FilterCatalog.pipeline(scoped)
        }
    }

    /// Cleans one HTML page held in any byte collection (`Data`, a slice,
    /// `[UInt8]`…); see `clean(html:options:)` for `[UInt8]`.
    public func clean<Bytes: Collection>(html bytes: Bytes, options: HTMLOptions = HTMLOptions())
        throws(HTMLParseError) -> CleanResult where Bytes.Element == UInt8 {
        try clean(html: Array(bytes), options: options)
    }

    /// Cleans one HTML page: finds the article, then runs the filters on its
    /// blocks. The removal log starts with the page's left-out blocks (filter
    /// `html`, when `options.recordRemovals`), then the filters' removals.
    /// The host for site rules is `options.url`'s; without one, the URL the
    /// page declares for itself (`DeclaredURL`: its canonical link, else
    /// `og:url`), when any rule is limited to some sites.
    public func clean(html bytes: [UInt8], options: HTMLOptions = HTMLOptions()) throws(HTMLParseError) -> CleanResult {
        var host = options.url.flatMap(URLHost.of)
        var hostSource = host == nil ? nil : "url"
        if host == nil, configuration.rules.hasScopedRules || siteRules != nil,
           let declared = DeclaredURL.find(in: bytes) {
            host = URLHost.of(declared.url)
            hostSource = declared.source.rawValue
        }
        let rules = host == nil ? configuration.rules.forHost(nil) : rules(forHost: host)
        var extraction = try extractor.extract(bytes, options: options, rules: rules)
        if let title = options.title { Cleaner.setTitle(title, of: &extraction.document, emit: options.includeTitle) }
        var result = pipeline(forHost: host).run(extraction.document)
        result.removals = extraction.removals + result.removals
        // What decoding the page repaired or guessed comes first.
        result.warnings = extraction.charset.warnings + extraction.warnings + result.warnings
        result.siteHost = host.map { SiteHost(host: $0, source: hostSource ?? "url") }
        return result
    }

    /// A title known from outside the page (a feed item's) replaces the
    /// page's own, as metadata and as the first block.
    static func setTitle(_ title: String, of document: inout Document, emit: Bool) {
        let text = Canonical.paragraph(title)
        document.metadata.title = text.isEmpty ? document.metadata.title : text
        guard emit, !text.isEmpty else { return }
        if document.blocks.first?.kind == .title { document.blocks.removeFirst() }
        document.blocks.insert(Block(text: text, kind: .title, index: 0, provenance: Provenance(path: "title")), at: 0)
    }

    /// Cleans one plain-text document; `title`, when given (a feed item's),
    /// is the first block.
    public func clean(text: String, host: String? = nil, title: String?) -> CleanResult {
        var document = Document(blocks: splitter.blocks(from: text))
        if let title { Cleaner.setTitle(title, of: &document, emit: true) }
        return pipeline(forHost: host).run(document)
    }

    /// Cleans one plain-text document.
    public func clean(text: String, host: String? = nil) -> CleanResult {
        pipeline(forHost: host).run(Document(blocks: splitter.blocks(from: text)))
    }

    /// Cleans one plain-text document given as (valid) UTF-8 bytes.
    public func clean(utf8 bytes: UnsafeBufferPointer<UInt8>, host: String? = nil) -> CleanResult {
        pipeline(forHost: host).run(Document(blocks: splitter.blocks(fromBytes: bytes)))
    }

    /// Runs the filters on blocks that came from elsewhere (e.g. HTML).
    public func clean(_ document: Document, host: String? = nil) -> CleanResult {
        pipeline(forHost: host).run(document)
    }
}

/// Rules for one host found on demand, e.g. from a directory of FiveFilters
/// site-config files. Returned rules apply to that host as they are.
public protocol SiteRuleProvider: Sendable {
    func rules(forHost host: String) -> RuleSet?
}
