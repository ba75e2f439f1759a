import Foundation
import Logging
import SiftConfig
import SiftCore
import SiftPipeline
import SiftTestSupport
import SystemPackage
import Testing

// MARK: - Harness shared by the FileInput*Tests suites

/// Collects what a file input delivers. It can refuse one delivery (throw) or hold one until the
/// input is cancelled, without taking its documents, as an output that fails or a pipeline stopping.
actor FileInputSink: EventSink {
    struct Refused: Error {}

    private(set) var documents: [Document] = []
    private(set) var batchSizes: [Int] = []
    private(set) var deliveries = 0
    private let failAt: Int?
    private let holdAt: Int?

    /// - Parameters:
    ///   - failAt: The delivery (1-based) that throws ``Refused``.
    ///   - holdAt: The delivery that waits until cancelled and then throws `CancellationError`.
    init(failAt: Int? = nil, holdAt: Int? = nil) {
        self.failAt = failAt
        self.holdAt = holdAt
    }

    func deliver(_ documents: [Document]) async throws {
        deliveries += 1
        if deliveries == failAt { throw Refused() }
        if deliveries == holdAt {
            while true { try await Task.sleep(for: .seconds(60)) }
        }
        self.documents += documents
        batchSizes.append(documents.count)
    }

    var messages: [String] { documents.map { $0["message"]?.stringValue ?? "<none>" } }

    /// Messages of documents read from files whose path ends with `suffix`.
    func messages(fromPathEndingWith suffix: String) -> [String] {
        documents.filter { ($0["log.file.path"]?.stringValue ?? "").hasSuffix(suffix) }.map { $0["message"]?.stringValue ?? "<none>" }
    }

    func count(of message: String) -> Int { documents.count { $0["message"]?.stringValue == message } }
}

enum FileInputHarness {
    static let silentLogger = Logger(label: "file-input-test") { _ in SwiftLogNoOpLogHandler() }

    /// A `file` input from YAML options, as the `inputs.<id>` mapping of a pipeline file.
    static func input(_ yaml: String, id: String = "app", pipeline: String = "test", state: FilePath?) throws -> FileInput {
        let object = try YAMLConfig.parse(yaml, file: "pipelines/\(pipeline).yaml").objectValue ?? [:]
        var options = ComponentOptions(object, file: "pipelines/\(pipeline).yaml", path: "inputs.\(id)")
        let context = ComponentContext(pipeline: pipeline, id: id, stateDirectory: state, logger: silentLogger)
        return try FileInput(options: &options, context: context)
    }

    /// The configuration error building an input from `yaml` throws, or nil.
    static func configError(_ yaml: String) -> ConfigError? {
        do {
            _ = try input(yaml, state: nil)
            return nil
        } catch let error as ConfigError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    /// Options with the short timings tests use; `extra` is appended (YAML lines).
    static func options(_ glob: String, _ extra: String = "", idleTimeout: String = "50ms") -> String {
        "paths: ['\(glob)']\npoll_interval: 20ms\nidle_timeout: \(idleTimeout)\nstart_at: beginning\n" + extra
    }

    /// Runs `input` while `body` runs, then cancels it and checks it stopped for the cancellation.
    static func tailing<T>(_ input: FileInput, into sink: FileInputSink, _ body: () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await input.run(into: sink) }
            defer { group.cancelAll() }
            let result = try await body()
            group.cancelAll()
            do {
                try await group.next()
                Issue.record("the input returned before it was cancelled")
            } catch is CancellationError {}
            return result
        }
    }

    /// Polls `condition` until it holds or 60 seconds pass (the whole suite shares two cores); returns whether it held.
    static func eventually(_ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return try await condition()
    }

    /// Appends `text` to the file at `path` (created if missing), as a logger opening it with O_APPEND.
    static func append(_ text: String, to path: FilePath) throws {
        let descriptor = try FileDescriptor.open(
            path, .writeOnly, options: [.append, .create], permissions: [.ownerReadWrite, .groupRead, .otherRead])
        try descriptor.closeAfter { _ = try descriptor.writeAll(Array(text.utf8)) }
    }

    /// Writes marker lines to `marker` one after the other, each once the input delivered the one
    /// before: after this, the input has scanned and read everything at least once since the call.
    static func settle(_ sink: FileInputSink, marker: FilePath, rounds: Int = 3) async throws {
        for round in 1...rounds {
            let line = "marker-\(UUID().uuidString)-\(round)"
            try append(line + "\n", to: marker)
            #expect(await eventually { await sink.count(of: line) == 1 })
        }
    }

    static func lines(_ range: ClosedRange<Int>, prefix: String = "line") -> String {
        range.map { "\(prefix) \($0)\n" }.joined()
    }

    /// The state directory's offsets file of an input, parsed.
    static func offsets(in state: FilePath, pipeline: String = "test", id: String = "app") throws -> JSONValue {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: state.appending("\(pipeline).\(id).offsets").string))
        return try JSONReader.parse([UInt8](bytes))
    }
}

