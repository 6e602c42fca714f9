import Decruft
import FuzzSupport

// JSON Lines as `decruft --input jsonl --explain` reads them: the line
// reader, the RFC 8259 validator, field lookup (dotted URL paths), text and
// HTML records, the byte-for-byte rewrite. Checks: one valid JSON object
// per line out, a bad record is flagged and never lost, the cleaned field
// is canonical text.

nonisolated(unsafe) let harness: BatchHarness = {
    var settings = BatchSettings()
    settings.format = .jsonl
    settings.explain = true
    return BatchHarness(format: .jsonl, settings: settings, maxRecordBytes: 32 << 10)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    harness.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
