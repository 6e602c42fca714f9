import Decruft

#if canImport(Glibc)
import Glibc
#endif

/// `-o FILE`: standard output goes to a hidden temporary file beside FILE
/// (`.FILE.decruft-tmp-PID`, as for `--output-dir`), renamed to FILE once
/// the run has written everything. A killed run, or one that could not
/// write, leaves FILE as it was, so FILE may also be one of the inputs.
final class OutputFile {
    let path: String
    let temporary: String
    /// Set when everything was written: `finish` then renames.
    var complete = false

    /// Creates the temporary file and makes it standard output.
    init(path: String) throws(IOFailure) {
        self.path = path
        temporary = OutputFiles.temporaryPath(for: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .writeFailed(reason: "\(temporary): \(OutputFile.errnoText())") }
        defer { close(fd) }
        guard dup2(fd, 1) >= 0 else {
            let reason = OutputFile.errnoText()
            unlink(temporary)
            throw .writeFailed(reason: "\(temporary): \(reason)")
        }
    }

    /// Gives the file its name when `complete`, else removes it.
    func finish() throws(IOFailure) {
        guard complete else {
            unlink(temporary)
            return
        }
        guard rename(temporary, path) == 0 else {
            let reason = OutputFile.errnoText()
            unlink(temporary)
            throw .writeFailed(reason: "\(path): \(reason)")
        }
    }

    static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
