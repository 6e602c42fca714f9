import Decruft
import FuzzSupport

// A plain WARC file as `decruft --input warc --format jsonl` reads it: the
// streaming record reader (resynchronisation after damage, size limits),
// HTTP responses (chunked transfer coding, gzip/deflate bodies, charset),
// each HTML response cleaned. Small record and body limits make the
// too-large paths reachable.

nonisolated(unsafe) let harness: BatchHarness = {
    var settings = BatchSettings()
    settings.format = .jsonl
    settings.maxBodyBytes = 256 << 10
    return BatchHarness(format: .warc, settings: settings, maxRecordBytes: 32 << 10)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    harness.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
