#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The inputs of a run: paths as given, with `--recursive` directories
/// expanded to the files under them.
public enum InputFiles {
    public struct Entry: Sendable, Equatable {
        /// The path to open.
        public var path: String
        /// For a file found under a `--recursive` directory: its path
        /// relative to that directory (for `--output-dir`); else nil.
        public var relativeName: String?
    }

    /// Expands `paths`: with `recursive`, a directory stands for every
    /// regular file below it, in byte order of their paths, skipping names
    /// that start with `.`; symbolic links to directories are followed once
    /// (a loop is not walked twice). Anything else is kept as given, so the
    /// reader reports a missing file or a directory without `--recursive`.
    public static func expand(_ paths: [String], recursive: Bool) -> [Entry] {
        var entries: [Entry] = []
        for path in paths {
            guard recursive, path != "-", isDirectory(path) else {
                entries.append(Entry(path: path, relativeName: nil))
                continue
            }
            var visited = Set<[UInt64]>()
            walk(path, relative: "", into: &entries, visited: &visited)
        }
        return entries
    }

    /// The size of a regular file, else 0.
    public static func size(of path: String) -> Int {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return 0 }
        return Int(info.st_size)
    }

    /// Whether `path` is a directory (or a symbolic link to one).
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func walk(_ directory: String, relative: String, into entries: inout [Entry], visited: inout Set<[UInt64]>) {
        var info = stat()
        guard stat(directory, &info) == 0 else { return }
        guard visited.insert([UInt64(info.st_dev), UInt64(info.st_ino)]).inserted else { return }
        guard let handle = opendir(directory) else {
            // Unreadable: let the reader report it by name.
            entries.append(Entry(path: directory, relativeName: relative.isEmpty ? nil : relative))
            return
        }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name.hasPrefix(".") { continue }
            names.append(name)
        }
        closedir(handle)
        names.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        for name in names {
            let path = base + name
            let relativeName = relative.isEmpty ? name : relative + "/" + name
            var child = stat()
            guard stat(path, &child) == 0 else {
                entries.append(Entry(path: path, relativeName: relativeName))
                continue
            }
            switch child.st_mode & S_IFMT {
            case S_IFDIR: walk(path, relative: relativeName, into: &entries, visited: &visited)
            case S_IFREG: entries.append(Entry(path: path, relativeName: relativeName))
            default: continue   // sockets, devices, FIFOs
            }
        }
    }
}
