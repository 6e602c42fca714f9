import DecruftArchive
import DecruftLibXML

/// One input of a batch run (a file, or standard input), numbered in the
/// order the inputs were given.
public struct BatchInput: Sendable, Hashable {
    public var index: Int
    /// The name used in messages and in `source` fields: the path as given,
    /// or `-` for standard input.
    public var name: String

    public init(index: Int, name: String) {
        self.index = index
        self.name = name
    }
}

/// One unit of work in a batch run, in input order. Documents and records
/// are cleaned by `RecordCleaner`; the input markers let the writer open and
/// close per-input output files in order.
public enum BatchItem: Sendable {
    /// An input is about to yield its items.
    case beginInput(BatchInput)
    /// An input has yielded all its items.
    case endInput(BatchInput)
    /// A whole plain-text or HTML document (a file, or one form-feed
    /// separated part of a text stream).
    case document(DocumentItem)
    /// One line of a JSON Lines input.
    case jsonLine(JSONLineItem)
    /// One item or entry of an RSS or Atom feed.
    case feedItem(FeedRecordItem)
    /// One record of a WARC file.
    case warcRecord(WARCItem)
    /// A record that could not even be read (too large, WARC framing…):
    /// reported like a bad record, with what is known of it.
    case unreadable(UnreadableItem)
    /// An input that failed as a whole (missing file, read error, a feed
    /// that is not XML): an error line and an exit status.
    case inputFailure(BatchInput, IOFailure)

    /// Input bytes this item stands for (progress and MB/s).
    public var byteCount: Int {
        switch self {
        case .document(let d): return d.bytes.count
        case .jsonLine(let l): return l.bytes.count + 1
        case .feedItem(let f): return f.byteCount
        case .warcRecord(let w): return w.record.block.count
        case .unreadable(let u): return u.byteCount
        case .beginInput, .endInput, .inputFailure: return 0
        }
    }

    /// Whether the item is a record or document the summary counts.
    public var isRecord: Bool {
        switch self {
        case .document, .jsonLine, .feedItem, .warcRecord, .unreadable: return true
        case .beginInput, .endInput, .inputFailure: return false
        }
    }
}

public struct DocumentItem: Sendable {
    public var input: BatchInput
    /// 0-based index of the document within its input.
    public var index: Int
    public var bytes: [UInt8]
    public var kind: InputKind
    /// Plain text: the charset its bytes are in (`--charset`); nil for
    /// UTF-8 (as given, or converted from UTF-16 or UTF-32 by the reader).
    public var charset: String?

    public init(input: BatchInput, index: Int, bytes: [UInt8], kind: InputKind) {
        self.input = input
        self.index = index
        self.bytes = bytes
        self.kind = kind
    }

    /// `file`, or `file#3` for the third document of a stream.
    public var name: String { index == 0 ? input.name : "\(input.name)#\(index + 1)" }
}

public struct JSONLineItem: Sendable {
    public var input: BatchInput
    /// 1-based line number in the input.
    public var line: Int
    /// The line without its line ending.
    public var bytes: [UInt8]

    public init(input: BatchInput, line: Int, bytes: [UInt8]) {
        self.input = input
        self.line = line
        self.bytes = bytes
    }
}

public struct FeedRecordItem: Sendable {
    public var input: BatchInput
    /// 1-based position of the item in the feed.
    public var position: Int
    public var item: FeedItem
    public var feedTitle: String?
    public var feedLink: String?
    /// The item's share of the feed's bytes (for throughput figures).
    public var byteCount: Int
    /// What the feed lost outside its items (`Feed.warnings`), carried by
    /// its first record.
    public var warnings: [String] = []

    public init(input: BatchInput, position: Int, item: FeedItem, feedTitle: String?, feedLink: String?, byteCount: Int) {
        self.input = input
        self.position = position
        self.item = item
        self.feedTitle = feedTitle
        self.feedLink = feedLink
        self.byteCount = byteCount
    }
}

public struct WARCItem: Sendable {
    public var input: BatchInput
    /// 1-based position of the record in the file.
    public var position: Int
    public var record: WARCRecord

    public init(input: BatchInput, position: Int, record: WARCRecord) {
        self.input = input
        self.position = position
        self.record = record
    }
}

public struct UnreadableItem: Sendable {
    public var input: BatchInput
    /// Where it was: `line 12`, `record 4 at byte 81920`.
    public var location: String
    public var message: String
    /// Fields known despite the failure (e.g. a WARC record's id and URL).
    public var fields: [(name: String, value: String)]
    public var byteCount: Int

    public init(input: BatchInput, location: String, message: String,
                fields: [(name: String, value: String)] = [], byteCount: Int = 0) {
        self.input = input
        self.location = location
        self.message = message
        self.fields = fields
        self.byteCount = byteCount
    }
}

/// What became of one item: bytes for the output, lines for standard
/// error, and the figures the summary adds up.
public struct BatchResult: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// Cleaned and written.
        case cleaned
        /// A bad record or document (written flagged, skipped or fatal,
        /// as `--on-error` says).
        case failed
        /// Not a document to clean (a WARC request record, a 404, an image):
        /// counted by reason, nothing written.
        case skipped(reason: String)
        /// Markers and input failures.
        case control
    }

    public var outcome: Outcome
    /// The record or document as written: a JSON line (with its newline),
    /// or canonical text (the writer adds separators). nil: nothing to write.
    public var payload: [UInt8]?
    /// Standard-error lines (warnings, the removal log), in order.
    public var diagnostics: [String] = []
    /// Removals per filter name.
    public var removals: [String: Int] = [:]
    /// For `.failed`: the one-line reason (already in `diagnostics`).
    public var error: String?
    /// For an input failure: its exit status.
    public var exitCode: Int32 = 0
    public var inputBytes = 0
    public var outputBytes: Int { payload?.count ?? 0 }
    /// Whether the item was a whole document (not a record of a stream).
    public var isDocument = false
    /// For input markers: which input begins or ends here.
    public var marker: Marker?

    public enum Marker: Sendable {
        case begin(BatchInput)
        case end(BatchInput)
    }

    public init(outcome: Outcome, payload: [UInt8]? = nil) {
        self.outcome = outcome
        self.payload = payload
    }
}
