import Testing
import TOML

/// Deterministic pseudo-random generator (SplitMix64) so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Robustness")
struct RobustnessTests {
    static let seeds: [String] = [
        RulesFileTests.rules,
        PositionTests.document,
        "a = [1, 2.5, 'x', \"\"\"y\n\"\"\", {b = 1979-05-27T07:32:00Z}]\n[[t.u]]\nv = -0x1F # c\n[t]\nw.x = inf\n",
        "s = \"\\u00E9\\n\" \r\nm = '''\r\nline\r\n'''\r\nd = 07:32:00.5\n",
    ]

    /// Mutated documents must either parse or fail with a sane position;
    /// they must never crash the parser.
    @Test(arguments: 0..<seeds.count)
    func mutatedInputNeverCrashes(seedIndex: Int) {
        let alphabet = Array("[]{}=,.\"'#\\\n\r\t _-+:0123456789eExob tfinaTZé🎉\u{01}".unicodeScalars)
        let original = Array(Self.seeds[seedIndex].unicodeScalars)
        var rng = SplitMix64(state: UInt64(seedIndex) &* 7919 &+ 1)
        var parsed = 0
        for _ in 0..<2500 {
            var scalars = original
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let at = Int.random(in: 0...scalars.count, using: &rng)
                let scalar = alphabet.randomElement(using: &rng)!
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: scalars.insert(scalar, at: at)
                case 1: if at < scalars.count { scalars.remove(at: at) }
                default: if at < scalars.count { scalars[at] = scalar }
                }
            }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            do {
                _ = try TOML.parse(text)
                parsed += 1
            } catch {
                let lines = text.utf8.split(separator: 10, omittingEmptySubsequences: false).count
                #expect(error.position.line >= 1 && error.position.line <= lines, "\(error) in \(text.debugDescription)")
                #expect(error.position.column >= 1, "\(error) in \(text.debugDescription)")
            }
        }
        #expect(parsed > 0)  // some mutations (e.g. inside comments) stay valid
    }

    @Test func largeDocumentParses() throws {
        var text = ""
        for i in 0..<2000 {
            text += "[[drop]]\nid = \"rule-\(i)\"\nsites = [\"a\(i).com\", 'b']\nmeta = { n = \(i), f = \(i).5 }\n\n"
        }
        let doc = try TOML.parse(text)
        let drops = try #require(doc.value("drop")?.arrayValue)
        #expect(drops.count == 2000)
        #expect(drops[1999].position == pos(1999 * 5 + 1, 1))
        #expect(drops[1999].value.tableValue?["meta"]?.value.tableValue?["f"]?.value.floatValue == 1999.5)
    }
}
