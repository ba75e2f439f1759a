import Foundation
import Glibc
import SiftCore
import SiftPipeline
import SiftTestSupport
import SystemPackage
import Testing

@Suite("file input: rotation")
struct FileInputRotationTests {
    typealias H = FileInputHarness

    /// A line long enough that a few dozen exceed the 1 KiB fingerprint.
    static func paddedLine(_ number: Int) -> String {
        "line \(number) " + String(repeating: "-", count: 50) + "\n"
    }

    static func paddedLines(_ range: ClosedRange<Int>) -> String {
        range.map(paddedLine).joined()
    }

    /// The line numbers of the delivered documents (markers and other text left out).
    static func numbers(_ messages: [String]) -> [Int] {
        messages.compactMap { message in
            let words = message.split(separator: " ")
            guard words.count >= 2, words[0] == "line" else { return nil }
            return Int(words[1])
        }
    }

    static func openForAppend(_ path: FilePath) throws -> FileDescriptor {
        try FileDescriptor.open(path, .writeOnly, options: [.append, .create], permissions: [.ownerReadWrite, .groupRead])
    }

    @Test func renameAndCreateRotationWhileWritingDeliversEveryLineOnce() async throws {
        try await withTemporaryDirectory { (dir: FilePath) in
            let log = dir.appending("app.log")
            let sink = FileInputSink()
            let input = try H.input(H.options(dir.string + "/app.log*", idleTimeout: "1h"), state: dir.appending("state"))
            let total = 600
            var generationOf: [Int] = [0]  // generationOf[n]: the file (0 = first) line n went to
            try await H.tailing(input, into: sink) {
                var writer = try Self.openForAppend(log)
                var generation = 0
                var n = 0
                while n < total {
                    n += 1
                    try writer.writeAll(Array(Self.paddedLine(n).utf8))
                    generationOf.append(generation)
                    if n % 100 == 0, n + 3 < total {
                        // logrotate's scheme: app.log.k → app.log.(k+1), then app.log → app.log.1.
                        for k in stride(from: generation, through: 1, by: -1) {
                            #expect(rename(dir.appending("app.log.\(k)").string, dir.appending("app.log.\(k + 1)").string) == 0)
                        }
                        #expect(rename(log.string, dir.appending("app.log.1").string) == 0)
                        // The writer goes on in the renamed file for a moment before it reopens.
                        for _ in 0..<3 {
                            n += 1
                            try writer.writeAll(Array(Self.paddedLine(n).utf8))
                            generationOf.append(generation)
                        }
                        try writer.close()
                        generation += 1
                        writer = try Self.openForAppend(log)
                    }
                    if n % 37 == 0 { try await Task.sleep(for: .milliseconds(3)) }
                }
                try writer.close()
                #expect(await H.eventually { await Self.numbers(sink.messages).count >= total })
                try await H.settle(sink, marker: dir.appending("app.log.marker"))
            }
            let delivered = Self.numbers(await sink.messages)
            #expect(delivered.count == total)
            #expect(delivered.sorted() == Array(1...total))
            for generation in 0...5 {
                let ofFile = delivered.filter { generationOf[$0] == generation }
                #expect(ofFile == ofFile.sorted(), "lines of file \(generation) out of order")
            }
        }
    }

    @Test func renamedFileIsReadToItsEndThroughItsDescriptor() async throws {
        try await withTemporaryDirectory { (dir: FilePath) in
            let log = dir.appending("app.log")
            let sink = FileInputSink()
            // Only app.log is watched: the renamed file is reached through the open descriptor alone.
            let input = try H.input(H.options(log.string), state: dir.appending("state"))
            try await H.tailing(input, into: sink) {
                let writer = try Self.openForAppend(log)
                try writer.writeAll(Array("line 1\nline 2\n".utf8))
                #expect(await H.eventually { await sink.documents.count == 2 })
                #expect(rename(log.string, dir.appending("app.log.1").string) == 0)
                try writer.writeAll(Array("line 3\nline 4\n".utf8))
                try writer.close()
                try H.append("line 5\nline 6\n", to: log)
                #expect(await H.eventually { await sink.documents.count == 6 })
            }
            let documents = await sink.documents
            #expect(documents.map { $0["message"]?.stringValue ?? "" }.sorted() == (1...6).map { "line \($0)" })
            #expect(await sink.messages.filter { ["line 3", "line 4"].contains($0) } == ["line 3", "line 4"])
            #expect(await sink.messages.filter { ["line 5", "line 6"].contains($0) } == ["line 5", "line 6"])
            let offsets = documents.map { ($0["message"]?.stringValue ?? "", $0["log.offset"]?.intValue ?? -1) }
            #expect(offsets.first { $0.0 == "line 3" }?.1 == 14)
            #expect(offsets.first { $0.0 == "line 5" }?.1 == 0)
        }
    }

