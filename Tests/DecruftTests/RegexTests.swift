import Foundation
import Testing
import DecruftRegex

struct RegexTests {
    @Test func matchesAndRanges() throws {
        let p = try BytePattern("^read more\\b")
        #expect(try p.matches("read more: the full story"))
        #expect(try !p.matches("Read more"))
        #expect(try !p.matches("we read more"))
        let q = try BytePattern("wor(l)d")
        #expect(try q.firstMatch(in: "hello world") == 6..<11)
        #expect(try q.firstMatch(in: "nothing") == nil)
        #expect(p.source == "^read more\\b")
        #expect(!p.caseInsensitive)
    }

    @Test func caseInsensitive() throws {
        let p = try BytePattern("^read more\\b", caseInsensitive: true)
        #expect(p.caseInsensitive)
        #expect(try p.matches("Read More: the full story"))
        #expect(try p.matches("READ MORE"))
        // Unicode case folding (UTF + UCP mode).
        let u = try BytePattern("^été$", caseInsensitive: true)
        #expect(try u.matches("ÉTÉ"))
        let g = try BytePattern("straße", caseInsensitive: true)
        #expect(try g.matches("STRAßE"))
    }

    @Test func unicodeClasses() throws {
        let w = try BytePattern("^\\w+$")
        #expect(try w.matches("naïveté"))
        #expect(try w.matches("日本語"))
        let dot = try BytePattern("^.$")
        #expect(try dot.matches("👍"))                       // one code point, four bytes
        #expect(try BytePattern("^é").firstMatch(in: "é!") == 0..<2)   // byte offsets
    }

    @Test func multilineOption() throws {
        let single = try BytePattern("^b$")
        let multi = try BytePattern("^b$", multiline: true)
        #expect(try !single.matches("a\nb\nc"))
        #expect(try multi.matches("a\nb\nc"))
    }

    @Test func emptySubject() throws {
        #expect(try BytePattern("^$").matches(""))
        #expect(try !BytePattern("x").matches(""))
        let empty: [UInt8] = []
        let range = try empty.withUnsafeBufferPointer { try BytePattern("^").firstMatch(in: $0) }
        #expect(range == 0..<0)
    }

    @Test func invalidUTF8SubjectDoesNotFail() throws {
        let bytes: [UInt8] = [0xFF, 0x61, 0xC3]
        let range = try bytes.withUnsafeBufferPointer { try BytePattern("a").firstMatch(in: $0) }
        #expect(range == 1..<2)
    }

    @Test func compileErrorCarriesMessageAndOffset() {
        do {
            _ = try BytePattern("(unclosed")
            Issue.record("expected a compile error")
        } catch {
            guard case let .compile(pattern, message, offset) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(pattern == "(unclosed")
            #expect(message.contains("missing closing parenthesis"))
            #expect(offset == 9)
            #expect(error.description == "invalid regex /(unclosed/ at offset 9: \(message)")
        }
        #expect(throws: RegexError.self) { _ = try BytePattern("a{2,1}") }
        #expect(throws: RegexError.self) { _ = try BytePattern("[z-a]") }
        #expect(throws: RegexError.self) { _ = try BytePattern("\\") }
    }

    @Test(.timeLimit(.minutes(1)))
    func pathologicalPatternHitsMatchLimitQuickly() throws {
        let p = try BytePattern("^(a+)+$")
        for count in [30, 40, 64] {
            let subject = String(repeating: "a", count: count) + "b"
            let start = ContinuousClock.now
            #expect(throws: RegexError.matchLimit(pattern: "^(a+)+$")) {
                _ = try p.matches(subject)
            }
            let elapsed = ContinuousClock.now - start
            #expect(elapsed < .seconds(2), "took \(elapsed) for \(count) a's")
        }
        // The same pattern on a matching subject is fine.
        #expect(try p.matches(String(repeating: "a", count: 64)))
        #expect(RegexError.matchLimit(pattern: "x").description.contains("match limit"))
    }

    @Test func customMatchLimit() throws {
        let subject = String(repeating: "a", count: 12) + "b"   // a few thousand steps
        let tight = try BytePattern("^(a+)+$", matchLimit: 10)
        #expect(throws: RegexError.matchLimit(pattern: "^(a+)+$")) {
            _ = try tight.matches(subject)
        }
        let roomy = try BytePattern("^(a+)+$")
        #expect(try !roomy.matches(subject))
        #expect(BytePattern.defaultMatchLimit == 1_000_000)
    }

    @Test func patternIsUsableFromManyTasks() async throws {
        let p = try BytePattern("\\bneedle\\b", caseInsensitive: true)
        let hits = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<64 {
                group.addTask { (try? p.matches(i.isMultiple(of: 2) ? "a NEEDLE here" : "needles")) ?? false }
            }
            var count = 0
            for await hit in group where hit { count += 1 }
            return count
        }
        #expect(hits == 32)
    }
}
