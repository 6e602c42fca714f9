import Testing
import TOML

@Suite("Source positions")
struct PositionTests {
    static let document = """
    title = "x"
    [owner]
      name = 'Tom'
      dob = 1979-05-27T07:32:00-08:00
    [database.ports]
    data = [ ["delta", "phi"], [3.14] ]
    inline = { a = 1, b.c = "x" }
    """

    @Test func keyAndValuePositions() throws {
        let doc = try TOML.parse(Self.document)
        #expect(doc.position == pos(1, 1))
        #expect(doc.keyPosition(of: "title") == pos(1, 1))
        #expect(doc.node("title")?.position == pos(1, 9))
        #expect(doc.keyPosition(of: "owner") == pos(2, 2))
        #expect(doc.node("owner")?.position == pos(2, 1))
        let owner = try #require(doc.value("owner")?.tableValue)
        #expect(owner.position == pos(2, 1))
        #expect(owner.keyPosition(of: "name") == pos(3, 3))
        #expect(owner["name"]?.position == pos(3, 10))
        #expect(owner.keyPosition(of: "dob") == pos(4, 3))
        #expect(owner["dob"]?.position == pos(4, 9))
    }

    @Test func headerPartsAndImplicitTables() throws {
        let doc = try TOML.parse(Self.document)
        #expect(doc.keyPosition(of: "database") == pos(5, 2))
        #expect(doc.node("database")?.position == pos(5, 1))
        let database = try #require(doc.value("database")?.tableValue)
        #expect(database.keyPosition(of: "ports") == pos(5, 11))
        #expect(database["ports"]?.position == pos(5, 1))
    }

    @Test func arrayElementPositions() throws {
        let doc = try TOML.parse(Self.document)
        let data = try #require(doc.node("database", "ports", "data"))
        #expect(data.position == pos(6, 8))
        let outer = try #require(data.value.arrayValue)
        #expect(outer.map(\.position) == [pos(6, 10), pos(6, 28)])
        #expect(outer[0].value.arrayValue?.map(\.position) == [pos(6, 11), pos(6, 20)])
        #expect(outer[1].value.arrayValue?.first?.position == pos(6, 29))
    }

    @Test func inlineTablePositions() throws {
        let doc = try TOML.parse(Self.document)
        let inline = try #require(doc.node("database", "ports", "inline"))
        #expect(inline.position == pos(7, 10))
        let table = try #require(inline.value.tableValue)
        #expect(table.position == pos(7, 10))
        #expect(table.keyPosition(of: "a") == pos(7, 12))
        #expect(table["a"]?.position == pos(7, 16))
        #expect(table.keyPosition(of: "b") == pos(7, 19))
        #expect(table["b"]?.position == pos(7, 19))  // created by the dotted key part
        let b = try #require(table["b"]?.value.tableValue)
        #expect(b.keyPosition(of: "c") == pos(7, 21))
        #expect(b["c"]?.position == pos(7, 25))
    }

    @Test func positionsAfterMultilineStrings() throws {
        let doc = try TOML.parse("s = \"\"\"\nabc\ndef\"\"\"\nt = '''\n\nx'''\nafter = 1\n")
        #expect(doc.node("s")?.position == pos(1, 5))
        #expect(doc.node("t")?.position == pos(4, 5))
        #expect(doc.keyPosition(of: "after") == pos(7, 1))
        #expect(doc.node("after")?.position == pos(7, 9))
    }

    @Test func positionsInMultilineArrays() throws {
        let doc = try TOML.parse("a = [\n  1,\n    \"two\", # c\n\t3,\n]\nb = 0")
        let items = try #require(doc.value("a")?.arrayValue)
        #expect(items.map(\.position) == [pos(2, 3), pos(3, 5), pos(4, 2)])
        #expect(doc.node("b")?.position == pos(6, 5))
    }

    @Test func columnsCountUnicodeScalars() throws {
        let doc = try TOML.parse("\"ключ\" = \"värde\" # é\nemoji = [\"🎉\", \"x\"]\n")
        #expect(doc.node("ключ")?.position == pos(1, 10))
        let emoji = try #require(doc.value("emoji")?.arrayValue)
        #expect(emoji.map(\.position) == [pos(2, 10), pos(2, 15)])
    }

    @Test func crlfAndTabs() throws {
        let doc = try TOML.parse("a = 1\r\n\tkey =\t2\r\n[t]\r\nb = 3\r\n")
        #expect(doc.keyPosition(of: "key") == pos(2, 2))
        #expect(doc.node("key")?.position == pos(2, 8))
        #expect(doc.node("t")?.position == pos(3, 1))
        #expect(doc.value("t")?.tableValue?.keyPosition(of: "b") == pos(4, 1))
    }

    @Test func errorDescriptionFormat() throws {
        let error = try #require(parseError("a = 1\nb = 2\na = 3"))
        #expect(error.description == "line 3, column 1: duplicate key 'a' (first defined at line 1, column 1)")
        #expect(error.position.description == "3:1")
    }
}
