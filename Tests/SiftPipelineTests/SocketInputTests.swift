import Foundation
import Logging
import SiftConfig
import SiftCore
import SiftPipeline
import SiftTestSupport
import Testing

@Suite(.timeLimit(.minutes(1))) struct SocketInputTests {
    // MARK: TCP

    @Test func manyConcurrentConnectionsDeliverEveryLineOnceAndInOrder() async throws {
        let connections = 20, perConnection = 500
        let input = try SocketTestHarness.tcp(["address": "127.0.0.1:0"])
        let sink = try await SocketTestHarness.running(input) { port, sink in
            let clientPorts = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for connection in 0..<connections {
                    group.addTask {
                        let lines = (0..<perConnection).map { "connection \(connection) event \($0) \(String(repeating: "x", count: $0 % 50))\n" }
                        var generator = SplitMix64(seed: UInt64(connection))
                        let bytes = Array(lines.joined().utf8)
                        var chunks: [[UInt8]] = []
                        var start = 0
                        while start < bytes.count {
                            let end = min(bytes.count, start + Int.random(in: 1...4000, using: &generator))
                            chunks.append(Array(bytes[start..<end]))
                            start = end
                        }
                        return (connection, try await SocketTestClient.sendTCP(port: port, chunks: chunks))
                    }
                }
                var ports: [Int: Int] = [:]
                for try await (connection, clientPort) in group { ports[clientPort] = connection }
                return ports
            }
            let documents = await sink.waitFor(count: connections * perConnection)
            #expect(documents.count == connections * perConnection)
            var received: [Int: [String]] = [:]
            for document in documents {
                guard let address = document["log.source.address"]?.stringValue,
                      let clientPort = address.split(separator: ":").last.flatMap({ Int($0) }),
                      let connection = clientPorts[clientPort], address == "127.0.0.1:\(clientPort)"
                else {
                    Issue.record("unexpected log.source.address in \(document)")
                    continue
                }
                received[connection, default: []].append(document["message"]?.stringValue ?? "")
                #expect(document["event.original"] == document["message"])
            }
            for connection in 0..<connections {
                let expected = (0..<perConnection).map { "connection \(connection) event \($0) \(String(repeating: "x", count: $0 % 50))" }
                #expect(received[connection] == expected, "connection \(connection)")
            }
        }
        #expect(await sink.documents.count == connections * perConnection)
    }

    @Test func octetCountedAndLineFramedSyslogShareOnePort() async throws {
        let input = try SocketTestHarness.tcp(["address": "127.0.0.1:0", "format": "syslog"])
        try await SocketTestHarness.running(input) { port, sink in
            let frames = SyslogFrames.octetCounted5424 + SyslogFrames.lineFramed3164 + SyslogFrames.octetCounted3164
            let bytes = Array(frames.utf8)
            _ = try await SocketTestClient.sendTCP(port: port, chunks: bytes.map { [$0] })
            let documents = await sink.waitFor(count: 3)
            try #require(documents.count == 3)
            SyslogFrames.expectOctetCounted5424(documents[0])
            SyslogFrames.expectLineFramed3164(documents[1])
            #expect(documents[2]["process.name"] == "kernel")
            #expect(documents[2]["log.syslog.priority"] == .int(10))
            #expect(documents[2]["message"] == "text")
        }
    }

    @Test func framingErrorClosesOnlyThatConnection() async throws {
        let input = try SocketTestHarness.tcp(["address": "127.0.0.1:0", "framing": "octet_counting"])
        try await SocketTestHarness.running(input) { port, sink in
            let bad = try SocketTestClient.connectTCP(port: port)
            defer { close(bad) }
            try SocketTestClient.write(bad, Array("5 hello<13>not counted\n".utf8))
            #expect(try await SocketTestClient.readUntilClosed(bad) == 0)
            _ = try await SocketTestClient.sendTCP(port: port, chunks: [Array("6 world!".utf8)])
            let documents = await sink.waitFor(count: 2)
            #expect(documents.map { $0["message"] } == ["hello", "world!"])
        }
    }

    @Test func ndjsonKeepsBadLinesTagged() async throws {
        let input = try SocketTestHarness.tcp(["address": "127.0.0.1:0", "format": "ndjson", "framing": "lines"])
        try await SocketTestHarness.running(input) { port, sink in
            let stream = #"{"message":"a",  "n": 1 }"# + "\n" + "not json\r\n" + #"{"event":{"original":"orig"},"m":2}"# + "\n"
                + "[1,2]\n" + "\n" + #"{"last":true}"#
            let clientPort = try await SocketTestClient.sendTCP(port: port, chunks: [Array(stream.utf8)])
            let documents = await sink.waitFor(count: 5)
            try #require(documents.count == 5)
            let source: JSONValue = .string("127.0.0.1:\(clientPort)")
            #expect(documents[0].fields == ["message": "a", "n": 1, "event": ["original": #"{"message":"a",  "n": 1 }"#],
                                            "log": ["source": ["address": source]]])
            #expect(documents[1]["message"] == "not json")
            #expect(documents[1]["event.original"] == "not json")
            #expect(documents[1]["tags"] == ["_jsonparsefailure"])
            #expect(documents[1]["error.message"] == "invalid JSON at byte 0: invalid literal (expected true, false or null)")
            #expect(documents[2]["event.original"] == "orig")
            #expect(documents[2]["tags"] == nil)
            #expect(documents[3]["message"] == "[1,2]")
            #expect(documents[3]["tags"] == ["_jsonparsefailure"])
            #expect(documents[3]["log.source.address"] == source)
            #expect(documents[4]["last"] == true)
        }
    }

    @Test func oversizeEventIsTruncatedAndTagged() async throws {
        let input = try SocketTestHarness.tcp(["address": "127.0.0.1:0", "max_event_size": "16b"])
        try await SocketTestHarness.running(input) { port, sink in
            _ = try await SocketTestClient.sendTCP(port: port, chunks: [Array("0123456789abcdefghij\nok\n".utf8)])
            let documents = await sink.waitFor(count: 2)
            #expect(documents.map { $0["message"] } == ["0123456789abcdef", "ok"])
            #expect(documents.map { $0["tags"] } == [[.string(EventDocument.truncatedTag)], nil])
        }
    }

    @Test func slowOutputStopsReadingFromTheSocket() async throws {
        let input = try SocketTestHarness.tcp(["address": "127.0.0.1:0"])
        try await SocketTestHarness.running(input) { port, sink in
            await sink.hold()
            let line = String(repeating: "y", count: 999) + "\n"
            let chunk = Array(String(repeating: line, count: 64).utf8)   // 64,000 bytes
            let limit = 48 << 20
            let socket = try SocketTestClient.connectTCP(port: port)
            defer { close(socket) }
            let written = try await SocketTestClient.writeUntilStuck(socket, chunk: chunk, limit: limit)
            #expect(written < limit, "the input kept reading while its output was blocked")
            await sink.release()
            let total = try await SocketTestClient.finishChunk(socket, chunk: chunk, written: written)
            shutdown(socket, Int32(SHUT_WR))
            let expected = total / chunk.count * 64
            let documents = await sink.waitFor(count: expected)
            #expect(documents.count == expected)
        }
    }

    @Test func connectionsBeyondTheLimitAreClosed() async throws {
        let input = try SocketTestHarness.tcp(["address": "127.0.0.1:0", "max_connections": 1])
        try await SocketTestHarness.running(input) { port, sink in
            let first = try SocketTestClient.connectTCP(port: port)
            defer { close(first) }
            try SocketTestClient.write(first, Array("a\n".utf8))
            #expect(await sink.waitFor(count: 1).count == 1)
            let second = try SocketTestClient.connectTCP(port: port)
            defer { close(second) }
            #expect(try await SocketTestClient.readUntilClosed(second) == 0)
            try SocketTestClient.write(first, Array("a2\n".utf8))
            #expect(await sink.waitFor(count: 2).map { $0["message"] } == ["a", "a2"])
        }
    }

    @Test func cancellationClosesTheListenerAndOpenConnections() async throws {
        let input = try SocketTestHarness.tcp(["address": "127.0.0.1:0"])
        var idle: Int32 = -1
        var listenPort = 0
        _ = try await SocketTestHarness.running(input) { port, sink in
            listenPort = port
            idle = try SocketTestClient.connectTCP(port: port)
            try SocketTestClient.write(idle, Array("partial line without newline".utf8))
            try SocketTestClient.write(idle, Array("\nnext".utf8))
            #expect(await sink.waitFor(count: 1).count == 1)
        }
        defer { close(idle) }
        #expect(try await SocketTestClient.readUntilClosed(idle) == 0)
        #expect(throws: (any Error).self) { try SocketTestClient.connectTCP(port: listenPort) }
    }

    // MARK: UDP

    @Test func eachDatagramIsOneEvent() async throws {
        let input = try SocketTestHarness.udp(["address": "127.0.0.1:0", "max_event_size": "64b"])
        let sink = try await SocketTestHarness.running(input) { port, sink in
            let clientPort = try SocketTestClient.sendUDP(port: port, datagrams: [
                Array("line one\nline two\n".utf8), Array("single\r".utf8), Array(String(repeating: "z", count: 100).utf8),
            ])
            let documents = await sink.waitFor(count: 3)
            #expect(documents.map { $0["message"] } == ["line one\nline two", "single", .string(String(repeating: "z", count: 64))])
            #expect(documents.map { $0["tags"] } == [nil, nil, [.string(EventDocument.truncatedTag)]])
            #expect(documents.allSatisfy { $0["log.source.address"] == .string("127.0.0.1:\(clientPort)") })
        }
        #expect(await sink.documents.count == 3)
    }

    @Test func udpSyslogFromManyDatagrams() async throws {
        let input = try SocketTestHarness.udp(["address": "127.0.0.1:0", "format": "syslog", "timezone": "+01:00"])
        try await SocketTestHarness.running(input) { port, sink in
            let datagrams = (0..<200).map { Array("<29>Nov 24 22:04:57 vm CRON[\($0)]: text \($0)\n".utf8) }
            _ = try SocketTestClient.sendUDP(port: port, datagrams: datagrams)
            let documents = await sink.waitFor(count: 200)
            #expect(documents.count == 200)
            #expect(Set(documents.compactMap { $0["process.pid"]?.intValue }) == Set(0..<200))
            #expect(documents.allSatisfy { $0["message"] == .string("text \($0["process.pid"]?.intValue ?? -1)") })
            #expect(documents.allSatisfy { $0["@timestamp"]?.stringValue?.hasSuffix("-11-24T21:04:57.000Z") == true })
        }
    }

    @Test func datagramsBeyondThePendingLimitAreDroppedAndCounted() async throws {
        let input = try SocketTestHarness.udp(["address": "127.0.0.1:0"])
        let extra = 300
        try await SocketTestHarness.running(input) { port, sink in
            await sink.hold()
            _ = try SocketTestClient.sendUDP(port: port, datagrams: [Array("first".utf8)])
            await sink.waitForHeld(1)
            // Paced in bursts the kernel buffer takes whole; the input counts every datagram read.
            var sent = 1
            while sent < 1 + UDPInput.pendingLimit + extra {
                let burst = min(500, 1 + UDPInput.pendingLimit + extra - sent)
                _ = try SocketTestClient.sendUDP(port: port, datagrams: (sent..<(sent + burst)).map { Array("datagram \($0)".utf8) })
                sent += burst
                let deadline = ContinuousClock.now + .seconds(20)
                while input.receivedCount < sent, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(2)) }
            }
            #expect(input.receivedCount == sent)
            #expect(input.droppedCount == extra)
            await sink.release()
            let documents = await sink.waitFor(count: 1 + UDPInput.pendingLimit)
            #expect(documents.count == 1 + UDPInput.pendingLimit)
            #expect(documents.first?["message"] == "first")
            #expect(documents.last?["message"] == .string("datagram \(UDPInput.pendingLimit)"))
            #expect(await sink.batches.count == 2)
        }
    }

    // MARK: logger (util-linux), with the same frames written by hand

    @Test func loggerOverTCPAndUDP() async throws {
        let tcp = try SocketTestHarness.tcp(["address": "127.0.0.1:0", "format": "syslog"])
        let udp = try SocketTestHarness.udp(["address": "127.0.0.1:0", "format": "syslog"])
        let hasLogger = FileManager.default.isExecutableFile(atPath: "/usr/bin/logger")
        if !hasLogger { print("SocketInputTests: /usr/bin/logger not found; checking the hand-written logger frames only") }
        try await SocketTestHarness.running(tcp) { tcpPort, tcpSink in
            try await SocketTestHarness.running(udp) { udpPort, udpSink in
                _ = try await SocketTestClient.sendTCP(port: tcpPort, chunks: [Array(SyslogFrames.octetCounted5424.utf8)])
                _ = try SocketTestClient.sendUDP(port: udpPort, datagrams: [Array(SyslogFrames.loggerUDP3164.utf8)])
                let tcpDocuments = await tcpSink.waitFor(count: 1)
                let udpDocuments = await udpSink.waitFor(count: 1)
                try #require(tcpDocuments.count == 1 && udpDocuments.count == 1)
                SyslogFrames.expectOctetCounted5424(tcpDocuments[0])
                SyslogFrames.expectLoggerUDP3164(udpDocuments[0], hostname: "vm", message: "text")
                guard hasLogger else { return }

                let host = SocketTestClient.shortHostname()
                let tcpPortText = String(tcpPort)
                try await SocketTestClient.run("/usr/bin/logger", ["--tcp", "-n", "127.0.0.1", "-P", tcpPortText, "--rfc5424", "-t", "orders",
                    "--msgid", "REQ", "--sd-id", "trace@32473", "--sd-param", #"trace_id="4bf92f3577b34da6""#, "-p", "local0.info", "hello 5424"])
                try await SocketTestClient.run("/usr/bin/logger", ["--tcp", "--octet-count", "-n", "127.0.0.1", "-P", tcpPortText,
                    "--rfc5424", "-t", "worker", "-p", "local1.debug", "hello octet"])
                try await SocketTestClient.run("/usr/bin/logger", ["--tcp", "--octet-count", "-n", "127.0.0.1", "-P", tcpPortText,
                    "--rfc3164", "-t", "kernel", "-p", "kern.crit", "hello kern"])
                try await SocketTestClient.run("/usr/bin/logger", ["--udp", "-n", "127.0.0.1", "-P", String(udpPort), "--rfc3164",
                    "-t", "web-frontend", "--id=4242", "-p", "local0.info", "hello udp"])
                let fromLogger = Array(await tcpSink.waitFor(count: 4).dropFirst())
                try #require(fromLogger.count == 3)
                let byApp = Dictionary(fromLogger.map { ($0["process.name"]?.stringValue ?? "", $0) }, uniquingKeysWith: { a, _ in a })
                let orders = try #require(byApp["orders"])
                #expect(orders["message"] == "hello 5424")
                #expect(orders["log.syslog.priority"] == .int(134))
                #expect(orders["log.syslog.msgid"] == "REQ")
                #expect(orders["log.syslog.version"] == "1")
                #expect(orders["log.syslog.structured_data.trace@32473"] == .object(["trace_id": "4bf92f3577b34da6"]))
                #expect(orders["log.syslog.structured_data.timeQuality.tzKnown"] == "1")
                #expect(orders["host.hostname"]?.stringValue?.hasPrefix(host) == true)
                let worker = try #require(byApp["worker"])
                #expect(worker["message"] == "hello octet")
                #expect(worker["log.syslog.facility.name"] == "local1")
                #expect(worker["log.syslog.severity.name"] == "debug")
                let kernel = try #require(byApp["kernel"])
                #expect(kernel["message"] == "hello kern")
                #expect(kernel["log.syslog.priority"] == .int(10))  // logger sends kern as user
                #expect(kernel["host.hostname"] == .string(host))
                let udpFromLogger = Array(await udpSink.waitFor(count: 2).dropFirst())
                try #require(udpFromLogger.count == 1)
                SyslogFrames.expectLoggerUDP3164(udpFromLogger[0], hostname: host, message: "hello udp")
            }
        }
    }

    // MARK: Options

    @Test func optionsAreCheckedWhenTheInputIsBuilt() throws {
        #expect(SocketTestHarness.tcpError(["format": "syslog"]) == "inputs.test.address: required property is missing")
        #expect(SocketTestHarness.tcpError(["address": "localhost"])?.hasPrefix("inputs.test.address: must be host:port") == true)
        #expect(SocketTestHarness.tcpError(["address": "127.0.0.1:70000"])?.hasPrefix("inputs.test.address: must be host:port") == true)
        #expect(SocketTestHarness.tcpError(["address": "127.0.0.1:1", "framing": "syslog"])?.hasPrefix("inputs.test.framing: must be one of lines, octet_counting, auto") == true)
        #expect(SocketTestHarness.tcpError(["address": "127.0.0.1:1", "timezone": "Europe/Paris"])?.hasPrefix("inputs.test.timezone: must be UTC") == true)
        #expect(SocketTestHarness.tcpError(["address": "127.0.0.1:1", "max_connections": 0])?.hasPrefix("inputs.test.max_connections") == true)
        #expect(SocketTestHarness.tcpError(["address": "127.0.0.1:1", "fromat": "lines"])?.hasPrefix("inputs.test.fromat: unknown option") == true)
        #expect(SocketTestHarness.tcpError(["address": "[::1]:5514", "timezone": "-05:30", "max_event_size": "2kb", "framing": "lines"]) == nil)
        var udpOptions = ComponentOptions(["address": "127.0.0.1:1", "framing": "lines"], file: "pipelines/test.yaml", path: "inputs.test")
        #expect(throws: ConfigError.self) { try UDPInput(options: &udpOptions, context: SocketTestHarness.context) }
    }

    @Test func bindFailureIsThrownFromRunAndBoundPort() async throws {
        let first = try SocketTestHarness.tcp(["address": "127.0.0.1:0"])
        try await SocketTestHarness.running(first) { port, _ in
            let second = try SocketTestHarness.tcp(["address": .string("127.0.0.1:\(port)")])
            await #expect(throws: (any Error).self) { try await second.run(into: SocketTestSink()) }
            await #expect(throws: (any Error).self) { try await second.boundPort() }
        }
    }
}

// MARK: - Helpers

/// Collects what an input delivers, batch by batch; ``hold()`` plays a stalled output.
actor SocketTestSink: EventSink {
    private(set) var batches: [[Document]] = []
    private var holding = false
    private var held: [CheckedContinuation<Void, Never>] = []

    func deliver(_ documents: [Document]) async throws {
        while holding { await withCheckedContinuation { held.append($0) } }
        batches.append(documents)
    }

    /// Polls until `count` deliveries wait in ``hold()``.
    func waitForHeld(_ count: Int) async {
        let deadline = ContinuousClock.now + .seconds(30)
        while held.count < count, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    var documents: [Document] { batches.flatMap { $0 } }

    func hold() { holding = true }

    func release() {
        holding = false
        let waiting = held
        held = []
        for continuation in waiting { continuation.resume() }
    }

    /// Polls until at least `count` documents arrived (or a generous deadline passed).
    func waitFor(count: Int) async -> [Document] {
        let deadline = ContinuousClock.now + .seconds(30)
        while batches.reduce(0, { $0 + $1.count }) < count, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        return documents
    }
}

enum SocketTestHarness {
    static let context: ComponentContext = {
        var logger = Logger(label: "sift.test.sockets")
        logger.logLevel = .error
        return ComponentContext(pipeline: "test", id: "test", stateDirectory: nil, logger: logger)
    }()

    static func options(_ object: JSONObject) -> ComponentOptions {
        ComponentOptions(object, file: "pipelines/test.yaml", path: "inputs.test")
    }

    static func tcp(_ object: JSONObject) throws -> TCPInput {
        var options = options(object)
        return try TCPInput(options: &options, context: context)
    }

    static func udp(_ object: JSONObject) throws -> UDPInput {
        var options = options(object)
        return try UDPInput(options: &options, context: context)
    }

    /// `path: reason` of the error building a `tcp` input throws, nil if it builds.
    static func tcpError(_ object: JSONObject) -> String? {
        var options = options(object)
        do {
            _ = try TCPInput(options: &options, context: context)
            return nil
        } catch {
            guard case .invalid(_, let path, let reason) = error else { return error.description }
            return "\(path): \(reason)"
        }
    }

    /// Runs `input` into a fresh sink while `body` talks to its port; then cancels it and checks
    /// that `run` ends with `CancellationError`.
    @discardableResult
    static func running(_ input: TCPInput, _ body: (Int, SocketTestSink) async throws -> Void) async throws -> SocketTestSink {
        try await running({ try await input.run(into: $0) }, port: { try await input.boundPort() }, body)
    }

    @discardableResult
    static func running(_ input: UDPInput, _ body: (Int, SocketTestSink) async throws -> Void) async throws -> SocketTestSink {
        try await running({ try await input.run(into: $0) }, port: { try await input.boundPort() }, body)
    }

    private static func running(
        _ run: @escaping @Sendable (any EventSink) async throws -> Void,
        port: @Sendable () async throws -> Int,
        _ body: (Int, SocketTestSink) async throws -> Void
    ) async throws -> SocketTestSink {
        let sink = SocketTestSink()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await run(sink) }
            do {
                try await body(try await port(), sink)
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
            await #expect(throws: CancellationError.self) { try await group.next() }
        }
        return sink
    }
}

/// Blocking POSIX clients, run on their own threads so they never hold up Swift's task pool.
enum SocketTestClient {
    struct SocketError: Error, CustomStringConvertible {
        var call: String
        var code: Int32
        var description: String { "\(call): \(String(cString: strerror(code)))" }
    }

    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    static func connectTCP(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketError(call: "socket", code: errno) }
        var address = loopback(port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            throw SocketError(call: "connect", code: code)
        }
        return fd
    }

    static func localPort(_ fd: Int32) -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func write(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw SocketError(call: "send", code: errno) }
            offset += written
        }
    }

    /// Connects, writes each chunk with its own `send`, closes; returns the client's port.
    static func sendTCP(port: Int, chunks: [[UInt8]]) async throws -> Int {
        try await onThread {
            let fd = try connectTCP(port: port)
            defer { close(fd) }
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            for chunk in chunks { try write(fd, chunk) }
            return localPort(fd)
        }
    }

    /// Reads and discards until the peer closes; returns 0 then. Throws after 20 s of silence.
    static func readUntilClosed(_ fd: Int32) async throws -> Int {
        try await onThread {
            var timeout = timeval(tv_sec: 20, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if count == 0 || (count < 0 && errno == ECONNRESET) { return 0 }
                if count < 0 { throw SocketError(call: "recv", code: errno) }
            }
        }
    }

    /// Writes `chunk` again and again without blocking until nothing more goes through for half
    /// a second, or `limit` bytes are written; returns the bytes written.
    static func writeUntilStuck(_ fd: Int32, chunk: [UInt8], limit: Int) async throws -> Int {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(fd, F_SETFL, flags) }
        var total = 0
        var idlePolls = 0
        while total < limit, idlePolls < 50 {
            let offset = total % chunk.count
            let written = chunk[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written > 0 {
                total += written
                idlePolls = 0
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                idlePolls += 1
                try await Task.sleep(for: .milliseconds(10))
            } else {
                throw SocketError(call: "send", code: errno)
            }
        }
        return total
    }

    /// Writes the rest of the chunk `writeUntilStuck` stopped in (blocking: the reader must be
    /// running again); returns the bytes written in all, whole chunks.
    static func finishChunk(_ fd: Int32, chunk: [UInt8], written: Int) async throws -> Int {
        let offset = written % chunk.count
        guard offset > 0 else { return written }
        let rest = Array(chunk[offset...])
        try await onThread { try write(fd, rest) }
        return written + rest.count
    }

    /// Sends each datagram from one socket; returns its port.
    static func sendUDP(port: Int, datagrams: [[UInt8]]) throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw SocketError(call: "socket", code: errno) }
        defer { close(fd) }
        var address = loopback(port: port)
        for datagram in datagrams {
            let sent = datagram.withUnsafeBytes { bytes in
                withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(fd, bytes.baseAddress, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
            }
            guard sent == datagram.count else { throw SocketError(call: "sendto", code: errno) }
        }
        return localPort(fd)
    }

    /// The host name up to its first dot, as `logger --rfc3164` writes it.
    static func shortHostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return String(name.split(separator: ".").first ?? Substring(name))
    }

    /// Runs a program to completion; throws if it fails.
    static func run(_ path: String, _ arguments: [String]) async throws {
        let status = try await onThread {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        #expect(status == 0, "\(path) \(arguments.joined(separator: " "))")
    }

    static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }
}

