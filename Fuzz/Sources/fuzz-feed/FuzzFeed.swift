import Decruft
import FuzzSupport

// An RSS 2.0, RSS 1.0 or Atom feed as `decruft --input feed --format jsonl`
// reads it: the hardened XML reader (no external entities, entity
// expansion measured), the RSS and Atom item readers, each item cleaned as
// HTML or text.

nonisolated(unsafe) let harness: BatchHarness = {
    var settings = BatchSettings()
    settings.format = .jsonl
    return BatchHarness(format: .feed, settings: settings)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    harness.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
