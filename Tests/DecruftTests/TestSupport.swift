import Foundation
import Testing
@testable import Decruft
import DecruftRegex

/// One removal as the tests see it.
struct Removed: Equatable, CustomStringConvertible {
    var text: String
    var reason: String
    var rule: String?

    init(_ text: String, _ reason: String, _ rule: String? = nil) {
        self.text = text
        self.reason = reason
        self.rule = rule
    }

    var description: String { "(\(text.debugDescription), \(reason), \(rule ?? "nil"))" }
}

/// Blocks for `texts`: one paragraph block per text, numbered and with
/// one-line provenance.
func makeBlocks(_ texts: [String], kind: BlockKind = .paragraph) -> [Block] {
    texts.enumerated().map { index, text in
        Block(text: text, kind: kind, index: index, provenance: Provenance(firstLine: index + 1, lastLine: index + 1))
    }
}

/// Runs `filter` alone (a one-filter pipeline) over `texts`.
func run(_ filter: some Filter, _ texts: [String]) -> (kept: [String], removed: [(text: String, reason: String, rule: String?)]) {
    run(filter, blocks: makeBlocks(texts))
}

/// Runs `filter` alone over ready-made blocks.
func run(_ filter: some Filter, blocks: [Block]) -> (kept: [String], removed: [(text: String, reason: String, rule: String?)]) {
    let result = Pipeline(filters: [filter]).run(Document(blocks: blocks))
    for removal in result.removals { #expect(removal.filter == filter.name) }
    return (result.document.blocks.map(\.text), result.removals.map { ($0.text, $0.reason, $0.rule) })
}

/// The removals of a `run` result in a comparable form.
func removed(_ result: (kept: [String], removed: [(text: String, reason: String, rule: String?)])) -> [Removed] {
    result.removed.map { Removed($0.text, $0.reason, $0.rule) }
}

/// The shipped rules.
let shippedRules = RuleLoader.defaults

/// A pattern rule built in code.
func patternRule(_ id: String, _ pattern: String, caseInsensitive: Bool = true) throws -> PatternRule {
    PatternRule(id: id, pattern: try BytePattern(pattern, caseInsensitive: caseInsensitive),
                origin: RuleOrigin(file: "test", line: 1))
}

/// Cleans `text` with the default configuration and returns the canonical output.
func cleanText(_ text: String, configuration: Configuration = Configuration()) -> String {
    CanonicalWriter.text(Cleaner(configuration: configuration).clean(text: text).document)
}

/// `count` words of filler, e.g. "w1 w2 w3" (each token distinct).
func words(_ count: Int, prefix: String = "w") -> String {
    (1...max(count, 1)).prefix(count).map { "\(prefix)\($0)" }.joined(separator: " ")
}

/// A string of exactly `length` Unicode scalars: `start`, then filler words.
func padded(_ start: String, to length: Int, filler: String = " lorem") -> String {
    var s = start
    while s.unicodeScalars.count < length { s += filler }
    var scalars = String.UnicodeScalarView()
    scalars.append(contentsOf: s.unicodeScalars.prefix(length))
    var result = String(scalars)
    // Never end on a space: replace it with a letter.
    if result.hasSuffix(" ") { result = String(result.dropLast()) + "x" }
    return result
}

/// Long body sentences (real-looking paragraphs).
enum Body {
    static let paragraphs = [
        "The city council voted on Tuesday to approve a new budget that increases spending on schools and public transport, despite objections from several members who argued that the plan relies on optimistic revenue forecasts.",
        "Officials said the first phase of the project would begin in the spring, with construction crews expected to close two lanes of the main road for about six weeks while new water pipes are laid beneath the surface.",
        "Residents who attended the meeting raised concerns about noise and parking, and the mayor promised that a community liaison officer would be appointed to handle complaints during the works.",
        "Analysts noted that the region's economy had grown faster than expected in the last quarter, helped by strong exports of machinery and a recovery in tourism after two difficult years.",
        "The report, compiled by researchers at the university over eighteen months, found that average rents had risen by nearly a fifth since 2019 while wages had barely kept pace with inflation.",
        "Emergency services were called to the scene shortly after midnight, and two people were taken to hospital with minor injuries; the road remained closed for several hours while investigators examined the site.",
    ]
}

/// Test data files in a fresh temporary directory, removed by `cleanup()`.
final class TempDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("decruft-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = url.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func file(_ name: String, _ text: String) throws -> String {
        try file(name, Array(text.utf8))
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}

/// The repository root, found from this file's path.
let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A string compared scalar by scalar (Swift's `==` on `String` treats
/// canonically equivalent strings as equal, which hides NFC differences).
struct Exact: Equatable, CustomStringConvertible {
    let string: String
    init(_ string: String) { self.string = string }
    static func == (a: Exact, b: Exact) -> Bool { a.string.utf8.elementsEqual(b.string.utf8) }
    var description: String {
        string.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? String($0) : "\\u{\(String($0.value, radix: 16, uppercase: true))}" }.joined()
    }
}

/// `Canonical.paragraph(text)`, compared exactly.
func canonical(_ text: String) -> Exact { Exact(Canonical.paragraph(text)) }

/// A small, fast, seeded generator (SplitMix64): fixed seeds give the same
/// sequence on every platform and run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound`.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
