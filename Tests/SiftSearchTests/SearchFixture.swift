import SiftCore
import SiftIndex
import SiftQuery
import SiftSearch
import SiftTestSupport
import SystemPackage

/// A generated log document as the tests' brute force sees it: plain Swift values, no index.
struct LogDoc {
    var id: String
    var level: String
    var service: String
    var words: [String]
    var status: Int64?
    var latency: Double?
    var timestamp: Int64
    var tags: [String]
    var client: String?

    var message: String { words.joined(separator: " ") }

    var json: JSONValue {
        var object: JSONObject = [
            "@timestamp": .string(Timestamp(epochMillis: timestamp).iso8601()),
            "level": .string(level),
            "service": .string(service),
            "message": .string(message),
        ]
        if let status { object.append(key: "http", value: ["status": .int(status)]) }
        if let latency { object.append(key: "latency_ms", value: .double(latency)) }
        if !tags.isEmpty { object.append(key: "tags", value: .array(tags.map { .string($0) })) }
        if let client { object.append(key: "client.ip", value: .string(client)) }
        return .object(object)
    }
}

/// Builds real indexes (IndexWriter, files in a temporary directory) from generated documents,
/// spread over several segments with deletes and updates, and keeps the live documents for the
/// brute-force side of each test.
struct SearchFixture {
    static let levels = ["DEBUG", "INFO", "WARN", "ERROR"]
    static let services = ["api-gateway", "auth", "billing", "payments", "search"]
    static let vocabulary = ["connection", "refused", "timeout", "user", "login", "request", "completed", "with",
                             "status", "cache", "miss", "retry", "upstream", "failed", "slow", "query"]
    static let tagValues = ["alpha", "beta", "gamma", "delta"]
    static let baseMillis: Int64 = 1_709_510_400_000

    static let mappings: JSONValue = {
        let properties: JSONValue = [
            "@timestamp": ["type": "date"],
            "level": ["type": "keyword"],
            "service": ["type": "keyword"],
            "message": ["type": "text"],
            "http": ["properties": ["status": ["type": "long"]]],
            "latency_ms": ["type": "double"],
            "tags": ["type": "keyword"],
            "client.ip": ["type": "ip"],
        ]
        return ["properties": properties]
    }()

    static func makeDoc(_ i: Int, _ rng: inout SplitMix64) -> LogDoc {
        let wordCount = Int.random(in: 2...9, using: &rng)
        return LogDoc(
            id: "doc-\(i)",
            level: levels.randomElement(using: &rng)!,
            service: services.randomElement(using: &rng)!,
            words: (0..<wordCount).map { _ in vocabulary.randomElement(using: &rng)! },
            status: Int.random(in: 0..<5, using: &rng) == 0 ? nil : [200, 201, 404, 500, 503].randomElement(using: &rng)!,
            latency: Int.random(in: 0..<4, using: &rng) == 0 ? nil : Double(Int.random(in: 0..<10_000, using: &rng)) / 8,
            timestamp: baseMillis + Int64(i) * 60_000,
            tags: (0..<Int.random(in: 0...2, using: &rng)).map { _ in tagValues.randomElement(using: &rng)! },
            client: Int.random(in: 0..<3, using: &rng) == 0 ? nil : "10.0.\(Int.random(in: 0..<4, using: &rng)).\(Int.random(in: 0..<256, using: &rng))")
    }

    /// Indexes `count` documents in batches (a refresh after each makes a segment), deletes and
    /// rewrites some, and returns the live documents by id with a target for the searcher.
    static func build(in dir: FilePath, name: String = "logs", count: Int, seed: UInt64, batches: Int = 5)
        async throws -> (target: SearchTarget, docs: [String: LogDoc])
    {
        var rng = SplitMix64(seed: seed)
        var configuration = IndexWriterConfiguration()
        configuration.refreshInterval = nil
        let writer = try await IndexWriter(
            directory: dir.appending(name), name: name, mappings: try Mappings(json: mappings), configuration: configuration)
        var live: [String: LogDoc] = [:]
        let perBatch = max(1, count / batches)
        var next = 0
        while next < count {
            let batch = (next..<min(count, next + perBatch)).map { makeDoc($0, &rng) }
            _ = try await writer.index(batch.map { IndexRequest(id: $0.id, source: $0.json.jsonBytes()) })
            for doc in batch { live[doc.id] = doc }
            next += batch.count
            // Delete a few earlier documents and rewrite a few others (an update is delete + add).
            for _ in 0..<perBatch / 20 {
                let victim = "doc-\(Int.random(in: 0..<next, using: &rng))"
                if live.removeValue(forKey: victim) != nil { _ = try await writer.delete(id: victim) }
            }
            for _ in 0..<perBatch / 25 {
                let i = Int.random(in: 0..<next, using: &rng)
                var doc = makeDoc(i, &rng)
                doc.timestamp = baseMillis + Int64(i) * 60_000
                _ = try await writer.index([IndexRequest(id: doc.id, source: doc.json.jsonBytes())])
                live[doc.id] = doc
            }
            try await writer.refresh()
        }
        let target = SearchTarget(name: name, snapshot: writer.snapshot(), mappings: await writer.mappings)
        try await writer.close()
        return (target, live)
    }
}
