import Foundation
import Glibc
import SiftCore
import SiftPipeline
import SiftTestSupport
import SystemPackage
import Testing

@Suite("file input: durable offsets")
struct FileInputOffsetsTests {
    typealias H = FileInputHarness
    typealias R = FileInputRotationTests

    @Test func restartResumesWithoutLossOrDuplicates() async throws {
        try await withTemporaryDirectory { (dir: FilePath) in
            let log = dir.appending("app.log")
            let state = dir.appending("state")
            try H.append(H.lines(1...1000), to: log)
            let options = H.options(dir.string + "/app.log*", "batch_size: 50\n")
            // Three batches are acknowledged; the fourth is held until the input is cancelled.
            let first = FileInputSink(holdAt: 4)
            try await H.tailing(try H.input(options, state: state), into: first) {
                #expect(await H.eventually { await first.deliveries == 4 })
            }
            #expect(await first.messages == (1...150).map { "line \($0)" })
            let saved = try H.offsets(in: state)
            #expect(saved["files"]?[0]?["offset"]?.intValue == Int64(H.lines(1...150).utf8.count))

            try H.append(H.lines(1001...1100), to: log)
            let second = FileInputSink()
            try await H.tailing(try H.input(options, state: state), into: second) {
                #expect(await H.eventually { await second.documents.count >= 950 })
                try await H.settle(second, marker: dir.appending("app.log.marker"))
            }
            let union = R.numbers(await first.messages) + R.numbers(await second.messages)
            #expect(union == Array(1...1100))
        }
    }

