import Foundation
import Testing
@testable import Decruft
@testable import DecruftLibXML

/// User XPath under a fixed budget: string values metered, unions linear,
/// what cannot be metered refused when the rule is loaded.
struct XPathBudgetTests {
    /// A page of about 1.3 MB: 7,000 short sections, one in 25 with a
    /// share bar, one in 40 an advertisement.
    static let sections = bigPage.components(separatedBy: "<div class=\"section").count - 1
    static let bigPage: String = {
        var html = "<html><head><title>Harbour plan</title></head><body><article><h1>Harbour plan approved</h1>"
        var k = 0
        while html.utf8.count < 1_300_000 {
            let share = k % 25 == 0 ? " share-bar" : ""
            let ad = k % 40 == 0 ? "Advertisement" : "The council approved the harbour plan after a long debate, officials said on Tuesday \(k)."
            html += "<div class=\"section c\(k % 50)\(share)\"><p>\(ad)</p><span>note \(k)</span></div>\n"
            k += 1
        }
        return html + "</article></body></html>"
    }()

    func clean(_ toml: String, page: String) throws -> CleanResult {
        var rules = RuleLoader.defaults
        rules.merge(try RuleLoader.parse(toml, file: "page.toml"))
        var options = HTMLOptions()
        options.recordRemovals = true
        return try Cleaner(configuration: Configuration(rules: rules)).clean(html: Array(page.utf8), options: options)
    }

    func document(_ page: String) throws -> XPathDocument {
        try Array(page.utf8).withUnsafeBufferPointer { p throws(HTMLParseError) in try XPathDocument(utf8: p) }
    }

    // MARK: - The issue's reproducers

