import Decruft
// NB: DecruftArchive is not a product of the main package; it is built as a
// dependency of Decruft and importable from here.
import DecruftArchive
import FuzzSupport

// A gzip WARC file as `decruft --format jsonl FILE.warc.gz` reads it. An
// input that starts with the gzip magic is the file itself: mutations damage
// the gzip stream (truncated members, bad CRCs, odd splits). Any other input
// is a plain WARC compressed one member per record, as Common Crawl writes
// them, so mutations of the WARC structure reach the reader through zlib.

nonisolated(unsafe) let harness: BatchHarness = {
    var settings = BatchSettings()
    settings.format = .jsonl
    settings.maxBodyBytes = 256 << 10
    return BatchHarness(format: .warc, settings: settings, maxRecordBytes: 32 << 10)
}()

/// `plain` cut before every line that starts with `WARC/`, each piece a gzip member.
func membered(_ plain: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    let magic = Array("WARC/".utf8)
    var cuts = [0]
    var k = 1
    while k + magic.count <= plain.count {
        if plain[k - 1] == 0x0A, plain[k] == 0x57, Array(plain[k..<(k + magic.count)]) == magic { cuts.append(k) }
        k += 1
    }
    cuts.append(plain.count)
    var out: [UInt8] = []
    for (start, end) in zip(cuts, cuts.dropFirst()) where start < end {
        do {
            out += try Gzip.compress(Array(plain[start..<end]))
        } catch {
            fatalError("gzip compression failed: \(error)")
        }
    }
    return out
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    if size >= 2, data[0] == 0x1F, data[1] == 0x8B {
        harness.run(input)
    } else {
        membered(input).withUnsafeBufferPointer { harness.run($0) }
    }
    return 0
}
