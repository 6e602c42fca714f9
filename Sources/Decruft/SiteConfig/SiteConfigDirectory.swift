import Foundation

/// A directory of FiveFilters site-config files, read lazily per host.
///
/// For a host, the most specific existing file applies — `HOST.txt`, then
/// `HOST.txt` without a leading `www.`, then `.PARENT.txt` for each parent
/// domain from the nearest up (`.example.com.txt` for `a.b.example.com`) —
/// followed by `global.txt`, whose rules apply to every host. Only those few
/// paths are looked at: the directory is never listed, so 2,000 files cost
/// nothing until a page of their host comes by. Files and hosts are cached.
public final class SiteConfigDirectory: SiteRuleProvider, @unchecked Sendable {
    // NB: `@unchecked Sendable`: the caches are only touched under `lock`.
    public let path: String
    /// Called once per file with its problems and unsupported directives.
    private let report: @Sendable (String) -> Void
    private let lock = NSLock()
    private var files: [String: SiteConfigFile?] = [:]
    private var hosts: [String: RuleSet?] = [:]

    public init(path: String, report: @escaping @Sendable (String) -> Void = { _ in }) {
        self.path = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        self.report = report
    }

    /// The site-config file names that could apply to `host`, most specific first.
    public static func candidates(forHost host: String) -> [String] {
        var names = [host + ".txt"]
        let bare = host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
        if bare != host { names.append(bare + ".txt") }
        var labels = host.split(separator: ".").map(String.init)
        while labels.count > 2 {
            labels.removeFirst()
            names.append("." + labels.joined(separator: ".") + ".txt")
        }
        return names
    }

    /// The files that apply to `host`: the most specific match, then `global.txt`.
    public func files(forHost host: String) -> [SiteConfigFile] {
        var result: [SiteConfigFile] = []
        if let match = Self.candidates(forHost: host).lazy.compactMap({ self.file(named: $0) }).first {
            result.append(match)
        }
        if let global = file(named: "global.txt") { result.append(global) }
        return result
    }

    public func rules(forHost host: String) -> RuleSet? {
        lock.lock()
        if let cached = hosts[host] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        let found = files(forHost: host)
        var rules: RuleSet?
        if !found.isEmpty {
            var merged = RuleSet()
            for file in found { merged.append(file.rules) }
            rules = merged
        }
        lock.lock()
        hosts[host] = rules
        lock.unlock()
        return rules
    }

    /// The parsed file `name` in the directory, or nil if there is none.
    private func file(named name: String) -> SiteConfigFile? {
        lock.lock()
        if let cached = files[name] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        let full = path + "/" + name
        var parsed: SiteConfigFile?
        if FileManager.default.isReadableFile(atPath: full) {
            let file = SiteConfigFile.load(full)
            for problem in file.problems { report("\(problem.description) (line ignored)") }
            if !file.unsupported.isEmpty {
                let list = file.unsupported.map { "\($0.directive) (line \($0.line))" }.joined(separator: ", ")
                report("\(full): unsupported directives ignored: \(list)")
            }
            parsed = file
        }
        lock.lock()
        files[name] = .some(parsed)
        lock.unlock()
        return parsed
    }

    /// Every `*.txt` file of the directory, parsed (for `rules check` and `rules test`).
    public static func all(in directory: String) -> [SiteConfigFile] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        return names.filter { $0.hasSuffix(".txt") }.sorted().map { SiteConfigFile.load(base + "/" + $0) }
    }
}
