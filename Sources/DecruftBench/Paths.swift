import Foundation

/// Where the inputs are, when the command line does not say.
enum Paths {
    static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }

    /// The package this executable was built from: the nearest ancestor of
    /// the executable that holds a Package.swift (e.g. above .build/release).
    static var packageRoot: URL? {
        var directory = URL(fileURLWithPath: Subprocess.executablePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                return directory
            }
            directory.deleteLastPathComponent()
        }
        return nil
    }

    /// `--corpus`, else ./corpus, else the package's corpus.
    static func corpus(_ explicit: String?) throws(BenchError) -> String {
        try locate(explicit, relative: "corpus", fromPackage: "corpus", what: "corpus")
    }

    /// `--dataset`, else ../shared/eval/trafilatura-eval, else the same
    /// path relative to the package.
    static func dataset(_ explicit: String?) throws(BenchError) -> String {
        let relative = "../shared/eval/trafilatura-eval"
        return try locate(explicit, relative: relative, fromPackage: relative, what: "dataset")
    }

    /// ../shared/seeds, or the same path relative to the package; nil if neither exists.
    static func seeds() -> String? {
        try? locate(nil, relative: "../shared/seeds", fromPackage: "../shared/seeds", what: "seeds")
    }

    private static func locate(_ explicit: String?, relative: String, fromPackage: String,
                               what: String) throws(BenchError) -> String {
        if let explicit {
            guard isDirectory(explicit) else { throw BenchError("\(what) directory '\(explicit)' not found") }
            return explicit
        }
        if isDirectory(relative) {
            let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            return here.appendingPathComponent(relative).standardized.path
        }
        if let root = packageRoot {
            let candidate = root.appendingPathComponent(fromPackage).standardized.path
            if isDirectory(candidate) { return candidate }
        }
        throw BenchError("no \(what) directory: tried ./\(relative) and next to the package; pass --\(what) DIR")
    }
}
