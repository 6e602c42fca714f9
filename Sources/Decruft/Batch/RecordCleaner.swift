import DecruftArchive
import DecruftLibXML

/// Turns one batch item into its result: cleans documents, JSONL records,
/// feed items and WARC responses, and builds the output record.
///
/// Stateless apart from the `Cleaner` (whose caches are thread-safe): one
/// value is shared by every worker thread.
public struct RecordCleaner: Sendable {
    public let cleaner: Cleaner
    public let settings: BatchSettings
    /// The filter names counted in each record's `decruft.removed`, in
    /// pipeline order (plus `html` for blocks left out of a page).
    public let countedFilters: [String]

    public init(cleaner: Cleaner, settings: BatchSettings) {
        self.cleaner = cleaner
        self.settings = settings
        self.countedFilters = cleaner.pipeline.names
    }

    public func process(_ item: BatchItem) -> BatchResult {
        var result: BatchResult
        switch item {
        case .beginInput(let input):
            result = BatchResult(outcome: .control)
            result.marker = .begin(input)
        case .endInput(let input):
            result = BatchResult(outcome: .control)
            result.marker = .end(input)
        case .inputFailure(_, let failure):
            result = BatchResult(outcome: .control)
            result.diagnostics = ["error: \(failure.description)"]
            result.exitCode = failure.exitCode
        case .document(let document):
            result = clean(document)
        case .jsonLine(let line):
            result = clean(line)
        case .feedItem(let feedItem):
            result = clean(feedItem)
        case .warcRecord(let warc):
            result = clean(warc)
        case .unreadable(let unreadable):
            result = failure(item, unreadable.message)
        }
        result.inputBytes = item.byteCount
        if case .document = item { result.isDocument = true }
        return result
    }

    /// The result for an item that failed for a reason found outside
    /// `process` (a timeout), or inside it.
    public func failure(_ item: BatchItem, _ message: String) -> BatchResult {
        var result = BatchResult(outcome: .failed)
        result.inputBytes = item.byteCount
        if case .document = item { result.isDocument = true }
        let location: String
        var payload: [UInt8]?
        switch item {
        case .document(let document):
            location = document.name
            result.exitCode = 65
            if settings.format == .jsonl {
                var object = JSONObjectWriter()
                object.field("source", document.name)
                object.field(settings.errorField, message)
                payload = object.finish() + [0x0A]
            }
        case .jsonLine(let line):
            location = "\(line.input.name):\(line.line)"
            payload = flaggedLine(line, message)
        case .feedItem(let feedItem):
            location = "\(feedItem.input.name): item \(feedItem.position)"
            payload = generatedRecord(id: feedItem.item.id ?? feedItem.item.link ?? "\(feedItem.input.name)#\(feedItem.position)",
                                      source: feedItem.input.name, metadata: feedMetadata(feedItem, page: nil),
                                      cleaned: nil, error: message)
        case .warcRecord(let warc):
            location = "\(warc.input.name): record \(warc.position)"
            payload = generatedRecord(id: warc.record.recordID ?? "\(warc.input.name)#\(warc.position)", source: warc.input.name,
                                      metadata: warcMetadata(warc.record, page: nil), cleaned: nil, error: message)
        case .unreadable(let unreadable):
            location = "\(unreadable.input.name): \(unreadable.location)"
            var object = JSONObjectWriter()
            for (name, value) in unreadable.fields { object.field(name, value) }
            object.field("source", unreadable.input.name)
            object.field(settings.errorField, message)
            payload = object.finish() + [0x0A]
        case .beginInput, .endInput, .inputFailure:
            location = "?"
        }
        result.error = "\(location): \(message)"
        result.diagnostics.append("error: \(location): \(message)")
        result.payload = settings.format == .jsonl ? payload : nil
        return result
    }

    // MARK: - Documents

