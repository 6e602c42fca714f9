import Decruft
import FuzzSupport

// One HTML page on the host `Fixtures.htmlRulesTOML` is scoped to, cleaned
// under those rules: raw-HTML replacements, the second (tree) parse for
// XPath, the ordinal mapping between the two parses, strip / dissolve /
// body / title / strip_attr. Output as JSONL with the removal log.

nonisolated(unsafe) let harness: BatchHarness = {
    var settings = BatchSettings()
    settings.format = .jsonl
    settings.explain = true
    settings.html.recordRemovals = true
    settings.html.url = Fixtures.url
    let rules = Fixtures.rules(Fixtures.htmlRulesTOML, file: "fuzz-html-rules.toml")
    return BatchHarness(format: .html, cleaner: Cleaner(configuration: Configuration(rules: rules)), settings: settings)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    harness.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
