import DecruftArchive
import DecruftLibXML
import Synchronization

/// What an input holds.
public enum InputFormat: String, Sendable, CaseIterable {
    /// Decide per input by looking at its first bytes (see `detect`).
    case auto
    /// Plain text; a form-feed line separates documents.
    case text
    /// One HTML page.
    case html
    /// JSON Lines: one JSON object per line.
    case jsonl
    /// An RSS 2.0, RSS 1.0 (RDF) or Atom feed.
    case feed
    /// A WARC file, plain or gzip-compressed.
    case warc

    /// The format of an input starting with `prefix` (up to 4 KiB), named `name`:
    /// `WARC/` → warc; a feed root element → feed; a name ending in
    /// `.jsonl` or `.ndjson` → jsonl (JSON Lines are not guessed from the
    /// content: a text that happens to start with `{"` stays text); else
    /// HTML or text by `InputKind.sniff`. gzip data is judged by what it
    /// inflates to, and by its name without `.gz`; UTF-16 and UTF-32 text
    /// (a byte order mark, or `charset`) by what it reads as.
    public static func detect(_ prefix: ArraySlice<UInt8>, name: String, charset: String? = nil) -> InputFormat {
        var prefix = prefix
        var lower = name.lowercased()
        if Gzip.hasMagic(prefix) {
            prefix = Gzip.inflatedPrefix(prefix)[...]
            if lower.hasSuffix(".gz") { lower.removeLast(3) }
        }
        if let wide = TextDecoding.wideEncoding(of: prefix, charset: charset),
           let text = TextDecoding.wideToUTF8(Array(prefix), encoding: wide) {
            prefix = text[...]
        }
        if prefix.starts(with: Array("WARC/".utf8)) { return .warc }
        let isFeed = Array(prefix).withUnsafeBufferPointer { FeedParser.looksLikeFeed($0) }
        if isFeed { return .feed }
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .jsonl }
        return InputKind.sniff(prefix) == .html ? .html : .text
    }
}

/// Counts what the reader has taken in, for the progress line.
public final class ReadProgress: Sendable {
    private let bytes = Atomic<Int>(0)
    private let known = Atomic<Int>(0)

    public init() {}

    /// Bytes read from all inputs so far.
    public var bytesRead: Int { bytes.load(ordering: .relaxed) }
    /// The sum of the input files' sizes, when all are regular files, else 0.
    public var totalBytes: Int { known.load(ordering: .relaxed) }

    func add(_ count: Int) { bytes.wrappingAdd(count, ordering: .relaxed) }
    public func setTotal(_ count: Int) { known.store(count, ordering: .relaxed) }
}

/// Reads the inputs one after another and turns them into batch items, in
/// order: `beginInput`, its documents or records, `endInput`. Runs on the
/// executor's reader thread; every failure becomes an item, so the writer
/// reports it in its place.
public struct BatchReader: Sendable {
    public var inputs: [BatchInput]
    public var format: InputFormat
    /// Documents: a forced kind (from `--html`/`--text`), else sniffed.
    public var documentKind: InputKind?
    /// Plain text: the charset it is in (`--charset`), else UTF-8.
    public var charset: String?
    /// A JSONL line or WARC record longer than this becomes an error record
    /// (its bytes are read and dropped).
    public var maxRecordBytes = 64 << 20
    /// Feeds are parsed whole: a bigger one is an error.
    public var maxFeedBytes = FeedParser.maxInputBytes

    public init(inputs: [BatchInput], format: InputFormat, documentKind: InputKind? = nil) {
        self.inputs = inputs
        self.format = format
        self.documentKind = documentKind
    }

    /// Feeds every item to `submit`; stops early when it returns false.
    /// An input that cannot be opened yields only its failure (no begin
    /// and end markers, so no empty output file is made for it).
    public func produce(_ submit: (BatchItem) -> Bool, progress: ReadProgress) {
        for input in inputs {
            let reader: DocumentReader
            do {
                reader = try DocumentReader(path: input.name)
            } catch {
                guard submit(.inputFailure(input, error)) else { return }
                continue
            }
            guard submit(.beginInput(input)) else { return }
            var reported = 0
            let goOn = read(input, reader, submit: submit) { total in
                progress.add(total - reported)
                reported = total
            }
            guard goOn, submit(.endInput(input)) else { return }
        }
    }

    /// One input's items. False when `submit` asked to stop.
    func read(_ input: BatchInput, _ reader: DocumentReader, submit: (BatchItem) -> Bool, progress: (Int) -> Void) -> Bool {
        do {
            var chosen = format
            if chosen == .auto { chosen = InputFormat.detect(try reader.peek(), name: input.name, charset: charset) }
            try inflateIfGzip(reader, chosen)
            switch chosen {
            case .auto, .text, .html:
                return try readDocuments(input, reader, chosen, submit, progress)
            case .jsonl:
                return try readLines(input, reader, submit, progress)
            case .feed:
                return try readFeed(input, reader, submit, progress)
            case .warc:
                return readWARC(input, reader, submit, progress)
            }
        } catch {
            return submit(.inputFailure(input, error))
        }
    }