    func clean(_ document: DocumentItem) -> BatchResult {
        let name = document.name
        if let what = BinaryContent.describe(document.bytes[...]) {
            return failure(.document(document), BinaryContent.refusal(what))
        }
        var diagnostics: [String] = []
        let cleaned: CleanResult
        let isHTML = document.kind == .html
        if isHTML {
            do {
                cleaned = try cleaner.clean(html: document.bytes, options: settings.html)
            } catch {
                return failure(.document(document), error.description)
            }
        } else {
            let (bytes, warnings) = TextDecoding.toUTF8(document.bytes, charset: document.charset)
            diagnostics += warnings.map { "warning: \(name): \($0)" }
            cleaned = bytes.withUnsafeBufferPointer { cleaner.clean(utf8: $0, host: settings.host) }
        }
        return cleanedResult(cleaned, source: name, diagnostics: diagnostics) {
            // The document shape of `decruft --format jsonl FILE`.
            var object = JSONObjectWriter()
            object.field("source", name)
            object.field("text", settings.text(cleaned.document))
            if isHTML {
                let metadata = cleaned.document.metadata
                object.field("title", metadata.title)
                object.field("url", metadata.url)
                object.field("lang", metadata.language)
                object.field("published", metadata.published)
                object.field("author", metadata.author)
            }
            object.raw("removed_counts", RemovalJSON.counts(cleaned.removals, filters: countedFilters))
            object.raw("removed", RemovalJSON.array(cleaned.removals))
            if !cleaned.warnings.isEmpty {
                object.key("warnings")
                object.rawValue(JSONArray.strings(cleaned.warnings))
            }
            return object.finish() + [0x0A]
        }
    }

    static func replacedWarning(_ count: Int) -> String {
        TextDecoding.replacedWarning(count)
    }

    // MARK: - JSONL records

    func clean(_ item: JSONLineItem) -> BatchResult {
        let location = "\(item.input.name):\(item.line)"
        var diagnostics: [String] = []
        var lineBytes = item.bytes
        let (repaired, replaced) = UTF8Repair.repair(lineBytes)
        if replaced > 0 {
            diagnostics.append("warning: \(location): \(RecordCleaner.replacedWarning(replaced))")
            lineBytes = repaired
        }
        let line: JSONLine
        do {
            line = try JSONLine(lineBytes)
        } catch {
            var result = failure(.jsonLine(JSONLineItem(input: item.input, line: item.line, bytes: lineBytes)), error.description)
            result.diagnostics = diagnostics + result.diagnostics
            return result
        }
        let parsed = ParsedLine(item: item, line: line)
        // Which field holds the document, and is it text or HTML?
        let field: String
        let isHTML: Bool
        if let htmlField = settings.htmlField {
            (field, isHTML) = (htmlField, true)
        } else if !settings.textFieldGiven, let html = line.member("html"), html.kind == .string {
            (field, isHTML) = ("html", true)
        } else {
            (field, isHTML) = (settings.textField, false)
        }
        guard let value = line.value(at: field) else {
            return failure(parsed, "no \"\(field)\" field", diagnostics)
        }
        guard value.kind == .string else {
            return failure(parsed, "field \"\(field)\" is \(value.kind.name), not a string", diagnostics)
        }
        let url = line.stringValue(at: settings.urlField)
        let host = url.flatMap(URLHost.of) ?? settings.host
        let document = line.string(in: value.range)
        if let what = BinaryContent.describe(document[...]) { return failure(parsed, BinaryContent.refusal(what), diagnostics) }
        let cleaned: CleanResult
        if isHTML {
            var options = settings.html
            options.url = url ?? options.url
            // The JSON string is already decoded text: never re-decode it by
            // the page's <meta charset>.
            options.charset = "utf-8"
            do {
                cleaned = try cleaner.clean(html: document, options: options)
            } catch {
                return failure(parsed, error.description, diagnostics)
            }
        } else {
            // NB: valid UTF-8 already: the line was repaired, and a lone
            // surrogate escape decodes to U+FFFD.
            cleaned = document.withUnsafeBufferPointer { cleaner.clean(utf8: $0, host: host) }
        }
        return cleanedResult(cleaned, source: location, diagnostics: diagnostics) {
            rewritten(line, text: cleaned, input: isHTML ? "html" : "text")
        }
    }

    /// A record that parsed as JSON, for error results that keep its fields.
    struct ParsedLine {
        var item: JSONLineItem
        var line: JSONLine
    }