    @Test func failedDeliveryIsNotSavedAndIsDeliveredAgain() async throws {
        try await withTemporaryDirectory { (dir: FilePath) in
            let log = dir.appending("app.log")
            let state = dir.appending("state")
            try H.append(H.lines(1...100), to: log)
            let options = H.options(log.string, "batch_size: 30\n")
            let first = FileInputSink(failAt: 2)
            await #expect(throws: FileInputSink.Refused.self) {
                try await H.input(options, state: state).run(into: first)
            }
            #expect(await first.messages == (1...30).map { "line \($0)" })

            let second = FileInputSink()
            try await H.tailing(try H.input(options, state: state), into: second) {
                #expect(await H.eventually { await second.documents.count == 70 })
            }
            #expect(await second.messages == (31...100).map { "line \($0)" })
        }
    }

    @Test func twoInputsOfOnePipelineKeepSeparateOffsets() async throws {
        try await withTemporaryDirectory { (dir: FilePath) in
            let state = dir.appending("state")
            try H.append(H.lines(1...3, prefix: "a"), to: dir.appending("a.log"))
            try H.append(H.lines(1...2, prefix: "b"), to: dir.appending("b.log"))
            func run(_ id: String, expecting count: Int) async throws -> [String] {
                let sink = FileInputSink()
                let input = try H.input(H.options(dir.appending("\(id).log").string), id: id, state: state)
                try await H.tailing(input, into: sink) {
                    #expect(await H.eventually { await sink.documents.count == count })
                }
                return await sink.messages
            }
            #expect(try await run("a", expecting: 3) == ["a 1", "a 2", "a 3"])
            #expect(try await run("b", expecting: 2) == ["b 1", "b 2"])
            try H.append(H.lines(4...4, prefix: "a"), to: dir.appending("a.log"))
            try H.append(H.lines(3...3, prefix: "b"), to: dir.appending("b.log"))
            #expect(try await run("a", expecting: 1) == ["a 4"])
            #expect(try await run("b", expecting: 1) == ["b 3"])
            let names = try FileManager.default.contentsOfDirectory(atPath: state.string).sorted()
            #expect(names == ["test.a.offsets", "test.b.offsets"])
        }
    }

    @Test func offsetsFileRecordsIdentityAndAcknowledgedOffset() async throws {
        try await withTemporaryDirectory { (dir: FilePath) in
            let log = dir.appending("app.log")
            let state = dir.appending("state")
            let text = R.paddedLines(1...30)
            try H.append(text, to: log)
            let before = Int64(time(nil))
            let sink = FileInputSink()
            try await H.tailing(try H.input(H.options(log.string), state: state), into: sink) {
                #expect(await H.eventually { await sink.documents.count == 30 })
            }
            var status = stat()
            #expect(stat(log.string, &status) == 0)
            let saved = try H.offsets(in: state)
            #expect(saved["version"] == 1)
            #expect(saved["pipeline"] == "test")
            #expect(saved["input"] == "app")
            #expect(saved["files"]?.arrayValue?.count == 1)
            let entry = try #require(saved["files"]?[0])
            #expect(entry["path"]?.stringValue == log.string)
            #expect(entry["device"]?.intValue == Int64(bitPattern: UInt64(status.st_dev)))
            #expect(entry["inode"]?.intValue == Int64(bitPattern: UInt64(status.st_ino)))
            #expect(entry["offset"]?.intValue == Int64(text.utf8.count))
            #expect(entry["fingerprint_length"]?.intValue == 1024)
            // FNV-1a 64 of the first 1024 bytes, as 16 hex digits.
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in text.utf8.prefix(1024) {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
            let hex = String(hash, radix: 16)
            #expect(entry["fingerprint"]?.stringValue == String(repeating: "0", count: 16 - hex.count) + hex)
            let lastSeen = try #require(entry["last_seen"]?.intValue)
            #expect((before...Int64(time(nil))).contains(lastSeen))
        }
    }

    @Test func entriesNotSeenForADayAreForgotten() async throws {
        try await withTemporaryDirectory { (dir: FilePath) in
            let state = dir.appending("state")
            try FileManager.default.createDirectory(atPath: state.string, withIntermediateDirectories: true)
            let now = Int64(time(nil))
            func entry(_ path: String, inode: Int, lastSeen: Int64) -> String {
                #"{"path":"\#(path)","device":1,"inode":\#(inode),"fingerprint_length":0,"# +
                    #""fingerprint":"cbf29ce484222325","offset":10,"last_seen":\#(lastSeen),"state":"closed"}"#
            }
            let files = [entry("/gone/old.log", inode: 2, lastSeen: now - 2 * 86400), entry("/gone/recent.log", inode: 3, lastSeen: now - 3600)]
            let json = #"{"version":1,"pipeline":"test","input":"app","files":["# + files.joined(separator: ",") + "]}"
            try H.append(json, to: state.appending("test.app.offsets"))
            try H.append("hello\n", to: dir.appending("app.log"))
            let sink = FileInputSink()
            var paths: [String] = []
            try await H.tailing(try H.input(H.options(dir.appending("app.log").string), state: state), into: sink) {
                #expect(await H.eventually {
                    paths = (try? H.offsets(in: state)["files"]?.arrayValue?.compactMap { $0["path"]?.stringValue }) ?? []
                    return !paths.contains("/gone/old.log") && paths.contains(dir.appending("app.log").string)
                })
                #expect(await H.eventually { await sink.documents.count == 1 })
            }
            #expect(paths.sorted() == ["/gone/recent.log", dir.appending("app.log").string].sorted())
            #expect(await sink.messages == ["hello"])
        }
    }

    @Test func corruptOffsetsFileStopsTheInputNamingIt() async throws {
        try await withTemporaryDirectory { (dir: FilePath) in
            let state = dir.appending("state")
            try FileManager.default.createDirectory(atPath: state.string, withIntermediateDirectories: true)
            try H.append("{not json", to: state.appending("test.app.offsets"))
            let input = try H.input(H.options(dir.appending("*.log").string), state: state)
            do {
                try await input.run(into: FileInputSink())
                Issue.record("the input ran with a corrupt offsets file")
            } catch let error as FileInputError {
                guard case .offsetsFile(let path, _) = error else { return }
                #expect(path == state.appending("test.app.offsets").string)
            }
        }
    }

    @Test func copytruncateWhileStoppedContinuesInTheCopy() async throws {
        try await withTemporaryDirectory { (dir: FilePath) in
            let log = dir.appending("app.log")
            let state = dir.appending("state")
            let options = H.options(dir.string + "/app.log*")
            try H.append(R.paddedLines(1...20), to: log)
            let first = FileInputSink()
            try await H.tailing(try H.input(options, state: state), into: first) {
                #expect(await H.eventually { await first.documents.count == 20 })
            }
            try H.append(R.paddedLines(21...25), to: log)
            try FileManager.default.copyItem(atPath: log.string, toPath: dir.appending("app.log.1").string)
            #expect(truncate(log.string, 0) == 0)
            try H.append(R.paddedLines(26...28), to: log)
            let second = FileInputSink()
            try await H.tailing(try H.input(options, state: state), into: second) {
                #expect(await H.eventually { await second.documents.count >= 8 })
                try await H.settle(second, marker: dir.appending("app.log.marker"))
            }
            #expect(R.numbers(await second.messages(fromPathEndingWith: "/app.log.1")) == Array(21...25))
            #expect(R.numbers(await second.messages(fromPathEndingWith: "/app.log")) == Array(26...28))
        }
    }

    @Test func plainCopyMadeWhileStoppedIsNotTakenForTheOriginal() async throws {
        try await withTemporaryDirectory { (dir: FilePath) in
            let log = dir.appending("app.log")
            let state = dir.appending("state")
            // The copy sorts before the original, so the restart's scan finds it first.
            let options = H.options(dir.string + "/app*")
            try H.append(R.paddedLines(1...20), to: log)
            let first = FileInputSink()
            try await H.tailing(try H.input(options, state: state), into: first) {
                #expect(await H.eventually { await first.documents.count == 20 })
            }
            try FileManager.default.copyItem(atPath: log.string, toPath: dir.appending("app-backup.log").string)
            try H.append(R.paddedLines(21...22), to: log)
            let second = FileInputSink()
            try await H.tailing(try H.input(options, state: state), into: second) {
                #expect(await H.eventually { await second.documents.count >= 2 })
                try H.append(R.paddedLines(23...23), to: log)
                #expect(await H.eventually { await second.documents.count >= 3 })
                try await H.settle(second, marker: dir.appending("app.log.marker"))
            }
            #expect(R.numbers(await second.messages) == [21, 22, 23])
            #expect(await second.messages(fromPathEndingWith: "/app-backup.log").isEmpty)
        }
    }

    @Test func renameWhileStoppedResumesTheRenamedFileAndReadsTheNewOne() async throws {
        try await withTemporaryDirectory { (dir: FilePath) in
            let log = dir.appending("app.log")
            let state = dir.appending("state")
            let options = H.options(dir.string + "/app.log*")
            try H.append(R.paddedLines(1...5), to: log)
            let first = FileInputSink()
            try await H.tailing(try H.input(options, state: state), into: first) {
                #expect(await H.eventually { await first.documents.count == 5 })
            }
            try H.append(R.paddedLines(6...7), to: log)
            #expect(rename(log.string, dir.appending("app.log.1").string) == 0)
            try H.append(R.paddedLines(8...9), to: log)
            let second = FileInputSink()
            try await H.tailing(try H.input(options, state: state), into: second) {
                #expect(await H.eventually { await second.documents.count >= 4 })
                try await H.settle(second, marker: dir.appending("app.log.marker"))
            }
            #expect(R.numbers(await second.messages(fromPathEndingWith: "/app.log.1")) == [6, 7])
            #expect(R.numbers(await second.messages(fromPathEndingWith: "/app.log")) == [8, 9])
        }
    }

    @Test func fileReplacedWhileStoppedIsReadFromItsBeginning() async throws {
        try await withTemporaryDirectory { (dir: FilePath) in
            let log = dir.appending("app.log")
            let state = dir.appending("state")
            let options = H.options(log.string)
            try H.append(H.lines(1...3, prefix: "old"), to: log)
            let first = FileInputSink()
            try await H.tailing(try H.input(options, state: state), into: first) {
                #expect(await H.eventually { await first.documents.count == 3 })
            }
            // Deleted and created again (often with the same inode), longer than the old offset.
            #expect(unlink(log.string) == 0)
            try H.append(H.lines(1...6, prefix: "new"), to: log)
            let second = FileInputSink()
            try await H.tailing(try H.input(options, state: state), into: second) {
                #expect(await H.eventually { await second.documents.count == 6 })
            }
            #expect(await second.messages == (1...6).map { "new \($0)" })
        }
    }

    @Test func startAtEndAppliesOnlyAtTheFirstStart() async throws {
        try await withTemporaryDirectory { (dir: FilePath) in
            let state = dir.appending("state")
            try H.append(H.lines(1...3), to: dir.appending("a.log"))
            let options = "paths: ['\(dir.string)/*.log']\npoll_interval: 20ms\nstart_at: end\n"
            let first = FileInputSink()
            try await H.tailing(try H.input(options, state: state), into: first) {
                #expect(await H.eventually { FileManager.default.fileExists(atPath: state.appending("test.app.offsets").string) })
                try H.append(H.lines(4...4), to: dir.appending("a.log"))
                #expect(await H.eventually { await first.documents.count == 1 })
            }
            // Written while stopped: all of it is new, in the old file and in a new one.
            try H.append(H.lines(5...6), to: dir.appending("a.log"))
            try H.append(H.lines(1...2, prefix: "b"), to: dir.appending("b.log"))
            let second = FileInputSink()
            try await H.tailing(try H.input(options, state: state), into: second) {
                #expect(await H.eventually { await second.documents.count >= 4 })
                try await H.settle(second, marker: dir.appending("marker.log"))
            }
            #expect(await first.messages == ["line 4"])
            #expect(await second.messages(fromPathEndingWith: "/a.log") == ["line 5", "line 6"])
            #expect(await second.messages(fromPathEndingWith: "/b.log") == ["b 1", "b 2"])
        }
    }

    @Test func withoutStateDirectoryNothingIsWritten() async throws {
        try await withTemporaryDirectory { (dir: FilePath) in
            try H.append("only\n", to: dir.appending("app.log"))
            let sink = FileInputSink()
            try await H.tailing(try H.input(H.options(dir.appending("app.log").string), state: nil), into: sink) {
                #expect(await H.eventually { await sink.documents.count == 1 })
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.string) == ["app.log"])
        }
    }
}
