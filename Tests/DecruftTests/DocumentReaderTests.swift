import Foundation
import Testing
@testable import Decruft

struct DocumentReaderTests {
    func documents(_ bytes: [UInt8]) throws -> [String] {
        let dir = try TempDirectory()
        let path = try dir.file("input.txt", bytes)
        let reader = try DocumentReader(path: path)
        var docs: [String] = []
        while let doc = try reader.nextDocument() {
            docs.append(String(decoding: doc, as: UTF8.self))
            if docs.count > 1000 { break }
        }
        // Finished: stays finished.
        #expect(try reader.nextDocument() == nil)
        return docs
    }

    func documents(_ text: String) throws -> [String] { try documents(Array(text.utf8)) }

    @Test func formFeedLineSeparatesDocuments() throws {
        #expect(try documents("doc one\n\u{0C}\ndoc two\n\u{0C}\ndoc three\n") == ["doc one\n", "doc two\n", "doc three\n"])
    }

    @Test func separatorAtStartGivesEmptyFirstDocument() throws {
        #expect(try documents("\u{0C}\nsecond\n") == ["", "second\n"])
    }

    @Test func crlfAfterFormFeed() throws {
        #expect(try documents("one\r\n\u{0C}\r\ntwo\r\n") == ["one\r\n", "two\r\n"])
    }

    @Test func formFeedInsideALineDoesNotSplit() throws {
        let text = "page one\u{0C}page two\n\u{0C}not a separator\nx \u{0C}\n"
        #expect(try documents(text) == [text])
    }

    @Test func formFeedAtEndOfFile() throws {
        // A final separator line without a newline still separates (an empty last document).
        #expect(try documents("one\n\u{0C}") == ["one\n", ""])
    }

    @Test func emptyFileIsOneEmptyDocument() throws {
        #expect(try documents("") == [""])
    }

    @Test func fileWithoutSeparatorIsOneDocument() throws {
        #expect(try documents("just text, no newline") == ["just text, no newline"])
    }

    @Test func separatorAcrossChunkBoundary() throws {
        // The separator's form feed is the last byte of the first chunk.
        let size = DocumentReader.chunkSize
        var first = [UInt8](repeating: 0x61, count: size - 2)
        first.append(0x0A)
        let bytes = first + [0x0C, 0x0A] + Array("second\n".utf8)
        #expect(bytes[size - 1] == 0x0C)
        let docs = try documents(bytes)
        #expect(docs.count == 2)
        #expect(docs.first?.utf8.count == size - 1)
        #expect(docs.last == "second\n")
    }

    @Test func newlineBeforeSeparatorAtChunkBoundary() throws {
        // The newline ending the previous line is the last byte of the first chunk.
        let size = DocumentReader.chunkSize
        var first = [UInt8](repeating: 0x62, count: size - 1)
        first.append(0x0A)
        let bytes = first + [0x0C, 0x0A] + Array("second\n".utf8)
        let docs = try documents(bytes)
        #expect(docs.count == 2)
        #expect(docs.first?.utf8.count == size)
        #expect(docs.last == "second\n")
    }

    @Test func manyDocumentsLargerThanAChunk() throws {
        let doc = String(repeating: "line of text\n", count: 20_000)   // 260 kB each
        let text = Array(repeating: doc, count: 6).joined(separator: "\u{0C}\n")
        let docs = try documents(text)
        #expect(docs.count == 6)
        #expect(docs.allSatisfy { $0 == doc })
    }

    @Test func readAllReadsEverything() throws {
        let dir = try TempDirectory()
        let path = try dir.file("all.txt", "a\n\u{0C}\nb\n")
        let reader = try DocumentReader(path: path)
        #expect(String(decoding: try reader.readAll(), as: UTF8.self) == "a\n\u{0C}\nb\n")
        #expect(try reader.nextDocument() == nil)
    }

    @Test func missingFile() throws {
        let dir = try TempDirectory()
        let path = dir.url.appendingPathComponent("does-not-exist.txt").path
        #expect(throws: IOFailure.missing(path: path)) {
            _ = try DocumentReader(path: path)
        }
        #expect(IOFailure.missing(path: path).exitCode == 66)
        #expect(IOFailure.missing(path: path).description == "\(path): no such file")
    }

    @Test func directoryIsUnreadable() throws {
        let dir = try TempDirectory()
        #expect(throws: IOFailure.unreadable(path: dir.url.path, reason: "is a directory")) {
            _ = try DocumentReader(path: dir.url.path)
        }
        #expect(IOFailure.unreadable(path: "x", reason: "r").exitCode == 74)
    }

    @Test func pathIsKept() throws {
        let dir = try TempDirectory()
        let path = try dir.file("p.txt", "x")
        #expect(try DocumentReader(path: path).path == path)
    }

    @Test func exitCodes() {
        #expect(IOFailure.badData(path: "p", reason: "r").exitCode == 65)
        #expect(IOFailure.writeFailed(reason: "r").exitCode == 74)
        #expect(IOFailure.brokenPipe.exitCode == 0)
    }
}
