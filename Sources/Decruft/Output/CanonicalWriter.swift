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
            var text = block.text
            text.withUTF8 { p in
                if isOneLine(p) {
                    // The common case: the text is already one clean line.
                    if !first { out.append(0x0A) }
                    out.append(contentsOf: p)
                    out.append(0x0A)
                    first = false
                } else if appendCollapsed(p, to: &out, separated: !first) {
                    first = false
                }
            }
        }
    }

    /// True when `p` is non-empty, has no line breaks or tabs, no leading,
    /// trailing or doubled spaces.
    static func isOneLine(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = p.count
        guard n > 0, p[0] != 0x20, p[n - 1] != 0x20 else { return false }
        var previousSpace = false
        var i = 0
        while i + ByteChunk.width <= n {
            let w = ByteChunk.load(p, at: i)
            if ByteChunk.equal(w, 0x0A) | ByteChunk.equal(w, 0x0D) | ByteChunk.equal(w, 0x09) != 0 { return false }
            let spaces = ByteChunk.equal(w, 0x20)
            if ByteChunk.hasAdjacent(spaces, previousMarked: previousSpace) { return false }
            previousSpace = ByteChunk.lastMarked(spaces)
            i += ByteChunk.width
        }
        for b in UnsafeBufferPointer(rebasing: p[i...]) {
            if b == 0x20 {
                if previousSpace { return false }
                previousSpace = true
            } else {
                if b == 0x0A || b == 0x0D || b == 0x09 { return false }
                previousSpace = false
            }
        }
        return true
    }

    /// Appends `p` with line breaks, tabs and space runs made single spaces
    /// and the ends trimmed; appends nothing (and returns false) when no
    /// visible byte remains.
    static func appendCollapsed(_ p: UnsafeBufferPointer<UInt8>, to out: inout [UInt8], separated: Bool) -> Bool {
        let start = out.count
        if separated { out.append(0x0A) }
        var wrote = false
        var pendingSpace = false
        for byte in p {
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
        } else {
            out.removeSubrange(start...)
        }
        return wrote
    }
}
