import Foundation

/// Where rules come from, in the order they layer (later wins):
/// built-in defaults → the user's config directory (`$XDG_CONFIG_HOME/decruft/*.toml`,
/// else `~/.config/decruft/*.toml`) → each `--rules FILE_OR_DIR` in order.
/// A directory contributes its `*.toml` files in name order.
public struct RuleSources: Sendable {
    public var useDefaults = true
    /// The user's config directory; nil for none.
    public var userDirectory: String?
    /// `--rules` arguments, in order.
    public var paths: [String] = []

    public init(useDefaults: Bool = true, userDirectory: String? = RuleSources.userDirectory(), paths: [String] = []) {
        self.useDefaults = useDefaults
        self.userDirectory = userDirectory
        self.paths = paths
    }

    /// `$XDG_CONFIG_HOME/decruft`, or `$HOME/.config/decruft`.
    public static func userDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/decruft" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.config/decruft" }
        return nil
    }

    /// The rule files to read, in layering order (defaults not included).
    public func files() -> (files: [String], errors: [RuleError]) {
        var files: [String] = []
        var errors: [RuleError] = []
        if let userDirectory, RuleSources.isDirectory(userDirectory) {
            files += RuleSources.tomlFiles(in: userDirectory)
        }
        for path in paths {
            if RuleSources.isDirectory(path) {
                files += RuleSources.tomlFiles(in: path)
            } else if FileManager.default.fileExists(atPath: path) {
                files.append(path)
            } else {
                errors.append(RuleError(file: path, line: 0, column: 0, message: "no such rule file or directory"))
            }
        }
        return (files, errors)
    }

    /// The merged rule set and every problem in every file. A file with
    /// errors still contributes its valid rules (callers usually stop on errors).
    public func load() -> (rules: RuleSet, errors: [RuleError]) {
        var rules = useDefaults ? RuleLoader.defaults : RuleSet()
        let (files, missing) = files()
        var errors = missing
        for file in files {
            let (loaded, problems) = RuleSources.check(file: file)
            rules.merge(loaded)
            errors += problems
        }
        return (rules, errors)
    }

    /// Reads and checks one rule file.
    public static func check(file: String) -> (rules: RuleSet, errors: [RuleError]) {
        guard let data = FileManager.default.contents(atPath: file) else {
            return (RuleSet(), [RuleError(file: file, line: 0, column: 0, message: "cannot read the file")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return (RuleSet(), [RuleError(file: file, line: 0, column: 0, message: "not valid UTF-8")])
        }
        return RuleLoader.check(text, file: file)
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// `*.toml` files directly in `directory`, sorted by name (byte order).
    static func tomlFiles(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        return names.filter { $0.hasSuffix(".toml") && !$0.hasPrefix(".") }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .map { base + "/" + $0 }
    }
}
