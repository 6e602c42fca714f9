// swift-tools-version:6.0
// An example of decruft as a Swift package dependency: CI builds and runs it.
// In your own package, depend on the repository instead of the path:
//   .package(url: "https://github.com/OWNER/decruft", from: "…")
import Foundation
import PackageDescription

// The repository root, two levels up. SwiftPM names a path dependency after
// its directory, which is whatever the clone was called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let package = Package(
    name: "CleanArticle",
    dependencies: [
        .package(path: root.path),
    ],
    targets: [
        .executableTarget(
            name: "CleanArticle",
            dependencies: [.product(name: "Decruft", package: root.lastPathComponent.lowercased())]
        ),
    ]
)
