import Foundation
import Testing
@testable import Decruft

/// How a page's bytes become text: a declared UTF-8 page keeps its UTF-8
/// and has broken bytes repaired in place with a warning; windows-1252
/// (declared or sniffed) keeps the UTF-8 sequences a page mixes in.
struct CharsetTests {
    let cleaner = Cleaner()

    /// A page: `head` bytes, the article (two long paragraphs and `text`), the end.
    func page(head: String = "", _ text: [UInt8]) -> [UInt8] {
        Array("<html><head>\(head)<title>Harbour</title></head><body><article><p>\(Body.paragraphs[0])</p><p>".utf8)
            + text + Array("</p><p>\(Body.paragraphs[1])</p></article></body></html>".utf8)
    }

    func clean(_ bytes: [UInt8], charset: String? = nil) throws -> (text: String, warnings: [String]) {
        var options = HTMLOptions()
        options.charset = charset
        let result = try cleaner.clean(html: bytes, options: options)
        return (CanonicalWriter.text(result.document), result.warnings)
    }

    static let cafe = Array("Café — déjà vu, naïve façade.".utf8)
    /// Broken UTF-8: lone Latin-1 letters, a cut three-byte sequence, 0xFF.
    static let broken: [UInt8] = [0x20, 0xE9, 0x74, 0xE9, 0x20, 0xE2, 0x80, 0x20, 0xFF, 0xFE, 0x20, 0xC3, 0x20, 0xE0, 0xE8, 0xF9]

    @Test func declaredUTF8KeepsItsTextHoweverMuchIsBroken() throws {
        // More broken sequences than valid ones: once read as windows-1252 ("CafÃ©").
        let text = Self.cafe + Self.broken + Self.broken + Array(" The end.".utf8)
        for head in ["<meta charset=\"utf-8\">", "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\">"] {
            let (out, warnings) = try clean(page(head: head, text))
            #expect(out.contains("Café — déjà vu, naïve façade."), "\(head)")
            #expect(!out.contains("Ã"))
            #expect(out.contains("\u{FFFD}") && out.contains("The end."))
            #expect(warnings.contains("html: 18 invalid UTF-8 sequences replaced with U+FFFD"), "\(warnings)")
        }
        // The same declared by the HTTP header (or --charset), or by a byte order mark.
        let fromHeader = try clean(page(Self.cafe + Self.broken), charset: "utf-8")
        #expect(fromHeader.text.contains("Café — déjà vu") && fromHeader.warnings.contains { $0.contains("replaced with U+FFFD") })
        let withBOM = try clean([0xEF, 0xBB, 0xBF] + page(head: "<meta charset=\"iso-8859-1\">", Self.cafe + Self.broken))
        #expect(withBOM.text.contains("Café — déjà vu") && withBOM.warnings.contains { $0.contains("replaced with U+FFFD") })
    }

    @Test func oneStrayByteIsOneReplacement() throws {
        let (out, warnings) = try clean(page(head: "<meta charset=\"utf-8\">", Self.cafe + [0xC3] + Array(" Tail.".utf8)))
        #expect(out.contains("Café — déjà vu, naïve façade.\u{FFFD} Tail."))
        #expect(warnings.contains("html: 1 invalid UTF-8 sequence replaced with U+FFFD"))
    }

    @Test func validPagesSayNothing() throws {
        #expect(try clean(page(head: "<meta charset=\"utf-8\">", Self.cafe)).warnings.isEmpty)
        #expect(try clean(page(head: "<meta charset=\"windows-1252\">", [0x43, 0x61, 0x66, 0xE9])).warnings.isEmpty)
        #expect(try clean(page([0x43, 0x61, 0x66, 0xE9])).warnings.isEmpty)
    }

    @Test func aLatin1PageLabelledUTF8IsReadAsWindows1252() throws {
        // Not one UTF-8 sequence: the label is wrong, not the text.
        let (out, warnings) = try clean(page(head: "<meta charset=\"utf-8\">", [0x43, 0x61, 0x66, 0xE9, 0x20, 0x93, 0x64, 0xE9, 0x6A, 0xE0, 0x94]))
        #expect(out.contains("Café “déjà”"))
        #expect(warnings.contains { $0.contains("declares UTF-8 in its <meta>") && $0.contains("read as windows-1252") })
    }

    @Test func windows1252KeepsTheUTF8ItIsMixedWith() throws {
        // Latin-1 text ("été") with a UTF-8 paragraph pasted in.
        let mixed = Self.cafe + [0x20, 0xE9, 0x74, 0xE9, 0x2E]
        for head in ["", "<meta charset=\"windows-1252\">"] {
            let (out, warnings) = try clean(page(head: head, mixed))
            #expect(out.contains("Café — déjà vu, naïve façade. été."), "\(head): \(out)")
            #expect(warnings.contains { $0.hasPrefix("html: the page mixes UTF-8 (6 sequences kept) with 2 bytes read as windows-1252") },
                    "\(warnings)")
        }
    }

    @Test func anUndeclaredUTF8PageWithAStrayByteStaysUTF8() throws {
        let text = Self.cafe + Self.cafe + [0xE9] + Array(" Tail.".utf8)
        let (out, warnings) = try clean(page(text))
        #expect(out.contains("Café — déjà vu, naïve façade.Café — déjà vu, naïve façade.\u{FFFD} Tail."))
        #expect(warnings == ["html: 1 invalid UTF-8 sequence replaced with U+FFFD"])
    }

    @Test func theCommandLineWarns() throws {
        let bytes = page(head: "<meta charset=\"utf-8\">", Self.cafe + Self.broken)
        let run = try Binary.run(["--html"], stdin: Data(bytes))
        #expect(run.status == 0)
        #expect(run.stdout.contains("Café — déjà vu, naïve façade."))
        #expect(run.stderr.contains("warning: -: html: 9 invalid UTF-8 sequences replaced with U+FFFD"), "\(run.stderr)")
    }
}
