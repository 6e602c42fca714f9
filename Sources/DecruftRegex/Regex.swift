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
    public init(_ pattern: String, caseInsensitive: Bool = false, multiline: Bool = false,
                matchLimit: UInt32 = BytePattern.defaultMatchLimit) throws(RegexError) {
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
        _ = pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE))
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

    /// Whether the pattern refers to its own groups by number (back
    /// references, recursion, subroutine calls): such a pattern changes
    /// meaning when embedded in a larger one.
    public var refersToGroups: Bool {
        var backrefMax: UInt32 = 0
        _ = pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_BACKREFMAX), &backrefMax)
        if backrefMax > 0 { return true }
        let markers = ["(?R", "(?+", "(?-", "(?&", "(?P>", "\\g<", "\\g'", "(*"]
        if markers.contains(where: { source.contains($0) }) { return true }
        return (0...9).contains { source.contains("(?\($0)") }
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
