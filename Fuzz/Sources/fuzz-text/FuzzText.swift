#if canImport(Glibc)
import Glibc
#endif
import Decruft
import FuzzSupport

// Plain text as `decruft FILE` reads it: documents split at form-feed lines,
// invalid UTF-8 repaired, each cleaned by the default pipeline. Checks: the
// output is canonical text; with DECRUFT_FUZZ_IDEMPOTENCE=1 also that
// cleaning it again changes nothing (README "Canonical text").
// NB: the idempotence check is opt-in while the first thing it found is
// open: repeated-block keeps a block that occurs three or more times apart,
// counting copies the same pass removes inside repeated runs, so a second
// pass sees two copies and removes one (README "Fuzzing").

nonisolated(unsafe) let harness = BatchHarness(format: .text, settings: BatchSettings())
let checkIdempotence = getenv("DECRUFT_FUZZ_IDEMPOTENCE").map { String(cString: $0) == "1" } ?? false

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    harness.run(UnsafeBufferPointer(start: data, count: size)) { item, result in
        guard checkIdempotence, case .document = item, let output = result.payload, result.outcome == .cleaned else { return }
        let again = output.withUnsafeBufferPointer { harness.recordCleaner.cleaner.clean(utf8: $0) }
        var second: [UInt8] = []
        CanonicalWriter.append(again.document, to: &second)
        if second != output {
            fatalError("""
                decruft invariant broken: cleaning is not idempotent
                --- first output ---
                \(String(decoding: output.prefix(3000), as: UTF8.self))
                --- cleaned again ---
                \(String(decoding: second.prefix(3000), as: UTF8.self))
                """)
        }
    }
    return 0
}
