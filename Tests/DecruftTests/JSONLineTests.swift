import Testing
@testable import Decruft

/// The JSON Lines record parser: validation with columns, members kept as
/// their own bytes, strings decoded on demand.
struct JSONLineTests {
    func parse(_ text: String) throws -> JSONLine {
        try JSONLine(Array(text.utf8))
    }

    func raw(_ line: JSONLine, _ key: String) -> String? {
        line.member(key).map { String(decoding: line.bytes[$0.valueRange], as: UTF8.self) }
    }

    @Test func membersKeepTheirBytesAndOrder() throws {
        let line = try parse(#"{"id": 1.50e+2, "text" : "a\u00e9\n", "tags":[ "x" ,{"y":null} ], "ok":true}"#)
        #expect(line.members.map(\.key) == ["id", "text", "tags", "ok"])
        #expect(raw(line, "id") == "1.50e+2")
        #expect(raw(line, "tags") == #"[ "x" ,{"y":null} ]"#)
        #expect(line.members.map(\.kind) == [.number, .string, .array, .bool])
        #expect(String(decoding: line.string(line.member("text")!), as: UTF8.self) == "aé\n")
    }

    @Test func surrogatePairsDecodeAndLoneSurrogatesBecomeReplacementCharacters() throws {
        let line = try parse(#"{"t": "\ud83d\ude00 \ud800 \/ \" \\"}"#)
        #expect(String(decoding: line.string(line.member("t")!), as: UTF8.self) == "😀 \u{FFFD} / \" \\")
    }

    @Test func dottedPathsReachNestedObjects() throws {
        let line = try parse(#"{"metadata": {"url": "https://example.com/a", "n": {"deep": "x"}}, "a.b": "literal"}"#)
        #expect(line.stringValue(at: "metadata.url") == "https://example.com/a")
        #expect(line.stringValue(at: "metadata.n.deep") == "x")
        // A top-level key with a dot in it wins over the path.
        #expect(line.stringValue(at: "a.b") == "literal")
        #expect(line.stringValue(at: "metadata.missing") == nil)
        #expect(line.value(at: "metadata")?.kind == .object)
    }

    @Test func repeatedKeysResolveToTheLastOne() throws {
        let line = try parse(#"{"text": "first", "text": "second"}"#)
        #expect(line.stringValue(at: "text") == "second")
        #expect(line.members.count == 2)
    }

    @Test("invalid lines name the column and the problem", arguments: [
        ("", 1, "empty line"),
        ("[1, 2]", 1, "found an array"),
        (#""just a string""#, 1, "found a string"),
        ("null", 1, "found null"),
        (#"{"a": 01}"#, 8, "expected ',' or '}'"),
        (#"{"a": [1,}"#, 10, "expected a value"),
        ("{\"a\": \"x\ty\"}", 9, "control character"),
        (#"{"a": 1} trailing"#, 10, "unexpected text"),
        (#"{"a": {"b": [1, 2}"#, 18, "expected ',' or ']'"),
        (#"{"a": tru}"#, 7, "expected true"),
        (#"{"a" 1}"#, 6, "expected ':'"),
        (#"{"a": "unterminated}"#, 7, "unterminated string"),
        (#"{"a": "\q"}"#, 9, "bad escape"),
        (#"{"a": "\u12G4"}"#, 9, "bad \\u escape"),
        (#"{"a": -}"#, 8, "expected a digit"),
        (#"{"a": 1,}"#, 9, "expected a quoted key"),
        (#"{"a": 1"#, 8, "unterminated object"),
    ])
    func invalidLines(_ text: String, _ column: Int, _ message: String) {
        #expect {
            _ = try parse(text)
        } throws: { error in
            guard let error = error as? JSONSyntaxError else { return false }
            return error.offset + 1 == column && error.message.contains(message)
                && error.description.hasPrefix("invalid JSON at column \(column): ")
        }
    }

    @Test func aWordThatIsNoJSONValueIsNotNamedAsOne() {
        #expect {
            _ = try parse("nope")
        } throws: { error in
            (error as? JSONSyntaxError)?.message == "expected an object"
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let deep = #"{"a": "# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        #expect(throws: JSONSyntaxError.self) { try parse(deep) }
        let fine = #"{"a": "# + String(repeating: "[", count: 500) + String(repeating: "]", count: 500) + "}"
        #expect(try parse(fine).member("a")?.kind == .array)
    }

    @Test func emptyObjectsAndArraysAnywhere() throws {
        let line = try parse(#"{"a": {}, "b": [], "c": [[], {}, [{}]], "d": {"e": {}}}"#)
        #expect(line.members.map(\.kind) == [.object, .array, .array, .object])
        #expect(try parse("{}").members.isEmpty)
        #expect(try parse(" \t{ } \r").members.isEmpty)
    }
}
