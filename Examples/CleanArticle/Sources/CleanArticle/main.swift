// Cleans one scraped text and one HTML page with the built-in rules plus a
// rule file of our own, then prints the clean text and why each block went.
//
//     swift run --package-path Examples/CleanArticle CleanArticle [rules.toml]
import Decruft
import Foundation

// 1. Rules: the built-in ones, a rule file (its [filters] settings included).
let ruleFile = CommandLine.arguments.dropFirst().first
    ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("example-rules.toml").path
let cleaner: Cleaner
do {
    cleaner = try Cleaner(ruleFiles: [ruleFile])
} catch {
    // Every problem, each as file:line:column: rule 'id': message.
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(78)
}

// 2. Plain text: paragraphs separated by blank lines.
let scraped = """
    Harbour plan approved after long debate

    The council approved the harbour plan on Tuesday after a long debate, and the first works are due to start in the spring.

    Residents raised concerns about noise and parking, and the mayor promised a liaison officer to handle complaints.

    Sponsored by Harbour Holidays

    Also, see:

    Storm damage: what we know so far
    """
let text = cleaner.clean(text: scraped)
print(CanonicalWriter.text(text.document), terminator: "")
for removal in text.removals {
    print("removed by \(removal.filter)/\(removal.reason)\(removal.rule.map { " [\($0)]" } ?? ""): \(removal.text)")
}

// 3. HTML: any byte collection (here Data); the article is found first.
let page = Data("""
    <html><head><title>Harbour plan approved</title></head><body>
    <nav><a href="/">Home</a> <a href="/news">News</a></nav>
    <article><p>The council approved the harbour plan on Tuesday after a long debate, and the first works are due to start in the spring.</p>
    <p>Residents raised concerns about noise and parking, and the mayor promised a liaison officer to handle complaints.</p></article>
    <footer>© 2025 The Gazette</footer></body></html>
    """.utf8)
var options = HTMLOptions()
options.url = "https://gazette.example/harbour"
let html = try cleaner.clean(html: page, options: options)
print("---")
print(CanonicalWriter.text(html.document), terminator: "")
