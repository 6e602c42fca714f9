import Foundation
import Testing
@testable import Decruft

/// Seeded random documents that mix real-looking text with every kind of
/// cruft the filters know, odd whitespace, control characters and broken
/// Unicode.
struct DocumentGenerator {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    static let subjects = ["The council", "Officials", "The minister", "Residents", "Researchers at the university",
                           "The company", "Police", "A spokesperson for the agency", "Local traders", "The committee",
                           "Forecasters", "Campaigners", "The hospital trust", "Organisers", "Analysts"]
    static let verbs = ["said", "warned", "announced", "confirmed", "denied", "argued", "reported", "estimated",
                        "insisted", "revealed"]
    static let clauses = ["that the plan would go ahead next spring", "that costs had risen by nearly a fifth",
                          "the road would stay closed until Monday", "that more than 4,000 people were affected",
                          "that the decision was taken after a long consultation", "that the figures were provisional",
                          "the scheme had been delayed by the weather", "that nobody had been seriously hurt",
                          "that talks would resume after the holiday", "the budget for schools would increase",
                          "“we will not back down”", "that the report’s findings were — in their words — “alarming”",
                          "that the 2019 rules no longer applied", "that rents had risen faster than wages"]
    static let tails = ["on Tuesday", "in a statement", "at a meeting in the town hall", "last week", "according to Reuters",
                        "in an interview", "despite objections", "after months of delay", ""]
    static let headlineWords = ["Council", "approves", "new", "budget", "storm", "hits", "coast", "mayor", "defends",
                                "road", "closures", "markets", "rally", "after", "vote", "five", "things", "to", "know",
                                "about", "the", "election", "heatwave", "warning", "extended", "rents", "rise", "again",
                                "Café", "Zürich", "Łódź", "東京", "naïve"]
    static let markers = ["Read more", "Read more:", "Also, see:", "Related stories", "Related articles:",
                          "You may also like", "Recommended for you", "More from the newsroom", "Don’t miss",
                          "Further reading", "See also:", "Read next: Council approves new budget"]
    static let tagLines = ["Tags: weather, storms, coast", "Filed under Politics", "Topics #featured #trending pakistan",
                           "#ai #machinelearning #deeplearning", "Posted in News, World", "Categories: Food & Drink · Recipes",
                           "Tagged: Europe", "Keywords: inflation, interest rates"]
    static let boilerplate = ["Share this article", "Advertisement", "Follow us on Twitter", "Subscribe to our newsletter",
                              "© 2024 Example Media Ltd. All rights reserved.", "We use cookies to improve your experience.",
                              "The post Ten ways to save energy appeared first on Green Living.", "Leave a comment",
                              "Print this page", "Story continues below advertisement", "Download our free app today"]
    static let lookAlikes = ["Topics discussed at the summit included trade, energy and migration.",
                             "We're #1 in the league", "Copyright law protects original works, the court said.",
                             "Also, see the report published last week, which found that rents rose sharply.",
                             "Cookies are best baked at 180 degrees.", "Related developments",
                             "She shared the video on Facebook, where it was viewed a million times."]
    static let shortLines = ["Photo: Reuters", "Serves 4.", "Prep time: 15 minutes.", "Cook time: 1 hour 10 minutes.",
                             "Yes.", "Updated", "Image", "* * *", "***", "—", "1.", "- a list item", "2) another item"]
    static let oddities = ["\u{00A0}", "\u{2003}", "\t", "  ", "\u{200B}", "\u{00AD}", "\u{FEFF}", "\u{2060}", "\u{200D}",
                           "\u{200C}", "\u{0301}", "\u{0308}", "\u{0001}", "\u{001B}", "\u{007F}", "\u{0085}", "\u{009C}",
                           "\u{000C}", "\u{000B}", "\u{2028}", "\u{3000}", "\u{FFFD}", "\u{E000}", "\u{200E}", "\u{FE0F}",
                           "e\u{0301}", "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", "\u{1F44D}\u{1F3FD}", "\u{180E}",
                           "\u{0000}", "\u{2126}", "\u{1100}\u{1161}", "\u{0645}\u{200C}\u{062E}", " "]
    static let invalidBytes: [[UInt8]] = [[0xFF], [0x80], [0xC3], [0xE2, 0x82], [0xC0, 0xAF], [0xED, 0xA0, 0x80],
                                          [0xF4, 0x90, 0x80, 0x80], [0xF0, 0x9F, 0x98]]

