/// How a batch run reads records and writes results.
public struct BatchSettings: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        /// Canonical text; documents separated by a separator line.
        case text
        /// One JSON object per line.
        case jsonl
    }

    /// What happens to a record that cannot be cleaned (invalid JSON, a
    /// missing or non-string field, a timeout).
    public enum OnError: String, Sendable, CaseIterable {
        /// Written out with an `error` field (the default): nothing is lost
        /// and the output has one line per input line.
        case keep
        /// Left out of the output (reported on standard error and counted).
        case skip
        /// The run stops at the first bad record with exit status 65, after
        /// writing the records before it.
        case fail
    }

    public var format: Format = .text

    /// How a document's text is written, alone or inside a JSONL record.
    public enum TextStyle: String, Sendable, CaseIterable {
        /// Canonical text: paragraphs separated by blank lines.
        case text
        /// Markdown keeping HTML's headings, lists, tables and code.
        case markdown
        /// Minimal HTML (one `<article>`) with the same structure.
        case html
    }

    public var textStyle: TextStyle = .text

    /// A document written in `textStyle`.
    public func appendText(_ document: Document, to out: inout [UInt8]) {
        switch textStyle {
        case .text: CanonicalWriter.append(document, to: &out)
        case .markdown: MarkdownWriter.append(document, to: &out)
        case .html: HTMLWriter.append(document, to: &out)
        }
    }

    public func text(_ document: Document) -> String {
        var out: [UInt8] = []
        appendText(document, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
    /// JSONL: the field that holds plain text.
    public var textField = "text"
    /// JSONL: the field that holds HTML. nil: `html` when a record has it
    /// (and no `--text-field` was given), else the text field.
    public var htmlField: String?
    /// Whether `textField` was chosen by the user (then `html` is not looked for).
    public var textFieldGiven = false
    /// JSONL: the field (a dotted path such as `metadata.url` is allowed)
    /// that holds the record's URL, for site rules and HTML metadata.
    public var urlField = "url"
    /// JSONL: where the cleaned text goes (default: the text field).
    public var outputField: String?
    /// The field that flags a bad record.
    public var errorField = "error"
    public var onError: OnError = .keep
    /// Put the full removal log in each record (and on standard error).
    public var explain = false
    /// HTML options shared by every document (title, comments, captions…).
    public var html = HTMLOptions()
    /// Documents (not records): a forced kind, or nil to sniff each one.
    public var documentKind: InputKind?
    /// WARC: the largest decoded HTTP body (gzip bodies can expand a lot).
    public var maxBodyBytes = 64 << 20
    /// Documents: the host from `--url`.
    public var host: String?

    public init() {}

    /// The field the cleaned text of a JSONL record is written to.
    public var resolvedOutputField: String { outputField ?? textField }
}
