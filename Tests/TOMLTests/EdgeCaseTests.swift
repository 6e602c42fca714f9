import Testing
import TOML

/// Less common but valid constructs, and documents that must be rejected.
@Suite("Edge cases")
struct EdgeCaseTests {
    @Test func quotesNextToMultilineDelimiters() throws {
        let doc = try TOML.parse(#"""
        lit_one = ''''one quote''''
        lit_two = '''''two quotes'''''
        one = """"one quote""""
        two = """""two quotes"""""
        spaced = """ ""two"" """
        mismatch1 = """aaa'''bbb"""
        mismatch2 = '''aaa"""bbb'''
        escaped = """lol\""""""
        four = """
        Closing with four quotes
        """"
        """#)
        #expect(doc.value("lit_one")?.stringValue == "'one quote'")
        #expect(doc.value("lit_two")?.stringValue == "''two quotes''")
        #expect(doc.value("one")?.stringValue == "\"one quote\"")
        #expect(doc.value("two")?.stringValue == "\"\"two quotes\"\"")
        #expect(doc.value("spaced")?.stringValue == " \"\"two\"\" ")
        #expect(doc.value("mismatch1")?.stringValue == "aaa'''bbb")
        #expect(doc.value("mismatch2")?.stringValue == "aaa\"\"\"bbb")
        #expect(doc.value("escaped")?.stringValue == "lol\"\"\"")
        #expect(doc.value("four")?.stringValue == "Closing with four quotes\n\"")
    }

    @Test func quotedHeaderParts() throws {
        let doc = try TOML.parse("""
        [a.b.c]
        [a."b.c"]
        [a.'d.e']
        [a.' x ']
        ["".x]
        """)
        let a = try #require(doc.value("a")?.tableValue)
        #expect(a.keys == ["b", "b.c", "d.e", " x "])
        #expect(doc.value("", "x")?.tableValue != nil)
    }

    @Test func dottedKeysWithMultilineValues() throws {
        let doc = try TOML.parse("foo.bar = \"\"\"\nhello\"\"\"\nfoo.spam = \"\"\"\nhello\n\"\"\"\nfoo.apple = '''\nhello\n\nmore'''\n")
        #expect(doc.value("foo", "bar")?.stringValue == "hello")
        #expect(doc.value("foo", "spam")?.stringValue == "hello\n")
        #expect(doc.value("foo", "apple")?.stringValue == "hello\n\nmore")
        #expect(doc.keyPosition(of: "foo") == pos(1, 1))
        #expect(doc.value("foo")?.tableValue?.keyPosition(of: "apple") == pos(6, 5))
    }

    @Test func extremeDates() throws {
        let doc = try TOML.parse("""
        first = 0000-01-01 00:00:00Z
        last = 9999-12-31 23:59:59.999999999+23:59
        leap = 2024-02-29
        """)
        #expect(doc.value("first")?.datetimeValue == "0000-01-01 00:00:00Z")
        #expect(doc.value("last")?.datetimeValue == "9999-12-31 23:59:59.999999999+23:59")
    }

    @Test func indentationAndWhitespace() throws {
        let doc = try TOML.parse("  [a]   \n\t  b   =   1   \n  [[c]]  \n    d=2")
        #expect(doc.value("a", "b")?.integerValue == 1)
        #expect(doc.value("c")?.arrayValue?.first?.value.tableValue?["d"]?.value.integerValue == 2)
        #expect(doc["missing"] == nil)
    }

    @Test(arguments: [
        "n = ++99", "n = --99", "n = -0xff", "n = +0b1", "n = +0o7", "n = 0x_1", "n = 0o_1", "n = 0b_1",
        "n = 0x1_", "n = 0o1_", "n = 0b1_", "n = _0x1", "n = 0xaafz", "n = 0o778", "n = 0b0012",
        "n = 0X1", "n = 0O0", "n = 0B0", "n = +01", "n = +0_1", "n = 0_0", "n = 00", "n = 1_e2",
        "n = 1e_2", "n = 1.5_", "n = 0x", "n = 1 000", "n = 1,000",
    ])
    func rejectsInvalidNumbers(toml: String) {
        _ = parseError(toml)
    }

    @Test(arguments: [
        "a = 1\n[tbl]\n[[tbl]]",
        "tbl = { fruit = { apple.color = \"red\" }, fruit.apple.texture = { smooth = true } }",
        "[a]\nb = 1\n[a.b]",
        "[[a]]\nb = [1]\n[[a.b]]",
        "a = [1, 2]\na = 3",
        "[product]\ntype = { name = \"Nail\" }\ntype.edible = false",
        "[product]\ntype.name = \"Nail\"\ntype = { edible = false }",
        "[a\n]",
        "[a.b.]",
        "[.a]",
        "[a b]",
        "[[a] ]",
        "a = \"\\e\"",
        "a = \"\\x41\"",
        "a = '''\n\u{08}'''",
        "a = { b = 1 }}",
        "a = [1]]",
        "a = 1979-05-27T07:32:00Z+01:00",
        "a = 1979-05-27 07:32",
        "\"a\nb\" = 1",
    ])
    func rejectsInvalidDocuments(toml: String) {
        _ = parseError(toml)
    }
}