    mutating func sentence() -> String {
        var s = "\(rng.pick(Self.subjects)) \(rng.pick(Self.verbs)) \(rng.pick(Self.clauses))"
        let tail = rng.pick(Self.tails)
        if !tail.isEmpty { s += " " + tail }
        return s + (rng.chance(0.9) ? "." : "")
    }

    mutating func paragraph() -> String {
        (0..<(1 + rng.below(4))).map { _ in sentence() }.joined(separator: " ")
    }

    mutating func headline() -> String {
        var words = (0..<(2 + rng.below(9))).map { _ in rng.pick(Self.headlineWords) }
        words[0] = words[0].prefix(1).uppercased() + words[0].dropFirst()
        return words.joined(separator: " ")
    }

    /// A variant of `text` that compares equal under `TextKey.loose`.
    mutating func variant(_ text: String) -> String {
        switch rng.below(4) {
        case 0: return text.uppercased()
        case 1: return text.replacingOccurrences(of: "“", with: "\"").replacingOccurrences(of: "”", with: "\"")
        case 2: return text.replacingOccurrences(of: " ", with: "  ")
        default: return text
        }
    }

    mutating func oddify(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        for _ in 0..<(1 + rng.below(4)) {
            let at = rng.below(scalars.count + 1)
            scalars.insert(contentsOf: rng.pick(Self.oddities).unicodeScalars, at: at)
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// The blocks of one document, before layout.
    mutating func blocks() -> [String] {
        var blocks: [String] = []
        let count = 2 + rng.below(24)
        while blocks.count < count {
            let roll = rng.below(100)
            switch roll {
            case 0..<35:
                blocks.append(paragraph())
            case 35..<47:
                blocks.append(headline())
            case 47..<57 where !blocks.isEmpty:
                blocks.append(variant(rng.pick(blocks)))
            case 57..<61 where blocks.count >= 3:
                // Repeat a run of earlier blocks in order.
                let length = 2 + rng.below(2)
                let start = rng.below(blocks.count - 1)
                blocks += blocks[start..<min(start + length, blocks.count)]
            case 61..<67:
                blocks.append(rng.pick(Self.markers))
                for _ in 0..<rng.below(4) { blocks.append(headline()) }
            case 67..<72:
                blocks.append(rng.pick(Self.tagLines))
            case 72..<78:
                blocks.append(rng.pick(Self.boilerplate))
            case 78..<83:
                blocks.append(rng.pick(Self.lookAlikes))
            case 83..<93:
                blocks.append(rng.pick(Self.shortLines))
            case 93..<96:
                blocks.append((0..<(1 + rng.below(3))).map { _ in rng.pick(["\u{200B}", "\u{00AD}", "\u{FEFF}", " ", "\u{0007}", "\u{00A0}"]) }.joined())
            default:
                blocks.append(paragraph())
            }
        }
        return blocks.map { rng.chance(0.25) ? oddify($0) : $0 }
    }

    /// One whole document: blocks laid out as text, with assorted line endings.
    mutating func document() -> String {
        let blocks = blocks()
        var lines: [String] = []
        let layout = rng.below(10)
        for block in blocks {
            switch layout {
            case 0..<6:                 // blank-line paragraphs
                lines.append(block)
                lines.append(rng.chance(0.1) ? "   " : "")
            case 6..<8:                 // one per line
                lines.append(block)
            default:                    // hard-wrapped at 72 columns
                lines += TextSplitterTests.wrap(block, width: 72)
                lines.append("")
            }
        }
        if rng.chance(0.2) { lines = lines.map { rng.chance(0.3) ? "  " + $0 + " \t" : $0 } }
        let newline = rng.pick(["\n", "\n", "\n", "\r\n", "\r"])
        var text = lines.joined(separator: newline)
        if rng.chance(0.5) { text += newline }
        if rng.chance(0.1) { text = "\u{FEFF}" + text }
        return text
    }

    /// A document as bytes, sometimes with invalid UTF-8 inserted, repaired as the CLI does.
    mutating func repairedDocument() -> String {
        var bytes = Array(document().utf8)
        if rng.chance(0.15) {
            for _ in 0..<(1 + rng.below(3)) {
                bytes.insert(contentsOf: rng.pick(Self.invalidBytes), at: rng.below(bytes.count + 1))
            }
        }
        let (repaired, _) = UTF8Repair.repair(bytes)
        return String(decoding: repaired, as: UTF8.self)
    }
}

/// The properties every cleaning must have.
enum CleaningProperties {
    static func paragraphs(_ output: String) -> [String] {
        guard !output.isEmpty else { return [] }
        return String(output.dropLast()).components(separatedBy: "\n\n")
    }

    /// (1) Cleaning the output again changes nothing. Failures are recorded
    /// with a cause tag, `[known:…]` for the known non-idempotence causes.
    static func checkIdempotent(_ input: String, _ output: String, label: String) {
        let again = Cleaner().clean(text: output)
        let second = CanonicalWriter.text(again.document)
        guard Exact(second) != Exact(output) else { return }
        let notCanonical = paragraphs(output).filter { Exact(Canonical.paragraph($0)) != Exact($0) }
        let causes = Set(again.removals.map { "\($0.filter)/\($0.reason)" })
        let tag: String
        if !notCanonical.isEmpty {
            tag = "[known:canonical-joiner]"
        } else if !causes.isEmpty && causes.isSubset(of: ["repeated-block/repeated-run", "see-also/marker", "see-also/link-after-marker"]) {
            tag = "[known:context-shift]"
        } else {
            tag = "[unexpected]"
        }
        Issue.record("\(tag) \(label): not idempotent; second pass removed \(again.removals.map { "\($0.filter)/\($0.reason): \($0.text)" }); non-canonical output paragraphs: \(notCanonical.map(\.debugDescription))\ninput: \(input.debugDescription)")
    }

    /// (2) Nothing invented: the output paragraphs are, in order, the canonical
    /// texts of some of the input blocks.
    static func checkNothingInvented(_ input: String, _ output: String, label: String) {
        let candidates = TextSplitter().blocks(from: input).map { Exact(Canonical.paragraph($0.text)) }
        var next = 0
        for paragraph in paragraphs(output) {
            let wanted = Exact(paragraph)
            guard let found = candidates[next...].firstIndex(of: wanted) else {
                Issue.record("\(label): output paragraph not found in order among the input blocks: \(paragraph.debugDescription)")
                return
            }
            next = found + 1
        }
    }

    /// (3) The output is canonical text.
    static func checkCanonicalLayout(_ output: String, label: String) {
        let bytes = Array(output.utf8)
        guard !bytes.isEmpty else { return }
        #expect(!bytes.contains(0x0D), "\(label): carriage return in output")
        #expect(bytes.last == 0x0A, "\(label): output does not end with a newline")
        #expect(!(bytes.count >= 2 && bytes[bytes.count - 2] == 0x0A), "\(label): output ends with more than one newline")
        #expect(bytes.first != 0x0A, "\(label): output starts with a blank line")
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        var previousBlank = true
        for (k, line) in lines.enumerated() {
            let blank = line.isEmpty
            if blank {
                #expect(!previousBlank, "\(label): double blank line at line \(k + 1)")
            } else {
                #expect(k % 2 == 0 && previousBlank, "\(label): paragraph lines must be separated by one blank line (line \(k + 1))")
                #expect(line.first != 0x20 && line.last != 0x20 && line.first != 0x09 && line.last != 0x09,
                        "\(label): leading or trailing space on line \(k + 1)")
                let text = String(decoding: line, as: UTF8.self)
                if Exact(Canonical.paragraph(text)) != Exact(text) {
                    let joiner = text.unicodeScalars.contains { $0 == "\u{200D}" || $0 == "\u{200C}" }
                    Issue.record("\(joiner ? "[known:canonical-joiner] " : "")\(label): line \(k + 1) is not canonical: \(text.debugDescription)")
                }
            }
            previousBlank = blank
        }
    }

    /// Every input block is either kept or logged as removed, exactly once.
    static func checkAccounting(_ input: String, _ result: CleanResult, label: String) {
        let count = TextSplitter().blocks(from: input).count
        let positions = result.document.blocks.map(\.index) + result.removals.map(\.position)
        #expect(positions.sorted() == Array(0..<count), "\(label): blocks lost or duplicated")
        #expect(result.document.blocks.map(\.index) == result.document.blocks.map(\.index).sorted(), "\(label): order changed")
    }

    static func checkAll(_ input: String, label: String) {
        let result = Cleaner().clean(text: input)
        let output = CanonicalWriter.text(result.document)
        checkCanonicalLayout(output, label: label)
        checkNothingInvented(input, output, label: label)
        checkAccounting(input, result, label: label)
        #expect(Exact(CanonicalWriter.text(Cleaner().clean(text: input).document)) == Exact(output), "\(label): not deterministic")
    }
}

struct PropertyTests {
    static let seeds: [UInt64] = Array(1...200).map { UInt64($0) &* 0x9E37_79B9 }

