#if canImport(Glibc)
import Glibc
#endif

/// An unlinked file in `/dev/shm` (memory) that the fuzz input is written
/// to, so decruft's own readers (`DocumentReader`, `WARCReader`) read it by
/// path exactly as they read a file named on the command line, without
/// touching the disk and without leftovers when a run is killed.
// NB: not `memfd_create`: Swift's Glibc module does not declare it.
public final class MemoryFile {
    public let descriptor: Int32
    /// `/proc/self/fd/N`: opening it gives a fresh descriptor at offset 0.
    public let path: String

    public init(name: String) {
        let directory = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
        var template = Array("\(directory)/\(name)-XXXXXX".utf8CString)
        descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        precondition(descriptor >= 0, "mkstemp failed: errno \(errno)")
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        path = "/proc/self/fd/\(descriptor)"
    }

    deinit { close(descriptor) }

    /// Makes `bytes` the whole content of the file.
    public func replaceContents(with bytes: UnsafeBufferPointer<UInt8>) {
        precondition(ftruncate(descriptor, 0) == 0, "ftruncate failed: errno \(errno)")
        var written = 0
        while written < bytes.count {
            let n = pwrite(descriptor, bytes.baseAddress! + written, bytes.count - written, off_t(written))
            precondition(n > 0, "pwrite failed: errno \(errno)")
            written += n
        }
    }
}
