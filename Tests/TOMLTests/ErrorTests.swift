import Testing
import TOML

/// Every error class, with the exact line:column it must be reported at.
@Suite("Errors")
struct ErrorTests {
    static let keyErrors: [ErrorCase] = [
        ErrorCase("duplicate key", "a = 1\nb = 2\na = 3", 3, 1, "duplicate key 'a' (first defined at line 1, column 1)"),
        ErrorCase("duplicate quoted key", "spelling = 1\n\"spelling\" = 2", 2, 1, "duplicate key 'spelling'"),
        ErrorCase("duplicate dotted key", "a.b = 1\na.b = 2", 2, 3, "duplicate key 'a.b' (first defined at line 1, column 3)"),
        ErrorCase("dotted key through a value", "fruit.apple = 1\nfruit.apple.color = 2", 2, 7,
                  "key 'fruit.apple' is already defined as an integer at line 1, column 7, so it cannot be used as a table"),
        ErrorCase("duplicate key in table section", "[t]\nx = 1\nx = 2", 3, 1, "duplicate key 'x'"),
        ErrorCase("duplicate key in inline table", "p = { x = 1, x = 2 }", 1, 14, "duplicate key 'x'"),
        ErrorCase("inline table dotted conflict", "p = { a.b = 1, a = 2 }", 1, 16, "duplicate key 'a'"),
        ErrorCase("missing '='", "key value", 1, 5, "expected '=' after key 'key', found 'v'"),
        ErrorCase("missing '=' at end of line", "[t]\nkey\n", 2, 4, "expected '=' after key 'key', found end of line"),
        ErrorCase("missing key", "= 1", 1, 1, "expected a key, found '='"),
        ErrorCase("space in bare key", "a b = 1", 1, 3, "expected '=' after key 'a', found 'b'"),
        ErrorCase("empty dotted key part", "a. = 1", 1, 4, "expected a key, found '='"),
        ErrorCase("multi-line string as key", "\"\"\"a\"\"\" = 1", 1, 1, "multi-line strings cannot be used as keys"),
        ErrorCase("missing value", "a =", 1, 4, "expected a value, found end of file"),
        ErrorCase("missing value before comment", "a = # c", 1, 5, "expected a value, found '#'"),
        ErrorCase("unquoted string", "a = hello", 1, 5, "invalid value 'hello': strings must be quoted"),
        ErrorCase("capitalised boolean", "a = True", 1, 5, "invalid value 'True'"),
    ]

