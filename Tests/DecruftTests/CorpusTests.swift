import Foundation
import Testing

/// Runs every case under `corpus/` through the real `decruft` binary.
///
/// A case is a directory holding `input.txt`, `input.html`, `input.jsonl`
/// or `input.xml` (a feed), `expected.txt` (standard output)
/// and optionally `args` (extra command-line flags, one per line; `{case}`
/// stands for the case directory). The test fails with a readable line diff.
struct CorpusTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func cases() -> [String] {
        let corpus = root.appendingPathComponent("corpus")
        guard let walker = FileManager.default.enumerator(atPath: corpus.path) else { return [] }
        var found: [String] = []
        for case let path as String in walker where path.hasSuffix("/expected.txt") {
            found.append(String(path.dropLast("/expected.txt".count)))
        }
        return found.sorted()
    }

    @Test("corpus case", arguments: cases())
    func corpusCase(_ name: String) throws {
        let dir = Self.root.appendingPathComponent("corpus").appendingPathComponent(name)
        let fm = FileManager.default
        let input = ["input.txt", "input.html", "input.jsonl", "input.xml"].map { dir.appendingPathComponent($0) }
            .first { fm.fileExists(atPath: $0.path) }
        let inputURL = try #require(input, "\(name): no input.txt, input.html, input.jsonl or input.xml")
        var arguments: [String] = []
        if let args = try? String(contentsOf: dir.appendingPathComponent("args"), encoding: .utf8) {
            arguments = args.split(separator: "\n").map {
                $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "{case}", with: dir.path)
            }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        }
        // NB: run in the case directory with the input's bare name, so that
        // `source` fields and messages do not depend on where the checkout
        // is; --quiet: a record input's summary line carries a timing.
        let run = try Binary.run(arguments + ["--quiet", inputURL.lastPathComponent], directory: dir)
        #expect(run.status == 0, "\(name): exit \(run.status): \(run.stderr)")
        let expected = try String(contentsOf: dir.appendingPathComponent("expected.txt"), encoding: .utf8)
        // NB: bytes, not `==`, which treats NFC and NFD text as equal.
        let differs = !run.stdout.utf8.elementsEqual(expected.utf8)
        let report = "\(name): output differs from expected.txt\n\(LineDiff.render(expected: expected, actual: run.stdout))"
        let knownIssue = dir.appendingPathComponent("known-issue.md")
        if fm.fileExists(atPath: knownIssue.path) {
            // A documented extraction weakness: the case must still fail, so
            // that fixing it forces the known-issue note to go.
            withKnownIssue("\(name): see known-issue.md") {
                if differs { Issue.record(Comment(rawValue: report)) }
            }
        } else if differs {
            Issue.record(Comment(rawValue: report))
        }
        // Idempotence on the real binary: cleaning the output changes nothing.
        if !arguments.contains("--html") && inputURL.pathExtension == "txt" {
            let again = try Binary.run(arguments, stdin: Data(run.stdout.utf8))
            #expect(again.stdout.utf8.elementsEqual(run.stdout.utf8), "\(name): not idempotent")
        }
    }

    @Test func corpusIsNotEmpty() {
        #expect(Self.cases().count >= 30)
    }
}

/// The built `decruft` executable, run as a subprocess.
enum Binary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var url: URL {
        // The test bundle sits in the products directory next to the executable.
        let products = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }
            .map { $0.bundleURL.deletingLastPathComponent() }
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return products.appendingPathComponent("decruft")
    }

    static func run(_ arguments: [String], stdin: Data? = nil, environment: [String: String]? = nil,
                    directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        // NB: standard input is written from another thread: a streaming
        // child writes output while it reads, and would block on a full
        // output pipe while we block on its full input pipe.
        let writer = DispatchGroup()
        if let stdin {
            let handle = input.fileHandleForWriting
            writer.enter()
            // A child that stops reading early (--on-error fail) closes the
            // pipe: that must be an error here, not a SIGPIPE.
            signal(SIGPIPE, SIG_IGN)
            DispatchQueue.global().async {
                try? handle.write(contentsOf: stdin)
                try? handle.close()
                writer.leave()
            }
        }
        // Read both pipes before waiting so a large output cannot block the child.
        // A box, not a captured var: Swift 6 rejects mutating a captured var
        // from a concurrently-executing closure.
        final class DataBox: @unchecked Sendable { var data = Data() }
        let errBox = DataBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errBox.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        writer.wait()
        process.waitUntilExit()
        let errData = errBox.data
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// A small line diff for failure messages: `-` expected only, `+` actual only.
enum LineDiff {
    static func render(expected: String, actual: String) -> String {
        let a = expected.components(separatedBy: "\n"), b = actual.components(separatedBy: "\n")
        // Longest common subsequence table (cases are small).
        var lcs = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var lines: [String] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                i += 1; j += 1
            } else if j < b.count, i == a.count || lcs[i][j + 1] >= lcs[i + 1][j] {
                lines.append("+ \(b[j])"); j += 1
            } else {
                lines.append("- \(a[i])"); i += 1
            }
        }
        return lines.map { $0.count > 160 ? String($0.prefix(160)) + "…" : $0 }.joined(separator: "\n")
    }
}
