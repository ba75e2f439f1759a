import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1
import SiftConfig
import SiftCore

/// Sends one bulk until every document in it is indexed or dead-lettered.
struct BulkSender: Sendable {
    struct Settings: Sendable {
        var hosts: [String]
        var index: String
        var opType: String
        var pipeline: String?
        var authorization: String?
        var batchSize: Int
        var batchBytes: Int
        var flushInterval: Duration
        var timeout: Duration
        var backoff: RetryBackoff

        init(options: inout ComponentOptions) throws(ConfigError) {
            guard let hosts = try options.stringList("hosts"), !hosts.isEmpty else {
                throw options.error("hosts", "required: a list of base URLs such as http://127.0.0.1:9200")
            }
            for host in hosts where !(host.hasPrefix("http://") || host.hasPrefix("https://")) {
                throw options.error("hosts", "[\(host)] must start with http:// or https://")
            }
            self.hosts = hosts.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
            index = try options.requiredString("index")
            opType = try options.choice("op_type", of: ["create", "index"], default: "create")
            pipeline = try options.string("pipeline")
            let username = try options.string("username")
            let password = try options.string("password")
            let apiKey = try options.string("api_key")
            switch (username, password, apiKey) {
            case (nil, nil, nil): authorization = nil
            case (let user?, let password?, nil): authorization = HTTPClient.Authorization.basic(username: user, password: password).headerValue
            case (nil, nil, let key?): authorization = "ApiKey " + key
            default: throw options.error(nil, "give either username and password, or api_key")
            }
            batchSize = try options.int("batch_size", minimum: 1) ?? 1000
            batchBytes = try options.byteSize("batch_bytes") ?? 5 << 20
            flushInterval = try options.duration("flush_interval") ?? .seconds(1)
            timeout = try options.duration("timeout") ?? .seconds(30)
            backoff = RetryBackoff(initial: try options.duration("retry_initial_backoff") ?? .milliseconds(100),
                                   maximum: try options.duration("retry_max_backoff") ?? .seconds(30))
        }
    }

    let settings: Settings
    let client: HTTPClient
    let deadLetter: DeadLetterFile
    let logger: Logger
    private let actionLine: [UInt8]

    init(settings: Settings, client: HTTPClient, deadLetter: DeadLetterFile, logger: Logger) {
        self.settings = settings
        self.client = client
        self.deadLetter = deadLetter
        self.logger = logger
        var line: [UInt8] = []
        JSONWriter.append([settings.opType: .object(["_index": .string(settings.index)])] as JSONObject, to: &line)
        line.append(UInt8(ascii: "\n"))
        actionLine = line
    }

    /// Appends the action line and the document line of `document` to a bulk body.
    func appendBulkLines(_ document: Document, to body: inout [UInt8]) {
        body.append(contentsOf: actionLine)
        document.write(to: &body)
        body.append(UInt8(ascii: "\n"))
    }

    /// The bulk body of `documents`, for a retry of some of them.
    private func bulkBody(_ documents: [Document]) -> [UInt8] {
        var body: [UInt8] = []
        for document in documents { appendBulkLines(document, to: &body) }
        return body
    }

    private enum Attempt {
        /// Every document is indexed or dead-lettered.
        case done
        /// Send these again after a backoff.
        case retry([Document], reason: String)
    }

    /// Sends `documents` (whose bulk lines are `body`) until each is indexed or dead-lettered.
    ///
    /// - Throws: `CancellationError` only.
    func ship(_ body: [UInt8], _ documents: [Document]) async throws {
        var (body, documents) = (body, documents)
        var failures = 0
        while true {
            try Task.checkCancellation()
            let host = settings.hosts[failures % settings.hosts.count]
            switch try await attempt(body, documents, host: host) {
            case .done:
                return
            case .retry(let remaining, let reason):
                let delay = settings.backoff.delay(attempt: failures)
                logger.warning("bulk request will be retried", metadata: [
                    "host": .string(host), "documents": .stringConvertible(remaining.count), "reason": .string(reason),
                    "retry_in_ms": .stringConvertible(TimeValue.milliseconds(of: delay)),
                ])
                failures += 1
                if remaining.count != documents.count {
                    documents = remaining
                    body = bulkBody(documents)
                }
                try await Task.sleep(for: delay)
            }
        }
    }

    private func attempt(_ body: [UInt8], _ documents: [Document], host: String) async throws -> Attempt {
        var request = HTTPClientRequest(url: host + "/_bulk" + (settings.pipeline.map { "?pipeline=\($0)" } ?? ""))
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-ndjson")
        request.headers.add(name: "Accept", value: "application/json")
        if let authorization = settings.authorization { request.headers.add(name: "Authorization", value: authorization) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let status: Int
        let answer: ByteBuffer
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(TimeValue.nanoseconds(of: settings.timeout)))
            status = Int(response.status.code)
            answer = try await response.body.collect(upTo: 256 << 20)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            return .retry(documents, reason: "\(error)")
        }
        let text = String(buffer: answer)
        switch status {
        case 200:
            return try itemOutcomes(text, documents)
        case 413 where documents.count > 1:
            // Too large for the server: send it in halves, each retried on its own.
            let half = documents.count / 2
            for part in [Array(documents[..<half]), Array(documents[half...])] {
                try await ship(bulkBody(part), part)
            }
            return .done
        case 429, 500...599, 401, 403, 404:
            // Overload, a server fault, or a misconfiguration an operator can fix: keep the data.
            return .retry(documents, reason: "HTTP \(status): \(text.prefix(300))")
        default:
            try deadLetter.write(documents.map { ($0, status, .string(String(text.prefix(2000)))) }, now: .now())
            return .done
        }
    }

    /// Reads a 200 answer's `items`: those with 429/5xx are retried, other failures dead-lettered.
    private func itemOutcomes(_ text: String, _ documents: [Document]) throws -> Attempt {
        guard let response = try? JSONReader.parseObject(Array(text.utf8)) else {
            return .retry(documents, reason: "the bulk answer is not JSON: \(text.prefix(300))")
        }
        if response["errors"]?.boolValue == false { return .done }
        guard let items = response["items"]?.arrayValue, items.count == documents.count else {
            return .retry(documents, reason: "the bulk answer does not have one item per document")
        }
        var retry: [Document] = []
        var rejected: [(document: Document, status: Int, error: JSONValue)] = []
        var lastReason = ""
        for (item, document) in zip(items, documents) {
            guard let result = item.objectValue?.first?.value.objectValue,
                  let status = result["status"]?.intValue else {
                return .retry(documents, reason: "a bulk item has no status")
            }
            let error = result["error"] ?? .null
            switch status {
            case 200..<300: continue
            case 429, 500...599:
                retry.append(document)
                lastReason = "item status \(status): \(error.jsonString.prefix(300))"
            default: rejected.append((document, Int(status), error))
            }
        }
        try deadLetter.write(rejected, now: .now())
        return retry.isEmpty ? .done : .retry(retry, reason: lastReason)
    }
}
