import Decruft
import FuzzSupport

// One HTML page under the built-in rules, as `decruft --html FILE` cleans it
// (charset sniffing, sanitizer, SAX parse, extraction, filters). Odd-sized
// inputs run with `--format jsonl --explain` (the removal log and JSON
// writer), even-sized ones with `--comments --captions --no-title` as text.

nonisolated(unsafe) let explained: BatchHarness = {
    var settings = BatchSettings()
    settings.format = .jsonl
    settings.explain = true
    settings.html.recordRemovals = true
    return BatchHarness(format: .html, settings: settings)
}()

nonisolated(unsafe) let everything: BatchHarness = {
    var settings = BatchSettings()
    settings.html.includeComments = true
    settings.html.includeCaptions = true
    settings.html.includeTitle = false
    return BatchHarness(format: .html, settings: settings)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    (size % 2 == 1 ? explained : everything).run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