/// Frames as SHIPPERS.md records them from logger, rsyslog and syslog-ng, and what they parse to.
enum SyslogFrames {
    static func counted(_ body: String) -> String { "\(body.utf8.count) \(body)" }

    static let octetCounted5424 = counted(#"<143>1 2026-11-24T22:04:56.450718+00:00 vm worker - - [timeQuality tzKnown="1" isSynced="0"] text"#)
    static let lineFramed3164 = "<134>Nov 24 22:04:56 vm web-frontend[4242]: text\n"
    static let octetCounted3164 = counted("<10>Nov 24 22:04:57 vm kernel: text")
    static let loggerUDP3164 = "<134>Nov 24 22:04:56 vm web-frontend[4242]: text"

    static func expectOctetCounted5424(_ document: Document) {
        #expect(document["@timestamp"] == "2026-11-24T22:04:56.450718000Z")
        #expect(document["log.syslog.priority"] == .int(143))
        #expect(document["log.syslog.facility.name"] == "local1")
        #expect(document["log.syslog.severity.name"] == "debug")
        #expect(document["log.syslog.version"] == "1")
        #expect(document["log.syslog.structured_data"] == .object(["timeQuality": .object(["tzKnown": "1", "isSynced": "0"])]))
        #expect(document["host.hostname"] == "vm")
        #expect(document["process"] == .object(["name": "worker"]))
        #expect(document["message"] == "text")
        #expect(document["log.source.address"]?.stringValue?.hasPrefix("127.0.0.1:") == true)
    }

    static func expectLineFramed3164(_ document: Document) {
        #expect(document["@timestamp"]?.stringValue?.hasSuffix("-11-24T22:04:56.000Z") == true)
        #expect(document["host.hostname"] == "vm")
        #expect(document["process"] == .object(["name": "web-frontend", "pid": 4242]))
        #expect(document["message"] == "text")
    }

    static func expectLoggerUDP3164(_ document: Document, hostname: String, message: String) {
        #expect(document["log.syslog.priority"] == .int(134))
        #expect(document["host.hostname"] == .string(hostname))
        #expect(document["process"] == .object(["name": "web-frontend", "pid": 4242]))
        #expect(document["message"] == .string(message))
        #expect(document["tags"] == nil)
    }
}
