import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Logging
import SiftConfig
import SiftCore
import SiftPipeline
import SiftTestSupport
import Synchronization
import SystemPackage
import Testing

/// The `elasticsearch` output against a real `sift serve` API, and its retry path against a
/// cluster that answers 429 before it takes the documents.
@Suite struct ElasticsearchOutputTests {
    private func output(port: Int, state: FilePath, extra: JSONObject = [:]) throws -> ElasticsearchOutput {
        var options: JSONObject = [
            "hosts": [.string("http://127.0.0.1:\(port)")], "index": "shipped",
            "batch_size": 100, "flush_interval": "50ms", "retry_initial_backoff": "10ms", "retry_max_backoff": "50ms",
        ]
        for (key, value) in extra { options[key] = value }
        var reader = ComponentOptions(options, file: "test.yaml", path: "outputs.remote")
        let context = ComponentContext(pipeline: "test", id: "remote", stateDirectory: state, logger: Logger(label: "test"))
        return try ElasticsearchOutput(options: &reader, context: context)
    }

    private func documents(_ range: Range<Int>, _ extra: JSONObject = [:]) -> [Document] {
        range.map { number in
            var fields: JSONObject = ["n": .int(Int64(number)), "message": .string("event \(number)")]
            for (key, value) in extra { fields[key] = value }
            return Document(fields: fields)
        }
    }

    @Test func concurrentBatchesAllArriveAndRejectedDocumentsAreDeadLettered() async throws {
        try await withTemporaryDirectory { state in
            try await withLiveServer { client in
                let mapping = try await client.call(.put, "/shipped", #"{"mappings":{"properties":{"n":{"type":"long"}}}}"#)
                #expect(mapping.status == 200)
                let output = try output(port: try #require(client.port), state: state)
                try await withThrowingDiscardingTaskGroup { group in
                    for part in 0..<5 {
                        group.addTask { try await output.send(documents(part * 230..<(part + 1) * 230)) }
                    }
                }
                try await output.send([Document(fields: ["n": "not a number"])] + documents(5000..<5003))
                await output.close()
                _ = try await client.call(.post, "/shipped/_refresh")
                let count = try await client.call(.get, "/shipped/_count")
                #expect(count.json["count"] == 1153)

                let deadLetters = try lines(state.appending("test.remote.dead-letter.ndjson"))
                #expect(deadLetters.count == 1)
                #expect(deadLetters.first?["status"] == 400)
                #expect(deadLetters.first?["document"]?["n"] == "not a number")
                #expect(deadLetters.first?["output"] == "remote")
            }
        }
    }

    @Test func overloadAndServerErrorsAreRetriedUntilTaken() async throws {
        let requests = Mutex<[String]>([])
        let router = Router()
        router.post("/_bulk") { request, _ -> Response in
            let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
            let number = requests.withLock { $0.append(body); return $0.count }
            let documents = body.split(separator: "\n").count / 2
            switch number {
            case 1: return Response(status: .tooManyRequests, body: .init(byteBuffer: ByteBuffer(string: "{}")))
            case 2: return Response(status: .serviceUnavailable, body: .init(byteBuffer: ByteBuffer(string: "{}")))
            case 3:
                // Item 0 taken, item 1 overloaded (retried alone), item 2 rejected for itself.
                #expect(documents == 3)
                return Self.bulkAnswer([201, 429, 400])
            default:
                return Self.bulkAnswer(Array(repeating: 201, count: documents))
            }
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await withTemporaryDirectory { state in
            try await app.test(.live) { client in
                let output = try output(port: try #require(client.port), state: state, extra: ["batch_size": 3])
                try await output.send(documents(0..<3))
                await output.close()
            }
            let bodies = requests.withLock { $0 }
            #expect(bodies.count == 4)
            #expect(bodies[3].contains(#""n":1"#) && !bodies[3].contains(#""n":0"#) && !bodies[3].contains(#""n":2"#))
            #expect(bodies[0].hasPrefix(#"{"create":{"_index":"shipped"}}"#))
            let deadLetters = try lines(state.appending("test.remote.dead-letter.ndjson"))
            #expect(deadLetters.map { $0["document"]?["n"] } == [2])
        }
    }

    private static func bulkAnswer(_ statuses: [Int]) -> Response {
        let items: [JSONValue] = statuses.map { status in
            var item: JSONObject = ["_index": "shipped", "status": .int(Int64(status))]
            if status >= 300 { item["error"] = ["type": "mapper_parsing_exception", "reason": "test says no"] }
            return ["create": .object(item)]
        }
        let body: JSONValue = ["took": 1, "errors": .bool(statuses.contains { $0 >= 300 }), "items": .array(items)]
        var response = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: body.jsonBytes())))
        response.headers[.contentType] = "application/json"
        return response
    }

    private func lines(_ path: FilePath) throws -> [JSONValue] {
        let text = try ConfigDirectory.read(path.string)
        return try text.split(separator: "\n").map { try JSONReader.parse(Array($0.utf8)) }
    }
}
