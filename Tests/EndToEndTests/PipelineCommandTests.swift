import Foundation
import Glibc
import SiftCore
import SiftTestSupport
import SystemPackage
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Pipelines as a user runs them: `sift serve` with `pipelines/`, and `sift ship`.
@Suite struct PipelineCommandTests {
    private static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test func serveRunsTheDefaultPipelineIntoTheLogsStream() async throws {
        try await withTemporaryDirectory { directory in
            let (syslogPort, ndjsonPort) = (try freePort(), try freePort())
            let pipelines = directory.appending("pipelines"), indexes = directory.appending("indexes")
            try FileManager.default.createDirectory(atPath: pipelines.string, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: indexes.string, withIntermediateDirectories: true)
            let shipped = try String(contentsOf: Self.repository.appendingPathComponent("pipelines/default.yaml"), encoding: .utf8)
                .replacingOccurrences(of: "127.0.0.1:5514", with: "127.0.0.1:\(syslogPort)")
                .replacingOccurrences(of: "127.0.0.1:5515", with: "127.0.0.1:\(ndjsonPort)")
            try shipped.write(toFile: pipelines.appending("default.yaml").string, atomically: true, encoding: .utf8)
            try FileManager.default.copyItem(atPath: Self.repository.appendingPathComponent("indexes/logs.yaml").path,
                                             toPath: indexes.appending("logs.yaml").string)

            let sift = try SiftProcess(arguments: [
                "serve", "--port", "0", "--data", directory.appending("data").string,
                "--pipelines", pipelines.string, "--indexes", indexes.string, "--log-format", "json",
            ])
            let listening = try await sift.waitForLog { $0["message"] == "server listening" }
            let base = "http://127.0.0.1:\(try #require(listening["server.port"]?.stringValue))"

            let trace = "4bf92f3577b34da6a3ce929d0e0e4736"
            let rfc5424 = "<165>1 2026-11-25T10:00:00.123Z web-1 nginx 4242 ID47 - request failed trace_id=\(trace)"
            try sendTCP(port: syslogPort, "\(rfc5424.utf8.count) \(rfc5424)<13>Nov 25 10:00:01 web-2 cron[7]: tick\n")
            try sendUDP(port: syslogPort, "<11>Nov 25 10:00:02 web-3 app: disk full")
            try sendTCP(port: ndjsonPort, #"{"message":"checkout","traceparent":"00-\#(trace)-00f067aa0ba902b7-01"}"# + "\nnot json\n")

            var count: JSONValue?
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline {
                _ = try await http("POST", base + "/logs/_refresh")
                count = try await http("GET", base + "/logs/_count")["count"]
                if count == 5 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(count == 5)
            let traced = try await http("GET", base + "/logs/_search?q=trace.id:\(trace)&sort=@timestamp:asc")
            #expect(traced["hits"]?["total"]?["value"] == 2)
            let nginx = try await http("GET", base + "/logs/_search?q=process.pid:4242")
            #expect(nginx["hits"]?["hits"]?[0]?["_source"]?["log"]?["syslog"]?["severity"]?["name"] == "notice")
            #expect(nginx["hits"]?["hits"]?[0]?["_source"]?["host"]?["hostname"] == "web-1")
            let udp = try await http("GET", base + "/logs/_search?q=message:disk")
            #expect(udp["hits"]?["hits"]?[0]?["_source"]?["process"]?["name"] == "app")
            let tagged = try await http("GET", base + "/logs/_search?q=tags:_jsonparsefailure")
            #expect(tagged["hits"]?["total"]?["value"] == 1)

            kill(sift.process.processIdentifier, SIGTERM)
            #expect(try await sift.waitForExit() == 0)
            #expect(sift.logLines.contains { $0["message"] == "pipeline stopped" && $0["pipeline"] == "default" })
        }
    }

    @Test func shipWithStdinAndStdoutShowsWhatAPipelineDoes() async throws {
        try await withTemporaryDirectory { directory in
            let pipeline = directory.appending("kv.yaml").string
            try """
            processors:
              - grok: { field: message, patterns: ['%{WORD:verb} %{INT:n:int}'] }
            """.write(toFile: pipeline, atomically: true, encoding: .utf8)
            let lines = (0..<5000).map { $0 % 100 == 99 ? "oops" : "step \($0)" }
            let (status, output, _) = try await run(["ship", "--pipeline", pipeline, "--stdin", "--stdout"],
                                                    input: lines.joined(separator: "\n") + "\n")
            #expect(status == 0)
            let documents = output.split(separator: "\n").map { try? JSONReader.parse(Array($0.utf8)) }
            #expect(documents.count == 5000)
            #expect(documents[1234]?["n"] == 1234)
            #expect(documents[1234]?["event"]?["original"] == "step 1234")
            #expect(documents.filter { $0?["tags"] == ["_grokparsefailure"] }.count == 50)
        }
    }

    @Test func shipIntoAnIndexOfTheDataDirectory() async throws {
        try await withTemporaryDirectory { directory in
            let pipeline = directory.appending("to-index.yaml").string
            let data = directory.appending("data").string
            try """
            inputs: { console: { type: stdin } }
            processors:
              - set: { field: service.name, value: shipper }
            outputs: { local: { type: index, index: shipped } }
            """.write(toFile: pipeline, atomically: true, encoding: .utf8)
            let (status, _, errors) = try await run(["ship", "--pipeline", pipeline, "--data", data, "--indexes", directory.appending("none").string],
                                                    input: (0..<300).map { "line \($0)" }.joined(separator: "\n"))
            #expect(status == 0, "\(errors)")
            let sift = try SiftProcess(arguments: ["serve", "--port", "0", "--data", data, "--pipelines", directory.appending("none").string,
                                                   "--indexes", directory.appending("none").string, "--log-format", "json"])
            let listening = try await sift.waitForLog { $0["message"] == "server listening" }
            let base = "http://127.0.0.1:\(try #require(listening["server.port"]?.stringValue))"
            #expect(try await http("GET", base + "/shipped/_count")["count"] == 300)
            #expect(try await http("GET", base + "/shipped/_search?q=service.name:shipper&size=0")["hits"]?["total"]?["value"] == 300)
            kill(sift.process.processIdentifier, SIGTERM)
            #expect(try await sift.waitForExit() == 0)
        }
    }

    @Test func aBadPipelineFileStopsServeAtStartWithFileLineAndReason() async throws {
        try await withTemporaryDirectory { directory in
            let pipelines = directory.appending("pipelines")
            try FileManager.default.createDirectory(atPath: pipelines.string, withIntermediateDirectories: true)
            try """
            inputs: { console: { type: stdin } }
            processors:
              - grok:
                  field: message
                  patterns: ['%{WORD:w}']
                  ignore_mising: true
            outputs: { out: { type: stdout } }
            """.write(toFile: pipelines.appending("bad.yaml").string, atomically: true, encoding: .utf8)
            let sift = try SiftProcess(arguments: ["serve", "--port", "0", "--data", directory.appending("data").string,
                                                   "--pipelines", pipelines.string, "--indexes", directory.appending("none").string])
            #expect(try await sift.waitForExit() == 1)
            #expect(sift.standardError.contains("\(pipelines.string)/bad.yaml:6: processors[0].grok.ignore_mising: unknown option"))
        }
    }

    // MARK: - helpers

    /// Runs `sift` to its end with `input` on standard input; returns status, stdout and stderr.
    private func run(_ arguments: [String], input: String) async throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = try siftExecutable()
        process.arguments = arguments
        let (stdin, stdout, stderr) = (Pipe(), Pipe(), Pipe())
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let reading = Task.detached { stdout.fileHandleForReading.readDataToEndOfFile() }
        let readingErrors = Task.detached { stderr.fileHandleForReading.readDataToEndOfFile() }
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = await reading.value
        let errors = await readingErrors.value
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }

    private func http(_ method: String, _ url: String) async throws -> JSONValue {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        let (data, _) = try await URLSession.shared.data(for: request)
        return try JSONReader.parse(Array(data))
    }

    private struct SocketError: Error { var step: String }

    private func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw SocketError(step: "bind") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private func sendTCP(port: Int, _ text: String) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw SocketError(step: "connect to \(port)") }
        let bytes = Array(text.utf8)
        guard send(fd, bytes, bytes.count, 0) == bytes.count else { throw SocketError(step: "send") }
    }

    private func sendUDP(port: Int, _ text: String) throws {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var address = loopback(port: port)
        let bytes = Array(text.utf8)
        let sent = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, bytes, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard sent == bytes.count else { throw SocketError(step: "sendto") }
    }
}
