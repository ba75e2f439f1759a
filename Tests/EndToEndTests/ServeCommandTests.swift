import Foundation
import SiftCore
import SiftTestSupport
import SystemPackage
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The `sift` binary built next to this test bundle.
func siftExecutable() throws -> URL {
    let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let binary = directory.appendingPathComponent("sift")
    guard FileManager.default.isExecutableFile(atPath: binary.path) else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: binary.path])
    }
    return binary
}

/// A running `sift` process whose standard error is collected line by line.
final class SiftProcess: @unchecked Sendable {
    let process = Process()
    private let lock = NSLock()
    private var buffer = Data()

    init(arguments: [String]) throws {
        process.executableURL = try siftExecutable()
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let chunk = handle.availableData
            self?.lock.withLock { self?.buffer.append(chunk) }
        }
        try process.run()
    }

    var standardError: String { lock.withLock { String(decoding: buffer, as: UTF8.self) } }

    /// The JSON log lines written so far.
    var logLines: [JSONValue] {
        standardError.split(separator: "\n").compactMap { try? JSONReader.parse(Array($0.utf8)) }
    }

    /// Polls the log until a line satisfies `predicate` or the deadline passes.
    func waitForLog(timeout: Duration = .seconds(30), _ predicate: (JSONValue) -> Bool) async throws -> JSONValue {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = logLines.first(where: predicate) { return line }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "no such log line; stderr: \(standardError)"])
    }

    func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning { process.interrupt(); throw CancellationError() }
        return process.terminationStatus
    }
}

@Suite struct ServeCommandTests {
    @Test(arguments: [SIGTERM, SIGINT])
    func serveAnswersAndShutsDownGracefullyOnSignal(signal: Int32) async throws {
        try await withTemporaryDirectory { directory in
            let data = directory.appending("data").string
            let empty = directory.appending("empty").string
            let sift = try SiftProcess(arguments: ["serve", "--port", "0", "--data", data, "--pipelines", empty, "--indexes", empty,
                                                   "--log-format", "json"])
            let listening = try await sift.waitForLog { $0["message"] == "server listening" }
            let port = try #require(listening["server.port"]?.stringValue)

            let (body, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/")!)
            let http = try #require(response as? HTTPURLResponse)
            #expect(http.statusCode == 200)
            #expect(http.value(forHTTPHeaderField: "X-Elastic-Product") == "Elasticsearch")
            #expect(try JSONReader.parse(Array(body))["tagline"] == "You Know, for Search")
            #expect(FileManager.default.fileExists(atPath: data + "/node.json"))

            kill(sift.process.processIdentifier, signal)
            #expect(try await sift.waitForExit() == 0)
            #expect(sift.logLines.contains { $0["message"] == "server stopped" })
        }
    }

    @Test(arguments: ["search", "indices"])
    func unbuiltVerbsSaySoAndExitTwo(verb: String) async throws {
        let sift = try SiftProcess(arguments: [verb])
        #expect(try await sift.waitForExit() == 2)
        #expect(sift.standardError.contains("sift \(verb): not built yet"))
    }

    @Test func invalidPortIsRejectedBeforeStarting() async throws {
        let sift = try SiftProcess(arguments: ["serve", "--port", "70000"])
        #expect(try await sift.waitForExit() == 64)
        #expect(sift.standardError.contains("--port must be between 0 and 65535"))
    }
}
