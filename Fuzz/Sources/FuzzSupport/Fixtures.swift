import Decruft

/// The fixed half of the targets whose fuzzed half is a rule file (a page
/// and a text to clean under the rules) or a page (the rules it is cleaned
/// under).
public enum Fixtures {
    /// The host site-scoped rules name, and a URL on it.
    public static let host = "fuzz.example"
    public static let url = "https://fuzz.example/2024/harbour-plan"

    /// HTML rules of every kind (XPath and id_or_class strip, dissolve,
    /// body with and without pruning, title, strip_attr, raw-HTML replace)
    /// plus a site-scoped text rule: the rules `html-rules` cleans pages under.
    public static let htmlRulesTOML = """
        [[body]]
        id = "fz-body-story"
        xpath = "//div[@id='story']"
        prune = false
        sites = ["fuzz.example"]

        [[body]]
        id = "fz-body"
        xpath = "//article | //div[@class='article-text'] | //*[@itemprop='articleBody']"
        sites = ["fuzz.example"]

        [[title]]
        id = "fz-title"
        xpath = "//h1[1] | //meta[@property='og:title']/@content"
        sites = ["fuzz.example"]

        [[strip]]
        id = "fz-promo"
        xpath = "//div[contains(@class, 'promo')] | //aside//p | //table[@class='ad'] | //p[last()][starts-with(., 'Read')]"
        sites = ["fuzz.example"]

        [[strip]]
        id = "fz-newsletter"
        id_or_class = "newsletter"

        [[dissolve]]
        id = "fz-wrappers"
        xpath = "//span[@class='wrapper'] | //div[@class='inner'] | //a[not(@href)]"
        sites = ["fuzz.example"]

        [[strip_attr]]
        id = "fz-attrs"
        xpath = "//p/@hidden | //div/@class | //*/@aria-hidden | //section/@style"
        sites = ["fuzz.example"]

        [[replace]]
        id = "fz-advertorial"
        text = "<p>ADVERTORIAL:"
        replacement = '<p class="newsletter">'
        raw_html = true

        [[replace]]
        id = "fz-raw-pattern"
        pattern = '<(/?)font\\b[^>]*>'
        replacement = "<$1span>"
        raw_html = true
        sites = ["fuzz.example"]

        [[drop]]
        id = "fz-sponsor"
        pattern = '^Sponsored by '
        sites = ["fuzz.example"]
        """

    /// A page with something for every kind of rule to act on.
    public static let page: [UInt8] = Array("""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Harbour plan approved | Coast Daily</title>
        <meta property="og:title" content="Harbour plan approved"></head>
        <body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
        <div class="inline-promo"><p>Subscribe for one euro</p></div>
        <article><h1 class="headline">Harbour plan approved</h1>
        <p class="byline">By A. Writer</p>
        <div class="article-text"><span class="wrapper"><p>The council approved the new harbour plan on Tuesday after a debate that ran late into the night.</p></span>
        <p hidden>Officials said the plan would protect the old town from winter storms, while opening space for ferries.</p>
        <p>ADVERTORIAL: Harbour Bank loans for every boat.</p>
        <div class="newsletter-box"><p>Sign up for our newsletter</p></div>
        <p>Sponsored by Harbour Bank.</p>
        <figure><img src="a.jpg"><figcaption>The harbour at dawn. Photo: Coast Daily</figcaption></figure>
        <p>Residents raised concerns about noise during the works, which are due to start in the spring.</p>
        <p>Also, see:</p><p><a href="/b">Ferry timetable changes next month</a></p>
        </div></article>
        <aside class="sidebar"><h3>Most read</h3><ul><li><a href="/c">Storm hits the coast</a></li></ul></aside>
        <footer>Copyright 2026 Coast Daily. All rights reserved.</footer></body></html>
        """.utf8)

    /// A text with cruft for every text filter.
    public static let text = """
        Harbour plan approved after long debate

        Harbour plan approved after long debate

        The council approved the new harbour plan on Tuesday after a debate that ran late into the night, and the first works are due to start in the spring.

        Officials said the plan would protect the old town from winter storms while opening space for ferries.

        Sponsored by Harbour Bank.

        Share this article on Facebook

        Also, see:

        Ferry timetable changes next month

        Topics #featured #trending harbour

        The post Harbour plan approved after long debate appeared first on Coast Daily.
        """

    /// The parsed `htmlRulesTOML` layered over the built-in rules, as
    /// `--rules` would give them.
    public static func rules(_ toml: String, file: String) -> RuleSet {
        var rules = RuleLoader.defaults
        do {
            rules.merge(try RuleLoader.parse(toml, file: file))
        } catch {
            fatalError("fixture rule file does not load: \(error)")
        }
        return rules
    }
}

/// Site rules given directly (a site-config file parsed from memory) and
/// swapped between inputs, applied to every host; so one `Cleaner` serves
/// every input.
// NB: the text pipeline the cleaner caches per host does not depend on
// site-config rules (they are HTML rules and raw-HTML replacements, read per
// page), so a pipeline cached under an earlier input's rules is the same.
public final class SwappableSiteRules: SiteRuleProvider, @unchecked Sendable {
    // NB: `@unchecked Sendable`: a fuzz target runs on one thread.
    public var current = RuleSet()

    public init() {}

    public func rules(forHost host: String) -> RuleSet? { current }
}
