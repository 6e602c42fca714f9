import Foundation

/// Which sites a rule applies to (`sites = [...]` in a rule file).
///
/// Matching follows the FiveFilters site-config convention:
/// - `example.com` matches the host `example.com` and `www.example.com`;
/// - `.example.com` (leading dot) matches every subdomain at any depth
///   (`news.example.com`, `a.b.example.com`), not `example.com` itself.
///
/// An empty scope applies everywhere, also when the host is unknown; a
/// scoped rule never applies to a document whose host is unknown.
public struct SiteScope: Sendable, Hashable, CustomStringConvertible {
    /// Lowercased patterns as written.
    public private(set) var patterns: [String]

    public init(_ patterns: [String] = []) {
        self.patterns = patterns.map { $0.lowercased() }
    }

    public static let everywhere = SiteScope()

    public var isEverywhere: Bool { patterns.isEmpty }

    public func matches(host: String?) -> Bool {
        if patterns.isEmpty { return true }
        guard let host else { return false }
        return patterns.contains { SiteScope.matches(pattern: $0, host: host) }
    }

    static func matches(pattern: String, host: String) -> Bool {
        if pattern.hasPrefix(".") {
            return host.hasSuffix(pattern) && host.count > pattern.count
        }
        return host == pattern || host == "www." + pattern
    }

    /// Why `pattern` is not a valid site pattern, or nil.
    static func problem(_ pattern: String) -> String? {
        if pattern.isEmpty || pattern == "." { return "a site must not be empty" }
        if pattern.contains("/") || pattern.contains(":") {
            return "a site is a host name such as 'example.com', not a URL ('\(pattern)')"
        }
        if pattern.contains(where: { $0 == " " || $0 == "*" }) {
            return "a site is a host name; use a leading dot ('.example.com') for subdomains, not '\(pattern)'"
        }
        return nil
    }

    public var description: String { patterns.isEmpty ? "*" : patterns.joined(separator: ",") }
}

/// The host of a URL, lowercased, without port, user or trailing dot.
public enum URLHost {
    /// `https://User@News.Example.com:8080/x` → `news.example.com`; a bare
    /// `example.com/path` is taken as a host too. nil when there is none.
    public static func of(_ url: String) -> String? {
        var rest = Substring(url.trimmingSpaces())
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if rest.hasPrefix("[") { return nil }   // IPv6 literals have no site rules
        if let colon = rest.firstIndex(of: ":") { rest = rest[..<colon] }
        while rest.hasSuffix(".") { rest = rest.dropLast() }
        let host = rest.lowercased()
        return host.isEmpty ? nil : host
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
