import DecruftLibXML

/// The library's entry point: text in, cleaned document and removal log out.
///
///     let cleaner = Cleaner()
///     let result = cleaner.clean(text: scraped)
///     print(CanonicalWriter.text(result.document))
public struct Cleaner: Sendable {
    public let configuration: Configuration
    public let pipeline: Pipeline
    let splitter: TextSplitter
    let extractor: HTMLExtractor

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.pipeline = FilterCatalog.pipeline(configuration)
        self.splitter = TextSplitter(settings: configuration.splitter)
        self.extractor = HTMLExtractor(rules: configuration.rules.regions, settings: configuration.html)
    }

    /// Cleans one HTML page: finds the article, then runs the filters on its
    /// blocks. The removal log starts with the page's left-out blocks (filter
    /// `html`, when `options.recordRemovals`), then the filters' removals.
    public func clean(html bytes: [UInt8], options: HTMLOptions = HTMLOptions()) throws(HTMLParseError) -> CleanResult {
        let extraction = try extractor.extract(bytes, options: options)
        var result = pipeline.run(extraction.document)
        result.removals = extraction.removals + result.removals
        return result
    }

    /// Cleans one plain-text document.
    public func clean(text: String) -> CleanResult {
        pipeline.run(Document(blocks: splitter.blocks(from: text)))
    }

    /// Cleans one plain-text document given as (valid) UTF-8 bytes.
    public func clean(utf8 bytes: UnsafeBufferPointer<UInt8>) -> CleanResult {
        pipeline.run(Document(blocks: splitter.blocks(fromBytes: bytes)))
    }

    /// Runs the filters on blocks that came from elsewhere (e.g. HTML).
    public func clean(_ document: Document) -> CleanResult {
        pipeline.run(document)
    }
}
