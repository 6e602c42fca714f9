import Decruft
import Foundation
import Testing

/// `--output-dir` writes each file under a temporary name and renames it
/// once complete; `--resume` skips the inputs whose output is there. The
/// main test kills the real binary midway.
struct ResumeTests {
    static let inputCount = 240
    static let directories = 8

    /// The input `k`'s path: `d3/f011.txt`, over `directories` folders.
    static func name(_ k: Int) -> String { "d\(k % directories)/f\(String(format: "%03d", k)).txt" }

    /// The input in the middle of the run, in the order it reads them.
    static let middle = (0..<inputCount).map(name).sorted()[inputCount / 2]

    /// `inputCount` text files under `input`, each a stream of documents
    /// separated by form-feed lines, with cruft for the filters to remove:
    /// 2 documents (about 6 KB) each, except the one in the middle of the
    /// run, 200 documents (about 600 KB), whose output is written in many
    /// 64 KiB pieces: a run killed while it is written leaves it half done.
    static func makeInputs(at input: URL) throws {
        var random = SplitMix64(seed: 20_261_006)
        let cruft = ["Share this article", "Also, see:", "Follow us on Twitter", "Advertisement"]
        for k in 0..<inputCount {
            var documents: [String] = []
            for d in 0..<(name(k) == middle ? 200 : 2) {
                var blocks = ["Report \(k).\(d): " + random.pick(Body.paragraphs)]
                for _ in 0..<(12 + random.below(6)) { blocks.append(random.pick(Body.paragraphs)) }
                blocks.insert(blocks[1], at: blocks.count / 2)   // a repeated paragraph
                if random.chance(0.5) { blocks.append(random.pick(cruft)) }
                blocks += ["Also, see:", "Council budget row goes on", "Road works start in spring"]
                documents.append(blocks.joined(separator: "\n\n") + "\n")
            }
            let url = input.appendingPathComponent(name(k))
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(documents.joined(separator: "\u{0C}\n").utf8).write(to: url)
        }
    }