    static let tableErrors: [ErrorCase] = [
        ErrorCase("redefined table", "[a]\nx = 1\n[a]\ny = 2", 3, 2, "table 'a' is already defined at line 1, column 2"),
        ErrorCase("redefined dotted header", "[a.b]\n[x]\n[ a . b ]", 3, 7, "table 'a.b' is already defined at line 1, column 4"),
        ErrorCase("header over dotted-key table", "[fruit]\napple.color = \"red\"\n[fruit.apple]", 3, 8,
                  "table 'fruit.apple' is already defined by dotted keys at line 2, column 1"),
        ErrorCase("header over root dotted-key table", "a.b = 1\n[a]", 2, 2, "table 'a' is already defined by dotted keys"),
        ErrorCase("dotted keys into header table", "[a.b.c]\nz = 9\n[a]\nb.c.t = 1", 4, 3,
                  "cannot add to table 'b.c' with dotted keys: it was defined by a table header at line 1, column 6"),
        ErrorCase("dotted keys into own header table", "[a]\nx = 1\n[a.b]\n[a]\nb.y = 1", 4, 2, "table 'a' is already defined"),
        ErrorCase("header after dotted keys claimed an implicit table", "[a.b.c]\n[a]\nb.d = 1\n[a.b]", 4, 4,
                  "table 'a.b' is already defined by dotted keys at line 1, column 4"),
        ErrorCase("dotted keys into array of tables", "[[a.b]]\n[a]\nb.y = 2", 3, 1, "cannot add to array of tables 'b'"),
        ErrorCase("header over value", "a = 1\n[a.b]", 2, 2,
                  "key 'a' is already defined as an integer at line 1, column 1, so it cannot be used as a table"),
        ErrorCase("table header over value", "a = \"x\"\n[a]", 2, 2, "key 'a' is already defined as a string"),
        ErrorCase("header over inline table", "a = { b = 1 }\n[a]", 2, 2, "table 'a' is already defined as an inline table"),
        ErrorCase("sub-header into inline table", "a = { b = 1 }\n[a.c]", 2, 2, "cannot add to inline table 'a'"),
        ErrorCase("dotted key into inline table", "a = { b = 1 }\na.c = 2", 2, 1, "cannot add to inline table 'a'"),
        ErrorCase("inline table dotted into nested inline", "a = { b = { c = 1 }, b.d = 2 }", 1, 22, "cannot add to inline table 'b'"),
        ErrorCase("append to static array", "fruits = []\n[[fruits]]", 2, 3,
                  "cannot append to static array 'fruits' (defined at line 1, column 1) with [[...]]"),
        ErrorCase("sub-table of static array", "a = [{ b = 1 }]\n[a.c]", 2, 2, "cannot add to static array 'a'"),
        ErrorCase("table over array of tables", "[[a]]\n[a]", 2, 2, "'a' is already defined as an array of tables"),
        ErrorCase("array of tables over table", "[a]\n[[a]]", 2, 3, "'a' is already defined as a table at line 1, column 2"),
        ErrorCase("array of tables over value", "a = 1\n[[a]]", 2, 3, "key 'a' is already defined as an integer"),
        ErrorCase("unclosed header", "[a", 1, 3, "expected ']' to close the table header, found end of file"),
        ErrorCase("unclosed array header", "[[a]\nx = 1", 1, 5, "expected ']]' to close the array-of-tables header"),
        ErrorCase("empty header", "[]", 1, 2, "expected a key, found ']'"),
        ErrorCase("garbage after header", "[t] x = 1", 1, 5, "expected end of line after table header, found 'x'"),
    ]

