import Foundation
import Testing
import DecruftLibXML

#if canImport(Glibc)
import Glibc
#endif

/// RSS 2.0, RSS 1.0 and Atom feeds as they come, and XML attacks.
struct FeedParserTests {
    // MARK: - Helpers

    func parse(_ xml: String) throws(FeedParseError) -> Feed {
        try parse(Array(xml.utf8))
    }

    func parse(_ bytes: [UInt8]) throws(FeedParseError) -> Feed {
        try bytes.withUnsafeBufferPointer { (p) throws(FeedParseError) -> Feed in try FeedParser.parse(p) }
    }

    /// The error `xml` fails with, or nil when it parses.
    func failure(_ xml: String) -> FeedParseError? {
        failure(Array(xml.utf8))
    }

    func failure(_ bytes: [UInt8]) -> FeedParseError? {
        do {
            _ = try parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    func sniff(_ text: String) -> Bool {
        sniff(Array(text.utf8))
    }

    func sniff(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { FeedParser.looksLikeFeed($0) }
    }

    /// Every string a feed holds, joined: what an attack could have leaked into.
    func everything(_ feed: Feed) -> String {
        var parts = [feed.title, feed.link]
        for item in feed.items {
            parts += [item.title, item.link, item.id, item.published, item.author, item.content?.string, item.summary?.string]
        }
        return parts.compactMap { $0 }.joined(separator: "\n")
    }

    // MARK: - RSS 2.0

    static let wordpressRSS = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"
            xmlns:content="http://purl.org/rss/1.0/modules/content/"
            xmlns:dc="http://purl.org/dc/elements/1.1/"
            xmlns:atom="http://www.w3.org/2005/Atom">
        <channel>
            <title>Harbour Town Gazette</title>
            <atom:link href="https://gazette.example/feed/" rel="self" type="application/rss+xml" />
            <link>https://gazette.example</link>
            <description>News from the harbour</description>
            <item>
                <title>Council approves harbour plan</title>
                <link>https://gazette.example/2024/03/harbour-plan/</link>
                <dc:creator><![CDATA[Maria Keller]]></dc:creator>
                <pubDate>Tue, 12 Mar 2024 09:30:00 +0000</pubDate>
                <guid isPermaLink="false">https://gazette.example/?p=1201</guid>
                <description><![CDATA[<p>The council approved the plan.</p> <p>The post <a href="https://gazette.example/2024/03/harbour-plan/">Council approves harbour plan</a> appeared first on <a href="https://gazette.example">Harbour Town Gazette</a>.</p>]]></description>
                <content:encoded><![CDATA[
        <p>The council approved the new harbour plan on Tuesday &amp; work starts in spring.</p>
        <p>Share this: <a href="https://twitter.example/share">Twitter</a></p>
        ]]></content:encoded>
            </item>
            <item>
                <title>Ferry timetable changes</title>
                <link>https://gazette.example/2024/03/ferry/</link>
                <guid>https://gazette.example/2024/03/ferry/</guid>
                <pubDate>Wed, 13 Mar 2024 07:00:00 +0000</pubDate>
                <author>desk@gazette.example (News Desk)</author>
                <description>&lt;p&gt;From Monday the first ferry leaves at 6:40.&lt;/p&gt;</description>
            </item>
        </channel>
        </rss>
        """

    @Test func rss2WithContentEncodedInCDATA() throws {
        let feed = try parse(Self.wordpressRSS)
        #expect(feed.kind == .rss)
        #expect(feed.title == "Harbour Town Gazette")
        // The channel's own <link>, not the namespaced atom:link.
        #expect(feed.link == "https://gazette.example")
        #expect(feed.items.count == 2)
        let first = feed.items[0]
        #expect(first.title == "Council approves harbour plan")
        #expect(first.link == "https://gazette.example/2024/03/harbour-plan/")
        #expect(first.id == "https://gazette.example/?p=1201")
        #expect(first.published == "Tue, 12 Mar 2024 09:30:00 +0000")
        #expect(first.author == "Maria Keller")
        #expect(first.content == .html("""
            <p>The council approved the new harbour plan on Tuesday &amp; work starts in spring.</p>
            <p>Share this: <a href="https://twitter.example/share">Twitter</a></p>
            """))
        #expect(first.summary?.string.hasPrefix("<p>The council approved the plan.</p> <p>The post <a href=") == true)
    }

    @Test func rss2WithEntityEscapedDescription() throws {
        let item = try parse(Self.wordpressRSS).items[1]
        #expect(item.summary == .html("<p>From Monday the first ferry leaves at 6:40.</p>"))
        #expect(item.content == nil)
        #expect(item.author == "desk@gazette.example (News Desk)")
        // A permalink guid stands in as the id, and the link stays the link.
        #expect(item.id == "https://gazette.example/2024/03/ferry/")
        #expect(item.link == "https://gazette.example/2024/03/ferry/")
    }

    @Test func cdataAndEscapedHTMLGiveTheSameString() throws {
        let html = #"<p>Fish &amp; chips at <a href="/x?a=1&amp;b=2">the pier</a> — "fresh" <br/>daily</p>"#
        let escaped = html.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        func feed(_ body: String) -> String {
            """
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><item>
            <description>\(body)</description><content:encoded>\(body)</content:encoded>
            </item></channel></rss>
            """
        }
        let cdata = try parse(feed("<![CDATA[\(html)]]>")).items[0]
        let entities = try parse(feed(escaped)).items[0]
        #expect(cdata.summary == .html(html))
        #expect(entities.summary == .html(html))
        #expect(cdata.content == .html(html))
        #expect(entities.content == .html(html))
    }

    @Test func permalinkGuidIsTheLinkWhenThereIsNone() throws {
        let feed = try parse("""
            <rss version="2.0"><channel><title>T</title>
            <item><guid>https://example.org/a</guid></item>
            <item><guid isPermaLink="false">https://example.org/b</guid></item>
            <item><guid>tag:example.org,2024:c</guid></item>
            </channel></rss>
            """)
        #expect(feed.items.map(\.link) == ["https://example.org/a", nil, nil])
        #expect(feed.items.map(\.id) == ["https://example.org/a", "https://example.org/b", "tag:example.org,2024:c"])
    }

    @Test func namespacesAreMatchedByURINotPrefix() throws {
        let feed = try parse("""
            <rss version="2.0" xmlns:c="http://purl.org/rss/1.0/modules/content/"
                 xmlns:content="http://example.com/not-the-content-module" xmlns:creator="http://purl.org/dc/elements/1.1/">
            <channel><item>
              <content:encoded>decoy</content:encoded>
              <c:encoded>&lt;p&gt;real&lt;/p&gt;</c:encoded>
              <creator:creator>Ann</creator:creator>
            </item></channel></rss>
            """)
        #expect(feed.items[0].content == .html("<p>real</p>"))
        #expect(feed.items[0].author == "Ann")
    }

    @Test func rawMarkupInDescriptionIsSerialized() throws {
        // Broken but common: HTML pasted in unescaped (well-formed here).
        let item = try parse("""
            <rss><channel><item><description><p>One &amp; <b>two</b><br/><img src="a.png"/></p></description></item></channel></rss>
            """).items[0]
        #expect(item.summary == .html(#"<p>One &amp; <b>two</b><br><img src="a.png"></p>"#))
    }

    @Test func xhtmlBodyInRSSIsContent() throws {
        let item = try parse("""
            <rss><channel><item><body xmlns="http://www.w3.org/1999/xhtml"><p>Inline <em>body</em></p></body></item></channel></rss>
            """).items[0]
        #expect(item.content == .html("<p>Inline <em>body</em></p>"))
    }

    @Test func missingFieldsAreNil() throws {
        let feed = try parse("<rss version=\"2.0\"><channel><item><title>Only a title</title></item><item/><item><title>  </title><description></description></item></channel></rss>")
        #expect(feed.title == nil)
        #expect(feed.link == nil)
        #expect(feed.items == [FeedItem(title: "Only a title"), FeedItem(), FeedItem()])
    }

    @Test func emptyChannelHasNoItems() throws {
        let feed = try parse("<rss version=\"2.0\"><channel><title>Quiet</title></channel></rss>")
        #expect(feed == Feed(kind: .rss, title: "Quiet"))
    }

    @Test func truncatedFeedKeepsWhatItHas() throws {
        let feed = try parse("<rss><channel><item><title>Complete</title></item><item><title>Cut off</title><description>&lt;p&gt;Half")
        #expect(feed.items.map(\.title) == ["Complete", "Cut off"])
        #expect(feed.items[1].summary == .html("<p>Half"))
    }

    @Test func undeclaredHTMLEntitiesUnderAnUnloadedDTDAreDecoded() throws {
        // RSS 0.91 feeds name Netscape's DTD (never loaded) and use its HTML entities.
        let feed = try parse("""
            <?xml version="1.0"?>
            <!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
            <rss version="0.91"><channel><title>Caf&eacute;&nbsp;News</title>
            <item><title>Cr&egrave;me</title><description>&lt;p&gt;x&lt;/p&gt; &copy;</description></item></channel></rss>
            """)
        #expect(feed.title == "Café\u{A0}News")
        #expect(feed.items[0].title == "Crème")
        #expect(feed.items[0].summary == .html("<p>x</p> ©"))
    }

    @Test func declaredCharacterEntitiesExpand() throws {
        var body = ""
        for _ in 0..<2000 { body += "a&nbsp;b&mdash;" }
        let feed = try parse("""
            <!DOCTYPE rss [<!ENTITY nbsp "&#160;"><!ENTITY mdash "&#8212;"><!ENTITY sig "&mdash;The Desk">]>
            <rss><channel><title>One&nbsp;two</title><item><title>&sig;</title><description>\(body)</description></item></channel></rss>
            """)
        #expect(feed.title == "One\u{A0}two")
        #expect(feed.items[0].title == "\u{2014}The Desk")
        #expect(feed.items[0].summary?.string.hasPrefix("a\u{A0}b\u{2014}a") == true)
    }

    // MARK: - Atom

    static let atomFeed = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example/">
          <title type="html">Notes &amp;amp; &lt;em&gt;Essays&lt;/em&gt;</title>
          <link rel="self" href="https://blog.example/atom.xml"/>
          <link href="/"/>
          <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
          <updated>2024-03-14T10:00:00Z</updated>
          <author><name>Jo Writer</name></author>
          <entry>
            <title>Escaped HTML content</title>
            <link rel="alternate" type="text/html" href="2024/03/html-post"/>
            <link rel="replies" href="2024/03/html-post#comments"/>
            <id>tag:blog.example,2024:1</id>
            <published>2024-03-13T08:00:00Z</published>
            <updated>2024-03-14T09:00:00Z</updated>
            <summary type="html">&lt;p&gt;A short &lt;b&gt;teaser&lt;/b&gt;.&lt;/p&gt;</summary>
            <content type="html">&lt;p&gt;First paragraph.&lt;/p&gt;&lt;p&gt;Tags: &lt;a href="/tag/x"&gt;x&lt;/a&gt;&lt;/p&gt;</content>
          </entry>
          <entry xml:base="https://other.example/posts/">
            <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Inline <i>XHTML</i> title</div></title>
            <link href="xhtml-post"/>
            <id>tag:blog.example,2024:2</id>
            <updated>2024-03-12T08:00:00Z</updated>
            <author><name>Guest Author</name></author>
            <summary>Plain text summary with &lt;angle brackets&gt;.</summary>
            <content type="xhtml">
              <div xmlns="http://www.w3.org/1999/xhtml"><p>Hello <b>world</b> &amp; <a href="/x?a=1&amp;b=2">friends</a><br/>again</p><!-- note --></div>
            </content>
          </entry>
          <entry>
            <title type="text">Text &lt;3 content</title>
            <id>tag:blog.example,2024:3</id>
            <updated>2024-03-11T08:00:00Z</updated>
            <content>Line one.
        Line two &amp; three.</content>
          </entry>
          <entry>
            <title>Out of line</title>
            <content type="video/mp4" src="https://cdn.example/v.mp4"/>
            <summary type="xhtml"><xh:div xmlns:xh="http://www.w3.org/1999/xhtml"><xh:p>Prefixed</xh:p></xh:div></summary>
          </entry>
        </feed>
        """

    @Test func atomFeedLevelFields() throws {
        let feed = try parse(Self.atomFeed)
        #expect(feed.kind == .atom)
        // type="html": tags stripped, entities decoded (once by XML, once by HTML).
        #expect(feed.title == "Notes & Essays")
        // The first link without rel is the alternate, resolved against xml:base.
        #expect(feed.link == "https://blog.example/")
        #expect(feed.items.count == 4)
    }

    @Test func atomHTMLContent() throws {
        let entry = try parse(Self.atomFeed).items[0]
        #expect(entry.title == "Escaped HTML content")
        #expect(entry.link == "https://blog.example/2024/03/html-post")
        #expect(entry.id == "tag:blog.example,2024:1")
        #expect(entry.published == "2024-03-13T08:00:00Z")
        #expect(entry.author == "Jo Writer") // inherited from the feed
        #expect(entry.summary == .html("<p>A short <b>teaser</b>.</p>"))
        #expect(entry.content == .html(#"<p>First paragraph.</p><p>Tags: <a href="/tag/x">x</a></p>"#))
    }

    @Test func atomXHTMLContent() throws {
        let entry = try parse(Self.atomFeed).items[1]
        #expect(entry.title == "Inline XHTML title")
        #expect(entry.link == "https://other.example/posts/xhtml-post")
        #expect(entry.published == "2024-03-12T08:00:00Z") // updated, when there is no published
        #expect(entry.author == "Guest Author")
        #expect(entry.summary == .text("Plain text summary with <angle brackets>."))
        // The wrapping div is not content; the comment is dropped.
        #expect(entry.content == .html(#"<p>Hello <b>world</b> &amp; <a href="/x?a=1&amp;b=2">friends</a><br>again</p>"#))
    }

    @Test func atomTextContent() throws {
        let entry = try parse(Self.atomFeed).items[2]
        #expect(entry.title == "Text <3 content")
        #expect(entry.content == .text("Line one.\nLine two & three."))
        #expect(entry.link == nil)
        #expect(entry.summary == nil)
    }

    @Test func atomOutOfLineContentAndPrefixedXHTML() throws {
        let entry = try parse(Self.atomFeed).items[3]
        #expect(entry.content == nil)
        #expect(entry.summary == .html("<p>Prefixed</p>"))
    }

    @Test func atomWithAPrefix() throws {
        let feed = try parse("""
            <a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>Prefixed</a:title>
            <a:entry><a:title>E</a:title><a:link href="https://x.example/e"/><title>not atom</title></a:entry></a:feed>
            """)
        #expect(feed.title == "Prefixed")
        #expect(feed.items == [FeedItem(title: "E", link: "https://x.example/e")])
    }

    // MARK: - RSS 1.0

    @Test func rdfFeed() throws {
        let feed = try parse("""
            <?xml version="1.0"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
              <channel rdf:about="https://science.example/rss">
                <title>Science Daily Digest</title>
                <link>https://science.example/</link>
                <description>Research news</description>
                <items><rdf:Seq><rdf:li rdf:resource="https://science.example/a"/></rdf:Seq></items>
              </channel>
              <item rdf:about="https://science.example/a">
                <title>Coral reefs recover</title>
                <link>https://science.example/a</link>
                <description>Reefs in the bay &lt;b&gt;recovered&lt;/b&gt; faster than expected.</description>
                <dc:creator>R. Ocean</dc:creator>
                <dc:date>2024-03-10T12:00:00Z</dc:date>
                <content:encoded><![CDATA[<p>Full story.</p>]]></content:encoded>
              </item>
              <item rdf:about="https://science.example/b"><title>Second</title></item>
            </rdf:RDF>
            """)
        #expect(feed.kind == .rdf)
        #expect(feed.title == "Science Daily Digest")
        #expect(feed.link == "https://science.example/")
        #expect(feed.items.count == 2)
        #expect(feed.items[0] == FeedItem(
            title: "Coral reefs recover", link: "https://science.example/a", id: "https://science.example/a",
            published: "2024-03-10T12:00:00Z", author: "R. Ocean", content: .html("<p>Full story.</p>"),
            summary: .html("Reefs in the bay <b>recovered</b> faster than expected.")))
        #expect(feed.items[1] == FeedItem(title: "Second", id: "https://science.example/b"))
    }

