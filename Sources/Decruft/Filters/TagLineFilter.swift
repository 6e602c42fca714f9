#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `tag-line`: removes topic, tag and category lines anywhere in a document.
///
/// Reason codes:
/// - `hashtags` — a line made mostly of hashtags (`#ai #machinelearning`);
/// - `label-list` — a label from the rules ("Tags", "Filed under"…), then a
///   list of short items (`Tags: Syria, Assad`, `Topics #featured pakistan`).
///
/// Kept: sentences that start with a label word ("Topics discussed at the
/// summit included trade, energy and migration.") and "#1" style numbers.
public struct TagLineFilter: Filter {
    public struct Settings: Sendable, Equatable {
        /// Longer blocks are never tag lines.
        public var maxCharacters = 300
        /// Share of tokens that must be hashtags in a hashtag-only line.
        public var minHashtagShare = 0.6
        /// A hashtag-only line needs at least this many hashtags.
        public var minHashtags = 2
        /// Items of a tag list have at most this many words.
        public var maxWordsPerItem = 4
        public init() {}
    }

    public let name = "tag-line"
    public var settings: Settings
    /// A block is a tag line or not by its own text.
    public var decidesPerBlock: Bool { true }
    /// Lowercased labels, e.g. "tags", "filed under".
    public var labels: [String]
    /// The rule each label came from (for the removal log), when known.
    private var labelRules: [String: TagLabelRule] = [:]

    /// The labels' UTF-8 bytes, for a quick prefix test before any string work.
    private let labelBytes: [[UInt8]]
    /// The labels' first characters (lowercase), for texts that start outside ASCII.
    private let labelInitials: Set<Unicode.Scalar>

    public init(labels: [String], settings: Settings = Settings()) {
        self.labels = labels.map { $0.lowercased() }.sorted { $0.count > $1.count }
        self.labelBytes = self.labels.map { Array($0.utf8) }
        self.labelInitials = Set(self.labels.compactMap { $0.unicodeScalars.first })
        self.settings = settings
    }

    /// The labels of `rules`; a removal logs the rule whose label matched.
    public init(rules: [TagLabelRule], settings: Settings = Settings()) {
        var labels: [String] = []
        var owners: [String: TagLabelRule] = [:]
        for rule in rules {
            for label in rule.labels where owners[label] == nil {
                labels.append(label)
                owners[label] = rule
            }
        }
        self.init(labels: labels, settings: settings)
        labelRules = owners
    }

    public func apply(to pass: inout FilterPass) {
        for i in pass.blocks.indices {
            guard pass.features[i].characters <= settings.maxCharacters else { continue }
            let text = pass.blocks[i].text
            if let (reason, label) = match(text) {
                if let label, let rule = labelRules[label] {
                    pass.drop(i, reason: reason, by: rule)
                } else {
                    pass.drop(i, reason: reason)
                }
            }
        }
    }

    /// The reason code if `text` is a tag line, else nil.
    func classify(_ text: String) -> String? { match(text)?.0 }

    /// The reason code and the label that opened the line (nil for a
    /// hashtag line) if `text` is a tag line, else nil.
    func match(_ text: String) -> (String, String?)? {
        // NB: cheap byte test first: a tag line has a '#' or starts with a label.
        var bytes = text
        guard bytes.withUTF8({ mayBeTagLine($0) }) else { return nil }
        let tokens = text.split(whereSeparator: { $0 == " " })
        let hashtags = tokens.filter(Self.isHashtag).count
        if hashtags >= settings.minHashtags, Double(hashtags) >= Double(tokens.count) * settings.minHashtagShare {
            return ("hashtags", nil)
        }
        let lower = text.lowercased()
        for label in labels where lower.hasPrefix(label) {
            var rest = lower.dropFirst(label.count)
            guard let next = rest.first, next == ":" || next == " " || next == "#" else { continue }
            var hasColon = false
            if next == ":" {
                hasColon = true
                rest = rest.dropFirst()
            }
            if isTagList(rest.trimmingCharacters(), afterColon: hasColon, multiWordLabel: label.contains(" ")) {
                return ("label-list", label)
            }
        }
        return nil
    }

    /// False when `p` neither holds a '#' nor starts with a label (ASCII case
    /// folded; a text that starts with a non-ASCII letter is looked at when
    /// that letter, lowercased, starts some label).
    func mayBeTagLine(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = p.first, let base = p.baseAddress else { return false }
        if first >= 0x80 {
            let length = UTF8Scan.sequenceLength(lead: first)
            if length > 1, length <= p.count, let scalar = Unicode.Scalar(UTF8Scan.decode(p, at: 0, length: length)) {
                let lowered = scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar
                if labelInitials.contains(lowered) { return true }
            }
            return memchr(base, 0x23, p.count) != nil
        }
        for label in labelBytes where label.count <= p.count {
            var k = 0
            while k < label.count {
                let b = p[k]
                let folded = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
                if folded != label[k] {
                    // A non-ASCII letter may still match after Unicode case folding.
                    if b >= 0x80 { return true }
                    break
                }
                k += 1
            }
            if k == label.count { return true }
        }
        return memchr(base, 0x23, p.count) != nil
    }

    /// Short items separated by commas, pipes, semicolons, bullets or hashtags.
    func isTagList(_ rest: Substring, afterColon: Bool, multiWordLabel: Bool) -> Bool {
        guard !rest.isEmpty, rest.last != "." else { return false }
        let separators: Set<Character> = [",", "|", ";", "·", "•", "/"]
        let hasSeparator = rest.contains(where: { separators.contains($0) })
        let tokens = rest.split(separator: " ")
        let hasHashtag = tokens.contains(where: Self.isHashtag)
        if !hasSeparator && !hasHashtag {
            // "Filed under Politics", "Tags: Europe": one short item.
            guard afterColon || multiWordLabel else { return false }
            return tokens.count <= 3
        }
        let items = rest.split(whereSeparator: { separators.contains($0) })
        for item in items {
            // Hashtags separate items too: "#featured #trending pakistan".
            let words = item.split(separator: " ")
            var run = 0
            for word in words {
                if Self.isHashtag(word) { run = 1 } else { run += 1 }
                if run > settings.maxWordsPerItem { return false }
            }
        }
        return true
    }

    /// `#word`: a hash followed by a letter (so "#1" is not a hashtag).
    static func isHashtag(_ token: Substring) -> Bool {
        guard token.first == "#", let second = token.dropFirst().first else { return false }
        return second.isLetter
    }
}

extension Substring {
    func trimmingCharacters() -> Substring {
        var s = self
        while let f = s.first, f == " " { s = s.dropFirst() }
        while let l = s.last, l == " " { s = s.dropLast() }
        return s
    }
}
