import Decruft

#if canImport(Glibc)
import Glibc
#endif

/// One run over the inputs: read documents, clean them, write them out.
struct Session {
    let cleaner: Cleaner
    let format: OutputFormat
    let explain: Bool
    /// nil: sniff each input.
    let inputKind: InputKind?
    let htmlOptions: HTMLOptions
    /// The documents' host (from `--url`), for site-scoped rules.
    let host: String?
    let output = OutputStream(fd: 1)

    /// Processes every path in order and returns the exit status: 0, or the
    /// code of the first failure (later files are still processed).
    func run(paths: [String]) -> Int32 {
        OutputStream.ignoreSIGPIPE()
        var status: Int32 = 0
        var documentCount = 0
        for path in paths {
            do {
                let reader = try DocumentReader(path: path)
                var kind = inputKind ?? .text
                if inputKind == nil { kind = InputKind.sniff(try reader.peek()) }
                if kind == .html {
                    try processHTML(reader.readAll(), source: path, isFirst: documentCount == 0)
                    documentCount += 1
                    continue
                }
                var index = 0
                while let bytes = try reader.nextDocument() {
                    try process(bytes, source: path, index: index, isFirst: documentCount == 0)
                    index += 1
                    documentCount += 1
                }
            } catch .brokenPipe {
                return 0
            } catch {
                Diagnostics.error(error.description)
                if status == 0 { status = error.exitCode }
            }
        }
        do {
            try output.flush()
        } catch .brokenPipe {
            return 0
        } catch {
            Diagnostics.error(error.description)
            return error.exitCode
        }
        return status
    }

    func process(_ raw: [UInt8], source: String, index: Int, isFirst: Bool) throws(IOFailure) {
        let name = index == 0 ? source : "\(source)#\(index + 1)"
        let (bytes, replaced) = UTF8Repair.repair(raw)
        if replaced > 0 {
            Diagnostics.warning("\(name): \(replaced) invalid UTF-8 sequence\(replaced == 1 ? "" : "s") replaced with U+FFFD")
        }
        let result = bytes.withUnsafeBufferPointer { cleaner.clean(utf8: $0, host: host) }
        try emit(result, source: name, isFirst: isFirst)
    }

    func processHTML(_ raw: [UInt8], source: String, isFirst: Bool) throws(IOFailure) {
        let result: CleanResult
        do {
            result = try cleaner.clean(html: raw, options: htmlOptions)
        } catch {
            throw .badData(path: source, reason: error.description)
        }
        try emit(result, source: source, isFirst: isFirst, html: true)
    }

    func emit(_ result: CleanResult, source name: String, isFirst: Bool, html: Bool = false) throws(IOFailure) {
        for warning in result.warnings { Diagnostics.warning("\(name): \(warning)") }
        if explain {
            for removal in result.removals { Diagnostics.explain(removal, source: name) }
        }
        switch format {
        case .text:
            var out: [UInt8] = isFirst ? [] : [0x0C, 0x0A]
            CanonicalWriter.append(result.document, to: &out)
            try output.write(out)
        case .jsonl:
            var object = JSONObjectWriter()
            object.field("source", name)
            object.field("text", CanonicalWriter.text(result.document))
            if html {
                let metadata = result.document.metadata
                object.field("title", metadata.title)
                object.field("url", metadata.url)
                object.field("lang", metadata.language)
                object.field("published", metadata.published)
                object.field("author", metadata.author)
            }
            object.raw("removed_counts", RemovalJSON.counts(result.removals, filters: cleaner.pipeline.names))
            object.raw("removed", RemovalJSON.array(result.removals))
            var line = object.finish()
            line.append(0x0A)
            try output.write(line)
        }
    }
}

/// Messages on standard error, one line each, prefixed with the tool's name.
enum Diagnostics {
    static func error(_ message: String) { emit("decruft: error: \(message)") }
    static func warning(_ message: String) { emit("decruft: warning: \(message)") }

    static func explain(_ removal: Removal, source: String) {
        var rule = removal.rule.map { " [\($0)" } ?? ""
        if !rule.isEmpty { rule += removal.ruleOrigin.map { " \($0)]" } ?? "]" }
        emit("decruft: removed \(source):\(removal.provenance.label) \(removal.filter)/\(removal.reason)\(rule): \(excerpt(removal.text))")
    }

    static func excerpt(_ raw: String, limit: Int = 80) -> String {
        let text = Canonical.paragraph(raw)
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return "\"\(text)\"" }
        var cut = String.UnicodeScalarView()
        cut.append(contentsOf: scalars.prefix(limit))
        return "\"\(String(cut))…\""
    }

    static func emit(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        bytes.withUnsafeBufferPointer { p in
            _ = write(2, p.baseAddress!, p.count)
        }
    }
}