    func readDocuments(_ input: BatchInput, _ reader: DocumentReader, _ format: InputFormat,
                       _ submit: (BatchItem) -> Bool, _ progress: (Int) -> Void) throws(IOFailure) -> Bool {
        let (reader, charset) = try textSource(input, reader)
        var kind = documentKind ?? (format == .html ? .html : .text)
        if documentKind == nil, format == .auto { kind = InputKind.sniff(try reader.peek()) }
        if kind == .html {
            let bytes = try reader.readAll()
            progress(reader.bytesRead)
            return submit(.document(DocumentItem(input: input, index: 0, bytes: bytes, kind: .html)))
        }
        var index = 0
        while let bytes = try reader.nextDocument() {
            progress(reader.bytesRead)
            var document = DocumentItem(input: input, index: index, bytes: bytes, kind: .text)
            document.charset = charset
            guard submit(.document(document)) else { return false }
            index += 1
        }
        return true
    }

    func readLines(_ input: BatchInput, _ reader: DocumentReader,
                   _ submit: (BatchItem) -> Bool, _ progress: (Int) -> Void) throws(IOFailure) -> Bool {
        var number = 0
        while let line = try reader.nextLine(maxBytes: maxRecordBytes) {
            number += 1
            progress(reader.bytesRead)
            let item: BatchItem
            switch line {
            case .line(let bytes):
                // Blank lines separate nothing in JSON Lines: skip them.
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                item = .jsonLine(JSONLineItem(input: input, line: number, bytes: bytes))
            case .tooLong(let length):
                item = .unreadable(UnreadableItem(
                    input: input, location: "line \(number)",
                    message: "line of \(length) bytes exceeds the \(maxRecordBytes)-byte record limit (--max-record-mb)",
                    fields: [], byteCount: length))
            }
            guard submit(item) else { return false }
        }
        return true
    }

    func readFeed(_ input: BatchInput, _ reader: DocumentReader,
                  _ submit: (BatchItem) -> Bool, _ progress: (Int) -> Void) throws(IOFailure) -> Bool {
        let bytes = try reader.readAll()
        progress(reader.bytesRead)
        let feed: Feed
        do {
            feed = try bytes.withUnsafeBufferPointer { p throws(FeedParseError) in try FeedParser.parse(p) }
        } catch {
            throw .badData(path: input.name, reason: "not a usable feed: \(error.description)")
        }
        let share = feed.items.isEmpty ? 0 : bytes.count / feed.items.count
        // What the feed lost outside its items goes with its first record.
        var warnings = feed.warnings
        for (k, item) in feed.items.enumerated() {
            // An item hit by an entity-expansion attack is an error in its place.
            if let reason = item.unusable {
                let id = item.id ?? item.link ?? "\(input.name)#\(k + 1)"
                guard submit(.unreadable(UnreadableItem(input: input, location: "item \(k + 1)", message: reason,
                                                        fields: [("id", id)], byteCount: share))) else { return false }
                continue
            }
            var record = FeedRecordItem(input: input, position: k + 1, item: item, feedTitle: feed.title,
                                        feedLink: feed.link, byteCount: share)
            record.warnings = warnings
            warnings = []
            guard submit(.feedItem(record)) else { return false }
        }
        return true
    }
}

extension BatchReader {
    /// WARC records as items; a record that cannot be read becomes an
    /// error item in its place, and a damaged file ends with an input failure.
    func readWARC(_ input: BatchInput, _ reader: DocumentReader,
                  _ submit: (BatchItem) -> Bool, _ progress: (Int) -> Void) -> Bool {
        // NB: the bytes `peek` took to recognise the format are handed over
        // first, so standard input works too.
        let warc = WARCReader(fd: reader.descriptor, name: input.name, prefix: reader.takeUnconsumed(),
                              limits: WARCReader.Limits(maxRecordSize: maxRecordBytes))
        var position = 0
        var reached = 0
        while true {
            let item: BatchItem
            do {
                guard let record = try warc.next() else { break }
                position += 1
                reached = max(reached, record.offset)
                item = .warcRecord(WARCItem(input: input, position: position, record: record))
            } catch {
                guard error.isRecoverable else {
                    let failure: IOFailure
                    if case let .io(_, code) = error {
                        failure = .unreadable(path: input.name, reason: IOFailure.errnoText(code))
                    } else {
                        failure = .badData(path: input.name, reason: BatchReader.withoutName(error, keepOffset: true))
                    }
                    guard submit(.inputFailure(input, failure)) else { return false }
                    break
                }
                var fields: [(name: String, value: String)] = []
                var size = 0
                if case let .recordTooLarge(_, _, recordSize, _, type, uri) = error {
                    position += 1
                    size = recordSize
                    if let type { fields.append(("warc_type", type)) }
                    if let uri { fields.append(("url", uri)) }
                }
                let location = "offset \(error.offset ?? 0)"
                item = .unreadable(UnreadableItem(input: input, location: location,
                                                  message: BatchReader.withoutName(error), fields: fields, byteCount: size))
            }
            progress(reached)
            guard submit(item) else { return false }
        }
        progress(reader.fileSize ?? reached)
        return true
    }

    /// A WARC error's message without the leading `name: offset N: `
    /// (the item names its place itself).
    static func withoutName(_ error: WARCError, keepOffset: Bool = false) -> String {
        var text = Substring(error.description)
        let prefix = "\(error.name): "
        if text.hasPrefix(prefix) { text = text.dropFirst(prefix.count) }
        if !keepOffset, let offset = error.offset, text.hasPrefix("offset \(offset): ") {
            text = text.dropFirst("offset \(offset): ".count)
        }
        return String(text)
    }
}
