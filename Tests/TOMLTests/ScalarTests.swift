import Testing
import TOML

@Suite("Strings")
struct StringTests {
    @Test func basicStringWithAllEscapes() throws {
        let doc = try TOML.parse(#"s = "b\b t\t n\n f\f r\r q\" bs\\ u\u00E9 U\U0001F600 end""#)
        #expect(doc.value("s")?.stringValue == "b\u{08} t\t n\n f\u{0C} r\r q\" bs\\ u\u{E9} U\u{1F600} end")
    }

    @Test func basicStringWithUnicodeAndTab() throws {
        let doc = try TOML.parse("s = \"tab\there, ünïcødé 🎉\"")
        #expect(doc.value("s")?.stringValue == "tab\there, ünïcødé 🎉")
    }

    @Test func emptyStrings() throws {
        let doc = try TOML.parse(#"""
        a = ""
        b = ''
        c = """"""
        d = ''''''
        """#)
        for key in ["a", "b", "c", "d"] {
            #expect(doc.value(key)?.stringValue == "", "key \(key)")
        }
    }

    @Test func literalStringsKeepBackslashes() throws {
        let doc = try TOML.parse(#"""
        winpath  = 'C:\Users\nodejs\templates'
        winpath2 = '\\ServerX\admin$\system32\'
        quoted   = 'Tom "Dubs" Preston-Werner'
        regex    = '<\i\c*\s*>'
        """#)
        #expect(doc.value("winpath")?.stringValue == #"C:\Users\nodejs\templates"#)
        #expect(doc.value("winpath2")?.stringValue == #"\\ServerX\admin$\system32\"#)
        #expect(doc.value("quoted")?.stringValue == #"Tom "Dubs" Preston-Werner"#)
        #expect(doc.value("regex")?.stringValue == #"<\i\c*\s*>"#)
    }

    @Test func multilineBasicTrimsFirstNewline() throws {
        let doc = try TOML.parse("str = \"\"\"\nRoses are red\nViolets are blue\"\"\"")
        #expect(doc.value("str")?.stringValue == "Roses are red\nViolets are blue")
    }

    @Test func multilineBasicLineEndingBackslash() throws {
        let text = "str1 = \"The quick brown fox jumps over the lazy dog.\"\n"
            + "str2 = \"\"\"\nThe quick brown \\\n\n\n  fox jumps over \\\n    the lazy dog.\"\"\"\n"
            + "str3 = \"\"\"\\\n       The quick brown \\   \n       fox jumps over \\\n       the lazy dog.\\\n       \"\"\"\n"
        let doc = try TOML.parse(text)
        let expected = "The quick brown fox jumps over the lazy dog."
        #expect(doc.value("str1")?.stringValue == expected)
        #expect(doc.value("str2")?.stringValue == expected)
        #expect(doc.value("str3")?.stringValue == expected)
    }

    @Test func multilineBasicQuotesAndEscapes() throws {
        let doc = try TOML.parse(#"""
        str4 = """Here are two quotation marks: "". Simple enough."""
        str5 = """Here are three quotation marks: ""\"."""
        str6 = """Here are fifteen quotation marks: ""\"""\"""\"""\"""\"."""
        str7 = """"This," she said, "is just a pointless statement.""""
        esc = """tab\tnewline\nunicode\u0041"""
        """#)
        #expect(doc.value("str4")?.stringValue == #"Here are two quotation marks: "". Simple enough."#)
        #expect(doc.value("str5")?.stringValue == #"Here are three quotation marks: """."#)
        #expect(doc.value("str6")?.stringValue == "Here are fifteen quotation marks: " + String(repeating: "\"", count: 15) + ".")
        #expect(doc.value("str7")?.stringValue == #""This," she said, "is just a pointless statement.""#)
        #expect(doc.value("esc")?.stringValue == "tab\tnewline\nunicodeA")
    }

    @Test func multilineBasicEscapedBackslashAtLineEndIsKept() throws {
        let doc = try TOML.parse("s = \"\"\"a\\\\\nb\"\"\"")
        #expect(doc.value("s")?.stringValue == "a\\\nb")
    }

    @Test func multilineLiteral() throws {
        let doc = try TOML.parse(#"""
        regex2 = '''I [dw]on't need \d{2} apples'''
        lines  = '''
        The first newline is
        trimmed in raw strings.
           All other whitespace
           is preserved.
        '''
        quot15 = '''Here are fifteen quotation marks: """""""""""""""'''
        apos15 = "Here are fifteen apostrophes: '''''''''''''''"
        str = ''''That,' she said, 'is still pointless.''''
        """#)
        #expect(doc.value("regex2")?.stringValue == #"I [dw]on't need \d{2} apples"#)
        #expect(doc.value("lines")?.stringValue
                == "The first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n")
        #expect(doc.value("quot15")?.stringValue == "Here are fifteen quotation marks: " + String(repeating: "\"", count: 15))
        #expect(doc.value("apos15")?.stringValue == "Here are fifteen apostrophes: '''''''''''''''")
        #expect(doc.value("str")?.stringValue == "'That,' she said, 'is still pointless.'")
    }

    @Test func crlfInsideMultilineStringsBecomesLF() throws {
        let doc = try TOML.parse("a = \"\"\"\r\none\r\ntwo\"\"\"\r\nb = '''\r\nthree\r\nfour'''\r\n")
        #expect(doc.value("a")?.stringValue == "one\ntwo")
        #expect(doc.value("b")?.stringValue == "three\nfour")
    }

    @Test func lineEndingBackslashWithCRLF() throws {
        let doc = try TOML.parse("a = \"\"\"x \\\r\n   y\"\"\"")
        #expect(doc.value("a")?.stringValue == "x y")
    }
}

@Suite("Numbers and booleans")
struct NumberTests {
    @Test func integers() throws {
        let doc = try TOML.parse("""
        int1 = +99
        int2 = 42
        int3 = 0
        int4 = -17
        int5 = 1_000
        int6 = 5_349_221
        int7 = 53_49_221
        int8 = 1_2_3_4_5
        zero1 = +0
        zero2 = -0
        max = 9223372036854775807
        min = -9223372036854775808
        """)
        let expected: [(String, Int64)] = [
            ("int1", 99), ("int2", 42), ("int3", 0), ("int4", -17), ("int5", 1000), ("int6", 5_349_221),
            ("int7", 5_349_221), ("int8", 12345), ("zero1", 0), ("zero2", 0), ("max", .max), ("min", .min),
        ]
        for (key, value) in expected {
            #expect(doc.value(key)?.integerValue == value, "key \(key)")
        }
    }

    @Test func radixIntegers() throws {
        let doc = try TOML.parse("""
        hex1 = 0xDEADBEEF
        hex2 = 0xdeadbeef
        hex3 = 0xdead_beef
        hex4 = 0x00ff
        oct1 = 0o01234567
        oct2 = 0o755
        bin1 = 0b11010110
        bin2 = 0b1_0
        big = 0x7FFFFFFFFFFFFFFF
        """)
        #expect(doc.value("hex1")?.integerValue == 0xDEADBEEF)
        #expect(doc.value("hex2")?.integerValue == 0xDEADBEEF)
        #expect(doc.value("hex3")?.integerValue == 0xDEADBEEF)
        #expect(doc.value("hex4")?.integerValue == 255)
        #expect(doc.value("oct1")?.integerValue == 0o01234567)
        #expect(doc.value("oct2")?.integerValue == 0o755)
        #expect(doc.value("bin1")?.integerValue == 0b11010110)
        #expect(doc.value("bin2")?.integerValue == 2)
        #expect(doc.value("big")?.integerValue == .max)
    }

    @Test func floats() throws {
        let doc = try TOML.parse("""
        flt1 = +1.0
        flt2 = 3.1415
        flt3 = -0.01
        flt4 = 5e+22
        flt5 = 1e06
        flt6 = -2E-2
        flt7 = 6.626e-34
        flt8 = 224_617.445_991_228
        flt9 = 0e0
        flt10 = 1e1_0
        negzero = -0.0
        tiny = 1e-400
        max = 1.7976931348623157e308
        """)
        let expected: [(String, Double)] = [
            ("flt1", 1.0), ("flt2", 3.1415), ("flt3", -0.01), ("flt4", 5e22), ("flt5", 1e6), ("flt6", -0.02),
            ("flt7", 6.626e-34), ("flt8", 224_617.445_991_228), ("flt9", 0), ("flt10", 1e10), ("negzero", -0.0),
            ("tiny", 0), ("max", .greatestFiniteMagnitude),
        ]
        for (key, value) in expected {
            #expect(doc.value(key)?.floatValue == value, "key \(key)")
        }
        #expect(doc.value("negzero")?.floatValue?.sign == .minus)
    }

    @Test func specialFloats() throws {
        let doc = try TOML.parse("""
        a = inf
        b = +inf
        c = -inf
        d = nan
        e = +nan
        f = -nan
        """)
        #expect(doc.value("a")?.floatValue == .infinity)
        #expect(doc.value("b")?.floatValue == .infinity)
        #expect(doc.value("c")?.floatValue == -.infinity)
        for key in ["d", "e", "f"] {
            #expect(doc.value(key)?.floatValue?.isNaN == true, "key \(key)")
        }
    }

    @Test func booleans() throws {
        let doc = try TOML.parse("t = true\nf = false")
        #expect(doc.value("t")?.boolValue == true)
        #expect(doc.value("f")?.boolValue == false)
    }
}

@Suite("Dates and times")
struct DateTimeTests {
    @Test(arguments: [
        "1979-05-27T07:32:00Z",
        "1979-05-27T00:32:00-07:00",
        "1979-05-27T00:32:00.999999-07:00",
        "1979-05-27 07:32:00Z",
        "1979-05-27t07:32:00z",
        "1979-05-27T07:32:00",
        "1979-05-27T00:32:00.999999",
        "1979-05-27 07:32:00.5",
        "1979-05-27",
        "2000-02-29",
        "07:32:00",
        "00:32:00.999999",
        "23:59:60",
        "1987-07-05T17:45:56.1234+05:45",
    ])
    func validDateTimesKeepRawText(raw: String) throws {
        let doc = try TOML.parse("d = \(raw) # comment")
        #expect(doc.value("d")?.datetimeValue == raw)
    }

    @Test func dateTimesInArrays() throws {
        let doc = try TOML.parse("a = [1979-05-27, 1979-05-27 07:32:00, 07:32:00]")
        let items = try #require(doc.value("a")?.arrayValue)
        #expect(items.map { $0.value.datetimeValue } == ["1979-05-27", "1979-05-27 07:32:00", "07:32:00"])
    }

    @Test func dateFollowedBySpaceAndCommentIsJustADate() throws {
        let doc = try TOML.parse("d = 1979-05-27 # 12:00:00")
        #expect(doc.value("d")?.datetimeValue == "1979-05-27")
    }
}
