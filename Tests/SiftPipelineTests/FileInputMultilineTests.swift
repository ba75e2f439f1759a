import SiftConfig
import SiftCore
import SiftPipeline
import SiftTestSupport
import SystemPackage
import Testing

@Suite("file input: multiline and options")
struct FileInputMultilineTests {
    typealias H = FileInputHarness

    static let stackTrace = """
        2024-03-01 12:00:00,123 ERROR [main] com.example.OrderService - Request failed
        Exception in thread "main" java.lang.IllegalStateException: Order 42 is already closed
        \tat com.example.OrderService.close(OrderService.java:87)
        \tat com.example.OrderController.handle(OrderController.java:41)
        \tat com.example.Main.main(Main.java:12)
        Caused by: java.sql.SQLException: connection reset
        \tat org.postgresql.core.v3.QueryExecutorImpl.execute(QueryExecutorImpl.java:356)
        \t... 3 more
        2024-03-01 12:00:01,001 INFO [main] com.example.OrderService - Retrying

        """

    /// Tails `text` with `multiline` options and returns the documents once `count` arrived.
    static func events(_ text: String, multiline: String, count: Int) async throws -> [Document] {
        try await withTemporaryDirectory { (dir: FilePath) in
            let log = dir.appending("app.log")
            try H.append(text, to: log)
            let sink = FileInputSink()
            let input = try H.input(H.options(log.string, "multiline:\n" + multiline), state: nil)
            try await H.tailing(input, into: sink) {
                #expect(await H.eventually { await sink.documents.count == count })
            }
            return await sink.documents
        }
    }

    @Test func javaStackTraceIsJoinedIntoOneEvent() async throws {
        let multiline = #"""
              pattern: '^[ \t]+|^Caused by:'
              match: after
              timeout: 50ms

            """#
        let documents = try await Self.events(Self.stackTrace, multiline: multiline, count: 3)
        try #require(documents.count == 3)
        let lines = Self.stackTrace.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(documents.map { $0["message"]?.stringValue } == [lines[0], lines[1...7].joined(separator: "\n"), lines[8]])
        #expect(documents[1]["event.original"] == documents[1]["message"])
        #expect(documents.map { $0["log.offset"]?.intValue } == [0, Int64(lines[0].utf8.count + 1), Int64(lines[0...7].joined(separator: "\n").utf8.count + 1)])
        #expect(documents.allSatisfy { $0["tags"] == nil })
    }

    @Test func negatedTimestampPatternJoinsEverythingUpToTheNextTimestamp() async throws {
        let multiline = #"""
              pattern: '^\d{4}-\d{2}-\d{2} '
              negate: true
              match: after
              timeout: 50ms

            """#
        let documents = try await Self.events(Self.stackTrace, multiline: multiline, count: 2)
        let lines = Self.stackTrace.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(documents.map { $0["message"]?.stringValue } == [lines[0...7].joined(separator: "\n"), lines[8]])
    }

    @Test func matchBeforeJoinsALineEndingInBackslashToTheNext() async throws {
        let multiline = #"""
              pattern: '\\$'
              match: before
              timeout: 1h

            """#
        let text = "SELECT * \\\nFROM orders \\\nWHERE id = 42\nsingle\n"
        let documents = try await Self.events(text, multiline: multiline, count: 2)
        // Complete events go out without waiting for the timeout.
        #expect(documents.map { $0["message"]?.stringValue } == ["SELECT * \\\nFROM orders \\\nWHERE id = 42", "single"])
        #expect(documents.map { $0["log.offset"]?.intValue } == [0, 39])
    }

    @Test func linesBeyondMaxLinesAreDroppedAndTheEventTagged() async throws {
        let multiline = "  pattern: '^ '\n  max_lines: 3\n  timeout: 50ms\n"
        let documents = try await Self.events("head\n a\n b\n c\n d\nnext\n", multiline: multiline, count: 2)
        #expect(documents.map { $0["message"]?.stringValue } == ["head\n a\n b", "next"])
        #expect(documents.map { $0["tags"] } == [.array(["_truncated"]), nil])
        #expect(documents.map { $0["log.offset"]?.intValue } == [0, 17])
    }

    @Test func multilineEventPendingAtRestartIsReadAgainWhole() async throws {
        try await withTemporaryDirectory { (dir: FilePath) in
            let log = dir.appending("app.log")
            let state = dir.appending("state")
            try H.append("A\n\ta1\nB\n\tb1\n", to: log)
            func input(timeout: String) throws -> FileInput {
                try H.input(H.options(log.string, "multiline:\n  pattern: '^\\t'\n  timeout: \(timeout)\n"), state: state)
            }
            let first = FileInputSink()
            try await H.tailing(try input(timeout: "1h"), into: first) {
                #expect(await H.eventually { await first.documents.count == 1 })
            }
            #expect(await first.messages == ["A\n\ta1"])
            try H.append("\tb2\nC\n", to: log)
            let second = FileInputSink()
            try await H.tailing(try input(timeout: "50ms"), into: second) {
                #expect(await H.eventually { await second.documents.count == 2 })
            }
            #expect(await second.messages == ["B\n\tb1\n\tb2", "C"])
            #expect(await second.documents.map { $0["log.offset"]?.intValue } == [6, 16])
        }
    }

    @Test(arguments: [
        ("paths: ['/var/log/*.log']\ncolour: red\n", "inputs.app.colour"),
        ("start_at: beginning\n", "inputs.app.paths"),
        ("paths: 5\n", "inputs.app.paths"),
        ("paths: [[a]]\n", "inputs.app.paths"),
        ("paths: []\n", "inputs.app.paths"),
        ("paths: ['/x']\nstart_at: middle\n", "inputs.app.start_at"),
        ("paths: ['/x']\npoll_interval: 0s\n", "inputs.app.poll_interval"),
        ("paths: ['/x']\nmax_line_size: big\n", "inputs.app.max_line_size"),
        ("paths: ['/x']\nbatch_size: 0\n", "inputs.app.batch_size"),
        ("paths: ['/x']\nmultiline: '^a'\n", "inputs.app.multiline"),
        ("paths: ['/x']\nmultiline: {match: after}\n", "inputs.app.multiline.pattern"),
        ("paths: ['/x']\nmultiline: {pattern: '(unclosed'}\n", "inputs.app.multiline.pattern"),
        ("paths: ['/x']\nmultiline: {pattern: '^a', match: sideways}\n", "inputs.app.multiline.match"),
        ("paths: ['/x']\nmultiline: {pattern: '^a', lines: 3}\n", "inputs.app.multiline.lines"),
    ])
    func badOptionsNameTheirKey(yaml: String, path: String) {
        guard case .invalid(let file, let errorPath, _)? = H.configError(yaml) else {
            Issue.record("no configuration error for \(yaml)")
            return
        }
        #expect(file == "pipelines/test.yaml")
        #expect(errorPath == path)
    }

    @Test func badPatternErrorQuotesPCRE2() {
        let error = H.configError("paths: ['/x']\nmultiline: {pattern: '(unclosed'}\n")
        #expect(error?.description.contains("missing closing parenthesis") == true)
    }
}
