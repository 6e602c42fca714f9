/// Minimal, fast JSON encoding for the JSONL output (no Foundation round trip).
public struct JSONObjectWriter {
    public private(set) var bytes: [UInt8] = [0x7B]   // "{"
    private var empty = true

    public init() {}

    public mutating func key(_ name: String) {
        if !empty { bytes.append(0x2C) }
        empty = false
        JSONObjectWriter.appendString(name, to: &bytes)
        bytes.append(0x3A)
    }

    public mutating func field(_ name: String, _ value: String) {
        key(name)
        JSONObjectWriter.appendString(value, to: &bytes)
    }

    public mutating func field(_ name: String, _ value: String?) {
        key(name)
        if let value { JSONObjectWriter.appendString(value, to: &bytes) } else { bytes += Array("null".utf8) }
    }

    public mutating func field(_ name: String, _ value: Int) {
        key(name)
        bytes += Array(String(value).utf8)
    }

    /// A field whose value is already-encoded JSON.
    public mutating func raw(_ name: String, _ json: [UInt8]) {
        key(name)
        bytes += json
    }

    public mutating func finish() -> [UInt8] {
        bytes.append(0x7D)
        return bytes
    }

    /// Appends `s` as a JSON string literal. Only `"`, `\` and control
    /// characters are escaped; U+2028/U+2029 too, so that line-oriented
    /// readers that split on them never cut a record.
    public static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        var iterator = s.utf8.makeIterator()
        var pending: [UInt8] = []
        while let b = iterator.next() {
            switch b {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0x00..<0x20:
                out += Array("\\u00".utf8)
                out.append(hex(b >> 4))
                out.append(hex(b & 0xF))
            case 0xE2:
                // U+2028 / U+2029 are E2 80 A8 / E2 80 A9.
                pending = [b]
                if let b1 = iterator.next() {
                    pending.append(b1)
                    if b1 == 0x80, let b2 = iterator.next() {
                        if b2 == 0xA8 || b2 == 0xA9 {
                            out += Array(b2 == 0xA8 ? "\\u2028".utf8 : "\\u2029".utf8)
                            pending = []
                            continue
                        }
                        pending.append(b2)
                    }
                }
                out += pending
            default:
                out.append(b)
            }
        }
        out.append(0x22)
    }

    static func hex(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x61 + v - 10 }
}

/// JSON for the removal log.
public enum RemovalJSON {
    public static func array(_ removals: [Removal]) -> [UInt8] {
        var out: [UInt8] = [0x5B]
        for (k, removal) in removals.enumerated() {
            if k > 0 { out.append(0x2C) }
            var object = JSONObjectWriter()
            object.field("filter", removal.filter)
            object.field("reason", removal.reason)
            if let rule = removal.rule { object.field("rule", rule) }
            if let origin = removal.ruleOrigin {
                object.field("rule_file", origin.file)
                object.field("rule_line", origin.line)
            }
            object.field("position", removal.position)
            if let path = removal.provenance.path {
                object.field("path", path)
            } else if removal.provenance.firstLine > 0 {
                object.field("lines", removal.provenance.label)
            }
            object.field("text", removal.text)
            out += object.finish()
        }
        out.append(0x5D)
        return out
    }

    /// Removal counts per filter, as a JSON object in pipeline order.
    public static func counts(_ removals: [Removal], filters: [String]) -> [UInt8] {
        var object = JSONObjectWriter()
        for name in filters {
            object.field(name, removals.lazy.filter { $0.filter == name }.count)
        }
        return object.finish()
    }
}
