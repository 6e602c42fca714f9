import Foundation
import Testing
@testable import Decruft

/// FiveFilters site-config parsing and host selection.
struct SiteConfigTests {
    @Test func candidateFilesMostSpecificFirst() {
        #expect(SiteConfigDirectory.candidates(forHost: "www.example.com")
            == ["www.example.com.txt", "example.com.txt", ".example.com.txt"])
        #expect(SiteConfigDirectory.candidates(forHost: "a.b.example.com")
            == ["a.b.example.com.txt", ".b.example.com.txt", ".example.com.txt"])
        #expect(SiteConfigDirectory.candidates(forHost: "example.com") == ["example.com.txt"])
    }

    @Test func directivesBecomeRules() {
        let file = SiteConfigFile(text: """
        # comment
        title: //h1
        body: //article
        strip: //aside
        strip_id_or_class: 'promo'
        dissolve: //span[@class='w']
        strip_attr: //p/@style
        find_string: <b>AD</b>
        replace_string: <i></i>
        replace_string(Sponsored: yes): sponsored
        prune: no
        next_page_link: //a[@rel='next']
        next_page_link: //a[@class='next']
        http_header(user-agent): x
        test_url: https://example.com/a
        test_contains: hello
        test_contains: world
        """, path: "dir/example.com.txt")
        #expect(file.problems.isEmpty, "\(file.problems)")
        #expect(file.rules.html.map(\.action) == [.title, .body, .strip, .strip, .dissolve, .stripAttr])
        #expect(file.rules.html[3].selector == .idOrClass("promo"))
        #expect(file.rules.html[1].prune == false)
        #expect(file.rules.html[2].origin == RuleOrigin(file: "dir/example.com.txt", line: 4))
        #expect(file.rules.replaces.map(\.replacement) == ["sponsored", "<i></i>"])
        #expect(file.rules.replaces.allSatisfy { $0.rawHTML && $0.literal })
        #expect(file.unsupported.map(\.directive) == ["next_page_link", "http_header"])
        #expect(file.tests.count == 1 && file.tests[0].contains == ["hello", "world"])
    }

    @Test func unknownDirectiveIsAProblemWithItsLine() {
        let file = SiteConfigFile(text: "body: //article\n\ntitl: //h1\n", path: "x.txt")
        #expect(file.problems.map(\.description) == ["x.txt:3:1: unknown directive 'titl'"])
        #expect(file.rules.html.count == 1)
    }

    @Test func hostFileThenGlobalApply() throws {
        let temp = try TempDirectory()
        _ = try temp.file("example.com.txt", "strip: //aside\n")
        _ = try temp.file(".example.org.txt", "strip: //nav\n")
        _ = try temp.file("global.txt", "strip_id_or_class: cookie\n")
        let directory = SiteConfigDirectory(path: temp.url.path)
        #expect(directory.rules(forHost: "www.example.com")?.html.map(\.origin.line) == [1, 1])
        #expect(directory.files(forHost: "news.example.org").map { $0.path.hasSuffix(".example.org.txt") } == [true, false])
        #expect(directory.files(forHost: "other.net").count == 1)
    }
}