    /// Every regular file under `directory` (hidden ones included), by path
    /// relative to it.
    static func tree(_ directory: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let base = directory.standardizedFileURL.path + "/"
        guard let walker = FileManager.default.enumerator(atPath: base) else { return files }
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: base + relative, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            files[relative] = try Data(contentsOf: URL(fileURLWithPath: base + relative))
        }
        return files
    }

    static func isTemporary(_ relative: String) -> Bool {
        OutputFiles.temporaryOwner(String(relative.split(separator: "/").last ?? "")) != nil
    }

    @Test func aKilledRunLeavesOnlyCompleteFilesAndResumeFinishesIt() throws {
        let temp = try TempDirectory()
        let input = temp.url.appendingPathComponent("in")
        let reference = temp.url.appendingPathComponent("reference"), output = temp.url.appendingPathComponent("out")
        try Self.makeInputs(at: input)
        let arguments = ["--jobs", "2", "--recursive", input.path, "--output-dir"]

        let whole = try Binary.run(arguments + [reference.path, "--quiet"])
        #expect(whole.status == 0, "\(whole.stderr)")
        let expected = try Self.tree(reference)
        #expect(expected.count == Self.inputCount)
        #expect(!expected.keys.contains(where: Self.isTemporary))

        // The same run, killed while it writes the big output in the middle
        // of the list: as soon as that file's temporary copy has data (or,
        // should the poll miss it, once it is done).
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = arguments + [output.path, "--quiet"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let target = output.appendingPathComponent(Self.middle).path
        let partial = OutputFiles.temporaryPath(for: target, pid: process.processIdentifier)
        let deadline = Date().addingTimeInterval(300)
        while process.isRunning && Date() < deadline {
            let size = (try? FileManager.default.attributesOfItem(atPath: partial)[.size] as? Int) ?? 0
            if size > 0 || FileManager.default.fileExists(atPath: target) { break }
            usleep(500)
        }
        let killed = process.isRunning
        if killed { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        if killed {
            #expect(process.terminationReason == .uncaughtSignal)
        } else {
            #expect(process.terminationStatus == 0)
        }

        // Every file under its final name is whole; a temporary one is a
        // prefix of what it was going to be (all of it, if the kill came
        // between the last write and the rename), and there is at most one.
        let afterKill = try Self.tree(output)
        var finished = 0, temporaries = 0
        for (path, data) in afterKill {
            if Self.isTemporary(path) {
                temporaries += 1
                let name = String(path.split(separator: "/").last!)
                #expect(OutputFiles.temporaryOwner(name) == process.processIdentifier)
                let finalPath = path.split(separator: "/").dropLast().joined(separator: "/") + "/"
                    + name.dropFirst().dropLast(".decruft-tmp-\(process.processIdentifier)".count)
                let whole = try #require(expected[finalPath], "no output \(finalPath) for the temporary \(path)")
                #expect(whole.starts(with: data), "\(path) is not a prefix of \(finalPath)")
            } else {
                finished += 1
                #expect(data == expected[path], "\(path) differs from the uninterrupted run's")
            }
        }
        #expect(temporaries <= 1)
        if killed { #expect(finished < Self.inputCount) }

        // --resume redoes only what is missing and clears the leftover.
        let resumed = try Binary.run(arguments + [output.path, "--resume", "--stats"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("; \(finished) input\(finished == 1 ? "" : "s") already done (--resume)"), "\(resumed.stderr)")
        if temporaries > 0 { #expect(resumed.stderr.contains("removed 1 unfinished output file of an interrupted run")) }
        let final = try Self.tree(output)
        #expect(final.keys.sorted() == expected.keys.sorted())
        for (path, data) in expected { #expect(final[path] == data, "\(path) differs after --resume") }
    }

    @Test func resumeSkipsFinishedOutputsAndRemovesOnlyDeadRunsLeftovers() throws {
        let temp = try TempDirectory()
        let a = try temp.file("a.txt", "The first article has one paragraph that is long enough to be kept.\n")
        let b = try temp.file("b.txt", "The second article has one paragraph that is long enough to be kept.\n")
        let out = temp.url.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("already done\n".utf8).write(to: out.appendingPathComponent("a.txt"))
        // A process that has ended: its pid names a dead run's leftover.
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let dead = OutputFiles.temporaryPath(for: out.appendingPathComponent("b.txt").path, pid: ended.processIdentifier)
        let live = OutputFiles.temporaryPath(for: out.appendingPathComponent("c.txt").path, pid: getpid())
        try Data("half a fi".utf8).write(to: URL(fileURLWithPath: dead))
        try Data("still being written".utf8).write(to: URL(fileURLWithPath: live))

        let run = try Binary.run(["--resume", "--stats", "--explain", "--output-dir", out.path, a, b])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try String(contentsOf: out.appendingPathComponent("a.txt"), encoding: .utf8) == "already done\n")
        #expect(try String(contentsOf: out.appendingPathComponent("b.txt"), encoding: .utf8)
                == "The second article has one paragraph that is long enough to be kept.\n")
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: live))
        #expect(run.stderr.contains("removed 1 unfinished output file of an interrupted run"))
        #expect(run.stderr.contains("skipped \(a): \(out.path)/a.txt is already there (--resume)"))
        #expect(run.stderr.contains("1 record in, 1 out, 0 errors; 1 input already done (--resume)"))

        // Without --resume every output is written again, replacing the old file.
        let again = try Binary.run(["--hadoop-counters", "--output-dir", out.path, a, b])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try String(contentsOf: out.appendingPathComponent("a.txt"), encoding: .utf8)
                == "The first article has one paragraph that is long enough to be kept.\n")
        #expect(!again.stderr.contains("inputs_resumed"))
        let counters = try Binary.run(["--resume", "--hadoop-counters", "--output-dir", out.path, a, b])
        #expect(counters.stderr.contains("reporter:counter:decruft,inputs_resumed,2"))
        #expect(counters.stderr.contains("reporter:counter:decruft,records_in,0"))
    }

    @Test func resumeWithoutOutputDirIsAUsageError() throws {
        let run = try Binary.run(["--resume", "-"], stdin: Data("text\n".utf8))
        #expect(run.status == 64)
        #expect(run.stderr.contains("--resume needs --output-dir"))
        #expect(run.stdout.isEmpty)
    }

    @Test func aRunThatStopsEarlyLeavesNoFileForTheInputItStoppedIn() throws {
        let temp = try TempDirectory()
        let good = try temp.file("good.jsonl", #"{"id": 1, "text": "A good record with one paragraph of text."}"# + "\n")
        let bad = try temp.file("bad.jsonl", #"{"id": 2, "text": "Fine."}"# + "\n" + #"{"id": 3, "text": 5}"# + "\n")
        let out = temp.url.appendingPathComponent("out")
        let run = try Binary.run(["--on-error", "fail", "--output-dir", out.path, good, bad])
        #expect(run.status == 65)
        let files = try Self.tree(out)
        // good.jsonl was complete; bad.jsonl was not, so a --resume redoes it.
        #expect(files.keys.sorted() == ["good.jsonl"])
        let record = try JSONSerialization.jsonObject(with: try #require(files["good.jsonl"])) as? [String: Any]
        #expect(record?["id"] as? Int == 1)
    }

    @Test func temporaryNamesAreHiddenBesideTheOutputAndSayWhoseTheyAre() {
        #expect(OutputFiles.temporaryPath(for: "out/2026/a.txt", pid: 4242) == "out/2026/.a.txt.decruft-tmp-4242")
        #expect(OutputFiles.temporaryPath(for: "a.txt", pid: 7) == ".a.txt.decruft-tmp-7")
        #expect(OutputFiles.temporaryOwner(".a.txt.decruft-tmp-4242") == 4242)
        #expect(OutputFiles.temporaryOwner(".x.decruft-tmp-1.decruft-tmp-9") == 9)
        for name in ["a.txt", "a.txt.decruft-tmp-12", ".decruft-tmp-12", ".a.txt.decruft-tmp-", ".a.txt.decruft-tmp-12x",
                     ".a.txt.decruft-tmp-99999999999"] {
            #expect(OutputFiles.temporaryOwner(name) == nil, "\(name)")
        }
        let long = OutputFiles.temporaryPath(for: "out/" + String(repeating: "é", count: 120) + ".txt", pid: 2_147_483_647)
        let name = String(long.split(separator: "/").last!)
        #expect(name.utf8.count <= 255)
        #expect(OutputFiles.temporaryOwner(name) == 2_147_483_647)
    }
}
