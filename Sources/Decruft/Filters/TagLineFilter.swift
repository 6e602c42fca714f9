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
        // In ASCII text without CR (CR LF is one character) every byte is
        // one character: the same decision, on bytes instead of Characters.
        if text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
            let ascii = Array(text.utf8)
            let lower = ascii.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            return match(ascii, lowercased: lower, labels: labelBytes).map { ($0, $1.map { labels[$0] }) }
        }
        return match(text, lowercased: text.lowercased(), labels: labels).map { ($0, $1.map { labels[$0] }) }
    }

    /// `match` on the characters of `text` (`lower` is it lowercased); the
    /// label is given as its index in `labels`.
    func match<C: TagLineText>(_ text: C, lowercased lower: C, labels: [C]) -> (String, Int?)?
    where C.Element: TagLineCharacter, C.SubSequence: BidirectionalCollection<C.Element> {
        let tokens = text.split(whereSeparator: { $0 == .space })
        let hashtags = tokens.filter(Self.isHashtag).count
        if hashtags >= settings.minHashtags, Double(hashtags) >= Double(tokens.count) * settings.minHashtagShare {
            return ("hashtags", nil)
        }
        for (index, label) in labels.enumerated() where lower.hasLabelPrefix(label) {
            var rest = lower.dropFirst(label.count)
            guard let next = rest.first, next == .colon || next == .space || next == .hash else { continue }
            var hasColon = false
            if next == .colon {
                hasColon = true
                rest = rest.dropFirst()
            }
            if isTagList(Self.trimmingSpaces(rest), afterColon: hasColon, multiWordLabel: label.contains(.space)) {
                return ("label-list", index)
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
    func isTagList<S: BidirectionalCollection>(_ rest: S, afterColon: Bool, multiWordLabel: Bool) -> Bool
    where S.Element: TagLineCharacter, S.SubSequence: BidirectionalCollection<S.Element> {
        guard !rest.isEmpty, rest.last != .period else { return false }
        let hasSeparator = rest.contains(where: \.isItemSeparator)
        let tokens = rest.split(separator: .space)
        let hasHashtag = tokens.contains(where: Self.isHashtag)
        if !hasSeparator && !hasHashtag {
            // "Filed under Politics", "Tags: Europe": one short item.
            guard afterColon || multiWordLabel else { return false }
            return tokens.count <= 3
        }
        let items = rest.split(whereSeparator: \.isItemSeparator)
        for item in items {
            // Hashtags separate items too: "#featured #trending pakistan".
            let words = item.split(separator: .space)
            var run = 0
            for word in words {
                if Self.isHashtag(word) { run = 1 } else { run += 1 }
                if run > settings.maxWordsPerItem { return false }
            }
        }
        return true
    }

    /// `#word`: a hash followed by a letter (so "#1" is not a hashtag).
    static func isHashtag<S: Collection>(_ token: S) -> Bool where S.Element: TagLineCharacter {
        guard token.first == .hash, let second = token.dropFirst().first else { return false }
        return second.isLetter
    }

    /// `s` without the spaces at either end.
    static func trimmingSpaces<S: BidirectionalCollection>(_ s: S) -> S.SubSequence
    where S.SubSequence: BidirectionalCollection<S.Element>, S.Element: TagLineCharacter {
        var s = s[...]
        while s.first == .space { s = s.dropFirst() }
        while s.last == .space { s = s.dropLast() }
        return s
    }
}

/// A line as `TagLineFilter` reads it: a `String`, or the bytes of an ASCII line.
protocol TagLineText: BidirectionalCollection {
    func hasLabelPrefix(_ label: Self) -> Bool
}

extension String: TagLineText {
    func hasLabelPrefix(_ label: String) -> Bool { hasPrefix(label) }
}

extension Array: TagLineText where Element == UInt8 {
    func hasLabelPrefix(_ label: [UInt8]) -> Bool { starts(with: label) }
}

/// What `TagLineFilter` asks of one character of a line: a `Character`, or a
/// byte of an ASCII line (where each byte is a character).
protocol TagLineCharacter: Equatable {
    static var space: Self { get }
    static var colon: Self { get }
    static var hash: Self { get }
    static var period: Self { get }
    var isLetter: Bool { get }
    /// `,` `|` `;` `·` `•` `/`: what separates the items of a tag list.
    var isItemSeparator: Bool { get }
}

extension Character: TagLineCharacter {
    static var space: Character { " " }
    static var colon: Character { ":" }
    static var hash: Character { "#" }
    static var period: Character { "." }
    var isItemSeparator: Bool {
        self == "," || self == "|" || self == ";" || self == "·" || self == "•" || self == "/"
    }
}

extension UInt8: TagLineCharacter {
    static var space: UInt8 { 0x20 }
    static var colon: UInt8 { 0x3A }
    static var hash: UInt8 { 0x23 }
    static var period: UInt8 { 0x2E }
    /// ASCII letters: `Character.isLetter` of an ASCII character.
    var isLetter: Bool { (self | 0x20) &- 0x61 < 26 }
    var isItemSeparator: Bool { self == 0x2C || self == 0x7C || self == 0x3B || self == 0x2F }
}
