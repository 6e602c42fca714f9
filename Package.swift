// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "decruft",
    products: [
        .library(name: "Decruft", targets: ["Decruft"]),
        .executable(name: "decruft", targets: ["DecruftCLI"]),
        .executable(name: "decruft-bench", targets: ["DecruftBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C libraries from the system (Debian: libxml2-dev, libpcre2-dev).
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]
        ),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // The only module that imports libxml2.
        .target(name: "DecruftLibXML", dependencies: ["CLibXML2"]),
        // The only module that imports PCRE2.
        .target(name: "DecruftRegex", dependencies: ["CPCRE2"]),
        // The only module that imports zlib: streaming WARC reader, HTTP responses.
        .target(name: "DecruftArchive", dependencies: ["CZlib"]),
        // A TOML 1.0 parser that keeps line:column for every key and value.
        .target(name: "TOML"),
        // Pure Swift: document model, filters, rules, writers.
        .target(
            name: "Decruft",
            dependencies: ["DecruftLibXML", "DecruftRegex", "DecruftArchive", "TOML"],
            // Resources/default.toml links to rules/default.toml: the shipped
            // rules are compiled into the binary.
            resources: [.embedInCode("Resources/default.toml")]
        ),
        // The thin command-line front end.
        .executableTarget(
            name: "DecruftCLI",
            dependencies: [
                "Decruft",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Release-mode benchmarks: `swift run -c release decruft-bench`.
        .executableTarget(name: "DecruftBench", dependencies: ["Decruft", "DecruftLibXML"]),
        .testTarget(name: "TOMLTests", dependencies: ["TOML"]),
        .testTarget(name: "DecruftTests", dependencies: ["Decruft", "DecruftRegex", "DecruftLibXML", "DecruftArchive", "DecruftCLI"]),
    ]
)
