/// Canonical text output.
///
/// Paragraphs in order, each on one line, separated by exactly one blank
/// line; the output ends with one newline; an empty document gives empty
/// output. Block text is expected to be canonical already (the `normalize`
/// filter); the writer still guarantees the layout if it is disabled.
public enum CanonicalWriter {
    public static func text(_ document: Document) -> String {
        var out: [UInt8] = []
        append(document, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the canonical text of `document` to `out`.
    public static func append(_ document: Document, to out: inout [UInt8]) {
        var first = true
        for block in document.blocks {
            let start = out.count
            if !first { out.append(0x0A) }
            var wrote = false
            var pendingSpace = false
            for byte in block.text.utf8 {
                if byte == 0x0A || byte == 0x0D || byte == 0x20 || byte == 0x09 {
                    pendingSpace = wrote
                    continue
                }
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                out.append(byte)
                wrote = true
            }
            if wrote {
                out.append(0x0A)
                first = false
            } else {
                out.removeSubrange(start...)
            }
        }
    }
}