    @Test func copytruncateRestartsTheFileAndContinuesInTheCopy() async throws {
        try await withTemporaryDirectory { (dir: FilePath) in
            let log = dir.appending("app.log")
            let sink = FileInputSink()
            let input = try H.input(H.options(dir.string + "/app.log*"), state: dir.appending("state"))
            try await H.tailing(input, into: sink) {
                try H.append(Self.paddedLines(1...20), to: log)
                #expect(await H.eventually { await sink.documents.count == 20 })
                // Lines the input may or may not have read before the rotation copies them away.
                try H.append(Self.paddedLines(21...25), to: log)
                try FileManager.default.copyItem(atPath: log.string, toPath: dir.appending("app.log.1").string)
                #expect(truncate(log.string, 0) == 0)
                try H.append(Self.paddedLines(26...30), to: log)
                #expect(await H.eventually { await Self.numbers(sink.messages).count >= 30 })
                try await H.settle(sink, marker: dir.appending("app.log.marker"))
            }
            let delivered = Self.numbers(await sink.messages)
            #expect(delivered.sorted() == Array(1...30))
            #expect(Self.numbers(await sink.messages(fromPathEndingWith: "/app.log")).suffix(5) == Array(26...30))
        }
    }

    @Test func copyOfAFileStillBeingReadIsNotRead() async throws {
        try await withTemporaryDirectory { (dir: FilePath) in
            let log = dir.appending("app.log")
            let sink = FileInputSink()
            let input = try H.input(H.options(dir.string + "/app.log*"), state: dir.appending("state"))
            try await H.tailing(input, into: sink) {
                try H.append(Self.paddedLines(1...20), to: log)
                #expect(await H.eventually { await sink.documents.count == 20 })
                try FileManager.default.copyItem(atPath: log.string, toPath: dir.appending("app.log.bak").string)
                try H.append(Self.paddedLines(21...25), to: log)
                #expect(await H.eventually { await Self.numbers(sink.messages).count >= 25 })
                try await H.settle(sink, marker: dir.appending("app.log.marker"))
            }
            #expect(Self.numbers(await sink.messages) == Array(1...25))
            #expect(await sink.messages(fromPathEndingWith: "/app.log.bak").isEmpty)
        }
    }

    @Test(arguments: [false, true])
    func newFileStartingWithTheSameBannerIsReadWhole(deleteRotated: Bool) async throws {
        try await withTemporaryDirectory { (dir: FilePath) in
            let log = dir.appending("app.log")
            // A banner longer than the fingerprint, written at the top of every new log file.
            let banner = (1...20).map { "banner \($0) " + String(repeating: "=", count: 50) + "\n" }.joined()
            let sink = FileInputSink()
            let input = try H.input(H.options(dir.string + "/app.log*", "close_inactive: 50ms\n"), state: dir.appending("state"))
            try await H.tailing(input, into: sink) {
                try H.append(banner + Self.paddedLines(1...3), to: log)
                #expect(await H.eventually { await Self.numbers(sink.messages).count == 3 })
                #expect(rename(log.string, dir.appending("app.log.1").string) == 0)
                if deleteRotated { #expect(unlink(dir.appending("app.log.1").string) == 0) }
                try H.append(banner, to: log)
                try await Task.sleep(for: .milliseconds(100))  // lets scans see the banner alone
                try H.append(Self.paddedLines(4...6), to: log)
                #expect(await H.eventually { await Self.numbers(sink.messages).count >= 6 })
                try await H.settle(sink, marker: dir.appending("app.log.marker"))
            }
            #expect(Self.numbers(await sink.messages) == Array(1...6))
            #expect(await sink.messages.filter { $0.hasPrefix("banner 20 ") }.count == 2)
        }
    }

    /// Paths the test process has open under `directory`, from /proc/self/fd.
    static func openPaths(under directory: FilePath) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return entries.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)") }
            .filter { $0.hasPrefix(directory.string + "/") }
    }

    @Test func descriptorOfADeletedFileIsClosedOnceRead() async throws {
        try await withTemporaryDirectory { (dir: FilePath) in
            let log = dir.appending("app.log")
            try H.append(H.lines(1...3), to: log)
            let sink = FileInputSink()
            let input = try H.input(H.options(log.string, "close_inactive: 50ms\n"), state: nil)
            try await H.tailing(input, into: sink) {
                #expect(await H.eventually { await sink.documents.count == 3 })
                #expect(unlink(log.string) == 0)
                #expect(await H.eventually { Self.openPaths(under: dir).isEmpty })
            }
            #expect(await sink.messages == ["line 1", "line 2", "line 3"])
        }
    }

    @Test func openDescriptorsStayWithinMaxOpenFiles() async throws {
        try await withTemporaryDirectory { (dir: FilePath) in
            for name in ["a", "b", "c", "d", "e"] {
                try H.append(H.lines(1...20, prefix: name), to: dir.appending("\(name).log"))
            }
            let sink = FileInputSink()
            let input = try H.input(H.options(dir.string + "/*.log", "max_open_files: 2\n"), state: nil)
            var mostOpen = 0
            try await H.tailing(input, into: sink) {
                #expect(await H.eventually {
                    mostOpen = max(mostOpen, Self.openPaths(under: dir).count)
                    return await sink.documents.count == 100
                })
            }
            #expect(mostOpen <= 2)
            for name in ["a", "b", "c", "d", "e"] {
                #expect(await sink.messages(fromPathEndingWith: "/\(name).log") == (1...20).map { "\(name) \($0)" })
            }
        }
    }
}
