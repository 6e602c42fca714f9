// The mutable table tree built while parsing, and TOML's rules about which
// tables may be defined, extended or appended to.
//
// Rules implemented (TOML 1.0, "Table", "Inline Table", "Array of Tables"):
// * A key may be assigned only once.
// * `[a.b]` creates `a` implicitly if needed; an implicit table may later be
//   defined by its own header exactly once. Headers may pass through tables
//   of any kind except inline tables and static arrays; passing through an
//   array of tables enters its last element.
// * Dotted keys create tables, and may only extend tables that were
//   themselves created by dotted keys, or that so far exist only implicitly
//   (as a prefix of some header); such a table then counts as defined by
//   dotted keys. A table defined by dotted keys can never be the target of a
//   `[header]` (but headers may pass through it). This matches the
//   toml-lang/toml#846 clarification and Python's tomllib.
// * Inline tables and arrays written as values are frozen: nothing may be
//   added to them later, and `[[x]]` cannot append to a static array `x`.

/// A table under construction. Reference semantics let the parser keep a
/// handle on the "current" table while the tree grows.
final class TableBuilder {
    /// How a table came into existence, which decides how it may be reused.
    enum Kind {
        case root
        /// Created as a prefix of a `[header]` / `[[header]]`.
        case implicit
        /// Defined by its own `[header]`.
        case header
        /// Created by a dotted key (`a.b = 1` creates `a`).
        case dotted
        /// An inline table being parsed (frozen into a value afterwards).
        case inline
        /// One element of an array of tables.
        case arrayElement
    }

    /// What a key holds.
    enum Slot {
        /// A finished value: scalar, static array or inline table.
        case value(TOMLNode)
        case table(TableBuilder)
        case arrayOfTables(ArrayOfTablesBuilder)
    }

    struct Entry {
        let key: String
        let keyPosition: TOMLPosition
        var slot: Slot
    }

    var kind: Kind
    var position: TOMLPosition
    let depth: Int
    private(set) var entries: [Entry] = []
    /// Key lookup index, built only once a table has more than
    /// `linearSearchLimit` entries (small tables are searched linearly).
    private var indexByKey: [String: Int]? = nil
    private static let linearSearchLimit = 12

    init(kind: Kind, position: TOMLPosition, depth: Int) {
        self.kind = kind
        self.position = position
        self.depth = depth
    }

    // MARK: - Storage

    func entry(for key: String) -> Entry? {
        if let indexByKey {
            return indexByKey[key].map { entries[$0] }
        }
        for entry in entries where entry.key == key { return entry }
        return nil
    }

    private func add(_ segment: KeySegment, _ slot: Slot) {
        entries.append(Entry(key: segment.name, keyPosition: segment.position, slot: slot))
        if indexByKey != nil {
            indexByKey![segment.name] = entries.count - 1
        } else if entries.count > Self.linearSearchLimit {
            var index: [String: Int] = [:]
            index.reserveCapacity(entries.count * 2)
            for (i, entry) in entries.enumerated() { index[entry.key] = i }
            indexByKey = index
        }
    }

    /// Creates a child table under `segment`.
    private func addTable(_ segment: KeySegment, kind: Kind, position: TOMLPosition) throws(TOMLError) -> TableBuilder {
        let child = TableBuilder(kind: kind, position: position, depth: depth + 1)
        try child.checkDepth(at: segment.position)
        add(segment, .table(child))
        return child
    }

    func checkDepth(at position: TOMLPosition) throws(TOMLError) {
        if depth > Parser.maxNestingDepth {
            throw TOMLError(position: position, message: "tables are nested more than \(Parser.maxNestingDepth) levels deep")
        }
    }

    // MARK: - Key/value lines

    /// Walks the dotted key `path` from this table, creating tables for the
    /// intermediate parts, and returns the table that will receive the last
    /// part. Throws if any part conflicts or the last key already exists.
    func prepareAssignment(path: [KeySegment]) throws(TOMLError) -> TableBuilder {
        var table = self
        for (i, segment) in path.enumerated() {
            let isLast = i == path.count - 1
            guard let existing = table.entry(for: segment.name) else {
                if isLast { return table }
                table = try table.addTable(segment, kind: .dotted, position: segment.position)
                continue
            }
            let shown = KeyFormatting.path(path[...i])
            let defined = "line \(existing.keyPosition.line), column \(existing.keyPosition.column)"
            if isLast {
                throw TOMLError(position: segment.position, message: "duplicate key \(shown) (first defined at \(defined))")
            }
            switch existing.slot {
            case .table(let child) where child.kind == .dotted || child.kind == .implicit:
                child.kind = .dotted
                table = child
            case .table:
                throw TOMLError(position: segment.position, message:
                    "cannot add to table \(shown) with dotted keys: it was defined by a table header at \(defined)")
            case .arrayOfTables:
                throw TOMLError(position: segment.position, message:
                    "cannot add to array of tables \(shown) (defined at \(defined)) with dotted keys")
            case .value(let node):
                throw TOMLError(position: segment.position, message: Self.notATableMessage(shown, node, defined))
            }
        }
        return table  // unreachable: paths are never empty
    }

    /// Stores the value of a key/value line (after `prepareAssignment`).
    func insertValue(_ node: TOMLNode, for segment: KeySegment) {
        add(segment, .value(node))
    }

    // MARK: - Headers (called on the root table)