// MARK: - Plain tailing

@Suite("file input: tailing")
struct FileInputTests {
    typealias H = FileInputHarness

    @Test func readsExistingLinesFromTheBeginningWithPathAndOffset() async throws {
        try await withTemporaryDirectory { (dir: FilePath) in
            let log = dir.appending("app.log")
            try H.append("first line\nsecond\n\nthird\n", to: log)
            let sink = FileInputSink()
            let input = try H.input(H.options(dir.appending("*.log").string), state: dir.appending("state"))
            try await H.tailing(input, into: sink) {
                #expect(await H.eventually { await sink.documents.count == 3 })
            }
            let documents = await sink.documents
            #expect(documents.map { $0["message"]?.stringValue } == ["first line", "second", "third"])
            #expect(documents.map { $0["event.original"]?.stringValue } == ["first line", "second", "third"])
            #expect(documents.map { $0["log.offset"]?.intValue } == [0, 11, 19])
            #expect(documents.map { $0["log.file.path"]?.stringValue } == Array(repeating: log.string, count: 3))
            #expect(documents.allSatisfy { $0["tags"] == nil })
        }
    }

    @Test func startAtEndReadsOnlyNewLinesButNewFilesWhole() async throws {
        try await withTemporaryDirectory { (dir: FilePath) in
            try H.append(H.lines(1...3), to: dir.appending("a.log"))
            let state = dir.appending("state")
            let sink = FileInputSink()
            let yaml = "paths: ['\(dir.string)/*.log']\npoll_interval: 20ms\nidle_timeout: 50ms\n"  // start_at: end by default
            try await H.tailing(try H.input(yaml, state: state), into: sink) {
                // The offsets file is written right after the first scan: from then on lines are new.
                #expect(await H.eventually { FileManager.default.fileExists(atPath: state.appending("test.app.offsets").string) })
                try H.append(H.lines(4...5), to: dir.appending("a.log"))
                try H.append(H.lines(1...2, prefix: "b"), to: dir.appending("b.log"))
                #expect(await H.eventually { await sink.documents.count == 4 })
            }
            #expect(await sink.messages(fromPathEndingWith: "/a.log") == ["line 4", "line 5"])
            #expect(await sink.messages(fromPathEndingWith: "/b.log") == ["b 1", "b 2"])
        }
    }

    @Test func linesAppendedWhileRunningArriveOnceInOrder() async throws {
        try await withTemporaryDirectory { (dir: FilePath) in
            let log = dir.appending("app.log")
            let sink = FileInputSink()
            // A long idle timeout: a pause between two writes of one line must not end the line.
            let input = try H.input(H.options(log.string, idleTimeout: "1h"), state: nil)
            let text = H.lines(1...300)
            let bytes = Array(text.utf8)
            try await H.tailing(input, into: sink) {
                // Writes cut at arbitrary places, mid-line included, with pauses the input reads in.
                var rng = SplitMix64(seed: 7)
                var start = 0
                while start < bytes.count {
                    let end = min(bytes.count, start + Int.random(in: 1...400, using: &rng))
                    try H.append(String(decoding: bytes[start..<end], as: UTF8.self), to: log)
                    start = end
                    if Int.random(in: 0..<8, using: &rng) == 0 { try await Task.sleep(for: .milliseconds(25)) }
                }
                #expect(await H.eventually { await sink.documents.count >= 300 })
            }
            #expect(await sink.messages == (1...300).map { "line \($0)" })
        }
    }

