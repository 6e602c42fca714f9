import Foundation
import Testing
@testable import DecruftCLI

/// What a user sees on a terminal: output, and no progress debris in it.
struct TerminalTests {
    @Test func progressLineAppearsByItselfOnlyWhenOutputGoesElsewhere() {
        #expect(ProgressLine.automaticAllowed(stderrIsTerminal: true, stdoutIsTerminal: false))
        #expect(!ProgressLine.automaticAllowed(stderrIsTerminal: true, stdoutIsTerminal: true))
        #expect(!ProgressLine.automaticAllowed(stderrIsTerminal: false, stdoutIsTerminal: false))
        #expect(!ProgressLine(forced: false, quiet: true).enabled)
        #expect(ProgressLine(forced: true, quiet: false).enabled)
        #expect(ProgressLine(forced: true, quiet: false).delay == 0)
    }

    /// `decruft page.html` with standard output and standard error on one
    /// terminal (a pseudo-terminal made by `script`): the first line is the
    /// article's, with no progress line drawn over it.
    @Test func singlePageOnATerminalPrintsCleanOutput() throws {
        let script = URL(fileURLWithPath: "/usr/bin/script")
        guard FileManager.default.isExecutableFile(atPath: script.path) else { return }
        let directory = try TempDirectory()
        let page = "<html><head><title>Harbour plan approved</title></head><body><article><p>"
            + Body.paragraphs[0] + "</p><p>" + Body.paragraphs[1] + "</p></article></body></html>"
        let path = try directory.file("page.html", page)
        let process = Process()
        process.executableURL = script
        process.arguments = ["-qec", "'\(Binary.url.path)' '\(path)'", "/dev/null"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        #expect(process.terminationStatus == 0)
        #expect(!text.contains("records"))
        #expect(!text.contains("\u{1B}["))
        #expect(text.hasPrefix("Harbour plan approved"))
        #expect(text.contains(String(Body.paragraphs[1].prefix(40))))
    }
}
