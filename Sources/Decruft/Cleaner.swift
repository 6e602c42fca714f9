/// The library's entry point: text in, cleaned document and removal log out.
///
///     let cleaner = Cleaner()
///     let result = cleaner.clean(text: scraped)
///     print(CanonicalWriter.text(result.document))
public struct Cleaner: Sendable {
    public let configuration: Configuration
    public let pipeline: Pipeline
    let splitter: TextSplitter

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.pipeline = FilterCatalog.pipeline(configuration)
        self.splitter = TextSplitter(settings: configuration.splitter)
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
