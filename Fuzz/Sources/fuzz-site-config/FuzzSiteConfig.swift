import Decruft
import FuzzSupport

// A FiveFilters site-config file as `--site-config DIR` reads it for a host
// (directives, XPath values, find/replace pairs, unsupported and unknown
// directives), then the fixture page cleaned on that host under its rules.

nonisolated(unsafe) let explained: BatchSettings = {
    var settings = BatchSettings()
    settings.format = .jsonl
    settings.explain = true
    settings.html.recordRemovals = true
    settings.html.url = Fixtures.url
    return settings
}()

nonisolated(unsafe) let siteRules = SwappableSiteRules()
nonisolated(unsafe) let recordCleaner = RecordCleaner(cleaner: Cleaner(siteRules: siteRules), settings: explained)
nonisolated(unsafe) let page = BatchItem.document(DocumentItem(input: BatchInput(index: 0, name: "page.html"), index: 0,
                                                               bytes: Fixtures.page, kind: .html))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let file = SiteConfigFile(text: decodedText(UnsafeBufferPointer(start: data, count: size)),
                              path: "site-config/\(Fixtures.host).txt")
    siteRules.current = file.rules
    let result = recordCleaner.process(page)
    Invariants.check(result, settings: explained, level: .characters, "fixture page under the fuzzed site config")
    return 0
}