    static func generated() -> [(label: String, text: String)] {
        seeds.map { seed in
            var generator = DocumentGenerator(seed: seed)
            return ("seed \(seed)", generator.repairedDocument())
        }
    }

    static func corpusInputs() -> [(label: String, text: String)] {
        let corpus = repositoryRoot.appendingPathComponent("corpus")
        guard let walker = FileManager.default.enumerator(atPath: corpus.path) else { return [] }
        var found: [(String, String)] = []
        for case let path as String in walker where path.hasSuffix("input.txt") {
            guard let data = FileManager.default.contents(atPath: corpus.appendingPathComponent(path).path) else { continue }
            let repaired = UTF8Repair.repair(Array(data)).bytes
            found.append(("corpus/\(path)", String(decoding: repaired, as: UTF8.self)))
        }
        return found.sorted { $0.0 < $1.0 }
    }

    @Test func generatorIsDeterministic() {
        var a = DocumentGenerator(seed: 7), b = DocumentGenerator(seed: 7)
        #expect(Exact(a.repairedDocument()) == Exact(b.repairedDocument()))
        let docs = Self.generated()
        #expect(docs.count == 200)
        // The generator really produces the mix it promises.
        let all = Array(docs.map(\.text).joined(separator: "\n").utf8)
        for needle in ["Tags:", "Advertisement", "* * *", "\u{00A0}", "\u{200B}", "\u{200D}", "\r", "\r\n", "\u{FFFD}", "\u{0001}"] {
            let bytes = Array(needle.utf8)
            let found = all.indices.contains { all[$0...].starts(with: bytes) }
            #expect(found, "generator never produced \(needle.debugDescription)")
        }
    }

