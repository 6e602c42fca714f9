import Testing
@testable import Decruft

/// Site rules per page: the host comes from the page's own canonical URL
/// or og:url when no URL is given.
struct DeclaredURLTests {
    @Test func findsTheCanonicalLinkInAnyAttributeOrderAndCase() {
        let head = #"<html><HEAD><meta charset=utf-8><LINK href='https://News.Example.com/a?b=1' REL="alternate canonical"></head>"#
        let found = DeclaredURL.find(in: Array(head.utf8))
        #expect(found?.url == "https://News.Example.com/a?b=1")
        #expect(found?.source == .canonical)
    }

    @Test func fallsBackToOpenGraphAndIgnoresRelativeOrOtherLinks() {
        let head = #"<head><link rel=stylesheet href=https://cdn.example.net/a.css><link rel=canonical href="/relative">"#
            + #"<meta property="og:url" content="https://gazette.example/story"></head>"#
        let found = DeclaredURL.find(in: Array(head.utf8))
        #expect(found?.url == "https://gazette.example/story")
        #expect(found?.source == .openGraph)
        #expect(DeclaredURL.find(in: Array("<p>No head at all, <link> in text.</p>".utf8)) == nil)
    }

    @Test func aQuotedGreaterThanDoesNotEndTheTag() {
        let head = #"<meta name="x" content="a > b"><link title="x > y" rel="canonical" href="https://a.example/x">"#
        #expect(DeclaredURL.find(in: Array(head.utf8))?.url == "https://a.example/x")
    }

    static let rules = """
        [[drop]]
        id = "gazette-promo"
        pattern = "^Gazette members read it first"
        sites = ["gazette.example"]
        """

    static func page(_ head: String) -> [UInt8] {
        Array(("<html><head>\(head)</head><body><article><p>\(Body.paragraphs[0])</p><p>Gazette members read it first.</p>"
            + "<p>\(Body.paragraphs[1])</p></article></body></html>").utf8)
    }

    @Test func siteRulesApplyByTheDeclaredHostWithoutAURL() throws {
        var set = RuleLoader.defaults
        set.merge(try RuleLoader.parse(Self.rules, file: "sites.toml"))
        let cleaner = Cleaner(configuration: Configuration(rules: set))
        let result = try cleaner.clean(html: Self.page(#"<link rel="canonical" href="https://www.gazette.example/story">"#))
        #expect(result.removals.map(\.rule).contains("gazette-promo"))
        #expect(result.siteHost == SiteHost(host: "www.gazette.example", source: "canonical link"))
        // Another site's page: the rule stays out.
        let other = try cleaner.clean(html: Self.page(#"<link rel="canonical" href="https://other.example/story">"#))
        #expect(!other.removals.map(\.rule).contains("gazette-promo"))
        // A URL given from outside wins over the page's own.
        var options = HTMLOptions()
        options.url = "https://other.example/x"
        let given = try cleaner.clean(html: Self.page(#"<link rel="canonical" href="https://gazette.example/story">"#),
                                      options: options)
        #expect(!given.removals.map(\.rule).contains("gazette-promo"))
        #expect(given.siteHost == SiteHost(host: "other.example", source: "url"))
    }
}
