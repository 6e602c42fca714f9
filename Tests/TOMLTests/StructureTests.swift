import Testing
import TOML

@Suite("Documents, comments and keys")
struct KeyTests {
    @Test func emptyAndCommentOnlyDocuments() throws {
        #expect(try TOML.parse("").entries.isEmpty)
        #expect(try TOML.parse("  \n\t\n").entries.isEmpty)
        #expect(try TOML.parse("# only a comment\n   # another\r\n").entries.isEmpty)
    }

    @Test func commentsEverywhere() throws {
        let doc = try TOML.parse("""
        # full-line comment
        key = "value"  # end-of-line comment, with "quotes" and ' and # and é
        [table] # after header
        [[aot]] # after array header
        other = "# not a comment"
        """)
        #expect(doc.value("key")?.stringValue == "value")
        #expect(doc.value("other")?.stringValue == nil)
        let aot = try #require(doc.value("aot")?.arrayValue)
        #expect(aot[0].value.tableValue?["other"]?.value.stringValue == "# not a comment")
    }

    @Test func bareAndQuotedKeys() throws {
        let doc = try TOML.parse(#"""
        key = 1
        bare_key = 2
        bare-key = 3
        1234 = 4
        "127.0.0.1" = 5
        "character encoding" = 6
        "ʎǝʞ" = 7
        'key2' = 8
        'quoted "value"' = 9
        "" = 10
        "tab\tkey" = 11
        """#)
        #expect(doc.keys == ["key", "bare_key", "bare-key", "1234", "127.0.0.1", "character encoding", "ʎǝʞ",
                             "key2", "quoted \"value\"", "", "tab\tkey"])
        #expect(doc.value("127.0.0.1")?.integerValue == 5)
        #expect(doc.value("")?.integerValue == 10)
    }

    @Test func dottedKeys() throws {
        let doc = try TOML.parse(#"""
        name = "Orange"
        physical.color = "orange"
        physical.shape = "round"
        site."google.com" = true
        fruit . flavor   .  sweet = 1
        3.14159 = "pi"
        """#)
        #expect(doc.value("physical", "color")?.stringValue == "orange")
        #expect(doc.value("physical", "shape")?.stringValue == "round")
        #expect(doc.value("site", "google.com")?.boolValue == true)
        #expect(doc.value("fruit", "flavor", "sweet")?.integerValue == 1)
        #expect(doc.value("3", "14159")?.stringValue == "pi")
        #expect(doc.keys == ["name", "physical", "site", "fruit", "3"])
    }

    @Test func dottedKeysExtendTheirOwnTables() throws {
        let doc = try TOML.parse("""
        apple.type = "fruit"
        orange.type = "fruit"
        apple.skin = "thin"
        orange.skin = "thick"
        """)
        #expect(doc.node("apple")?.value.tableValue?.keys == ["type", "skin"])
        #expect(doc.node("orange")?.value.tableValue?.keys == ["type", "skin"])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let doc = try TOML.parse("\u{FEFF}a = 1")
        #expect(doc.value("a")?.integerValue == 1)
        #expect(doc.entries[0].keyPosition == pos(1, 1))
    }
}

@Suite("Arrays and inline tables")
struct CompositeTests {
    @Test func arrays() throws {
        let doc = try TOML.parse("""
        integers = [ 1, 2, 3 ]
        colors = [ "red", "yellow", "green" ]
        nested_arrays_of_ints = [ [ 1, 2 ], [3, 4, 5] ]
        nested_mixed_array = [ [ 1, 2 ], ["a", "b", "c"] ]
        string_array = [ "all", 'strings', \"\"\"are the same\"\"\", '''type''' ]
        numbers = [ 0.1, 0.2, 0.5, 1, 2, 5 ]
        contributors = [
          "Foo Bar <foo@example.com>",
          { name = "Baz Qux", email = "bazqux@example.com", url = "https://example.com/bazqux" }
        ]
        empty = []
        empty2 = [ # comment
        ]
        """)
        #expect(doc.value("integers")?.arrayValue?.map { $0.value.integerValue } == [1, 2, 3])
        #expect(doc.value("colors")?.arrayValue?.count == 3)
        let nested = try #require(doc.value("nested_mixed_array")?.arrayValue)
        #expect(nested[1].value.arrayValue?.map { $0.value.stringValue } == ["a", "b", "c"])
        #expect(doc.value("string_array")?.arrayValue?.map { $0.value.stringValue }
                == ["all", "strings", "are the same", "type"])
        #expect(doc.value("numbers")?.arrayValue?.map { $0.value.typeName }
                == ["float", "float", "float", "integer", "integer", "integer"])
        let contributors = try #require(doc.value("contributors")?.arrayValue)
        #expect(contributors[1].value.tableValue?["email"]?.value.stringValue == "bazqux@example.com")
        #expect(doc.value("empty")?.arrayValue?.isEmpty == true)
        #expect(doc.value("empty2")?.arrayValue?.isEmpty == true)
    }

    @Test func multilineArrayWithCommentsAndTrailingComma() throws {
        let doc = try TOML.parse("""
        integers3 = [
          1,  # one
          # a whole comment line
          2,
          3 , # trailing comma follows
        ]\r
        after = true
        """)
        #expect(doc.value("integers3")?.arrayValue?.map { $0.value.integerValue } == [1, 2, 3])
        #expect(doc.value("after")?.boolValue == true)
    }

    @Test func inlineTables() throws {
        let doc = try TOML.parse("""
        name = { first = "Tom", last = "Preston-Werner" }
        point = {x=1,y=2}
        animal = { type.name = "pug", type.size = "small", "quoted key" = 1 }
        nested = { inner = { deep = [1, { x = true }] } }
        empty = {}
        empty2 = {   }
        """)
        #expect(doc.node("name")?.value.tableValue?.keys == ["first", "last"])
        #expect(doc.value("point", "y")?.integerValue == 2)
        #expect(doc.value("animal", "type", "name")?.stringValue == "pug")
        #expect(doc.value("animal", "type", "size")?.stringValue == "small")
        #expect(doc.value("animal", "quoted key")?.integerValue == 1)
        let deep = try #require(doc.value("nested", "inner", "deep")?.arrayValue)
        #expect(deep[1].value.tableValue?["x"]?.value.boolValue == true)
        #expect(doc.value("empty")?.tableValue?.entries.isEmpty == true)
        #expect(doc.value("empty2")?.tableValue?.entries.isEmpty == true)
    }

    @Test func valueTypeNames() throws {
        let doc = try TOML.parse("""
        s = "x"
        i = 1
        f = 1.5
        b = true
        d = 1979-05-27
        a = []
        t = {}
        """)
        #expect(doc.entries.map { $0.node.value.typeName }
                == ["string", "integer", "float", "boolean", "datetime", "array", "table"])
    }
}

@Suite("Tables and arrays of tables")
struct TableTests {
    @Test func tablesAndHeaders() throws {
        let doc = try TOML.parse(#"""
        [table-1]
        key1 = "some string"
        key2 = 123

        [table-2]
        key1 = "another string"
        key2 = 456

        [dog."tater.man"]
        type.name = "pug"

        [a.b.c]            # this is best practice
        [ d.e.f ]          # same as [d.e.f]
        [ g .  h  . i ]    # same as [g.h.i]
        [ j . "ʞ" . 'l' ]  # same as [j."ʞ".'l']
        """#)
        #expect(doc.value("table-1", "key2")?.integerValue == 123)
        #expect(doc.value("table-2", "key1")?.stringValue == "another string")
        #expect(doc.value("dog", "tater.man", "type", "name")?.stringValue == "pug")
        #expect(doc.value("a", "b", "c")?.tableValue != nil)
        #expect(doc.value("d", "e", "f")?.tableValue != nil)
        #expect(doc.value("g", "h", "i")?.tableValue != nil)
        #expect(doc.value("j", "ʞ", "l")?.tableValue != nil)
    }

    @Test func superTableMayBeDefinedAfterSubTable() throws {
        let doc = try TOML.parse("""
        [x.y.z.w]
        a = 1
        [x]
        b = 2
        [x.y]
        c = 3
        """)
        #expect(doc.value("x", "y", "z", "w", "a")?.integerValue == 1)
        #expect(doc.value("x", "b")?.integerValue == 2)
        #expect(doc.value("x", "y", "c")?.integerValue == 3)
        #expect(doc.node("x")?.position == pos(3, 1))
        #expect(doc.node("x", "y")?.position == pos(5, 1))
        #expect(doc.node("x")?.value.tableValue?.position == pos(3, 1))
    }

    @Test func subTablesThroughDottedKeyTables() throws {
        let doc = try TOML.parse("""
        [fruit]
        apple.color = "red"
        apple.taste.sweet = true

        [fruit.apple.texture]  # you can add sub-tables
        smooth = true
        """)
        #expect(doc.value("fruit", "apple", "color")?.stringValue == "red")
        #expect(doc.value("fruit", "apple", "taste", "sweet")?.boolValue == true)
        #expect(doc.value("fruit", "apple", "texture", "smooth")?.boolValue == true)
    }

    @Test func dottedKeysMayDefineAnImplicitTable() throws {
        let doc = try TOML.parse("""
        [a.b.c]
        z = 9
        [a]
        b.d = 1
        b.c2.e = 2
        """)
        #expect(doc.value("a", "b", "c", "z")?.integerValue == 9)
        #expect(doc.value("a", "b", "d")?.integerValue == 1)
        #expect(doc.value("a", "b", "c2", "e")?.integerValue == 2)
        #expect(doc.value("a", "b")?.tableValue?.keys == ["c", "d", "c2"])
    }

    @Test func arrayOfTables() throws {
        let doc = try TOML.parse("""
        [[products]]
        name = "Hammer"
        sku = 738594937

        [[products]]  # empty table within the array

        [[products]]
        name = "Nail"
        sku = 284758393

        color = "gray"
        """)
        let products = try #require(doc.value("products")?.arrayValue)
        #expect(products.count == 3)
        #expect(products[0].value.tableValue?["name"]?.value.stringValue == "Hammer")
        #expect(products[1].value.tableValue?.entries.isEmpty == true)
        #expect(products[2].value.tableValue?["color"]?.value.stringValue == "gray")
        #expect(products.map(\.position) == [pos(1, 1), pos(5, 1), pos(7, 1)])
        #expect(doc.node("products")?.position == pos(1, 1))
    }

    @Test func nestedArraysOfTables() throws {
        let doc = try TOML.parse("""
        [[fruits]]
        name = "apple"

        [fruits.physical]  # subtable
        color = "red"
        shape = "round"

        [[fruits.varieties]]  # nested array of tables
        name = "red delicious"

        [[fruits.varieties]]
        name = "granny smith"


        [[fruits]]
        name = "banana"

        [[fruits.varieties]]
        name = "plantain"
        """)
        let fruits = try #require(doc.value("fruits")?.arrayValue)
        #expect(fruits.count == 2)
        let apple = try #require(fruits[0].value.tableValue)
        #expect(apple.value("physical", "color")?.stringValue == "red")
        #expect(apple.value("varieties")?.arrayValue?.compactMap { $0.value.tableValue?["name"]?.value.stringValue }
                == ["red delicious", "granny smith"])
        let banana = try #require(fruits[1].value.tableValue)
        #expect(banana.value("varieties")?.arrayValue?.count == 1)
    }

    @Test func arrayOfTablesUnderImplicitTable() throws {
        let doc = try TOML.parse("""
        [[a.b]]
        x = 1
        [a]
        y = 2
        [[a.b]]
        x = 2
        """)
        #expect(doc.value("a", "y")?.integerValue == 2)
        #expect(doc.value("a", "b")?.arrayValue?.count == 2)
    }

    @Test func entriesKeepInsertionOrder() throws {
        let doc = try TOML.parse("""
        zeta = 1
        alpha = 2
        [mid]
        [[first]]
        beta.x = 3
        """)
        #expect(doc.keys == ["zeta", "alpha", "mid", "first"])
        #expect(doc.value("first")?.arrayValue?[0].value.tableValue?.keys == ["beta"])
    }
}
