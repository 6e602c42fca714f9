// Bare (unquoted) scalar values: booleans, integers, floats and date-times.
//
// The parser first scans a "token" of the characters these forms can
// contain, then classifies and validates it. Errors point at the exact
// offending character inside the token.

extension Parser {
    /// Characters that can appear in a bare value: letters, digits and `_ + - . :`.
    @inline(__always) static func isBareValueByte(_ b: UInt8) -> Bool {
        ASCII.isLetter(b) || ASCII.isDigit(b) || b == ASCII.underscore || b == ASCII.plus
            || b == ASCII.minus || b == ASCII.dot || b == ASCII.colon
    }

    /// Advances the cursor over bare-value characters.
    @inline(__always) mutating func scanBareValue() {
        while index < bytes.count && Parser.isBareValueByte(bytes[index]) { index += 1 }
    }

    /// Parses a boolean, number or date-time at the cursor.
    mutating func parseBareValue() throws(TOMLError) -> TOMLValue {
        let start = index
        scanBareValue()
        // A date followed by a space and a time is one local/offset date-time.
        if index - start == 10 && isDateStart(start, index), peek() == ASCII.space,
           let h1 = peek(1), ASCII.isDigit(h1), let h2 = peek(2), ASCII.isDigit(h2), peek(3) == ASCII.colon {
            index += 1
            scanBareValue()
        }
        let end = index
        let first = bytes[start]
        if ASCII.isDigit(first) && (isDateStart(start, end) || isTimeStart(start, end)) {
            return try parseDateTime(from: start, to: end)
        }
        if !ASCII.isDigit(first) {  // keywords start with a letter or sign
            let token = bytes[start..<end]
            if token.elementsEqual("true".utf8) { return .bool(true) }
            if token.elementsEqual("false".utf8) { return .bool(false) }
            if let special = Parser.specialFloat(token) { return .float(special) }
        }
        if ASCII.isLetter(first) {
            throw error("invalid value \(quotedToken(start, end)): strings must be quoted, and booleans are 'true' or 'false'", at: start)
        }
        return try parseNumber(from: start, to: end)
    }

    /// `inf`, `nan` and their signed forms.
    static func specialFloat(_ token: ArraySlice<UInt8>) -> Double? {
        var body = token
        var negative = false
        if let first = body.first, first == ASCII.plus || first == ASCII.minus {
            negative = first == ASCII.minus
            body = body.dropFirst()
        }
        if body.elementsEqual("inf".utf8) { return negative ? -.infinity : .infinity }
        if body.elementsEqual("nan".utf8) { return negative ? -.nan : .nan }
        return nil
    }

    /// The token in quotes for messages, shortened if very long.
    func quotedToken(_ start: Int, _ end: Int) -> String {
        let text = String(decoding: bytes[start..<min(end, start + 40)], as: UTF8.self)
        return "'\(text)\(end - start > 40 ? "…" : "")'"
    }

    // MARK: - Numbers

    /// Parses a decimal, hexadecimal, octal or binary integer, or a float.
    func parseNumber(from start: Int, to end: Int) throws(TOMLError) -> TOMLValue {
        var i = start
        let hasSign = bytes[i] == ASCII.plus || bytes[i] == ASCII.minus
        let negative = bytes[i] == ASCII.minus
        if hasSign { i += 1 }
        guard i < end else { throw error("invalid number \(quotedToken(start, end))", at: start) }

        if bytes[i] == UInt8(ascii: "0"), i + 1 < end, let radix = Parser.radix(prefix: bytes[i + 1]) {
            if hasSign {
                throw error("hexadecimal, octal and binary integers cannot have a sign", at: start)
            }
            return .integer(try parseRadixInteger(from: i + 2, to: end, radix: radix, tokenStart: start))
        }

        // Integer part: digits without leading zeros.
        let integerEnd = try scanDigits(from: i, to: end, what: "digit", isValid: ASCII.isDigit)
        if bytes[i] == UInt8(ascii: "0") && integerEnd - i > 1 {
            throw error("leading zeros are not allowed in numbers", at: i)
        }
        var j = integerEnd
        var isFloat = false
        if j < end && bytes[j] == ASCII.dot {
            isFloat = true
            j = try scanDigits(from: j + 1, to: end, what: "digit after the decimal point", isValid: ASCII.isDigit)
        }
        if j < end && (bytes[j] | 0x20) == UInt8(ascii: "e") {
            isFloat = true
            j += 1
            if j < end && (bytes[j] == ASCII.plus || bytes[j] == ASCII.minus) { j += 1 }
            j = try scanDigits(from: j, to: end, what: "digit in the exponent", isValid: ASCII.isDigit)
        }
        guard j == end else {
            throw error("unexpected \(describe(at: j)) in number", at: j)
        }

        if isFloat {
            return .float(try makeFloat(from: start, to: end))
        }
        return .integer(try decimalInteger(digits: i..<integerEnd, negative: negative, tokenStart: start, tokenEnd: end))
    }