    static let stringErrors: [ErrorCase] = [
        ErrorCase("invalid escape", #"s = "a\qb""#, 1, 7, #"invalid escape sequence '\q'"#),
        ErrorCase("invalid escape in multi-line", "s = \"\"\"\nok\n  \\x41\"\"\"", 3, 3, #"invalid escape sequence '\x'"#),
        ErrorCase("escape with space", #"s = "a\ b""#, 1, 7, "invalid escape sequence"),
        ErrorCase("short \\u escape", #"s = "\u12""#, 1, 6, #"\u escape needs exactly 4 hexadecimal digits"#),
        ErrorCase("surrogate \\u escape", #"s = "\uD800""#, 1, 6, "escape U+D800 is not a Unicode scalar value"),
        ErrorCase("out-of-range \\U escape", #"s = "\U00110000""#, 1, 6, "escape U+110000 is not a Unicode scalar value"),
        ErrorCase("unterminated basic string", "s = \"abc\nx = 1", 1, 5, "unterminated string"),
        ErrorCase("unterminated basic string at EOF", "s = \"abc", 1, 5, "unterminated string"),
        ErrorCase("unterminated literal string", "a = 1\ns = 'abc", 2, 5, "unterminated string"),
        ErrorCase("unterminated multi-line basic", "a = 1\ns = \"\"\"abc\n\nmore", 2, 5, "unterminated multi-line string"),
        ErrorCase("unterminated multi-line literal", "s = '''abc''", 1, 5, "unterminated multi-line string"),
        ErrorCase("control character in basic string", "s = \"a\u{01}b\"", 1, 7, "control character U+0001 must be escaped"),
        ErrorCase("DEL in literal string", "s = 'a\u{7F}'", 1, 7, "control character U+007F is not allowed in a literal string"),
        ErrorCase("control character in multi-line", "s = \"\"\"\nok\n\u{1B}[0m\"\"\"", 3, 1, "control character U+001B"),
        ErrorCase("NUL in comment", "a = 1 # x\u{00}y", 1, 10, "control character U+0000 is not allowed in a comment"),
        ErrorCase("bare carriage return", "a = 1\rb = 2", 1, 6, "carriage return must be followed by a line feed"),
        ErrorCase("bare CR in multi-line string", "s = \"\"\"a\rb\"\"\"", 1, 9, "carriage return"),
        ErrorCase("six quotes in a multi-line string", "s = " + String(repeating: "\"", count: 9), 1, 13, "expected end of line after value, found '\"'"),
    ]

    static let numberErrors: [ErrorCase] = [
        ErrorCase("leading zero", "n = 012", 1, 5, "leading zeros are not allowed"),
        ErrorCase("leading zero after sign", "n = -012", 1, 6, "leading zeros are not allowed"),
        ErrorCase("leading zero in float", "f = 03.14", 1, 5, "leading zeros are not allowed"),
        ErrorCase("double underscore", "n = 1__000", 1, 6, "consecutive underscores are not allowed"),
        ErrorCase("trailing underscore", "n = 1_", 1, 6, "an underscore in a number must be between two digits"),
        ErrorCase("leading underscore", "n = _1", 1, 5, "an underscore in a number must be between two digits"),
        ErrorCase("underscore before dot", "f = 1_.5", 1, 6, "between two digits"),
        ErrorCase("integer overflow", "n = 9223372036854775808", 1, 5, "does not fit in 64 bits"),
        ErrorCase("negative overflow", "n = -9223372036854775809", 1, 5, "does not fit in 64 bits"),
        ErrorCase("hex overflow", "n = 0x8000000000000000", 1, 5, "does not fit in 64 bits"),
        ErrorCase("signed hex", "n = +0xFF", 1, 5, "cannot have a sign"),
        ErrorCase("bad hex digit", "n = 0xG1", 1, 7, "expected a hexadecimal digit, found 'G'"),
        ErrorCase("bad octal digit", "n = 0o178", 1, 9, "'8' is not a valid octal digit"),
        ErrorCase("bad binary digit", "n = 0b102", 1, 9, "'2' is not a valid binary digit"),
        ErrorCase("uppercase radix prefix", "n = 0XFF", 1, 6, "unexpected 'X' in number"),
        ErrorCase("trailing dot", "f = 1.", 1, 7, "expected a digit after the decimal point, found end of file"),
        ErrorCase("leading dot", "f = .5", 1, 5, "expected a digit, found '.'"),
        ErrorCase("dot before exponent", "f = 1.e5", 1, 7, "expected a digit after the decimal point, found 'e'"),
        ErrorCase("empty exponent", "f = 1e", 1, 7, "expected a digit in the exponent"),
        ErrorCase("two dots", "f = 1.2.3", 1, 8, "unexpected '.' in number"),
        ErrorCase("letters after number", "n = 12abc", 1, 7, "unexpected 'a' in number"),
        ErrorCase("lone sign", "n = +", 1, 5, "invalid number '+'"),
        ErrorCase("float overflow", "f = [1.0, -1e400]", 1, 11, "float '-1e400' is out of range"),
        ErrorCase("capitalised inf", "f = Inf", 1, 5, "invalid value 'Inf'"),
    ]

    static let dateErrors: [ErrorCase] = [
        ErrorCase("month 13", "d = 1979-13-01", 1, 10, "invalid month 13"),
        ErrorCase("February 30", "d = 1979-02-30", 1, 13, "invalid day 30 in date (month 2 has 28 days)"),
        ErrorCase("not a leap year", "d = 1900-02-29", 1, 13, "invalid day 29"),
        ErrorCase("hour 24", "t = 24:00:00", 1, 5, "invalid hour 24"),
        ErrorCase("minute 60", "t = 1979-05-27T10:60:00Z", 1, 19, "invalid minute 60"),
        ErrorCase("seconds required", "t = 07:32", 1, 10, "TOML 1.0 requires seconds"),
        ErrorCase("one-digit month", "d = 1979-5-27", 1, 11, "expected 2 digits for the month"),
        ErrorCase("bad separator", "d = 1979-05-27X07:32:00", 1, 15, "expected 'T' or a space between date and time"),
        ErrorCase("missing time after T", "d = 1979-05-27T", 1, 16, "expected 2 digits for the hour, found end of value"),
        ErrorCase("empty fraction", "t = 07:32:00.", 1, 14, "expected digits after '.'"),
        ErrorCase("bad offset", "d = 1979-05-27T07:32:00+7:00", 1, 26, "expected 2 digits for the offset hour"),
        ErrorCase("offset on local time", "t = 07:32:00Z", 1, 13, "a time without a date cannot have a UTC offset"),
        ErrorCase("trailing characters", "d = 1979-05-27T07:32:00Zabc", 1, 25, "unexpected 'a' in date-time"),
    ]

    static let structureErrors: [ErrorCase] = [
        ErrorCase("trailing garbage after value", "a = 1 2", 1, 7, "expected end of line after value, found '2'"),
        ErrorCase("trailing garbage after string", "a = \"x\" y", 1, 9, "expected end of line after value, found 'y'"),
        ErrorCase("two key/values on a line", "a = 1 b = 2", 1, 7, "expected end of line after value, found 'b'"),
        ErrorCase("garbage after multi-line string", "s = \"\"\"\nline\n\"\"\" junk", 3, 5, "found 'j'"),
        ErrorCase("garbage column counts scalars", "s = \"é🎉\" x", 1, 10, "found 'x'"),
        ErrorCase("newline inside inline table", "a = { b = 1,\n c = 2 }", 1, 13, "newlines are not allowed inside an inline table (opened at 1:5)"),
        ErrorCase("newline right after brace", "a = {\n}", 1, 6, "newlines are not allowed inside an inline table"),
        ErrorCase("newline before closing brace", "a = { b = 1\n}", 1, 12, "newlines are not allowed inside an inline table"),
        ErrorCase("comment inside inline table", "a = { b = 1 # c\n}", 1, 13, "comments are not allowed inside an inline table"),
        ErrorCase("trailing comma in inline table", "a = { b = 1, }", 1, 12, "trailing comma is not allowed in an inline table"),
        ErrorCase("missing comma in inline table", "a = { b = 1 c = 2 }", 1, 13, "expected ',' or '}' in inline table, found 'c'"),
        ErrorCase("unterminated inline table", "a = { b = 1", 1, 12, "unterminated inline table"),
        ErrorCase("missing comma in array", "a = [1 2]", 1, 8, "expected ',' or ']' after an array element, found '2'"),
        ErrorCase("leading comma in array", "a = [,1]", 1, 6, "expected a value, found ','"),
        ErrorCase("double comma in array", "a = [1,,2]", 1, 8, "expected a value, found ','"),
        ErrorCase("unterminated array", "a = [1,\n2", 2, 2, "unterminated array: missing closing ']' for the one opened at 1:5"),
        ErrorCase("error on later CRLF line", "a = 1\r\nb = 2\r\nc = 03\r\n", 3, 5, "leading zeros"),
        ErrorCase("error inside array on later line", "a = [\n  1,\n  \"x\\z\",\n]", 3, 5, "invalid escape"),
    ]

    @Test(arguments: keyErrors) func keyError(_ errorCase: ErrorCase) { check(errorCase) }
    @Test(arguments: tableErrors) func tableError(_ errorCase: ErrorCase) { check(errorCase) }
    @Test(arguments: stringErrors) func stringError(_ errorCase: ErrorCase) { check(errorCase) }
    @Test(arguments: numberErrors) func numberError(_ errorCase: ErrorCase) { check(errorCase) }
    @Test(arguments: dateErrors) func dateError(_ errorCase: ErrorCase) { check(errorCase) }
    @Test(arguments: structureErrors) func structureError(_ errorCase: ErrorCase) { check(errorCase) }

    @Test func deepNestingIsRejected() throws {
        let error = try #require(parseError("a = " + String(repeating: "[", count: 1000)))
        #expect(error.message.contains("nested more than"))
        #expect(error.position.line == 1)
    }

    @Test func deepButReasonableNestingIsAccepted() throws {
        let depth = 100
        let doc = try TOML.parse("a = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        var value = try #require(doc.value("a"))
        var levels = 0
        while case .array(let items) = value {
            levels += 1
            guard let first = items.first else { break }
            value = first.value
        }
        #expect(levels == depth)
    }
}
