import Decruft
import FuzzSupport

// A rule file as `decruft --rules FILE` reads it: the TOML parser, rule
// validation (PCRE2 and XPath compilation, settings and their ranges),
// layering over the built-in rules. A file without errors then cleans the
// fixture text and page on the host its rules may be scoped to, so the
// rules' patterns, replacements and settings run. Only the layout of the
// output is checked: a user's [[replace]] may put any character back.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // As RuleSources.check: a file that is not UTF-8 is refused before parsing.
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) else { return 0 }
    let (loaded, errors) = RuleLoader.check(text, file: "fuzz.toml")
    guard errors.isEmpty else { return 0 }
    var rules = RuleLoader.defaults
    rules.merge(loaded)
    var configuration = Configuration(rules: rules)
    rules.filters.apply(to: &configuration)
    let cleaner = Cleaner(configuration: configuration)

    var out: [UInt8] = []
    CanonicalWriter.append(cleaner.clean(text: Fixtures.text, host: Fixtures.host).document, to: &out)
    Invariants.checkCanonical(out, level: .layout, "fixture text under the fuzzed rules")

    var options = HTMLOptions()
    options.url = Fixtures.url
    options.recordRemovals = true
    if let page = try? cleaner.clean(html: Fixtures.page, options: options) {
        out.removeAll()
        CanonicalWriter.append(page.document, to: &out)
        Invariants.checkCanonical(out, level: .layout, "fixture page under the fuzzed rules")
    }
    return 0
}