    @Test func pageWideStringValuesInPredicatesAreSkippedWithAWarning() throws {
        #expect(Self.bigPage.utf8.count >= 1_300_000)
        let result = try clean("""
        [[strip]]
        id = "whole-page-contains"
        xpath = "//*[contains(string(/), 'zzzz')]"

        [[strip]]
        id = "whole-page-thrice"
        xpath = "//*[string-length(concat(string(/),string(/),string(/))) = 1]"

        [[strip]]
        id = "share"
        xpath = "//div[contains(@class,'share')]"

        [[strip]]
        id = "ads"
        xpath = "//p[contains(., 'Advertisement')]"
        """, page: Self.bigPage)
        for (id, line) in [("whole-page-contains", 1), ("whole-page-thrice", 5)] {
            #expect(result.warnings.contains {
                $0.hasPrefix("rule '\(id)' (page.toml:\(line)):") && $0.contains("MiB of text") && $0.hasSuffix("rule skipped")
            }, "\(result.warnings)")
        }
        // The ordinary rules ran, and said nothing.
        #expect(!result.warnings.contains { $0.contains("'share'") || $0.contains("'ads'") })
        let byRule = Dictionary(grouping: result.removals.filter { $0.reason == "strip" }, by: { $0.rule ?? "" })
        #expect(Self.sections > 6_000)
        // A share bar's paragraph and note; the advertisements outside them.
        let shareBars = (Self.sections + 24) / 25, ads = (Self.sections + 39) / 40, adsInBars = (Self.sections + 199) / 200
        #expect(byRule["share"]?.count == 2 * shareBars)
        #expect(byRule["ads"]?.count == ads - adsInBars)
        #expect(byRule["whole-page-contains"] == nil && byRule["whole-page-thrice"] == nil)
        #expect(!CanonicalWriter.text(result.document).contains("Advertisement"))
        #expect(CanonicalWriter.text(result.document).contains("officials said on Tuesday 1."))
    }

    @Test func textReadThroughAnAncestorIsCharged() throws {
        let tree = try document(Self.bigPage)
        #expect(throws: XPathError.textBudget(expression: "//span[contains(ancestor::body, 'zzzz')]", limit: XPathDocument.defaultTextBudget)) {
            try tree.elements("//span[contains(ancestor::body, 'zzzz')]")
        }
        // A comparison reads every node of its node set.
        #expect(throws: XPathError.textBudget(expression: "//span[ancestor::* = 'x']", limit: XPathDocument.defaultTextBudget)) {
            try tree.elements("//span[ancestor::* = 'x']")
        }
        // The same text once is fine.
        #expect(try tree.string("string-length(normalize-space(//body))").map { Int($0)! } ?? 0 > 600_000)
    }

    @Test func aSmallBudgetStopsAnOrdinaryRuleOnTheSamePage() throws {
        let small = try Array(Self.bigPage.utf8).withUnsafeBufferPointer { p throws(HTMLParseError) in
            try XPathDocument(utf8: p, textBudget: 100_000)
        }
        #expect(throws: XPathError.textBudget(expression: "//p[. = 'Advertisement']", limit: 100_000)) {
            try small.elements("//p[. = 'Advertisement']")
        }
        #expect(try document(Self.bigPage).elements("//p[. = 'Advertisement']").count == (Self.sections + 39) / 40)
    }

    @Test func deepNestingCannotMultiplyTheText() throws {
        // Each div's string value holds the text of every div below it: 200
        // levels of 100 bytes make 2 MB of string values for `.`.
        // (libxml2's tree stops at depth 256.)
        let depth = 200
        let level = "<div>word " + String(repeating: "x", count: 95)
        let page = "<html><body>" + String(repeating: level, count: depth) + String(repeating: "</div>", count: depth) + "</body></html>"
        let tree = try Array(page.utf8).withUnsafeBufferPointer { p throws(HTMLParseError) in
            try XPathDocument(utf8: p, textBudget: 1 << 20)
        }
        #expect(throws: XPathError.textBudget(expression: "//div[contains(., 'zzzz')]", limit: 1 << 20)) {
            try tree.elements("//div[contains(., 'zzzz')]")
        }
        #expect(try tree.elements("//div[contains(text(), 'word')]").count == depth)
    }

    // MARK: - Unions

    @Test func unionsKeepTheirNodesAndOrder() throws {
        let tree = try document(Self.bigPage)
        let all = try tree.elements("//*").count
        // libxml2 2.9 merges pairwise: 33,000 × 33,000 comparisons; ours is linear.
        #expect(try tree.string("count(//* | //*)") == "\(all)")
        #expect(try tree.string("count(//p | //span | //p)") == "\(try tree.elements("//p").count + tree.elements("//span").count)")
        #expect(try tree.string("name((//span | //h1)[1])") == "h1")
    }

    // MARK: - The metered form

    @Test(arguments: [
        ("//p", "//p"),
        ("//p[contains(., 'Ad')]", "//p[contains(decruft-string(.), 'Ad')]"),
        ("//div[contains(@class,'share')]", "//div[contains(decruft-string(@class),'share')]"),
        ("//p[. = 'Ad']", "//p[decruft-strings(.) = 'Ad']"),
        ("//p[normalize-space() = 'Ad']", "//p[normalize-space(decruft-string(.)) = 'Ad']"),
        ("//a | //b[1]", "decruft-union(//a , //b[1])"),
        ("(//a|//b)[last()]", "(decruft-union(//a,//b))[last()]"),
        ("//p[string-length(a|b) > 3]", "//p[string-length(decruft-string(decruft-union(a,b))) > 3]"),
        ("sum(//td) div count(//td)", "sum(decruft-strings(//td)) div count(//td)"),
        ("//p[-@n > 2 * @m]", "//p[-decruft-string(@n) > 2 * decruft-string(@m)]"),
        ("//p[position() = last() - 1]", "//p[position() = last() - 1]"),
        ("//p[count(.//a) * 2 > count(.//text())]", "//p[count(.//a) * 2 > count(.//text())]"),
        ("//*[@id='x']/following-sibling::*[1][self::div and @class='y']",
         "//*[decruft-strings(@id)='x']/following-sibling::*[1][self::div and decruft-strings(@class)='y']"),
    ])
    func meteredForm(expression: String, metered: String) throws {
        #expect(try XPathMeter.metered(expression) == metered)
    }

    /// Metering never changes what an expression selects.
    @Test func meteredExpressionsSelectTheSameNodes() throws {
        let page = HTMLRuleTests.page.replacingOccurrences(of: "</body>", with: """
            <table><tr><td>3</td><td>4</td></tr></table><footer><p>Footer</p></footer><div class="tail">after</div>
            <img src="a.jpg?q=20"><img alt="no source"><ul lang="fr"><li>un</li><li> deux </li></ul></body>
            """)
        let tree = try document(page)
        let expressions = [
            "//p", "//p[contains(., 'harbour')]", "//div[contains(@class, 'promo')]", "//p[@class = 'aside-note']",
            "//*[@id='other'] | //nav", "//footer/self::footer | //footer/following-sibling::*", "(//p | //h1)[2]",
            "//div[@class='story']//p[not(contains(., 'newsletter'))]", "//p[string-length(normalize-space()) > 100]",
            "//p[starts-with(normalize-space(.), 'Officials')]", "//td[. > 3]", "//tr[sum(td) = 7]", "//td[number() = 4]",
            "//p[substring-before(., ' ') = 'The']", "//p[substring(., 1, 3) = 'Res']", "//li[normalize-space() = 'deux']",
            "//*[translate(name(), 'DIV', 'div') = 'div'][last()]", "//img[contains(@src, '?q=20') or not(@src)]",
            "//p[.//text() = 'Footer']/parent::*", "//*[string(@lang)]/li[2]", "//footer[p = 'Footer' or span]",
            "//body/*[floor(count(*) div 2) >= 1]", "//p[concat(@class, '-x') = 'aside-note-x']", "//*[-count(p) < -1]",
            "//p[ancestor::div[@class = 'story']][position() mod 2 = 1]", "//h1 | //title | //nav",
            "//*[local-name() = 'td' and . = '3']", "//p[contains(substring-after(., 'the '), 'spring')]",
        ]
        for expression in expressions {
            tree.meters = false
            let plain = try tree.elements(expression)
            tree.meters = true
            #expect(try tree.elements(expression) == plain, "\(expression)")
            #expect(!plain.isEmpty, "\(expression) selects nothing")
        }
        for expression in ["string(//h1)", "concat(//title, ':', count(//p))", "normalize-space(//nav)", "sum(//td) * 2"] {
            tree.meters = false
            let plain = try tree.string(expression)
            tree.meters = true
            #expect(try tree.string(expression) == plain, "\(expression)")
        }
    }

    // MARK: - Refused when loaded

    @Test(arguments: [
        ("//p[. = $word]", "variable $word"),
        ("//p[lang('en')]", "lang()"),
        ("//p[contains(., .)]", "argument 2 of contains() reads the page"),
        ("//p[substring-after(., string(//h1))]", "argument 2 of substring-after() reads the page"),
        ("//p[translate(., @from, 'x') = 'x']", "argument 2 of translate() reads the page"),
        ("id(//a/@href)", "argument 1 of id() reads the page"),
        ("//p[matches(., 'x')]", "matches(), which is not an XPath 1.0 function"),
        ("//p[decruft-string(.)]", "decruft-string(), which is not an XPath 1.0 function"),
        ("//p[contains(.)]", "contains() takes 2 arguments, not 1"),
        ("//p[concat('a')]", "concat() takes at least 2 arguments, not 1"),
    ])
    func unmeterableXPathIsARuleError(expression: String, reason: String) {
        let toml = """
        [[strip]]
        id = "mine"
        xpath = "\(expression)"
        """
        #expect(throws: RuleError.self) { try RuleLoader.parse(toml, file: "mine.toml") }
        let error = RuleLoader.check(toml, file: "mine.toml").errors.first
        #expect(error?.file == "mine.toml" && error?.line == 3 && error?.ruleID == "mine")
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "no error")")
    }

    @Test func constantNeedlesAndOrdinarySelectorsAreAccepted() {
        for expression in ["//p[contains(., concat('Adver', 'tisement'))]", "//p[translate(., 'ABC', 'abc') = 'x']",
                           "id('main')//p", "//a[contains(@href, \"utm_\")]", "//div[@class = 'a' or @id = 'b']/p[1]",
                           "//*[starts-with(@id, 'ad-')]", "//meta[@property='og:title']/@content", "/html/body/div[2]",
                           "//p[number(@data-n) mod 2 = 0]", "//processing-instruction('x') | //comment()",
                           // Selectors as people write them.
                           "//div[@class='left']/../../following-sibling::tr[position()=1]/td/div",
                           ".//p[@class=\"head\"]/following-sibling::p[1]/strong/text()", "//label[text()='Имя']/following-sibling::input",
                           "//li[string-length(normalize-space(following-sibling::node()[1])) = 0]",
                           "//td[contains(translate(normalize-space(.), 'ABCÁÉ', 'abcáé'), 'x')]/following-sibling::td//input[1]",
                           "//tr/td[a/text() = 'x']/following-sibling::td[text() = 'y']", "//p[contains(strong, 'Read') and a]",
                           "//li[position() > 3 and position() <= 10]", "//p[.5 < 1 and 1.5 * 2 = 3]", "//div[@data-x - 1 > 0]",
                           "//*[local-name()='svg']", "(//h2)[last()]", "//text()[normalize-space()]", "//*[@*]", "/descendant::p[3]",
                           "//div[mod]", "//div[div div 2]", "//and | //or", "//p[last()-1]", "//div[-1 = -@x]", "//*[self::h1 or self::h2][1]",
                           "child :: div / attribute :: * [ . != '' ]", "//a[@href][not(starts-with(@href, '#'))]",
                           "//div[@id='main']//p[not(ancestor::blockquote)][position() < 3]", "count(//p) > 2", "-(-2) * 3"] {
            #expect(XPath.validate(expression) == nil, "\(expression): \(XPath.validate(expression)?.description ?? "")")
        }
    }

    @Test func syntaxThatLibxml2RejectsKeepsItsMessage() {
        guard case .invalid? = XPath.validate("//div[@class='x'") else {
            Issue.record("an unclosed predicate must be invalid")
            return
        }
    }
}