    func failure(_ parsed: ParsedLine, _ message: String, _ diagnostics: [String]) -> BatchResult {
        var result = BatchResult(outcome: .failed)
        let location = "\(parsed.item.input.name):\(parsed.item.line)"
        result.error = "\(location): \(message)"
        result.diagnostics = diagnostics + ["error: \(location): \(message)"]
        if settings.format == .jsonl { result.payload = rewritten(parsed.line, error: message) }
        return result
    }

    /// A bad line as written under `--on-error keep`: a JSON object keeps
    /// its fields and gains the error field; a line that is not one becomes
    /// `{"error": …, "source": …, "input_line": N, "raw": "<the line>"}`.
    func flaggedLine(_ item: JSONLineItem, _ message: String) -> [UInt8] {
        if let line = try? JSONLine(item.bytes) { return rewritten(line, error: message) }
        var object = JSONObjectWriter()
        object.field(settings.errorField, message)
        object.field("source", item.input.name)
        object.field("input_line", item.line)
        let raw = UTF8Repair.repair(item.bytes).bytes
        object.key("raw")
        var bytes = object.bytes
        raw.withUnsafeBufferPointer { JSONObjectWriter.appendString(utf8: $0, to: &bytes) }
        bytes.append(0x7D)
        bytes.append(0x0A)
        return bytes
    }

