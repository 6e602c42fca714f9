import Decruft

/// `decruft-bench hostile`: the full HTML cleaner on generated pages of
/// hostile structure, each at three sizes (×1, ×10, ×100), to show that time
/// grows linearly with the input: the "growth" column is the time ratio
/// divided by the size ratio against the ×1 page (≈ 1 is linear; 10 would
/// be quadratic at ×10). Every page has an article paragraph before and
/// after the trap; the table says whether both came out.
enum HostileBenchmark {
    /// One shape of hostile page: its trap repeated `n` times.
    struct Shape: Sendable {
        let name: String
        /// The unit count at ×1.
        let base: Int
        let trap: @Sendable (Int) -> String
    }

    static let before = "<p>" + String(repeating: "Before the trap the article opens with a paragraph of real text. ", count: 3) + "</p>"
    static let after = "<p>" + String(repeating: "After the trap the article goes on with more real text to keep. ", count: 3) + "</p>"

    static let shapes: [Shape] = [
        Shape(name: "nested <div>s, each with text", base: 1_000) { n in
            var s = ""
            for i in 0..<n { s += "<div>Level \(i) holds a sentence. " }
            return s + String(repeating: "</div>", count: n)
        },
        Shape(name: "nested <div>s, never closed", base: 1_000) { n in String(repeating: "<div><span>x ", count: n) },
        Shape(name: "attributes on one element", base: 1_000) { n in
            var s = "<div title=\"a>b\""
            for i in 0..<n { s += " data-a\(i)=\"v\(i)\"" }
            return s + ">x</div>"
        },
        Shape(name: "sibling elements", base: 1_000) { n in String(repeating: "<span class=\"s\">item</span> ", count: n) },
        Shape(name: "text without tags", base: 10_000) { n in "<p>" + String(repeating: "word ", count: n) + "</p>" },
        Shape(name: "one attribute value", base: 10_000) { n in
            "<img alt=\"x\" src=\"data:image/png;base64," + String(repeating: "QUJD", count: n) + "\">"
        },
        Shape(name: "unclosed inline tags", base: 1_000) { n in String(repeating: "<b><i>bold ", count: n) },
        Shape(name: "table cells", base: 1_000) { n in
            "<table>" + String(repeating: "<tr><td>cell</td><td>value</td></tr>", count: n) + "</table>"
        },
    ]

    static func run(_ options: Options) throws(BenchError) {
        let repeats = try options.int("repeats", default: 3, minimum: 1) ?? 3
        let cleaner = Cleaner()
        var table = Table("page", "size", "bytes", "best CPU s", "growth", "kept before/after", "warnings")
        for shape in shapes {
            var first: (bytes: Int, seconds: Double)?
            for scale in [1, 10, 100] {
                let page = Array(("<html><head><title>Trap</title></head><body>" + before
                    + shape.trap(shape.base * scale) + after + "</body></html>").utf8)
                var output = ""
                var warnings = 0
                let stats = Stats.measure(repeats: repeats) {
                    let result = try? cleaner.clean(html: page)
                    output = result.map { CanonicalWriter.text($0.document) } ?? ""
                    warnings = result?.warnings.count ?? 0
                }
                let seconds = stats.best.cpuSeconds
                let growth: String
                if let first {
                    let timeRatio = seconds / max(first.seconds, 1e-6)
                    growth = Format.fixed(timeRatio / (Double(page.count) / Double(first.bytes)), 2)
                } else {
                    growth = "-"
                    first = (page.count, seconds)
                }
                let kept = (output.contains("Before the trap") ? "yes" : "NO") + "/" + (output.contains("After the trap") ? "yes" : "NO")
                table.add(shape.name, "×\(scale)", "\(page.count)", Format.seconds(seconds), growth, kept, "\(warnings)")
            }
        }
        print("decruft-bench hostile: the full HTML cleaner, best of \(repeats); growth = (time / time at ×1) / (bytes / bytes at ×1)")
        print(table.render())
    }
}
