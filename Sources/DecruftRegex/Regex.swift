import CPCRE2
import Synchronization

/// A compiled PCRE2 pattern, matched against UTF-8 bytes.
///
/// PCRE2 is used (rather than Swift `Regex` or `NSRegularExpression`) because
/// rules run on every block of every document: with JIT it matches at GB/s on
/// UTF-8, and its match limit turns a runaway pattern into an error instead of
/// a hang.
///
///     let p = try BytePattern("^read more\\b", caseInsensitive: true)
///     try p.matches("Read more: the full story")   // true
public final class BytePattern: @unchecked Sendable {
    // NB: `@unchecked Sendable` is sound: the compiled code is immutable after
    // init, and every match allocates its own match data.
    private let code: OpaquePointer
    private let matchContext: OpaquePointer?
    /// Match data reused by whichever call takes it first (the common,
    /// single-threaded case allocates nothing per match); a concurrent call
    /// finds it taken and allocates its own.
    private let sharedData: OpaquePointer?
    private let sharedDataInUse = Atomic<Bool>(false)
    public let source: String
    public let caseInsensitive: Bool

    /// Upper bound on backtracking steps for one match (PCRE2 "match limit").
    public static let defaultMatchLimit: UInt32 = 1_000_000

    /// Compiles `pattern` (PCRE2 syntax, UTF mode, Unicode properties on).
    /// - Throws: `RegexError.compile` with PCRE2's message and the offset.
    /// - Parameter jit: compile to machine code (worth it for a pattern that
    ///   runs on many texts; false for one only inspected, e.g. a probe).
    public init(_ pattern: String, caseInsensitive: Bool = false, multiline: Bool = false,
                matchLimit: UInt32 = BytePattern.defaultMatchLimit, jit: Bool = true) throws(RegexError) {
        var options: UInt32 = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF
        if caseInsensitive { options |= PCRE2_CASELESS }
        if multiline { options |= PCRE2_MULTILINE }
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        let bytes = Array(pattern.utf8)
        let compiled = bytes.withUnsafeBufferPointer { buf in
            pcre2_compile_8(buf.baseAddress, buf.count, options, &errorCode, &errorOffset, nil)
        }
        guard let compiled else {
            throw .compile(pattern: pattern, message: BytePattern.message(for: errorCode), offset: errorOffset)
        }
        // JIT is an optimisation only: if it is unavailable the interpreter runs.
        if jit { _ = pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE)) }
        let context = pcre2_match_context_create_8(nil)
        if let context {
            pcre2_set_match_limit_8(context, matchLimit)
            pcre2_set_depth_limit_8(context, 10_000)
        }
        self.code = compiled
        self.matchContext = context
        // One ovector pair is enough: only the whole match's range is used
        // (PCRE2 returns 0 instead of the group count when it is too small).
        self.sharedData = pcre2_match_data_create_8(1, nil)
        self.source = pattern
        self.caseInsensitive = caseInsensitive
    }

    deinit {
        pcre2_code_free_8(code)
        if let matchContext { pcre2_match_context_free_8(matchContext) }
        if let sharedData { pcre2_match_data_free_8(sharedData) }
    }

    /// The byte range of the first match in `bytes`, or nil.
    /// - Throws: `RegexError.matchLimit` when the pattern exceeds its step budget.
    ///   Invalid UTF-8 in `bytes` never matches a character but is no error.
    public func firstMatch(in bytes: UnsafeBufferPointer<UInt8>) throws(RegexError) -> Range<Int>? {
        try firstMatch(in: bytes, options: 0)
    }

    /// - Parameter options: PCRE2 match options (`PCRE2_NO_UTF_CHECK` when
    ///   the bytes are known to be valid UTF-8, as a Swift string's are).
    func firstMatch(in bytes: UnsafeBufferPointer<UInt8>, options: UInt32) throws(RegexError) -> Range<Int>? {
        let ownsShared = sharedData != nil
            && sharedDataInUse.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        guard let data = ownsShared ? sharedData : pcre2_match_data_create_8(1, nil) else { return nil }
        defer {
            if ownsShared {
                sharedDataInUse.store(false, ordering: .releasing)
            } else {
                pcre2_match_data_free_8(data)
            }
        }
        // NB: an empty buffer may have a nil base address; PCRE2 wants a pointer.
        let rc: Int32
        if let base = bytes.baseAddress {
            rc = pcre2_match_8(code, base, bytes.count, 0, options, data, matchContext)
        } else {
            var empty: UInt8 = 0
            rc = pcre2_match_8(code, &empty, 0, 0, options, data, matchContext)
        }
        if rc == PCRE2_ERROR_NOMATCH { return nil }
        if rc < 0 {
            if rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT {
                throw .matchLimit(pattern: source)
            }
            throw .match(pattern: source, message: BytePattern.message(for: rc))
        }
        let ovector = pcre2_get_ovector_pointer_8(data)!
        return Int(ovector[0])..<Int(ovector[1])
    }

    /// The byte range of the first match in the UTF-8 of `text`, or nil.
    public func firstMatch(in text: String) throws(RegexError) -> Range<Int>? {
        var text = text
        let result = text.withUTF8 { buf in
            // NB: a Swift string is always valid UTF-8: skip PCRE2's check.
            Result { () throws(RegexError) in try firstMatch(in: buf, options: PCRE2_NO_UTF_CHECK) }
        }
        return try result.get()
    }

    /// Whether the pattern matches anywhere in `text`.
    public func matches(_ text: String) throws(RegexError) -> Bool {
        try firstMatch(in: text) != nil
    }

    /// The bytes a match can start with, as a 256-entry table, when PCRE2
    /// worked that out (it does for unanchored patterns that cannot match the
    /// empty string); nil when any byte might start one.
    public var possibleFirstBytes: [Bool]? {
        var bitmap: UnsafePointer<UInt8>? = nil
        if pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_FIRSTBITMAP), &bitmap) == 0, let bitmap {
            return (0..<256).map { bitmap[$0 >> 3] & (1 << UInt8($0 & 7)) != 0 }
        }
        var type: UInt32 = 0
        var unit: UInt32 = 0
        guard pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_FIRSTCODETYPE), &type) == 0, type == 1,
              pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_FIRSTCODEUNIT), &unit) == 0 else { return nil }
        // NB: PCRE2 does not say whether a first unit is caseless: an ASCII
        // letter allows both cases; a non-ASCII lead byte, whose other case
        // may start differently, gives no table.
        var table = [Bool](repeating: false, count: 256)
        switch unit {
        case 0x41...0x5A, 0x61...0x7A:
            table[Int(unit | 0x20)] = true
            table[Int(unit & ~0x20)] = true
        case 0..<0x80:
            table[Int(unit)] = true
        default:
            return nil
        }
        return table
    }

    /// The top-level alternatives of `source` (split at `|` outside groups,
    /// character classes and escapes).
    public static func topLevelAlternatives(_ source: String) -> [String] {
        let p = Array(source.utf8)
        var parts: [String] = []
        var start = 0
        var depth = 0
        var inClass = false
        var i = 0
        while i < p.count {
            let b = p[i]
            if b == UInt8(ascii: "\\") {
                i += 2
                continue
            }
            if inClass {
                if b == UInt8(ascii: "]") { inClass = false }
            } else if b == UInt8(ascii: "[") {
                inClass = true
                // "[]…]" and "[^]…]": a "]" right after the opening is a literal.
                if i + 1 < p.count, p[i + 1] == UInt8(ascii: "^") { i += 1 }
                if i + 1 < p.count, p[i + 1] == UInt8(ascii: "]") { i += 1 }
            } else if b == UInt8(ascii: "(") {
                depth += 1
            } else if b == UInt8(ascii: ")") {
                depth -= 1
            } else if b == UInt8(ascii: "|") && depth == 0 {
                parts.append(String(decoding: p[start..<i], as: UTF8.self))
                start = i + 1
            }
            i += 1
        }
        parts.append(String(decoding: p[start...], as: UTF8.self))
        return parts
    }

    /// The number of capture groups in the pattern.
    public var captureCount: Int {
        var count: UInt32 = 0
        _ = pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        return Int(count)
    }

    /// `text` with every match (or only the first, when `global` is false)
    /// replaced, or nil when nothing matched.
    ///
    /// In `replacement`, `$1`, `${1}` and `${name}` insert a group and `$$`
    /// a dollar sign, unless `literal` is set.
    /// - Throws: `RegexError.matchLimit` for a runaway match, `.match` for a
    ///   bad replacement (e.g. a group that does not exist).
    public func replace(in text: String, with replacement: String, literal: Bool = false,
                        global: Bool = true) throws(RegexError) -> String? {
        var options: UInt32 = PCRE2_SUBSTITUTE_OVERFLOW_LENGTH
        if global { options |= PCRE2_SUBSTITUTE_GLOBAL }
        if literal { options |= PCRE2_SUBSTITUTE_LITERAL }
        // NB: a trailing NUL (not passed in the length) keeps both base
        // addresses non-nil for empty strings.
        let subject = Array(text.utf8) + [0]
        let replacementBytes = Array(replacement.utf8) + [0]
        var capacity = subject.count + replacementBytes.count + 64
        for _ in 0..<2 {
            var output = [UInt8](repeating: 0, count: capacity)
            var length = capacity
            let rc = subject.withUnsafeBufferPointer { s in
                replacementBytes.withUnsafeBufferPointer { r in
                    output.withUnsafeMutableBufferPointer { o in
                        pcre2_substitute_8(code, s.baseAddress, s.count - 1, 0, options, nil, matchContext,
                                           r.baseAddress, r.count - 1, o.baseAddress, &length)
                    }
                }
            }
            if rc == 0 { return nil }
            if rc > 0 { return String(decoding: output[0..<length], as: UTF8.self) }
            if rc == PCRE2_ERROR_NOMEMORY {
                capacity = length + 1
                continue
            }
            if rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT {
                throw .matchLimit(pattern: source)
            }
            throw .match(pattern: source, message: BytePattern.message(for: rc))
        }
        throw .match(pattern: source, message: "replacement output did not fit")
    }

    static func message(for code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = buffer.withUnsafeMutableBufferPointer { buf in
            pcre2_get_error_message_8(code, buf.baseAddress, buf.count)
        }
        return n > 0 ? String(decoding: buffer[0..<Int(n)], as: UTF8.self) : "PCRE2 error \(code)"
    }
}

/// Errors from compiling or running a pattern.
public enum RegexError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The pattern does not compile; `offset` is a byte offset into the pattern.
    case compile(pattern: String, message: String, offset: Int)
    /// A match ran past its backtracking budget (a pathological pattern).
    case matchLimit(pattern: String)
    /// Any other matching failure reported by PCRE2.
    case match(pattern: String, message: String)

    public var description: String {
        switch self {
        case let .compile(pattern, message, offset):
            return "invalid regex /\(pattern)/ at offset \(offset): \(message)"
        case let .matchLimit(pattern):
            return "regex /\(pattern)/ exceeded its match limit (pathological backtracking)"
        case let .match(pattern, message):
            return "regex /\(pattern)/ failed: \(message)"
        }
    }
}
