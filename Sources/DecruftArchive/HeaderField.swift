#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One `Name: value` line of a WARC or HTTP header, as written.
///
/// Names keep their spelling; look them up with `header(_:)` on the record
/// or response, which ignores ASCII case. Values have the surrounding blanks
/// removed, and a folded value (continuation lines that start with a space
/// or tab) is joined with single spaces.
public struct HeaderField: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    public var description: String { "\(name): \(value)" }
}

extension [HeaderField] {
    /// The value of the first field called `name` (ASCII case ignored).
    func value(named name: String) -> String? {
        first { HeaderBytes.equalIgnoringASCIICase($0.name, name) }?.value
    }
}

/// Byte-level helpers shared by the WARC and HTTP header parsers.
enum HeaderBytes {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A

    /// Whether two names are equal when ASCII letters are folded to lower case.
    static func equalIgnoringASCIICase(_ a: String, _ b: String) -> Bool {
        var a = a.utf8.makeIterator()
        var b = b.utf8.makeIterator()
        while true {
            switch (a.next(), b.next()) {
            case (nil, nil): return true
            case let (x?, y?) where lower(x) == lower(y): continue
            default: return false
            }
        }
    }

    static func lower(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }

    static func isBlank(_ byte: UInt8) -> Bool {
        byte == space || byte == tab
    }

    /// `range` without blanks (and a line's CR) at either end.
    static func trimmed(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var lo = range.lowerBound
        var hi = range.upperBound
        while lo < hi, isBlank(p[lo]) || p[lo] == cr { lo += 1 }
        while hi > lo, isBlank(p[hi - 1]) || p[hi - 1] == cr { hi -= 1 }
        return lo..<hi
    }

    /// `bytes` without blanks at either end.
    static func trimmed(_ bytes: Substring.UTF8View) -> Substring.UTF8View {
        var bytes = bytes
        while let b = bytes.first, isBlank(b) { bytes = bytes.dropFirst() }
        while let b = bytes.last, isBlank(b) { bytes = bytes.dropLast() }
        return bytes
    }

    static func string(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: p[range]), as: UTF8.self)
    }

    /// Where the line starting at `from` ends (the index of its LF, or
    /// `limit` when there is none), found with memchr.
    static func lineEnd(_ p: UnsafeBufferPointer<UInt8>, from: Int, limit: Int) -> Int {
        guard from < limit, let base = p.baseAddress,
              let hit = memchr(base + from, Int32(lf), limit - from) else { return limit }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }

    /// Parses the field lines in `range` (each ending in LF or CRLF; the
    /// last may lack one). A line starting with a blank continues the
    /// previous value. A line that is neither (no colon, or an empty name)
    /// is skipped; the first such line is returned as `badLine`.
    static func fields(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>)
        -> (fields: [HeaderField], badLine: Range<Int>?) {
        var fields: [HeaderField] = []
        var badLine: Range<Int>?
        var start = range.lowerBound
        while start < range.upperBound {
            let end = lineEnd(p, from: start, limit: range.upperBound)
            defer { start = end + 1 }
            let line = trimmed(p, start..<end)
            if line.isEmpty { continue }
            if isBlank(p[start]) {
                // NB: obsolete line folding (RFC 9112 §5.2, WARC 1.0 §4):
                // the continuation joins the previous value with one space.
                guard !fields.isEmpty else {
                    if badLine == nil { badLine = line }
                    continue
                }
                let previous = fields[fields.count - 1].value
                fields[fields.count - 1].value = previous.isEmpty
                    ? string(p, line) : previous + " " + string(p, line)
                continue
            }
            var colon = line.lowerBound
            while colon < line.upperBound, p[colon] != HeaderBytes.colon { colon += 1 }
            let name = trimmed(p, line.lowerBound..<colon)
            guard colon < line.upperBound, !name.isEmpty else {
                if badLine == nil { badLine = line }
                continue
            }
            fields.append(HeaderField(name: string(p, name), value: string(p, trimmed(p, colon + 1..<line.upperBound))))
        }
        return (fields, badLine)
    }
}
