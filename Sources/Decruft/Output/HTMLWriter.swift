/// Writes a document as minimal HTML: one `<article>` element holding only
/// structural elements (`h1`–`h6`, `p`, `ul`/`ol`/`li`, `table`/`tr`/`th`/
/// `td`, `pre`/`code`, `blockquote`, `figcaption`), no attributes, text
/// escaped (`&`, `<`, `>`, `"`). The same structure as `MarkdownWriter`:
/// the title is the `h1`, a list's items nest by depth, one `<table>`'s rows
/// form one table (the first row as header cells), one `<pre>`'s lines one
/// code block with their indentation. A plain-text document is its
/// paragraphs as `<p>`s. Each element on its own line; the output ends with
/// a newline; an empty document is `<article></article>`.
public enum HTMLWriter {
    public static func text(_ document: Document) -> String {
        var out: [UInt8] = []
        append(document, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public static func append(_ document: Document, to out: inout [UInt8]) {
        var lines = ["<article>"]
        let blocks = document.blocks
        let structured = document.origin == .markup
        var i = 0
        while i < blocks.count {
            let block = blocks[i]
            switch structured ? block.kind : .paragraph {
            case .title:
                lines.append("<h1>\(escape(block.text))</h1>")
                i += 1
            case .heading:
                let level = min(max(block.level, 1), 6)
                lines.append("<h\(level)>\(escape(block.text))</h\(level)>")
                i += 1
            case .listItem:
                // Lists open and close as the depth changes; a nested list
                // goes inside the item before it.
                var open: [Bool] = []
                /// Closes the open item: on its own line when a nested list
                /// came after its text.
                func closeItem() {
                    if let last = lines.last, last.hasPrefix("<li>") {
                        lines[lines.count - 1] += "</li>"
                    } else {
                        lines.append("</li>")
                    }
                }
                let end = MarkdownWriter.runEnd(blocks, from: i)
                for item in blocks[i..<end] {
                    let depth = max(item.listDepth, 1)
                    while open.count > depth {
                        closeItem()
                        lines.append(open.removeLast() ? "</ol>" : "</ul>")
                    }
                    if open.count == depth { closeItem() }
                    while open.count < depth {
                        open.append(item.ordered)
                        lines.append(item.ordered ? "<ol>" : "<ul>")
                    }
                    lines.append("<li>\(escape(item.text))")
                }
                i = end
                while let ordered = open.popLast() {
                    closeItem()
                    lines.append(ordered ? "</ol>" : "</ul>")
                }
            case .tableRow:
                let end = MarkdownWriter.runEnd(blocks, from: i)
                lines.append("<table>")
                for (k, row) in blocks[i..<end].enumerated() {
                    let cell = k == 0 ? "th" : "td"
                    lines.append("<tr>" + MarkdownWriter.cells(row.text).map { "<\(cell)>\(escape($0))</\(cell)>" }.joined() + "</tr>")
                }
                lines.append("</table>")
                i = end
            case .preformatted:
                let end = MarkdownWriter.runEnd(blocks, from: i)
                let code = blocks[i..<end].map { escape(MarkdownWriter.codeLine($0)) }
                lines.append("<pre><code>" + code.joined(separator: "\n") + "</code></pre>")
                i = end
            case .quote:
                lines.append("<blockquote><p>\(escape(block.text))</p></blockquote>")
                i += 1
            case .caption:
                lines.append("<figcaption>\(escape(block.text))</figcaption>")
                i += 1
            case .paragraph:
                lines.append("<p>\(escape(block.text))</p>")
                i += 1
            }
        }
        lines.append("</article>")
        out.append(contentsOf: lines.joined(separator: "\n").utf8)
        out.append(0x0A)
    }

    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