    @Test func rdfItemsOutsideTheRSSNamespaceAreNotItems() throws {
        let feed = try parse("""
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><item><title>no namespace</title></item></rdf:RDF>
            """)
        #expect(feed.items.isEmpty)
    }

    // MARK: - Encodings

    @Test func latin1FeedDecodes() throws {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<rss><channel><title>Caf".utf8)
        bytes += [0xE9] // é
        bytes += Array(" cr".utf8) + [0xE8] + Array("me</title><item><description>&lt;p&gt;Gr".utf8) + [0xFC]
        bytes += Array("n &#8364;&lt;/p&gt;</description></item></channel></rss>".utf8)
        let feed = try parse(bytes)
        #expect(feed.title == "Café crème")
        #expect(feed.items[0].summary == .html("<p>Grün €</p>"))
    }

    @Test func undeclaredNonUTF8FeedIsReadAsWindows1252() throws {
        var bytes = Array("<rss><channel><title>".utf8)
        bytes += [0x93] + Array("Quoted".utf8) + [0x94, 0x20, 0x96, 0x20] + Array("caf".utf8) + [0xE9]
        bytes += Array("</title></channel></rss>".utf8)
        #expect(try parse(bytes).title == "\u{201C}Quoted\u{201D} \u{2013} café")
    }

