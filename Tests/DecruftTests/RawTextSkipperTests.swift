import Testing
@testable import DecruftLibXML

/// Script text longer than one of libxml2's 1000-byte blocks.
private let filler = String(repeating: "var x = a < b && c > d; // ok\n", count: 60)

/// Moving libxml2 past script and style text (`RawTextSkipper`) must build
/// exactly the DOM that reading the text builds.
@Suite struct RawTextSkipperTests {
    /// The page parsed with and without skipping.
    func parseBoth(_ page: [UInt8]) throws -> (skipping: DOM, reading: DOM) {
        try page.withUnsafeBufferPointer { p throws(HTMLParseError) in
            (try HTMLParser.parse(utf8: p, skipsRawText: true), try HTMLParser.parse(utf8: p, skipsRawText: false))
        }
    }

    /// A page with `raw` between a head and a body paragraph.
    func page(_ raw: String) -> [UInt8] {
        Array("<html><head><title>Title</title></head><body><p>before</p>\(raw)<p>after</p></body></html>".utf8)
    }

    @Test(arguments: [
        "<script>\(filler)</script>",
        "<script>\(filler)</div></p><b>not markup</b>\(filler)</script>",
        "<script>\(filler)</SCRIPT ><p>text</p>",
        "<script>\(filler)</ScRiPt foo=\"bar\">",
        "<script>\(filler)</scripts>tail",
        "<script>\(filler)</scrip</script>",
        "<script>\(filler)< /script></script>",
        "<style>\(filler)</style>",
        "<style>\(filler)</script>\(filler)</style>",
        "<script>\(filler)é日本😀\(filler)</script>",
        "<script src=\"a.js\">\(filler)</script><script>\(filler)</script>",
        "<script>\(filler)",
        "<script></div>\(filler)</script>",
        "<div><script>\(filler)</script></div>",
    ])
    func sameDOM(_ raw: String) throws {
        let (skipping, reading) = try parseBoth(page(raw))
        #expect(skipping == reading)
    }

    @Test func blockBoundaryOnEveryByteOfAMultiByteCharacter() throws {
        for shift in 0..<8 {
            let raw = "<script>" + String(repeating: "a", count: 990 + shift) + "😀é日" + filler + "</script>"
            let (skipping, reading) = try parseBoth(page(raw))
            #expect(skipping == reading, "shift \(shift)")
        }
    }

    @Test func capturedScriptsKeepTheirText() throws {
        let json = "{\"@type\": \"NewsArticle\", \"articleBody\": \"\(String(repeating: "word ", count: 600))\"}"
        let (skipping, reading) = try parseBoth(page("<script type=\"application/ld+json\">\(json)</script>"))
        #expect(skipping == reading)
        #expect(skipping.head.jsonLD == [json])
        // A script inside the title is part of its text.
        let title = Array("<html><head><title>News<script>\(filler)</script> today</title></head></html>".utf8)
        let (titled, read) = try parseBoth(title)
        #expect(titled == read)
        #expect(titled.head.title?.hasSuffix(" today") == true)
    }

    @Test func bytesLibXMLMustReadItself() throws {
        // A NUL and invalid UTF-8 (which switches libxml2 to Latin-1 for the
        // rest of the page) are left to libxml2.
        for odd: [UInt8] in [[0x00], [0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]] {
            let bytes = Array("<html><body><p>before</p><script>\(filler)".utf8) + odd
                + Array("\(filler)</script><p>café</p></body></html>".utf8)
            let (skipping, reading) = try parseBoth(bytes)
            #expect(skipping == reading, "\(odd)")
        }
    }

    @Test func seededRandomScripts() throws {
        var rng = SplitMix64(seed: 0x5C21_7E47)
        let pieces = ["var a = 1;", "if (a < b) {}", "</div>", "</p>", "<\\/script>", "</scrip", "</ script>",
                      "</styl", "é", "日本", "😀", "\n", "\t", "'</'", "<!--", "-->", "<![CDATA[", "]]>", "&amp;", "<"]
        for round in 0..<150 {
            var raw = ""
            for _ in 0..<(1 + rng.below(3)) {
                let element = rng.chance(0.7) ? "script" : "style"
                var text = ""
                while text.utf8.count < 800 + rng.below(2400) { text += rng.pick(pieces) }
                raw += "<\(element)>\(text)\(rng.chance(0.9) ? "</\(element)>" : "")<p>\(round)</p>"
            }
            let (skipping, reading) = try parseBoth(page(raw))
            #expect(skipping == reading, "round \(round)")
        }
    }

    @Test func scanStopsAtTheEndTagAndAtBytesToLeave() {
        func scan(_ text: String, _ name: String = "script") -> Int {
            let bytes = Array(text.utf8)
            let tag = Array(name.utf8) + [0]
            return bytes.withUnsafeBufferPointer { p in
                tag.withUnsafeBufferPointer { t in
                    RawTextSkipper.scanTo(endTag: t.baseAddress!, name.utf8.count, from: p.baseAddress!,
                                          p.baseAddress! + p.count) - p.baseAddress!
                }
            }
        }
        #expect(scan("abc</script>") == 3)
        #expect(scan("a < b </div> c</SCRIPT>") == 14)
        #expect(scan("</scrip") == 7)
        #expect(scan("é日本😀xx</script>") == 14)
        #expect(scan("abcdefghijklmnop</style>", "style") == 16)
        #expect(scan("abc\u{0}def</script>") == 3)
        #expect(scan("no end at all") == 13)
    }
}
