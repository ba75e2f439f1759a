import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SiftCore
import SiftServer
import SiftTestSupport
import SystemPackage
import Synchronization

/// Log lines captured from a server under test.
final class CapturedLines: Sendable {
    private let storage = Mutex<[String]>([])
    var lines: [String] { storage.withLock { $0 } }
    func append(_ bytes: [UInt8]) { storage.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) } }
}

/// Starts a real server on a loopback port in a fresh data directory and runs `body` against it.
func withLiveServer(
    dataDirectory: String? = nil,
    metrics: ServerMetrics = ServerMetrics(),
    logLines: CapturedLines = CapturedLines(),
    _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
) async throws {
    try await withTemporaryDirectory { directory in
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.dataDirectory = dataDirectory ?? directory.appending("data").string
        let logger = Logger(label: "sift-test") { label in
            StructuredLogHandler(label: label, format: .json, level: .info, sink: { logLines.append($0) })
        }
        let app = try SiftServer.makeApplication(configuration: configuration, metrics: metrics, logger: logger)
        try await app.test(.live, body)
    }
}

extension TestResponse {
    var json: JSONValue {
        get throws { try JSONReader.parse(Array(buffer: body)) }
    }
}
