import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SiftCore
import SiftServer
import SiftTestSupport
import SystemPackage
import Testing

@Suite struct ClusterInfoTests {
    @Test func rootAnswersLikeElasticsearch() async throws {
        try await withLiveServer { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("X-Elastic-Product")!] == "Elasticsearch")
                #expect(response.headers[.contentType] == "application/json")
                let body = try response.json
                #expect(body["version"]?["number"] == "8.17.0")
                #expect(body["version"]?["build_flavor"] == "default")
                #expect(body["tagline"] == "You Know, for Search")
                #expect(body["cluster_name"] == "sift")
                #expect(body["cluster_uuid"]?.stringValue?.utf8.count == 22)
                #expect(body["name"]?.stringValue?.isEmpty == false)
            }
        }
    }

    @Test func headRootHasHeadersAndNoBody() async throws {
        try await withLiveServer { client in
            try await client.execute(uri: "/", method: .head) { response in
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("X-Elastic-Product")!] == "Elasticsearch")
                #expect(response.body.readableBytes == 0)
            }
        }
    }

    @Test func unknownPathIsAnElasticsearchErrorWithTheProductHeader() async throws {
        try await withLiveServer { client in
            try await client.execute(uri: "/_no_such_api", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[HTTPField.Name("X-Elastic-Product")!] == "Elasticsearch")
                let body = try response.json
                #expect(body["status"] == 400)
                #expect(body["error"]?["type"] == "illegal_argument_exception")
                #expect(body["error"]?["reason"] == "no handler found for uri [/_no_such_api] and method [GET]")
                #expect(body["error"]?["root_cause"]?[0]?["type"] == "illegal_argument_exception")
            }
        }
    }

    @Test func clusterUUIDSurvivesARestart() async throws {
        try await withTemporaryDirectory { directory in
            let data = directory.appending("data").string
            let first = Box<JSONValue?>(nil)
            try await withLiveServer(dataDirectory: data) { client in
                try await client.execute(uri: "/", method: .get) { first.value = try $0.json["cluster_uuid"] }
            }
            try await withLiveServer(dataDirectory: data) { client in
                try await client.execute(uri: "/", method: .get) { response in
                    let uuid = try response.json["cluster_uuid"]
                    #expect(uuid == first.value)
                    #expect(first.value != nil)
                }
            }
        }
    }
}

/// A mutable slot for carrying a value out of a `@Sendable` test closure.
final class Box<T: Sendable>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
