/// Writes a document as Markdown (CommonMark with pipe tables), keeping the
/// structure HTML gave its blocks.
///
/// - the title is a level-1 heading, headings keep their level (`##`…);
/// - list items are `- ` (unordered) or `1. ` (ordered) lines, nested four
///   spaces per level, the items of one list on consecutive lines;
/// - table rows of one `<table>` form one pipe table, its first row the
///   header;
/// - the lines of one `<pre>` form one fenced code block, with their
///   original indentation (blank lines inside the `<pre>` are not kept);
/// - quotes are `> ` paragraphs; captions and paragraphs are plain
///   paragraphs, a leading character that Markdown would read as syntax
///   (`#`, `>`, `-`, `+`, `*`, `1.`, `|`, a fence) escaped with `\`.
///
/// Blocks are separated by one blank line (list items and table rows of one
/// group by a line break); the output ends with one newline; an empty
/// document is empty. Block text is canonical text. A document read from
/// plain text has no structure to keep: its Markdown is its canonical text.
public enum MarkdownWriter {
    public static func text(_ document: Document) -> String {
        var out: [UInt8] = []
        append(document, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public static func append(_ document: Document, to out: inout [UInt8]) {
        guard document.origin == .markup else {
            CanonicalWriter.append(document, to: &out)
            return
        }
        var lines: [String] = []
        let blocks = document.blocks
        var i = 0
        while i < blocks.count {
            let block = blocks[i]
            if !lines.isEmpty { lines.append("") }
            switch block.kind {
            case .title:
                lines.append("# " + block.text)
                i += 1
            case .heading:
                lines.append(String(repeating: "#", count: min(max(block.level, 1), 6)) + " " + block.text)
                i += 1
            case .listItem:
                let end = runEnd(blocks, from: i)
                for item in blocks[i..<end] {
                    let indent = String(repeating: " ", count: 4 * (max(item.listDepth, 1) - 1))
                    lines.append(indent + (item.ordered ? "1. " : "- ") + escaped(item.text))
                }
                i = end
            case .tableRow:
                let end = runEnd(blocks, from: i)
                lines += table(blocks[i..<end].map { cells($0.text) })
                i = end
            case .preformatted:
                let end = runEnd(blocks, from: i)
                let code = blocks[i..<end].map(codeLine)
                i = end
                let fence = code.contains { $0.trimmingSpaces().hasPrefix("```") } ? "~~~" : "```"
                lines.append(fence)
                lines += code
                lines.append(fence)
            case .quote:
                lines.append("> " + escaped(block.text))
                i += 1
            case .paragraph, .caption:
                lines.append(escaped(block.text))
                i += 1
            }
        }
        guard !lines.isEmpty else { return }
        out.append(contentsOf: lines.joined(separator: "\n").utf8)
        out.append(0x0A)
    }

    /// The end of the run of blocks from `start` written together: list
    /// items, or table rows / code lines of one group.
    static func runEnd(_ blocks: [Block], from start: Int) -> Int {
        let first = blocks[start]
        var end = start + 1
        while end < blocks.count && blocks[end].kind == first.kind
                && (first.kind == .listItem || blocks[end].group == first.group) {
            end += 1
        }
        return end
    }

    /// A code line as written (tabs as four spaces, trailing spaces gone).
    static func codeLine(_ block: Block) -> String {
        guard var line = block.verbatim else { return block.text }
        line = line.replacingTabs()
        while line.last == " " || line.last == "\r" { line.removeLast() }
        return line
    }

    /// The cells of a row (decruft joins them with " | ").
    static func cells(_ text: String) -> [String] {
        text.components(separatedBy: " | ").map { $0.trimmingSpaces() }
    }

    static func table(_ rows: [[String]]) -> [String] {
        guard let header = rows.first else { return [] }
        let width = max(rows.map(\.count).max() ?? 1, 1)
        func row(_ cells: [String]) -> String {
            let padded = cells + Array(repeating: "", count: width - cells.count)
            return "| " + padded.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
        }
        return [row(header), "|" + String(repeating: " --- |", count: width)] + rows.dropFirst().map(row)
    }

    /// A paragraph whose first characters Markdown would read as syntax gets
    /// a backslash in front of them.
    static func escaped(_ text: String) -> String {
        needsEscape(text) ? "\\" + text : text
    }

    static func needsEscape(_ text: String) -> Bool {
        guard let first = text.first else { return false }
        switch first {
        case "#", ">", "|", "=":
            return true
        case "-", "+", "*":
            let rest = text.dropFirst()
            return rest.isEmpty || rest.first == " " || text.allSatisfy { $0 == first || $0 == " " }
        case "`", "~":
            return text.hasPrefix("```") || text.hasPrefix("~~~")
        case "0"..."9":
            // "1. " or "1) " starts an ordered list.
            let digits = text.prefix { $0.isASCII && $0.isNumber }
            let after = text.dropFirst(digits.count)
            return digits.count <= 9 && (after.hasPrefix(". ") || after.hasPrefix(") ") || after == "." || after == ")")
        default:
            return false
        }
    }
}

extension String {
    func replacingTabs() -> String {
        contains("\t") ? replacingOccurrences(of: "\t", with: "    ") : self
    }
}
