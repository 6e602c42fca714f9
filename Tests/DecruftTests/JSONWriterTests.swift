import Foundation
import Testing
@testable import Decruft

struct JSONWriterTests {
    func encode(_ s: String) -> String {
        var out: [UInt8] = []
        JSONObjectWriter.appendString(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func decode(_ json: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
    }

    @Test func escapes() {
        #expect(encode("plain") == "\"plain\"")
        #expect(encode("") == "\"\"")
        #expect(encode("say \"hi\"") == "\"say \\\"hi\\\"\"")
        #expect(encode("back\\slash") == "\"back\\\\slash\"")
        #expect(encode("a\nb\rc\td") == "\"a\\nb\\rc\\td\"")
        #expect(encode("\u{0000}\u{0001}\u{001F}\u{000C}\u{0008}") == "\"\\u0000\\u0001\\u001f\\u000c\\u0008\"")
        #expect(encode("\u{2028}|\u{2029}") == "\"\\u2028|\\u2029\"")
    }

    @Test func nonASCIIPassesThroughUnescaped() {
        let text = "é — € … “q” \u{2027}\u{202A}\u{2030} 日本 👍🏽 \u{7F}"
        #expect(Exact(encode(text)) == Exact("\"" + text + "\""))
    }

    @Test func roundTripsThroughJSONSerialization() throws {
        var rng = SplitMix64(seed: 42)
        let pieces = ["a", "\"", "\\", "\n", "\r", "\t", "\u{0000}", "\u{001B}", "\u{2028}", "\u{2029}", "\u{2026}",
                      "\u{20AC}", "é", "日", "👍", "/", " ", "\u{FFFD}", "\u{E2}"]
        for _ in 0..<500 {
            let s = (0..<rng.below(12)).map { _ in rng.pick(pieces) }.joined()
            let json = encode(s)
            #expect(!json.contains("\n") && !json.contains("\u{2028}") && !json.contains("\u{2029}"))
            let back = try decode(json) as? String
            #expect(back.map(Exact.init) == Exact(s), "\(s.debugDescription)")
        }
    }

    /// Long strings go through the eight-bytes-at-a-time path: every special
    /// character must be found at every offset within a word.
    @Test func specialCharactersAtEveryOffsetOfALongString() throws {
        for special in ["\"", "\\", "\n", "\u{0001}", "\u{001F}", "\u{2028}", "\u{2029}", "\u{2026}", "€"] {
            for offset in 0..<17 {
                let s = String(repeating: "x", count: offset) + special + String(repeating: "y", count: 23)
                let json = encode(s)
                #expect(!json.contains("\u{2028}") && !json.contains("\u{2029}") && !json.contains("\n"))
                #expect((try decode(json) as? String).map(Exact.init) == Exact(s), "\(s.debugDescription)")
            }
        }
    }

    @Test func objectWriterFields() throws {
        var object = JSONObjectWriter()
        object.field("s", "text")
        object.field("none", nil as String?)
        object.field("some", "x" as String?)
        object.field("n", -42)
        object.raw("raw", Array("[1,2]".utf8))
        let json = String(decoding: object.finish(), as: UTF8.self)
        #expect(json == #"{"s":"text","none":null,"some":"x","n":-42,"raw":[1,2]}"#)
        var empty = JSONObjectWriter()
        #expect(String(decoding: empty.finish(), as: UTF8.self) == "{}")
    }

    @Test func keysAreEscaped() {
        var object = JSONObjectWriter()
        object.field("a\"b", 1)
        #expect(String(decoding: object.finish(), as: UTF8.self) == #"{"a\"b":1}"#)
    }

    @Test func removalArray() throws {
        let removals = [
            Removal(filter: "see-also", reason: "marker", rule: "see-also-en", text: "Read more:", position: 7,
                    provenance: Provenance(firstLine: 12, lastLine: 14)),
            Removal(filter: "repeated-block", reason: "repeated", text: "Say \"x\"\n", position: 9,
                    provenance: Provenance(path: "body>div.story>p")),
            Removal(filter: "normalize", reason: "empty", text: "", position: 0, provenance: Provenance()),
        ]
        let json = String(decoding: RemovalJSON.array(removals), as: UTF8.self)
        #expect(json == "["
            + #"{"filter":"see-also","reason":"marker","rule":"see-also-en","position":7,"lines":"12-14","text":"Read more:"},"#
            + #"{"filter":"repeated-block","reason":"repeated","position":9,"path":"body>div.story>p","text":"Say \"x\"\n"},"#
            + #"{"filter":"normalize","reason":"empty","position":0,"text":""}"#
            + "]")
        let parsed = try #require(try decode(json) as? [[String: Any]])
        #expect(parsed.count == 3)
        #expect(parsed[1]["text"] as? String == "Say \"x\"\n")
        #expect(String(decoding: RemovalJSON.array([]), as: UTF8.self) == "[]")
    }

    @Test func removalCountsInPipelineOrder() {
        let removals = [
            Removal(filter: "tag-line", reason: "hashtags", text: "#a #b", position: 1, provenance: Provenance()),
            Removal(filter: "normalize", reason: "empty", text: "", position: 0, provenance: Provenance()),
            Removal(filter: "tag-line", reason: "label-list", text: "Tags: a", position: 2, provenance: Provenance()),
        ]
        let json = String(decoding: RemovalJSON.counts(removals, filters: FilterCatalog.defaultOrder), as: UTF8.self)
        #expect(json == #"{"normalize":1,"replace":0,"boilerplate-line":0,"tag-line":2,"truncate":0,"see-also":0,"duplicate-headline":0,"repeated-block":0,"page-furniture":0}"#)
    }

    @Test func provenanceLabel() {
        #expect(Provenance().label == "?")
        #expect(Provenance(firstLine: 3, lastLine: 3).label == "3")
        #expect(Provenance(firstLine: 3, lastLine: 5).label == "3-5")
        #expect(Provenance(firstLine: 3, lastLine: 5, path: "p").label == "p")
    }
}