    @Test func generatedDocumentsExerciseEveryFilter() {
        var reasons: [String: Int] = [:]
        var kept = 0
        for (_, text) in Self.generated() {
            let result = Cleaner().clean(text: text)
            kept += result.document.blocks.count
            for removal in result.removals { reasons["\(removal.filter)/\(removal.reason)", default: 0] += 1 }
        }
        for reason in ["normalize/empty", "boilerplate-line/pattern", "tag-line/hashtags", "tag-line/label-list",
                       "see-also/marker", "see-also/link-after-marker", "duplicate-headline/exact",
                       "repeated-block/repeated", "repeated-block/repeated-run"] {
            #expect(reasons[reason, default: 0] > 0, "the generated documents never trigger \(reason): \(reasons)")
        }
        #expect(kept > 1000)
    }

    @Test func corpusIsFound() {
        #expect(Self.corpusInputs().count > 0)
    }

    /// Runs `body`. (It once tolerated issues of known causes; all of them
    /// are fixed, so every issue now fails the test.)
    static func toleratingKnownCauses(_ body: () -> Void) {
        body()
    }

    @Test func generatedDocumentsAreCleanedSoundly() {
        Self.toleratingKnownCauses {
            for (label, text) in Self.generated() {
                CleaningProperties.checkAll(text, label: label)
            }
        }
    }