    /// The input object with every member as written, except: the output
    /// field holds the cleaned text, `decruft` the removal counts (and log),
    /// and for a bad record the error field the message. Replaced members
    /// keep their place; new ones are appended.
    func rewritten(_ line: JSONLine, text cleaned: CleanResult? = nil, input: String = "text", error: String? = nil) -> [UInt8] {
        var replacements: [(key: String, value: [UInt8])] = []
        if let cleaned {
            var text: [UInt8] = []
            settings.appendText(cleaned.document, to: &text)
            var encoded: [UInt8] = []
            text.withUnsafeBufferPointer { JSONObjectWriter.appendString(utf8: $0, to: &encoded) }
            replacements.append((settings.resolvedOutputField, encoded))
            replacements.append(("decruft", decruftObject(cleaned, input: input)))
        }
        if let error {
            var encoded: [UInt8] = []
            JSONObjectWriter.appendString(error, to: &encoded)
            replacements.append((settings.errorField, encoded))
        }
        var out: [UInt8] = [0x7B]
        out.reserveCapacity(line.bytes.count + (replacements.first?.value.count ?? 0) + 64)
        var written = Set<String>()
        let lastIndex = Dictionary(line.members.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { $1 })
        line.bytes.withUnsafeBufferPointer { p in
            for (index, member) in line.members.enumerated() {
                if out.count > 1 { out.append(0x2C) }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: p[member.keyRange]))
                out.append(0x3A)
                if let replacement = replacements.first(where: { $0.key == member.key }), lastIndex[member.key] == index {
                    out += replacement.value
                    written.insert(member.key)
                } else {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: p[member.valueRange]))
                }
            }
        }
        for (key, value) in replacements where !written.contains(key) {
            if out.count > 1 { out.append(0x2C) }
            JSONObjectWriter.appendString(key, to: &out)
            out.append(0x3A)
            out += value
        }
        out.append(0x7D)
        out.append(0x0A)
        return out
    }

    /// `{"input": "html", "removed": {filter: count…}, "title": …, "log": […]}`.
    func decruftObject(_ cleaned: CleanResult, input: String, withMetadata: Bool = true) -> [UInt8] {
        var object = JSONObjectWriter()
        object.field("input", input)
        object.raw("removed", RemovalJSON.counts(cleaned.removals, filters: countedFilters))
        if withMetadata, input == "html" { appendMetadata(cleaned.document.metadata, to: &object) }
        if !cleaned.warnings.isEmpty {
            object.key("warnings")
            object.rawValue(JSONArray.strings(cleaned.warnings))
        }
        if settings.explain { object.raw("log", RemovalJSON.array(cleaned.removals)) }
        return object.finish()
    }

    /// The page metadata that was found (absent fields are left out).
    func appendMetadata(_ metadata: Metadata, to object: inout JSONObjectWriter) {
        if let title = metadata.title { object.field("title", title) }
        if let url = metadata.url { object.field("url", url) }
        if let language = metadata.language { object.field("lang", language) }
        if let published = metadata.published { object.field("published", published) }
        if let author = metadata.author { object.field("author", author) }
    }

    // MARK: - Feeds

    func clean(_ feedItem: FeedRecordItem) -> BatchResult {
        let item = feedItem.item
        let location = "\(feedItem.input.name): item \(feedItem.position)"
        let title = settings.html.includeTitle ? item.title : nil
        var cleaned: CleanResult
        let body = item.content ?? item.summary
        let isHTML: Bool
        if case .html = body { isHTML = true } else { isHTML = false }
        switch body {
        case .html(let html):
            var options = settings.html
            options.url = item.link
            options.charset = "utf-8"
            options.title = item.title
            do {
                cleaned = try cleaner.clean(html: Array(html.utf8), options: options)
            } catch {
                return failure(.feedItem(feedItem), error.description)
            }
        case .text(let text):
            cleaned = cleaner.clean(text: text, host: item.link.flatMap(URLHost.of), title: title)
        case nil:
            cleaned = cleaner.clean(text: "", host: nil, title: title)
        }
        if !settings.html.includeTitle, cleaned.document.blocks.first?.kind == .title {
            cleaned.document.blocks.removeFirst()
        }
        cleaned.warnings = feedItem.warnings + cleaned.warnings
        return cleanedResult(cleaned, source: location) {
            let id = item.id ?? item.link ?? "\(feedItem.input.name)#\(feedItem.position)"
            return generatedRecord(id: id, source: feedItem.input.name,
                                   metadata: feedMetadata(feedItem, page: cleaned.document.metadata),
                                   cleaned: cleaned, input: isHTML ? "html" : "text")
        }
    }

    func feedMetadata(_ feedItem: FeedRecordItem, page: Metadata?) -> [(String, String)] {
        let item = feedItem.item
        var fields: [(String, String)] = []
        if let title = item.title { fields.append(("title", Canonical.paragraph(title))) }
        if let link = item.link { fields.append(("url", link)) }
        if let published = item.published { fields.append(("published", published)) }
        if let author = item.author ?? page?.author { fields.append(("author", author)) }
        if let language = page?.language { fields.append(("lang", language)) }
        if let feedTitle = feedItem.feedTitle { fields.append(("feed_title", Canonical.paragraph(feedTitle))) }
        if let feedLink = feedItem.feedLink { fields.append(("feed_url", feedLink)) }
        return fields
    }

    // MARK: - WARC

    func clean(_ warc: WARCItem) -> BatchResult {
        let record = warc.record
        let location = "\(warc.input.name): record \(warc.position)"
        let type = (record.type ?? "").lowercased()
        let html: [UInt8]
        var charset: String?
        var bodyWarning: String?
        switch type {
        case "response":
            guard let response = HTTPResponse.parse(record.block, maxBodySize: settings.maxBodyBytes) else {
                return skipped("not-http")
            }
            guard response.status == 200 else { return skipped("http-status") }
            guard response.isHTML else { return skipped("not-html") }
            if let issue = response.bodyIssue {
                // Still encoded: cleaning it would give garbage.
                guard issue.bodyIsDecoded else { return failure(.warcRecord(warc), "HTTP body: \(issue.description)") }
                bodyWarning = "warning: \(location): HTTP body: \(issue.description)"
            }
            html = response.body
            charset = response.charset
        case "resource":
            // A page stored without HTTP (e.g. by a crawler's "resource" record).
            let media = record.contentType.map { RecordCleaner.mediaType($0) }
            guard RecordCleaner.isHTML(media) else { return skipped("not-html") }
            html = record.block
            charset = record.contentType.flatMap(RecordCleaner.charsetParameter)
        default:
            return skipped("warc-\(type.isEmpty ? "untyped" : type)")
        }
        if let what = BinaryContent.describe(html[...]) { return failure(.warcRecord(warc), BinaryContent.refusal(what)) }
        var options = settings.html
        options.url = record.targetURI
        options.charset = charset
        let cleaned: CleanResult
        do {
            cleaned = try cleaner.clean(html: html, options: options)
        } catch {
            return failure(.warcRecord(warc), error.description)
        }
        return cleanedResult(cleaned, source: location, diagnostics: bodyWarning.map { [$0] } ?? []) {
            generatedRecord(id: record.recordID ?? "\(warc.input.name)#\(warc.position)", source: warc.input.name,
                            metadata: warcMetadata(record, page: cleaned.document.metadata), cleaned: cleaned)
        }
    }

    func skipped(_ reason: String) -> BatchResult {
        BatchResult(outcome: .skipped(reason: reason))
    }

    func warcMetadata(_ record: WARCRecord, page: Metadata?) -> [(String, String)] {
        var fields: [(String, String)] = []
        if let uri = record.targetURI { fields.append(("url", uri)) }
        if let date = record.date { fields.append(("warc_date", date)) }
        if let page {
            if let title = page.title { fields.append(("title", title)) }
            if let language = page.language { fields.append(("lang", language)) }
            if let published = page.published { fields.append(("published", published)) }
            if let author = page.author { fields.append(("author", author)) }
            if let canonical = page.url, canonical != record.targetURI { fields.append(("canonical_url", canonical)) }
        }
        return fields
    }

    static func isHTML(_ mediaType: String?) -> Bool {
        guard let mediaType else { return false }
        return mediaType == "text/html" || mediaType == "application/xhtml+xml"
    }

    /// `Text/HTML; charset=utf-8` → `text/html`.
    static func mediaType(_ contentType: String) -> String {
        let head = contentType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        return head.trimmingSpaces().lowercased()
    }

    /// The `charset` parameter of a Content-Type value, unquoted.
    static func charsetParameter(_ contentType: String) -> String? {
        for part in contentType.split(separator: ";").dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, String(pair[0]).trimmingSpaces().lowercased() == "charset" else { continue }
            var value = String(pair[1]).trimmingSpaces()
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value.isEmpty ? nil : value
        }
        return nil
    }

    // MARK: - Shared

    /// A record decruft makes (feed item, WARC response), in the shape of
    /// data pipelines (dolma/datatrove): `id`, `text`, `source`, `metadata`,
    /// then `decruft` (or the error field).
    func generatedRecord(id: String, source: String, metadata: [(String, String)], cleaned: CleanResult?,
                         input: String = "html", error: String? = nil) -> [UInt8] {
        var object = JSONObjectWriter()
        object.field("id", id)
        if let cleaned { object.field("text", settings.text(cleaned.document)) }
        object.field("source", source)
        var meta = JSONObjectWriter()
        for (name, value) in metadata { meta.field(name, value) }
        object.raw("metadata", meta.finish())
        if let cleaned { object.raw("decruft", decruftObject(cleaned, input: input, withMetadata: false)) }
        if let error { object.field(settings.errorField, error) }
        return object.finish() + [0x0A]
    }

    /// The result for a cleaned document: canonical text, or the JSON
    /// record `jsonRecord` builds; its warnings and log lines after
    /// `diagnostics`.
    func cleanedResult(_ cleaned: CleanResult, source: String, diagnostics: [String] = [],
                       jsonRecord: () -> [UInt8]) -> BatchResult {
        var result = BatchResult(outcome: .cleaned)
        result.diagnostics = diagnostics + log(cleaned, source: source)
        result.removals = counts(cleaned.removals)
        switch settings.format {
        case .text:
            var out: [UInt8] = []
            settings.appendText(cleaned.document, to: &out)
            result.payload = out
        case .jsonl:
            result.payload = jsonRecord()
        }
        return result
    }

    /// Removals per filter.
    func counts(_ removals: [Removal]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for removal in removals { counts[removal.filter, default: 0] += 1 }
        return counts
    }

    /// Warnings, and with `--explain` the removal log, as standard-error lines.
    func log(_ cleaned: CleanResult, source: String) -> [String] {
        var lines = cleaned.warnings.map { "warning: \(source): \($0)" }
        if settings.explain {
            if let site = cleaned.siteHost {
                let rules = Set(cleaned.removals.compactMap { $0.ruleOrigin == nil ? nil : $0.rule }).sorted()
                lines.append("\(source): site rules for host \(site.host) (from the \(site.source))"
                             + (rules.isEmpty ? "" : "; rules that removed blocks: \(rules.joined(separator: ", "))"))
            }
            lines += cleaned.removals.map { RemovalLog.line($0, source: source) }
        }
        return lines
    }
}
