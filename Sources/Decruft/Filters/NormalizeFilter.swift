/// `normalize`: rewrites every block to canonical text (see `Canonical`) and
/// drops blocks left empty.
///
/// Reason codes: `empty` — nothing visible remained after normalization.
public struct NormalizeFilter: Filter {
    public let name = "normalize"
    /// Canonical text is canonical: a second pass would change nothing.
    public var repeatsOnLaterPasses: Bool { false }
    /// It rewrites the text, so it measures nothing beforehand.
    public var usesFeatures: Bool { false }

    public init() {}

    public func apply(to pass: inout FilterPass) {
        for i in pass.blocks.indices {
            var original = pass.blocks[i].text
            if original.withUTF8({ Canonical.isCanonical(bytes: $0) }) { continue }
            let canonical = Canonical.paragraph(original)
            if canonical.isEmpty {
                pass.drop(i, reason: "empty")
            } else if canonical.utf8.count != original.utf8.count || !canonical.utf8.elementsEqual(original.utf8) {
                // NB: not `!=`, which compares canonical equivalence and would
                // miss an NFD → NFC rewrite.
                pass.setText(i, canonical)
            }
        }
    }
}