    /// Converts a validated float token (underscores allowed) to a `Double`.
    func makeFloat(from start: Int, to end: Int) throws(TOMLError) -> Double {
        var text = ""
        text.reserveCapacity(end - start)
        for b in bytes[start..<end] where b != ASCII.underscore {
            text.unicodeScalars.append(Unicode.Scalar(b))
        }
        guard let value = Double(text), value.isFinite else {
            throw error("float \(quotedToken(start, end)) is out of range", at: start)
        }
        return value
    }

    /// Converts validated decimal digits (underscores allowed) to an `Int64`,
    /// accumulating towards the sign so that `Int64.min` is representable.
    func decimalInteger(digits: Range<Int>, negative: Bool, tokenStart: Int, tokenEnd: Int) throws(TOMLError) -> Int64 {
        var value: Int64 = 0
        for b in bytes[digits] where b != ASCII.underscore {
            let digit = Int64(b &- 0x30)
            let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = negative ? shifted.subtractingReportingOverflow(digit)
                                      : shifted.addingReportingOverflow(digit)
            if o1 || o2 {
                throw error("integer \(quotedToken(tokenStart, tokenEnd)) does not fit in 64 bits", at: tokenStart)
            }
            value = next
        }
        return value
    }

    /// The radix for the letter after a leading `0`: `x`, `o` or `b`.
    static func radix(prefix: UInt8) -> Int64? {
        switch prefix {
        case UInt8(ascii: "x"): 16
        case UInt8(ascii: "o"): 8
        case UInt8(ascii: "b"): 2
        default: nil
        }
    }

    /// Parses the digits of a `0x` / `0o` / `0b` integer (cursor-independent).
    func parseRadixInteger(from start: Int, to end: Int, radix: Int64, tokenStart: Int) throws(TOMLError) -> Int64 {
        let name = radix == 16 ? "hexadecimal" : radix == 8 ? "octal" : "binary"
        let isValid: (UInt8) -> Bool = switch radix {
        case 16: ASCII.isHexDigit
        case 8: { $0 &- 0x30 < 8 }
        default: { $0 &- 0x30 < 2 }
        }
        let digitsEnd = try scanDigits(from: start, to: end, what: "\(name) digit", isValid: isValid)
        guard digitsEnd == end else {
            throw error("\(describe(at: digitsEnd)) is not a valid \(name) digit", at: digitsEnd)
        }
        var value: Int64 = 0
        for b in bytes[start..<end] where b != ASCII.underscore {
            let (shifted, o1) = value.multipliedReportingOverflow(by: radix)
            let (next, o2) = shifted.addingReportingOverflow(Int64(ASCII.hexValue(b)))
            if o1 || o2 {
                throw error("integer \(quotedToken(tokenStart, end)) does not fit in 64 bits", at: tokenStart)
            }
            value = next
        }
        return value
    }

    /// Scans a non-empty run of digits in which single underscores may
    /// separate digits. Returns the offset after the run.
    func scanDigits(from start: Int, to end: Int, what: String, isValid: (UInt8) -> Bool) throws(TOMLError) -> Int {
        guard start < end, isValid(bytes[start]) else {
            if start < end && bytes[start] == ASCII.underscore {
                throw error("an underscore in a number must be between two digits", at: start)
            }
            throw error("expected a \(what), found \(describe(at: start))", at: start)
        }
        var i = start + 1
        while i < end {
            let b = bytes[i]
            if isValid(b) {
                i += 1
            } else if b == ASCII.underscore {
                if i + 1 < end && bytes[i + 1] == ASCII.underscore {
                    throw error("consecutive underscores are not allowed in numbers", at: i)
                }
                guard i + 1 < end, isValid(bytes[i + 1]) else {
                    throw error("an underscore in a number must be between two digits", at: i)
                }
                i += 2
            } else {
                break
            }
        }
        return i
    }

    // MARK: - Dates and times

    /// Whether `start..<end` begins like a date: `DDDD-`.
    func isDateStart(_ start: Int, _ end: Int) -> Bool {
        end - start >= 5 && ASCII.isDigit(bytes[start]) && ASCII.isDigit(bytes[start + 1])
            && ASCII.isDigit(bytes[start + 2]) && ASCII.isDigit(bytes[start + 3]) && bytes[start + 4] == ASCII.minus
    }

    /// Whether `start..<end` begins like a time: `DD:`.
    func isTimeStart(_ start: Int, _ end: Int) -> Bool {
        end - start >= 3 && ASCII.isDigit(bytes[start]) && ASCII.isDigit(bytes[start + 1]) && bytes[start + 2] == ASCII.colon
    }