    @Test func utf16FeedDecodes() throws {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss><channel><title>Ünïcode ✓</title></channel></rss>"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in xml.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(try parse(bytes).title == "Ünïcode ✓")
        #expect(sniff(bytes))
    }

    // MARK: - Not feeds

    @Test func notXMLIsAnError() {
        guard case let .notXML(message, line)? = failure("This is a plain text file.\nNot XML at all.\n") else {
            Issue.record("expected notXML")
            return
        }
        #expect(line == 1)
        #expect(!message.isEmpty)
        #expect(failure("") == .notXML(message: "the document is empty", line: 1))
        if case .notXML? = failure("{\"items\": [1, 2]}") {} else { Issue.record("JSON should be notXML") }
        if case .notXML? = failure("   \n\n  ") {} else { Issue.record("whitespace should be notXML") }
        #expect(FeedParseError.notXML(message: "Document is empty", line: 3).description == "not XML (line 3): Document is empty")
    }

    @Test func xmlThatIsNotAFeedIsAnError() {
        #expect(failure("<?xml version=\"1.0\"?><note><to>Tove</to></note>") == .notAFeed(rootElement: "note", namespace: nil))
        #expect(failure("<!DOCTYPE html><html><body><p>Hello</p></body></html>") == .notAFeed(rootElement: "html", namespace: nil))
        // Atom 0.3 and other look-alikes: the name alone is not enough.
        #expect(failure("<feed xmlns=\"http://purl.org/atom/ns#\" version=\"0.3\"/>")
            == .notAFeed(rootElement: "feed", namespace: "http://purl.org/atom/ns#"))
        #expect(failure("<x:rss xmlns:x=\"http://example.com/\"/>") == .notAFeed(rootElement: "x:rss", namespace: "http://example.com/"))
        #expect(failure("<RDF/>") == .notAFeed(rootElement: "RDF", namespace: nil))
    }

    @Test func oversizedInputIsRefused() {
        let bytes = [UInt8](repeating: 0x20, count: FeedParser.maxInputBytes + 1)
        #expect(failure(bytes) == .tooLarge(bytes: FeedParser.maxInputBytes + 1, limit: FeedParser.maxInputBytes))
    }

    // MARK: - Attacks

    @Test func externalFileEntityIsNotRead() throws {
        let feed = try parse("""
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <rss version="2.0"><channel><title>A&xxe;B</title><item><title>&xxe;</title><description>&xxe;</description></item></channel></rss>
            """)
        #expect(!everything(feed).contains("root:"))
        #expect(feed.title == "AB")
        #expect(feed.items[0] == FeedItem())
    }

    @Test func aRefusedExternalEntityLeavesTheRestOfTheDocumentAlone() throws {
        // Refusing the entity used to mark the document broken, and libxml2
        // then dropped every later `&lt;`, `&gt;` and `&amp;`.
        func feed(_ entity: String) -> String {
            """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <rss version="2.0"><channel><title>Attack</title>
            <item><title>Item \(entity) end</title><description>&lt;p&gt;Body text of the item that stays &amp; is long enough to be kept.&lt;/p&gt;\(entity)</description></item>
            <item><title>Fish &amp; chips&#8212;&#x41;</title><description>&lt;b&gt;Second&lt;/b&gt; &amp;amp; &quot;more&quot; &apos;</description></item>
            </channel></rss>
            """
        }
        let attacked = try parse(feed("&xxe;"))
        #expect(!everything(attacked).contains("root:"))
        #expect(attacked.items[0].title == "Item end")
        // The description's text is the HTML: `&amp;` in the XML is `&` in it.
        #expect(attacked.items[0].summary == .html("<p>Body text of the item that stays & is long enough to be kept.</p>"))
        #expect(attacked.items[1].title == "Fish & chips\u{2014}A")
        #expect(attacked.items[1].summary == .html("<b>Second</b> &amp; \"more\" '"))
        // Exactly what the same feed gives without the references.
        #expect(attacked == (try parse(feed(""))))
    }

    @Test func aRefusedExternalEntityInsideAnotherEntityOrAnAttributeIsNothing() throws {
        let feed = try parse("""
            <!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY wrap "[&xxe;]&amp;">]>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>&wrap; &lt;ok&gt;</title>
            <entry><title>&xxe;&wrap;</title><link href="https://x.example/?a=&xxe;1&amp;b=&wrap;"/>
            <content type="html">&lt;p&gt;Kept &amp;amp; &xxe;whole&lt;/p&gt;</content></entry></feed>
            """)
        #expect(!everything(feed).contains("root:"))
        #expect(feed.title == "[]& <ok>")
        #expect(feed.items[0].title == "[]&")
        #expect(feed.items[0].link == "https://x.example/?a=1&b=[]&")
        #expect(feed.items[0].content == .html("<p>Kept &amp; whole</p>"))
    }

    /// An RSS 2.0 feed whose first item holds `broken`, and whose later
    /// items carry escaped HTML (with an attribute), a character reference
    /// and an escaped URL.
    static func feedWithAnError(_ broken: String) -> String {
        """
        <rss version="2.0"><channel><title>Errors &amp; recovery</title>
        <item><title>First</title><description>\(broken) &lt;p&gt;same text&lt;/p&gt;</description></item>
        <item><title>Fish &amp; chips&#8212;today</title><link>https://x.example/?a=1&amp;b=2</link>
        <description>&lt;p&gt;The &lt;a href="/x?a=1&amp;amp;b=2"&gt;second&lt;/a&gt; item &amp;amp; more.&lt;/p&gt;</description></item>
        <item><title>Third</title><description>&lt;p&gt;&lt;b&gt;Bold&lt;/b&gt;&lt;/p&gt;</description></item>
        </channel></rss>
        """
    }

    /// Errors in text. NB: libxml2's recovery drops the offending `&T`, `&`
    /// or undeclared name itself ("AT <p>same text</p>"); what follows it,
    /// in the same element too, is kept.
    @Test(arguments: [
        "AT&T",                          // a bare ampersand
        "Tom & Jerry",                   // a lone one
        "Caf&eacute;&nbsp;news",         // HTML entities RSS 2.0 never declares
        "&nbsp;&lt;",                    // an error right before a reference
    ])
    func escapedMarkupAfterAnErrorInTextIsKept(broken: String) throws {
        let feed = try parse(Self.feedWithAnError(broken))
        #expect(feed.items.first?.summary?.string.hasSuffix(" <p>same text</p>") == true, "\(broken)")
        try expectItemsAfterTheFirstIntact(feed, broken)
    }

    @Test(arguments: [
        "<b>bold</i>",                   // a mismatched end tag
        "x</description><foo>",          // an end tag that closes too early
    ])
    func escapedMarkupAfterAMarkupErrorIsKept(broken: String) throws {
        try expectItemsAfterTheFirstIntact(try parse(Self.feedWithAnError(broken)), broken)
    }

    func expectItemsAfterTheFirstIntact(_ feed: Feed, _ broken: String) throws {
        #expect(feed.title == "Errors & recovery", "\(broken)")
        try #require(feed.items.count == 3, "\(broken)")
        #expect(feed.items[1].title == "Fish & chips\u{2014}today", "\(broken)")
        #expect(feed.items[1].link == "https://x.example/?a=1&b=2", "\(broken)")
        #expect(feed.items[1].summary == .html(#"<p>The <a href="/x?a=1&amp;b=2">second</a> item &amp; more.</p>"#), "\(broken)")
        #expect(feed.items[2].summary == .html("<p><b>Bold</b></p>"), "\(broken)")
    }

    @Test func declaredEntitiesStillExpandAfterAnError() throws {
        let feed = try parse("""
            <!DOCTYPE rss [<!ENTITY sig "&#8212;The &lt;Desk&gt;">]>
            <rss><channel><title>A & B</title><item><title>&sig;</title><description>&lt;p&gt;x&lt;/p&gt;&sig;</description></item></channel></rss>
            """)
        #expect(feed.items[0].title == "\u{2014}The <Desk>")
        #expect(feed.items[0].summary == .html("<p>x</p>\u{2014}The <Desk>"))
    }

    @Test func escapedMarkupDoesNotCountAsEntityReferences() throws {
        // Past 10,000 entity references libxml2 2.9.14 takes an undeclared
        // one for an entity loop, and then drops declared entities: the
        // predefined ones (24,000 here) must not count.
        let item = "<item><title>T</title><description>&lt;p&gt;a&lt;/p&gt;&lt;p&gt;b&lt;/p&gt;</description></item>"
        let feed = try parse("<!DOCTYPE rss [<!ENTITY sig \"&#8212;Desk\">]><rss><channel>" + String(repeating: item, count: 3_000)
            + "<item><description>a&nbsp;b&sig; &lt;i&gt;c&lt;/i&gt;</description></item>"
            + String(repeating: item, count: 100) + "</channel></rss>")
        #expect(feed.items.count == 3_101)
        #expect(feed.items[3_000].summary == .html("ab\u{2014}Desk <i>c</i>"))
        #expect(feed.items.last?.summary == .html("<p>a</p><p>b</p>"))
    }

    @Test func externalEntityInAnAttributeIsNotRead() throws {
        let feed = try parse("""
            <!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="x&xxe;"/></entry></feed>
            """)
        #expect(!everything(feed).contains("root:"))
        #expect(feed.items[0].link == "x")
    }

    @Test func externalParameterEntityIsNotRead() throws {
        let feed = try parse("""
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY % ext SYSTEM "file:///etc/passwd"> %ext;]>
            <rss version="2.0"><channel><title>Safe</title></channel></rss>
            """)
        #expect(feed.title == "Safe")
        #expect(!everything(feed).contains("root:"))
    }

    @Test func externalDTDIsNotRead() throws {
        let feed = try parse("""
            <?xml version="1.0"?>
            <!DOCTYPE rss SYSTEM "file:///etc/passwd">
            <rss version="2.0"><channel><title>Safe</title></channel></rss>
            """)
        #expect(feed.title == "Safe")
        #expect(!everything(feed).contains("root:"))
    }

    @Test func networkEntitiesAndDTDsAreNeverFetched() throws {
        let listener = try #require(LocalListener())
        let url = "http://127.0.0.1:\(listener.port)"
        let documents = [
            "<!DOCTYPE rss [<!ENTITY net SYSTEM \"\(url)/entity\">]><rss><channel><title>&net;x</title></channel></rss>",
            "<!DOCTYPE rss SYSTEM \"\(url)/rss.dtd\"><rss><channel><title>x</title></channel></rss>",
            "<!DOCTYPE rss [<!ENTITY % p SYSTEM \"\(url)/p.dtd\"> %p;]><rss><channel><title>x</title></channel></rss>",
            "<!DOCTYPE rss PUBLIC \"-//X//DTD RSS//EN\" \"\(url)/public.dtd\"><rss><channel><title>x</title></channel></rss>",
        ]
        for document in documents {
            #expect(try parse(document).title == "x")
        }
        #expect(!listener.hasPendingConnection, "libxml2 connected to the network")
    }

    @Test func billionLaughsWithNothingElseIsRefused() {
        var dtd = "<!ENTITY lol \"lol\">"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            dtd += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
        }
        let inText = "<?xml version=\"1.0\"?><!DOCTYPE rss [\(dtd)]><rss><channel><title>&lol9;</title></channel></rss>"
        #expect(failure(inText) == .entityExpansion(limit: FeedParser.maxEntityExpansionBytes))
        let inAttribute = "<!DOCTYPE feed [\(dtd)]><feed xmlns=\"http://www.w3.org/2005/Atom\"><link href=\"&lol9;\"/></feed>"
        #expect(failure(inAttribute) == .entityExpansion(limit: FeedParser.maxEntityExpansionBytes))
    }

    /// A billion-laughs DTD: `&lol9;` would be 3 GB of "lol".
    static let laughs: String = {
        var dtd = "<!ENTITY lol \"lol\">"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            dtd += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
        }
        return dtd
    }()

    static func harmless(_ k: Int) -> String {
        "<item><title>Harmless \(k)</title><guid>urn:item:\(k)</guid><description>&lt;p&gt;Body \(k) &amp; more&lt;/p&gt;</description></item>"
    }

    @Test func billionLaughsCostsOnlyTheItemThatUsesIt() throws {
        let attack = "<item><title>Attack</title><guid>urn:attack</guid><description>x&lol9;y</description></item>"
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE rss [\(Self.laughs)]><rss><channel><title>News</title>"
            + Self.harmless(1) + Self.harmless(2) + attack + Self.harmless(3) + "</channel></rss>"
        let feed = try parse(xml)
        #expect(feed.items.map(\.id) == ["urn:item:1", "urn:item:2", "urn:attack", "urn:item:3"])
        #expect(feed.items.map { $0.unusable == nil } == [true, true, false, true])
        #expect(feed.items[2].unusable?.contains("entity-expansion attack") == true)
        #expect(feed.items[3].summary == .html("<p>Body 3 & more</p>"))
        #expect(feed.title == "News" && feed.warnings.isEmpty)
        #expect(everything(feed).utf8.count < 1_000)
    }

    @Test func attackInAnEntryAttributeCostsThatEntry() throws {
        let xml = "<!DOCTYPE feed [\(Self.laughs)]><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Blog</title>"
            + "<entry><id>urn:a</id><title>Kept</title><summary>Fine</summary></entry>"
            + "<entry><id>urn:b</id><title>Hit</title><link href=\"https://x/&lol9;\"/></entry></feed>"
        let feed = try parse(xml)
        #expect(feed.items.map { $0.unusable == nil } == [true, false])
        #expect(feed.items[0].summary == .text("Fine"))
    }

    @Test func attackOutsideTheItemsIsAWarning() throws {
        let xml = "<!DOCTYPE rss [\(Self.laughs)]><rss><channel><title>&lol9;</title>" + Self.harmless(1) + "</channel></rss>"
        let feed = try parse(xml)
        #expect(feed.items.count == 1 && feed.items[0].unusable == nil)
        #expect(feed.warnings.count == 1)
        #expect(feed.warnings.first?.contains("1 XML entity reference outside the items") == true)
        #expect(feed.title == nil)
    }

    @Test func quadraticBlowupCostsTheItemsPastTheBudget() throws {
        // 50 KB × 40 items: the first 20 fit the 1 MiB budget, the others are refused.
        let entity = String(repeating: "A", count: 50_000)
        let heavy = (1...40).map { "<item><guid>urn:heavy:\($0)</guid><description>&a;</description></item>" }.joined()
        let xml = "<!DOCTYPE rss [<!ENTITY a \"\(entity)\">]><rss><channel>" + Self.harmless(1) + heavy + Self.harmless(2)
            + "</channel></rss>"
        let feed = try parse(xml)
        #expect(feed.items.count == 42)
        let fit = FeedParser.maxEntityExpansionBytes / 50_000
        #expect(feed.items.map { $0.unusable == nil } == [true] + Array(repeating: true, count: fit)
            + Array(repeating: false, count: 40 - fit) + [true])
        #expect(feed.items[1].summary?.string.utf8.count == 50_000)
        #expect(feed.items[41].summary == .html("<p>Body 2 & more</p>"))
    }

    @Test func quadraticBlowupWithNothingElseIsRefused() {
        // 50 KB entity × 5,000 references: a 250 KB file that would be 250 MB of text.
        let entity = String(repeating: "A", count: 50_000)
        let references = String(repeating: "&a;", count: 5_000)
        let inText = "<!DOCTYPE rss [<!ENTITY a \"\(entity)\">]><rss><channel><title>\(references)</title></channel></rss>"
        #expect(failure(inText) == .entityExpansion(limit: FeedParser.maxEntityExpansionBytes))
        let inAttribute = "<!DOCTYPE feed [<!ENTITY a \"\(entity)\">]><feed xmlns=\"http://www.w3.org/2005/Atom\"><link href=\"\(references)\"/></feed>"
        #expect(failure(inAttribute) == .entityExpansion(limit: FeedParser.maxEntityExpansionBytes))
    }

    @Test func entityUseWithinTheBudgetParses() throws {
        // 1 KB × 500 = 500 KB of expansion: under the 1 MiB budget.
        let entity = String(repeating: "B", count: 1_000)
        let references = String(repeating: "&b;", count: 500)
        let feed = try parse("<!DOCTYPE rss [<!ENTITY b \"\(entity)\">]><rss><channel><item><description>\(references)</description></item></channel></rss>")
        #expect(feed.items[0].summary?.string.utf8.count == 500_000)
    }

    @Test func emptyEntityFanOutIsRefused() {
        // No bytes at all, but libxml2 re-parses an entity that yields no
        // nodes at every reference: 100,000 × 1,000 lookups without a cost
        // per reference.
        let fanOut = String(repeating: "&e;", count: 1_000)
        let xml = "<!DOCTYPE rss [<!ENTITY e \"\"><!ENTITY f \"\(fanOut)\">]><rss><channel><title>"
            + String(repeating: "&f;", count: 100_000) + "</title></channel></rss>"
        #expect(failure(xml) == .entityExpansion(limit: FeedParser.maxEntityExpansionBytes))
    }

    @Test func aLargeFeedMayExpandByItsOwnSize() throws {
        // 1.5 MB of expansion is past the 1 MiB floor, but this feed is 2 MB.
        let entity = String(repeating: "C", count: 1_000)
        let padding = "<item><title>" + String(repeating: "p", count: 500_000) + "</title></item>"
        let xml = "<!DOCTYPE rss [<!ENTITY c \"\(entity)\">]><rss><channel><item><description>"
            + String(repeating: "&c;", count: 1_500) + "</description></item>"
            + String(repeating: padding, count: 4) + "</channel></rss>"
        #expect(xml.utf8.count > 2_000_000)
        let feed = try parse(xml)
        #expect(feed.items[0].summary?.string.utf8.count == 1_500_000)
    }

    @Test func manyUndeclaredEntitiesAreNotAnAttack() throws {
        // libxml2 reports an "entity loop" past 10,000 undeclared references;
        // a broken feed full of &nbsp; still reads (the references are dropped).
        let item = "<item><title>T</title><description>a&nbsp;b&nbsp;c</description></item>"
        let feed = try parse("<rss><channel>" + String(repeating: item, count: 8_000) + "</channel></rss>")
        #expect(feed.items.count == 8_000)
        #expect(feed.items.last?.summary == .html("abc"))
    }

    @Test func entityCyclesAreRefused() {
        let cycle = "<!DOCTYPE rss [<!ENTITY a \"x&b;\"><!ENTITY b \"y&a;\">]><rss><channel><title>&a;</title></channel></rss>"
        #expect(failure(cycle) == .entityExpansion(limit: FeedParser.maxEntityExpansionBytes))
    }

    @Test func deepNestingNeitherCrashesNorHangs() throws {
        let depth = 100_000
        let xml = "<rss><channel><item><title>Deep</title><description>" + String(repeating: "<d>", count: depth)
            + String(repeating: "</d>", count: depth) + "</description></item></channel></rss>"
        // libxml2 stops at depth 256; what was read before stays.
        let feed = try parse(xml)
        #expect(feed.items.first?.title == "Deep")
        #expect(feed.items.first?.summary?.string.hasPrefix("<d><d><d>") == true)
    }

    // MARK: - Sniffing

    @Test func sniffFindsFeedRoots() {
        #expect(sniff("<rss version=\"2.0\">"))
        #expect(sniff("\u{FEFF}<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- generator -->\n<?xml-stylesheet href=\"s.xsl\"?>\n<rss>"))
        #expect(sniff("<?xml version=\"1.0\"?><!DOCTYPE rss PUBLIC \"-//Netscape//DTD RSS 0.91//EN\" \"http://x/rss.dtd\"><rss version=\"0.91\">"))
        #expect(sniff("<!DOCTYPE rss [<!ENTITY a \"]>\"> <!ELEMENT rss ANY>]>\n<rss>"))
        #expect(sniff("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">"))
        #expect(sniff("<atom:feed xmlns:atom='http://www.w3.org/2005/Atom'>"))
        #expect(sniff("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\">"))
        // A start tag cut off by the end of the prefix is judged by its name.
        #expect(sniff("<feed xmlns:media=\"http://search.yahoo.com/mrss/\" xmlns=\"http://www.w3.org/20"))
    }

    @Test func sniffRejectsOtherDocuments() {
        #expect(!sniff(""))
        #expect(!sniff("<!DOCTYPE html><html><head>"))
        #expect(!sniff("<html><body><rss>"))
        #expect(!sniff("<feed xmlns=\"http://purl.org/atom/ns#\">"))
        #expect(!sniff("<feed>"))
        #expect(!sniff("<rdf:RDF xmlns:rdf=\"http://example.com/\">"))
        #expect(!sniff("<x:rss xmlns:x=\"http://example.com/\">"))
        #expect(!sniff("{\"version\": \"https://jsonfeed.org/version/1\"}"))
        #expect(!sniff("Plain text"))
        #expect(!sniff("<?xml version=\"1.0\"")) // the declaration never ends
        #expect(!sniff("<!-- a comment that never ends"))
    }

    @Test func corpusFeedsParse() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for (name, kind) in [("rss-news", FeedKind.rss), ("atom-blog", .atom)] {
            let url = root.appendingPathComponent("corpus/feeds/\(name)/input.xml")
            let bytes = try [UInt8](Data(contentsOf: url))
            #expect(sniff(bytes), "\(name)")
            let feed = try parse(bytes)
            #expect(feed.kind == kind, "\(name)")
            #expect(feed.items.count >= 4, "\(name)")
            for item in feed.items {
                #expect(item.title != nil && item.link != nil && item.content != nil, "\(name): \(item.title ?? "?")")
            }
        }
    }
}

/// A TCP listener on 127.0.0.1 that accepts nothing: a connection attempt
/// stays pending in its backlog, where the test can see it.
final class LocalListener {
    let socket: Int32
    let port: Int

    init?() {
        #if canImport(Glibc)
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard bound == 0, named == 0, listen(fd, 16) == 0 else {
            close(fd)
            return nil
        }
        socket = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit {
        close(socket)
    }

    /// Whether a client has connected (without accepting it).
    var hasPendingConnection: Bool {
        var entry = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) > 0
    }
}

