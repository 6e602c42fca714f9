// swift-tools-version:6.0
// Fuzz targets for decruft: one libFuzzer executable per input path. A
// separate package, so the main package's build is unaffected; `run.sh`
// builds it with the fuzzer and address sanitizers and runs each target.
import PackageDescription

/// The fuzz targets, each `Sources/fuzz-NAME/`: what decruft reads from outside.
let targets = [
    "text",         // plain text documents (form-feed separated), as the CLI reads them
    "html",         // one HTML page, default rules
    "html-rules",   // one HTML page under XPath / id_or_class / raw-HTML rules
    "jsonl",        // JSON Lines records (text and HTML fields)
    "feed",         // RSS 2.0 / RSS 1.0 / Atom feeds
    "warc",         // plain WARC files
    "warc-gzip",    // gzip WARC files (raw gzip bytes, or plain WARC compressed member by member)
    "toml-rules",   // rule files (TOML), then a cleaning run under the rules they give
    "site-config",  // FiveFilters site-config files, then a page cleaned under them
]

let package = Package(
    name: "decruft-fuzz",
    dependencies: [
        // NB: named, so the product reference below does not depend on the
        // name of the directory the repository is checked out in.
        .package(name: "decruft", path: ".."),
    ],
    targets: [
        .target(
            name: "FuzzSupport",
            dependencies: [.product(name: "Decruft", package: "decruft")]
        ),
    ] + targets.map { name in
        .executableTarget(
            name: "fuzz-\(name)",
            dependencies: ["FuzzSupport", .product(name: "Decruft", package: "decruft")],
            // The entry point is libFuzzer's main, which calls our
            // @_cdecl("LLVMFuzzerTestOneInput"): no Swift main.
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    }
)
