#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered writer on a file descriptor: one `write(2)` per 64 KiB.
///
/// A closed pipe (`decruft … | head`) surfaces as `IOFailure.brokenPipe`, so
/// the caller can stop quietly; `SIGPIPE` must be ignored (see `ignoreSIGPIPE`).
public final class OutputStream {
    private let fd: Int32
    private var buffer: [UInt8] = []
    public static let capacity = 64 * 1024

    public init(fd: Int32) {
        self.fd = fd
        buffer.reserveCapacity(OutputStream.capacity)
    }

    public static func ignoreSIGPIPE() {
        signal(SIGPIPE, SIG_IGN)
    }

    public func write(_ bytes: [UInt8]) throws(IOFailure) {
        if buffer.count + bytes.count > OutputStream.capacity { try flush() }
        if bytes.count >= OutputStream.capacity {
            try writeAll(bytes)
        } else {
            buffer += bytes
        }
    }

    public func write(_ text: String) throws(IOFailure) {
        try write(Array(text.utf8))
    }

    public func flush() throws(IOFailure) {
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        try writeAll(buffer)
    }

    private func writeAll(_ bytes: [UInt8]) throws(IOFailure) {
        var failure: Int32 = 0
        bytes.withUnsafeBufferPointer { p in
            var offset = 0
            while offset < p.count {
                let n = systemWrite(fd, p.baseAddress! + offset, p.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += n
            }
        }
        if failure == EPIPE { throw .brokenPipe }
        if failure != 0 { throw .writeFailed(reason: IOFailure.errnoText(failure)) }
    }
}

@inline(__always)
private func systemWrite(_ fd: Int32, _ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, p, n)
    #else
    return Darwin.write(fd, p, n)
    #endif
}
