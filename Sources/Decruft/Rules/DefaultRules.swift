/// The shipped rule file, embedded at build time from `rules/default.toml`
/// (through the `Resources/default.toml` link) so the binary needs no files.
enum DefaultRules {
    static let text = String(decoding: PackageResources.default_toml, as: UTF8.self)
}