    /// Handles `[path]` and returns the table it defines.
    func defineTable(path: [KeySegment], headerPosition: TOMLPosition) throws(TOMLError) -> TableBuilder {
        let parent = try walkHeaderPrefix(path, headerPosition: headerPosition)
        let segment = path[path.count - 1]
        guard let existing = parent.entry(for: segment.name) else {
            return try parent.addTable(segment, kind: .header, position: headerPosition)
        }
        let shown = KeyFormatting.path(path[...])
        let defined = "line \(existing.keyPosition.line), column \(existing.keyPosition.column)"
        switch existing.slot {
        case .table(let table):
            switch table.kind {
            case .implicit:
                table.kind = .header
                table.position = headerPosition
                return table
            case .dotted:
                throw TOMLError(position: segment.position, message:
                    "table \(shown) is already defined by dotted keys at \(defined)")
            default:
                throw TOMLError(position: segment.position, message:
                    "table \(shown) is already defined at \(defined)")
            }
        case .arrayOfTables:
            throw TOMLError(position: segment.position, message:
                "\(shown) is already defined as an array of tables at \(defined)")
        case .value(let node):
            if case .table = node.value {
                throw TOMLError(position: segment.position, message:
                    "table \(shown) is already defined as an inline table at \(defined)")
            }
            throw TOMLError(position: segment.position, message:
                "key \(shown) is already defined as \(Self.article(node.value.typeName)) at \(defined)")
        }
    }

    /// Handles `[[path]]` and returns the new array element.
    func appendArrayElement(path: [KeySegment], headerPosition: TOMLPosition) throws(TOMLError) -> TableBuilder {
        let parent = try walkHeaderPrefix(path, headerPosition: headerPosition)
        let segment = path[path.count - 1]
        let element = TableBuilder(kind: .arrayElement, position: headerPosition, depth: parent.depth + 1)
        try element.checkDepth(at: segment.position)
        guard let existing = parent.entry(for: segment.name) else {
            parent.add(segment, .arrayOfTables(ArrayOfTablesBuilder(position: headerPosition, element: element)))
            return element
        }
        let shown = KeyFormatting.path(path[...])
        let defined = "line \(existing.keyPosition.line), column \(existing.keyPosition.column)"
        switch existing.slot {
        case .arrayOfTables(let array):
            array.elements.append(element)
            return element
        case .value(let node):
            if case .array = node.value {
                throw TOMLError(position: segment.position, message:
                    "cannot append to static array \(shown) (defined at \(defined)) with [[...]]")
            }
            throw TOMLError(position: segment.position, message:
                "key \(shown) is already defined as \(Self.article(node.value.typeName)) at \(defined)")
        case .table:
            throw TOMLError(position: segment.position, message:
                "\(shown) is already defined as a table at \(defined), not an array of tables")
        }
    }

    /// Walks all but the last part of a header path from the root, creating
    /// implicit tables, and returns the parent of the header's table.
    private func walkHeaderPrefix(_ path: [KeySegment], headerPosition: TOMLPosition) throws(TOMLError) -> TableBuilder {
        var table = self
        for (i, segment) in path.dropLast().enumerated() {
            guard let existing = table.entry(for: segment.name) else {
                table = try table.addTable(segment, kind: .implicit, position: headerPosition)
                continue
            }
            switch existing.slot {
            case .table(let child):
                table = child
            case .arrayOfTables(let array):
                table = array.elements[array.elements.count - 1]
            case .value(let node):
                let shown = KeyFormatting.path(path[...i])
                let defined = "line \(existing.keyPosition.line), column \(existing.keyPosition.column)"
                throw TOMLError(position: segment.position, message: Self.notATableMessage(shown, node, defined))
            }
        }
        return table
    }

    // MARK: - Messages

    /// Why a plain value cannot be descended into.
    private static func notATableMessage(_ shown: String, _ node: TOMLNode, _ defined: String) -> String {
        switch node.value {
        case .table:
            "cannot add to inline table \(shown) (defined at \(defined)): inline tables are complete once closed"
        case .array:
            "cannot add to static array \(shown) (defined at \(defined))"
        default:
            "key \(shown) is already defined as \(article(node.value.typeName)) at \(defined), so it cannot be used as a table"
        }
    }

    private static func article(_ typeName: String) -> String {
        (typeName == "integer" || typeName == "array") ? "an \(typeName)" : "a \(typeName)"
    }

    // MARK: - Freezing

    /// Converts the builder tree into the public value types.
    func freeze() -> TOMLTable {
        var table = TOMLTable(entries: [], position: position)
        table.entries.reserveCapacity(entries.count)
        for entry in entries {
            table.entries.append((key: entry.key, keyPosition: entry.keyPosition, node: entry.slot.frozen()))
        }
        return table
    }
}

/// An array of tables under construction (a class so `[[x]]` can append in place).
final class ArrayOfTablesBuilder {
    /// Position of the first `[[...]]` header.
    let position: TOMLPosition
    var elements: [TableBuilder]

    init(position: TOMLPosition, element: TableBuilder) {
        self.position = position
        self.elements = [element]
    }
}

extension TableBuilder.Slot {
    func frozen() -> TOMLNode {
        switch self {
        case .value(let node):
            return node
        case .table(let table):
            return TOMLNode(value: .table(table.freeze()), position: table.position)
        case .arrayOfTables(let array):
            let elements = array.elements.map { TOMLNode(value: .table($0.freeze()), position: $0.position) }
            return TOMLNode(value: .array(elements), position: array.position)
        }
    }
}

/// Renders keys the way they would be written in TOML, for messages.
enum KeyFormatting {
    /// `a.b."c d"` in single quotes, e.g. `'a.b."c d"'`.
    static func path(_ segments: ArraySlice<KeySegment>) -> String {
        "'" + segments.map { key($0.name) }.joined(separator: ".") + "'"
    }

    /// A key, quoted only if it is not a valid bare key.
    static func key(_ name: String) -> String {
        if !name.isEmpty && name.utf8.allSatisfy(ASCII.isBareKey) { return name }
        var out = "\""
        for scalar in name.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u" + String(Parser.codePoint(scalar.value).dropFirst(2))
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
