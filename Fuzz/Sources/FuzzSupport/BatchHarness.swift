import Decruft

/// Runs one fuzz input the way `decruft` runs a file: written to an
/// in-memory file, read by `BatchReader` in the given format (the form-feed
/// document splitter, the JSON Lines line reader, the feed parser, the WARC
/// reader), every item cleaned by `RecordCleaner` as a worker thread would,
/// every result checked against `Invariants`.
public final class BatchHarness {
    public let format: InputFormat
    public let recordCleaner: RecordCleaner
    public let level: Invariants.Level
    let file: MemoryFile
    let maxRecordBytes: Int

    /// - Parameter maxRecordBytes: `--max-record-mb` in bytes; small, so the
    ///   too-large paths are reachable with small inputs.
    public init(format: InputFormat, cleaner: Cleaner = Cleaner(), settings: BatchSettings,
                level: Invariants.Level = .characters, maxRecordBytes: Int = 64 << 20) {
        Cleaner.prepareForThreads()
        self.format = format
        self.recordCleaner = RecordCleaner(cleaner: cleaner, settings: settings)
        self.level = level
        self.file = MemoryFile(name: "decruft-fuzz-\(format.rawValue)")
        self.maxRecordBytes = maxRecordBytes
    }

    /// Reads and cleans `data`; `inspect` sees every item with its result.
    public func run(_ data: UnsafeBufferPointer<UInt8>, inspect: (BatchItem, BatchResult) -> Void = { _, _ in }) {
        file.replaceContents(with: data)
        var reader = BatchReader(inputs: [BatchInput(index: 0, name: file.path)], format: format)
        reader.maxRecordBytes = maxRecordBytes
        let settings = recordCleaner.settings
        reader.produce({ item in
            let result = recordCleaner.process(item)
            Invariants.check(result, settings: settings, level: level, Self.describe(item))
            inspect(item, result)
            return true
        }, progress: ReadProgress())
    }

    /// Where an item came from, for invariant messages.
    static func describe(_ item: BatchItem) -> String {
        switch item {
        case .document(let d): return "document \(d.index + 1) (\(d.kind), \(d.bytes.count) bytes)"
        case .jsonLine(let l): return "JSON line \(l.line) (\(l.bytes.count) bytes)"
        case .feedItem(let f): return "feed item \(f.position)"
        case .warcRecord(let w): return "WARC record \(w.position) (\(w.record.block.count) bytes)"
        case .unreadable(let u): return "unreadable item at \(u.location)"
        case .beginInput, .endInput: return "input marker"
        case .inputFailure(_, let failure): return "input failure: \(failure)"
        }
    }
}

/// Bytes as a `String` the way decruft reads rule and site-config files
/// (invalid UTF-8 becomes U+FFFD).
public func decodedText(_ data: UnsafeBufferPointer<UInt8>) -> String {
    String(decoding: data, as: UTF8.self)
}