    @Test func crlfLinesLoseTheirCarriageReturn() async throws {
        try await withTemporaryDirectory { (dir: FilePath) in
            try H.append("alpha\r\nbeta\r\n\r\ngamma\r\n", to: dir.appending("win.log"))
            let sink = FileInputSink()
            try await H.tailing(try H.input(H.options(dir.appending("win.log").string), state: nil), into: sink) {
                #expect(await H.eventually { await sink.documents.count == 3 })
            }
            let documents = await sink.documents
            #expect(documents.map { $0["message"]?.stringValue } == ["alpha", "beta", "gamma"])
            #expect(documents.map { $0["log.offset"]?.intValue } == [0, 7, 15])
        }
    }

    @Test func lastLineWithoutNewlineIsSentOnceTheFileIsIdle() async throws {
        try await withTemporaryDirectory { (dir: FilePath) in
            let log = dir.appending("app.log")
            try H.append("one\ntwo", to: log)
            let sink = FileInputSink()
            try await H.tailing(try H.input(H.options(log.string), state: dir.appending("state")), into: sink) {
                #expect(await H.eventually { await sink.documents.count == 2 })
                // What follows a line sent without its newline starts a new line (the empty one is skipped).
                try H.append("\nthree\n", to: log)
                #expect(await H.eventually { await sink.documents.count == 3 })
            }
            let documents = await sink.documents
            #expect(documents.map { $0["message"]?.stringValue } == ["one", "two", "three"])
            #expect(documents.map { $0["log.offset"]?.intValue } == [0, 4, 8])
            let saved = try H.offsets(in: dir.appending("state"))
            #expect(saved["files"]?[0]?["offset"]?.intValue == 14)
        }
    }

    @Test func overlongLineIsCutAndTagged() async throws {
        try await withTemporaryDirectory { (dir: FilePath) in
            let log = dir.appending("app.log")
            try H.append("short\n" + String(repeating: "x", count: 40) + "\nafter\n", to: log)
            let sink = FileInputSink()
            try await H.tailing(try H.input(H.options(log.string, "max_line_size: 16\n"), state: nil), into: sink) {
                #expect(await H.eventually { await sink.documents.count == 3 })
            }
            let documents = await sink.documents
            #expect(documents.map { $0["message"]?.stringValue } == ["short", String(repeating: "x", count: 16), "after"])
            #expect(documents.map { $0["tags"] } == [nil, .array(["_truncated"]), nil])
            #expect(documents.map { $0["log.offset"]?.intValue } == [0, 6, 47])
        }
    }

    @Test func excludedFilesAndSecondPathsToOneFileAreSkipped() async throws {
        try await withTemporaryDirectory { (dir: FilePath) in
            try H.append("kept\n", to: dir.appending("app.log"))
            try H.append("compressed\n", to: dir.appending("app.log.gz"))
            try H.append("by path\n", to: dir.appending("debug.log"))
            // A symbolic link is the file it points to: read once, under the first path found.
            try FileManager.default.createSymbolicLink(atPath: dir.appending("link.log").string, withDestinationPath: "app.log")
            let exclude = "exclude: ['*.gz', '\(dir.string)/debug.*']\n"
            let sink = FileInputSink()
            try await H.tailing(try H.input(H.options(dir.string + "/*", exclude), state: nil), into: sink) {
                #expect(await H.eventually { await sink.documents.count >= 1 })
                try await H.settle(sink, marker: dir.appending("marker"))
            }
            #expect(await sink.messages.filter { !$0.hasPrefix("marker-") } == ["kept"])
            #expect(await sink.documents.first?["log.file.path"]?.stringValue == dir.appending("app.log").string)
        }
    }

    @Test func batchesHoldAtMostBatchSizeDocuments() async throws {
        try await withTemporaryDirectory { (dir: FilePath) in
            try H.append(H.lines(1...50), to: dir.appending("app.log"))
            let sink = FileInputSink()
            try await H.tailing(try H.input(H.options(dir.appending("app.log").string, "batch_size: 7\n"), state: nil), into: sink) {
                #expect(await H.eventually { await sink.documents.count == 50 })
            }
            #expect(await sink.batchSizes == [7, 7, 7, 7, 7, 7, 7, 1])
            #expect(await sink.messages == (1...50).map { "line \($0)" })
        }
    }
}