    /// Validates an offset date-time, local date-time, local date or local
    /// time (RFC 3339 shapes as restricted by TOML 1.0) and returns its text.
    func parseDateTime(from start: Int, to end: Int) throws(TOMLError) -> TOMLValue {
        var i = start
        if isDateStart(start, end) {
            try validateDate(at: start, end: end)
            i += 10
            if i < end {
                let separator = bytes[i]
                guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == ASCII.space else {
                    throw error("expected 'T' or a space between date and time, found \(describe(at: i))", at: i)
                }
                i += 1
                try validateTime(at: &i, end: end)
                if i < end { try validateOffset(at: &i, end: end) }
            }
        } else {
            try validateTime(at: &i, end: end)
            if i < end, [UInt8(ascii: "Z"), UInt8(ascii: "z"), ASCII.plus, ASCII.minus].contains(bytes[i]) {
                throw error("a time without a date cannot have a UTC offset", at: i)
            }
        }
        guard i == end else {
            throw error("unexpected \(describe(at: i)) in date-time", at: i)
        }
        return .datetime(String(decoding: bytes[start..<end], as: UTF8.self))
    }

    /// `YYYY-MM-DD` with a real month and day (leap years included).
    func validateDate(at start: Int, end: Int) throws(TOMLError) {
        let year = try fixedDigits(at: start, count: 4, end: end, field: "year")
        try expect(ASCII.minus, at: start + 4, end: end, context: "date")
        let month = try fixedDigits(at: start + 5, count: 2, end: end, field: "month")
        try expect(ASCII.minus, at: start + 7, end: end, context: "date")
        let day = try fixedDigits(at: start + 8, count: 2, end: end, field: "day")
        guard (1...12).contains(month) else {
            throw error("invalid month \(month) in date (must be 01-12)", at: start + 5)
        }
        let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let daysInMonth = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard (1...daysInMonth).contains(day) else {
            throw error("invalid day \(day) in date (month \(month) has \(daysInMonth) days)", at: start + 8)
        }
    }

    /// `HH:MM:SS` with optional fraction; advances `i` past it.
    func validateTime(at i: inout Int, end: Int) throws(TOMLError) {
        let hour = try fixedDigits(at: i, count: 2, end: end, field: "hour")
        guard hour <= 23 else { throw error("invalid hour \(hour) in time (must be 00-23)", at: i) }
        try expect(ASCII.colon, at: i + 2, end: end, context: "time")
        let minute = try fixedDigits(at: i + 3, count: 2, end: end, field: "minute")
        guard minute <= 59 else { throw error("invalid minute \(minute) in time (must be 00-59)", at: i + 3) }
        guard i + 5 < end, bytes[i + 5] == ASCII.colon else {
            throw error("expected ':' and seconds in time (TOML 1.0 requires seconds)", at: i + 5)
        }
        let second = try fixedDigits(at: i + 6, count: 2, end: end, field: "second")
        guard second <= 60 else { throw error("invalid second \(second) in time (must be 00-60)", at: i + 6) }
        i += 8
        if i < end && bytes[i] == ASCII.dot {
            i += 1
            guard i < end, ASCII.isDigit(bytes[i]) else {
                throw error("expected digits after '.' in time", at: i)
            }
            while i < end && ASCII.isDigit(bytes[i]) { i += 1 }
        }
    }

    /// `Z` or `±HH:MM`; advances `i` past it.
    func validateOffset(at i: inout Int, end: Int) throws(TOMLError) {
        let b = bytes[i]
        if b == UInt8(ascii: "Z") || b == UInt8(ascii: "z") {
            i += 1
            return
        }
        guard b == ASCII.plus || b == ASCII.minus else {
            throw error("expected 'Z' or a '+HH:MM' / '-HH:MM' offset after time, found \(describe(at: i))", at: i)
        }
        let hour = try fixedDigits(at: i + 1, count: 2, end: end, field: "offset hour")
        guard hour <= 23 else { throw error("invalid offset hour \(hour) (must be 00-23)", at: i + 1) }
        try expect(ASCII.colon, at: i + 3, end: end, context: "UTC offset")
        let minute = try fixedDigits(at: i + 4, count: 2, end: end, field: "offset minute")
        guard minute <= 59 else { throw error("invalid offset minute \(minute) (must be 00-59)", at: i + 4) }
        i += 6
    }

    /// Reads exactly `count` decimal digits at `offset`.
    func fixedDigits(at offset: Int, count: Int, end: Int, field: String) throws(TOMLError) -> Int {
        var value = 0
        for k in offset..<(offset + count) {
            guard k < end, ASCII.isDigit(bytes[k]) else {
                throw error("expected \(count) digits for the \(field), found \(k < end ? describe(at: k) : "end of value")", at: k)
            }
            value = value * 10 + Int(bytes[k] &- 0x30)
        }
        return value
    }

    /// Requires `byte` at `offset` within a date/time.
    func expect(_ byte: UInt8, at offset: Int, end: Int, context: String) throws(TOMLError) {
        guard offset < end, bytes[offset] == byte else {
            let found = offset < end ? describe(at: offset) : "end of value"
            throw error("expected '\(Character(Unicode.Scalar(byte)))' in \(context), found \(found)", at: offset)
        }
    }
}