    @Test func corpusDocumentsAreCleanedSoundly() {
        for (label, text) in Self.corpusInputs() {
            CleaningProperties.checkAll(text, label: label)
        }
    }

    @Test func corpusCleaningIsIdempotent() {
        for (label, text) in Self.corpusInputs() {
            let output = CanonicalWriter.text(Cleaner().clean(text: text).document)
            CleaningProperties.checkIdempotent(text, output, label: label)
        }
    }

    /// Idempotence over the generated documents. The known causes are
    /// tolerated (see the counterexample tests below); anything else fails.
    @Test func generatedCleaningIsIdempotent() {
        Self.toleratingKnownCauses {
            for (label, text) in Self.generated() {
                let output = CanonicalWriter.text(Cleaner().clean(text: text).document)
                CleaningProperties.checkIdempotent(text, output, label: label)
            }
        }
    }

    // MARK: - Idempotence counterexamples (fixed: the pipeline runs to a fixpoint)

    @Test func idempotenceAfterRemovalMakesShortBlocksAdjacent() {
        // Pass 1: the repeated long paragraph between A and B is removed; A and B
        // alone are too short. Pass 2: A, B are now adjacent and repeat the earlier
        // run A, B, so they are removed as `repeated-run`.
        let a = "Prep time: 15 minutes.", b = "Cook time: 1 hour 10 minutes."
        let y = Body.paragraphs[0]
        let input = [a, b, y, a, y, b].joined(separator: "\n\n") + "\n"
        let once = cleanText(input)
        // The pipeline runs to a fixpoint, so the second repeat of the run
        // a, b is already gone after one call.
        #expect(once == [a, b, y].joined(separator: "\n\n") + "\n")
        #expect(cleanText(once) == once)
    }

    @Test func idempotenceAfterRemovalMovesMarkerIntoTail() {
        // Pass 1: the marker starts before half of the text, so it stays; repeated
        // paragraphs after it are removed. Pass 2: the text is shorter, the
        // marker now lies in the tail and is removed.
        let p = Body.paragraphs
        let input = [p[0], p[1], "Related stories", p[2], p[2], p[2], p[2], p[2]].joined(separator: "\n\n") + "\n"
        let once = cleanText(input)
        // Fixpoint: once the repeats are gone the marker lies in the tail and
        // is removed in the same call.
        #expect(once == [p[0], p[1], p[2]].joined(separator: "\n\n") + "\n")
        #expect(cleanText(once) == once)
    }

    @Test func idempotenceWithJoinerBeforeNonASCIISpace() {
        let input = "Caf\u{00E9}\u{200D}\u{00A0}\u{00E9}t\u{00E9} is open.\n"
        let once = cleanText(input)
        #expect(Exact(cleanText(once)) == Exact(once))
    }
}
