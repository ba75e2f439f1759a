import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SiftCore
import SiftIndex
import SiftNode
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
    configuration base: ServerConfiguration = ServerConfiguration(),
    dataDirectory: String? = nil,
    metrics: ServerMetrics = ServerMetrics(),
    logLines: CapturedLines = CapturedLines(),
    definitions: [IndexDefinition] = [],
    _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
) async throws {
    try await withTemporaryDirectory { directory in
        var configuration = base
        configuration.port = 0
        configuration.dataDirectory = dataDirectory ?? directory.appending("data").string
        let logger = Logger(label: "sift-test") { label in
            StructuredLogHandler(label: label, format: .json, level: .info, sink: { logLines.append($0) })
        }
        let catalog = try await IndexCatalog(dataDirectory: FilePath(configuration.dataDirectory), definitions: definitions)
        let app = try SiftServer.makeApplication(configuration: configuration, catalog: catalog, metrics: metrics, logger: logger)
        do {
            try await app.test(.live, body)
        } catch {
            try? await catalog.close()
            throw error
        }
        try await catalog.close()
    }
}

extension TestResponse {
    var json: JSONValue {
        get throws { try JSONReader.parse(Array(buffer: body)) }
    }
}

/// A response of the API under test: its status, headers and body as JSON (null when the body is empty
/// or not JSON).
struct APIResponse {
    var status: Int
    var headers: HTTPFields
    var text: String
    var json: JSONValue { (try? JSONReader.parse(Array(text.utf8))) ?? .null }
}

extension TestClientProtocol {
    /// Sends one request the way a client would; `body` is sent as given.
    @discardableResult
    func call(
        _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil,
        contentType: String = "application/json"
    ) async throws -> APIResponse {
        var headers: HTTPFields = [:]
        if body != nil { headers[.contentType] = contentType }
        let response = try await executeRequest(
            uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        return APIResponse(status: Int(response.status.code), headers: response.headers, text: String(buffer: response.body))
    }

    /// Sends NDJSON lines (each line a JSON value written compactly) to a bulk-style endpoint.
    @discardableResult
    func ndjson(_ method: HTTPRequest.Method, _ uri: String, _ lines: [JSONValue]) async throws -> APIResponse {
        let body = lines.map { String(decoding: $0.jsonBytes(), as: UTF8.self) + "\n" }.joined()
        return try await call(method, uri, body, contentType: "application/x-ndjson")
    }
}
