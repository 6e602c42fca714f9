import CLibXML2

#if canImport(Glibc)
import Glibc
#endif

/// Moves libxml2 past the rest of a `<script>` or `<style>` whose text nobody
/// reads.
///
/// A page's inline scripts and styles are often a third of its bytes, and
/// libxml2 2.9 reads them one character at a time (`htmlParseScript`: decode,
/// copy, step) only to hand them to a SAX callback that drops them. That loop
/// ends at the first `</` followed by the element's name (any case; recovery
/// mode), or at the end of the input, and has no effect on the rest of the
/// parse: it emits no elements and changes no parser state but the position.
/// So once libxml2 has flushed a full block of script text, the builder finds
/// that same end tag itself and moves the parser to it.
///
/// NB: this leans on the order of work in libxml2 2.9's `htmlParseScript`:
/// copy a character, flush the block when it is full (our callback), then
/// step past that character (`NEXTL`, by its byte length) and read on. The
/// position is therefore set to the end tag minus the length of the character
/// under the cursor. Other libxml2 versions order this differently, so they
/// are left to read the text themselves (`isSupported`, checked at run time). The skipped bytes
/// must be ones libxml2 would read without side effects: no NUL (which ends
/// the loop) and valid UTF-8 (an invalid byte makes libxml2 switch the rest
/// of the document to Latin-1), else the skip stops short of them and
/// libxml2 reads on from there.
enum RawTextSkipper {
    /// Whether the libxml2 loaded at run time (not only the headers built
    /// against) is a version whose `htmlParseScript` this was checked against.
    static let isSupported: Bool = {
        guard let version = __xmlParserVersion()?.pointee else { return false }
        let number = atoi(version)
        return number >= 20900 && number < 21000
    }()

    /// libxml2's block size for script text (`HTML_PARSER_BIG_BUFFER_SIZE`):
    /// a block this long was flushed from inside the loop; a shorter one is
    /// the last of the element, flushed at its end.
    static let fullBlock = 1000

    /// Called with a block of script or style text that libxml2 has just
    /// flushed; moves the parser as far towards the element's end tag as it
    /// safely can.
    static func skip(_ parser: htmlParserCtxtPtr, flushed block: UnsafeBufferPointer<xmlChar>) {
        guard isSupported, block.count >= fullBlock, parser.pointee.recovery != 0, parser.pointee.token == 0,
              let input = parser.pointee.input, let name = parser.pointee.name,
              let cur = input.pointee.cur, let end = input.pointee.end, cur < end else { return }
        let nameLength = strlen(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self))
        // The character under the cursor is the last one flushed: libxml2
        // steps past it (by its length) after this callback returns.
        let length = sequenceLength(cur, end)
        guard length > 0, length <= block.count,
              UnsafeBufferPointer(start: cur, count: length).elementsEqual(block.suffix(length)) else { return }
        let stop = scanTo(endTag: name, nameLength, from: cur + length, end)
        if stop > cur + length { input.pointee.cur = stop - length }
    }

    /// The first position from `start` that libxml2 must read itself: the
    /// end tag `</name`, a NUL, an invalid UTF-8 sequence, or the end.
    static func scanTo(endTag name: UnsafePointer<xmlChar>, _ nameLength: Int, from start: UnsafePointer<xmlChar>,
                       _ end: UnsafePointer<xmlChar>) -> UnsafePointer<xmlChar> {
        var p = start
        while p < end {
            // Eight plain ASCII bytes (no '<', no NUL) at a time.
            while end - p >= 8 {
                let word = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 || hasZeroByte(word) || hasZeroByte(word ^ 0x3C3C_3C3C_3C3C_3C3C) {
                    break
                }
                p += 8
            }
            guard p < end else { break }
            let b = p.pointee
            if b == 0 { return p }
            if b == 0x3C {
                if isEndTag(p, name, nameLength, end) { return p }
                p += 1
            } else if b < 0x80 {
                p += 1
            } else {
                let length = sequenceLength(p, end)
                if length == 0 { return p }
                p += length
            }
        }
        return end
    }

    /// `</name` at `p`, the name compared without ASCII case.
    static func isEndTag(_ p: UnsafePointer<xmlChar>, _ name: UnsafePointer<xmlChar>, _ nameLength: Int,
                         _ end: UnsafePointer<xmlChar>) -> Bool {
        guard end - p >= 2 + nameLength, p[0] == 0x3C, p[1] == 0x2F else { return false }
        for k in 0..<nameLength where lowercase(p[2 + k]) != lowercase(name[k]) { return false }
        return true
    }

    /// Length of the valid UTF-8 sequence at `p`, or 0 if it is not one.
    static func sequenceLength(_ p: UnsafePointer<xmlChar>, _ end: UnsafePointer<xmlChar>) -> Int {
        let b0 = p[0]
        if b0 < 0x80 { return 1 }
        let available = end - p
        func continuation(_ k: Int) -> Bool { k < available && p[k] & 0xC0 == 0x80 }
        switch b0 {
        case 0xC2...0xDF:
            return continuation(1) ? 2 : 0
        case 0xE0:
            return continuation(1) && p[1] >= 0xA0 && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE, 0xEF:
            return continuation(1) && continuation(2) ? 3 : 0
        case 0xED:
            return continuation(1) && p[1] <= 0x9F && continuation(2) ? 3 : 0
        case 0xF0:
            return continuation(1) && p[1] >= 0x90 && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3:
            return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4:
            return continuation(1) && p[1] <= 0x8F && continuation(2) && continuation(3) ? 4 : 0
        default:
            return 0
        }
    }

    @inline(__always)
    static func hasZeroByte(_ word: UInt64) -> Bool {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0
    }

    @inline(__always)
    static func lowercase(_ b: UInt8) -> UInt8 {
        b >= 0x41 && b <= 0x5A ? b | 0x20 : b
    }
}
