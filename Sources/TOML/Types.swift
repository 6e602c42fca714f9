// Public data model of a parsed TOML document.

/// A location in TOML source text.
///
/// Both fields are 1-based. `column` counts Unicode scalars from the start of
/// the line (a tab counts as one column, as does each scalar of a multi-scalar
/// grapheme).
public struct TOMLPosition: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// `"line:column"`, ready to be appended to a file name.
    public var description: String { "\(line):\(column)" }
}

/// A TOML value. Tables and arrays hold `TOMLNode`s so that every nested
/// value keeps its own source position.
///
/// (Not declared `indirect`: the recursion already goes through array
/// storage, and boxing every scalar would cost one heap allocation per value.)
public enum TOMLValue: Sendable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case bool(Bool)
    /// Offset date-time, local date-time, local date or local time, kept as the
    /// raw source text (its shape and field ranges are validated).
    case datetime(String)
    case array([TOMLNode])
    case table(TOMLTable)

    /// A human-readable type name for error messages:
    /// "string", "integer", "float", "boolean", "datetime", "array" or "table".
    public var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .bool: "boolean"
        case .datetime: "datetime"
        case .array: "array"
        case .table: "table"
        }
    }

    /// The payload if this is a `.string`, else `nil`.
    public var stringValue: String? {
        if case .string(let value) = self { value } else { nil }
    }

    /// The payload if this is an `.integer`, else `nil`.
    public var integerValue: Int64? {
        if case .integer(let value) = self { value } else { nil }
    }

    /// The payload if this is a `.float`, else `nil`.
    public var floatValue: Double? {
        if case .float(let value) = self { value } else { nil }
    }

    /// The payload if this is a `.bool`, else `nil`.
    public var boolValue: Bool? {
        if case .bool(let value) = self { value } else { nil }
    }

    /// The raw text if this is a `.datetime`, else `nil`.
    public var datetimeValue: String? {
        if case .datetime(let value) = self { value } else { nil }
    }

    /// The elements if this is an `.array`, else `nil`.
    public var arrayValue: [TOMLNode]? {
        if case .array(let value) = self { value } else { nil }
    }

    /// The table if this is a `.table`, else `nil`.
    public var tableValue: TOMLTable? {
        if case .table(let value) = self { value } else { nil }
    }
}

/// A value together with the position of its first character.
///
/// For tables introduced by a `[table]` or `[[array.of.tables]]` header the
/// position is that of the header's opening bracket; for an array of tables
/// it is the first `[[...]]` header that created it; for tables created
/// implicitly by a dotted key it is the position of that key part.
public struct TOMLNode: Sendable {
    public var value: TOMLValue
    public var position: TOMLPosition

    public init(value: TOMLValue, position: TOMLPosition) {
        self.value = value
        self.position = position
    }
}

/// A TOML table: key/node pairs in document (insertion) order.
public struct TOMLTable: Sendable {
    /// The entries in the order their keys first appeared in the source.
    /// `keyPosition` is where the key (or the relevant part of a dotted key
    /// or header) was written.
    public var entries: [(key: String, keyPosition: TOMLPosition, node: TOMLNode)]

    /// Position of the table's `[header]` / `[[header]]` or opening brace
    /// (for a table created by a dotted key: that key part); `1:1` for the root.
    public var position: TOMLPosition

    public init(
        entries: [(key: String, keyPosition: TOMLPosition, node: TOMLNode)] = [],
        position: TOMLPosition = TOMLPosition(line: 1, column: 1)
    ) {
        self.entries = entries
        self.position = position
    }

    /// The node stored under `key`, if any. (Linear search: tables in
    /// configuration files are small.)
    public subscript(key: String) -> TOMLNode? {
        entries.first(where: { $0.key == key })?.node
    }

    /// All keys, in insertion order.
    public var keys: [String] { entries.map(\.key) }

    /// Where `key` was written, if present.
    public func keyPosition(of key: String) -> TOMLPosition? {
        entries.first(where: { $0.key == key })?.keyPosition
    }
}

/// A syntax or semantic error, with the position it refers to.
public struct TOMLError: Error, Sendable, CustomStringConvertible {
    public var position: TOMLPosition
    public var message: String

    public init(position: TOMLPosition, message: String) {
        self.position = position
        self.message = message
    }

    /// `"line L, column C: message"`.
    public var description: String {
        "line \(position.line), column \(position.column): \(message)"
    }
}

/// Entry point of the parser.
public enum TOML {
    /// Parses a complete TOML 1.0 document and returns its root table.
    ///
    /// - Throws: `TOMLError` describing the first problem found, positioned at
    ///   the offending character, key or header.
    public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        var parser = Parser(text)
        return try parser.parseDocument()
    }
}
