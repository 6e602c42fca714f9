import Decruft

/// What every output must satisfy whatever the input: the contracts of the
/// README's "Canonical text" and "Batches" sections. A broken contract
/// stops the run like a crash (`fatalError`), so libFuzzer saves the input.
public enum Invariants {
    /// How much of the canonical form to check.
    public enum Level: Sendable {
        /// Layout only: one line per block, one blank line between blocks,
        /// valid UTF-8. What the writer guarantees whatever the filters.
        case layout
        /// Layout, and the characters the `normalize` filter removes or
        /// collapses are gone (the default pipeline, and any pipeline whose
        /// rules cannot reintroduce them).
        case characters
    }

    /// `text` is canonical: empty, or blocks each on one line (no tab, CR,
    /// leading, trailing or doubled space), separated by exactly one blank
    /// line, ending with one newline.
    public static func checkCanonical(_ text: [UInt8], level: Level, _ context: @autoclosure () -> String) {
        if text.isEmpty { return }
        guard let string = String(validating: text, as: UTF8.self) else {
            fail("output is not valid UTF-8", context())
        }
        guard text.last == 0x0A else { fail("output does not end with a newline", context()) }
        let lines = text.split(separator: 0x0A, omittingEmptySubsequences: false)
        // "a\n\nb\n" → ["a", "", "b", ""]: blocks at even places, blank lines between.
        guard lines.count % 2 == 0 else { fail("blocks are not separated by exactly one blank line", context()) }
        for (k, line) in lines.enumerated() {
            if k % 2 == 1 {
                guard line.isEmpty else { fail("blocks are not separated by exactly one blank line", context()) }
                continue
            }
            guard !line.isEmpty else { fail("an empty block (two blank lines in a row)", context()) }
            guard line.first != 0x20, line.last != 0x20 else { fail("a block starts or ends with a space", context()) }
            var previous: UInt8 = 0
            for byte in line {
                if byte == 0x0D || byte == 0x09 { fail("a tab or carriage return in a block", context()) }
                if byte == 0x20, previous == 0x20 { fail("two spaces in a row in a block", context()) }
                previous = byte
            }
        }
        if level == .characters { checkCharacters(string, context()) }
    }

    /// The characters `normalize` removes (controls, U+FEFF, U+200B, U+2060,
    /// U+180E, soft hyphen) or collapses (Unicode space separators, line
    /// and paragraph separators) do not appear; ZWNJ/ZWJ only between two
    /// non-ASCII characters.
    static func checkCharacters(_ string: String, _ context: @autoclosure () -> String) {
        let scalars = Array(string.unicodeScalars)
        for (k, scalar) in scalars.enumerated() {
            let v = scalar.value
            if v == 0x0A { continue }
            if v < 0x20 || (0x7F...0x9F).contains(v) {
                fail("control character U+\(hex(v)) in the output", context())
            }
            if [0xFEFF, 0x200B, 0x2060, 0x180E, 0x00AD, 0x2028, 0x2029].contains(v) {
                fail("invisible character U+\(hex(v)) in the output", context())
            }
            if v != 0x20, scalar.properties.generalCategory == .spaceSeparator {
                fail("space separator U+\(hex(v)) in the output (should be one ASCII space)", context())
            }
            if v == 0x200C || v == 0x200D {
                let before = k > 0 ? scalars[k - 1].value : 0
                let after = k + 1 < scalars.count ? scalars[k + 1].value : 0
                if before < 0x80 || after < 0x80 {
                    fail("U+\(hex(v)) kept next to an ASCII character or an edge", context())
                }
            }
        }
    }

    /// A JSON Lines output record: one line (a newline at the end and
    /// nowhere else), one valid JSON object; its `textField`, when it holds
    /// a string, is canonical text.
    public static func checkJSONRecord(_ payload: [UInt8], textField: String?, level: Level,
                                       _ context: @autoclosure () -> String) {
        guard payload.last == 0x0A else { fail("JSON record does not end with a newline", context()) }
        let body = Array(payload.dropLast())
        guard !body.contains(0x0A) else { fail("JSON record spans more than one line", context()) }
        let line: JSONLine
        do {
            line = try JSONLine(body)
        } catch {
            fail("output record is not a valid JSON object: \(error)", context())
        }
        if let textField, let text = line.stringValue(at: textField) {
            checkCanonical(Array(text.utf8), level: level, "the \"\(textField)\" field of: " + context())
        }
    }

    /// Checks one batch result as the writer would write it.
    public static func check(_ result: BatchResult, settings: BatchSettings, level: Level,
                             _ context: @autoclosure () -> String) {
        guard let payload = result.payload else {
            // Under --on-error keep, every document and record is written.
            if result.outcome == .failed, settings.format == .jsonl, settings.onError == .keep {
                fail("a failed record has no output record (it would be lost)", context())
            }
            return
        }
        switch settings.format {
        case .text:
            checkCanonical(payload, level: level, context())
        case .jsonl:
            let field: String? = result.outcome == .cleaned ? settings.resolvedOutputField : nil
            checkJSONRecord(payload, textField: field, level: level, context())
        }
    }

    static func hex(_ v: UInt32) -> String {
        let digits = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    static func fail(_ message: String, _ context: String) -> Never {
        fatalError("decruft invariant broken: \(message)\n--- context ---\n\(context.prefix(2000))")
    }
}
