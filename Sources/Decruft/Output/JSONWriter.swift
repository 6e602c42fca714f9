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

    /// An already-encoded value after `key(_:)`.
    public mutating func rawValue(_ json: [UInt8]) {
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
        var s = s
        s.withUTF8 { appendString(utf8: $0, to: &out) }
    }

    /// Appends UTF-8 `bytes` as a JSON string literal (see `appendString(_:to:)`).
    public static func appendString(utf8 p: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.reserveCapacity(out.count + p.count + 2)
        out.append(0x22)
        var i = 0
        var runStart = 0
        let n = p.count
        while i < n {
            // NB: eight bytes at a time while none needs a look (a quote, a
            // backslash, a control byte, or 0xE2 that may start U+2028/9).
            while i + 8 <= n, !JSONObjectWriter.needsEscapeCheck(UnsafeRawPointer(p.baseAddress! + i).loadUnaligned(as: UInt64.self)) {
                i += 8
            }
            guard i < n else { break }
            let b = p[i]
            // Most bytes need no escape: copy them in runs.
            if b >= 0x20 && b != 0x22 && b != 0x5C && b != 0xE2 {
                i += 1
                continue
            }
            if b == 0xE2, i + 2 < n, p[i + 1] == 0x80, p[i + 2] == 0xA8 || p[i + 2] == 0xA9 {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: p[runStart..<i]))
                out += p[i + 2] == 0xA8 ? Array("\\u2028".utf8) : Array("\\u2029".utf8)
                i += 3
                runStart = i
                continue
            }
            if b == 0xE2 {
                i += 1
                continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: p[runStart..<i]))
            switch b {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            default:
                out += [0x5C, 0x75, 0x30, 0x30]
                out.append(hex(b >> 4))
                out.append(hex(b & 0xF))
            }
            i += 1
            runStart = i
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: p[runStart..<n]))
        out.append(0x22)
    }

    @inline(__always)
    static func needsEscapeCheck(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        func hasByte(_ byte: UInt64) -> UInt64 {
            let x = word ^ (ones &* byte)
            return (x &- ones) & ~x
        }
        let control = (word &- ones &* 0x20) & ~word
        return (hasByte(0x22) | hasByte(0x5C) | hasByte(0xE2) | control) & 0x8080_8080_8080_8080 != 0
    }

    static func hex(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x61 + v - 10 }
}

/// JSON arrays of plain values.
public enum JSONArray {
    public static func strings(_ values: [String]) -> [UInt8] {
        var out: [UInt8] = [0x5B]
        for (k, value) in values.enumerated() {
            if k > 0 { out.append(0x2C) }
            JSONObjectWriter.appendString(value, to: &out)
        }
        out.append(0x5D)
        return out
    }
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
