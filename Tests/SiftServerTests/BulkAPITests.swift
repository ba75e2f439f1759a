import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SiftCore
import SiftServer
import Testing

/// `_bulk` and the single-document APIs over real loopback HTTP, answers as Elasticsearch gives them.
@Suite struct BulkAPITests {
    @Test func bulkAnswersOneItemPerActionInOrderAndFailsOnlyBadDocuments() async throws {
        try await withLiveServer { client in
            let body = """
                {"index":{"_index":"app"}}
                {"level":"ERROR","message":"connection refused"}
                {"create":{"_index":"app","_id":"a1"}}
                {"level":"INFO","message":"fine"}
                {"index":{"_index":"app","_type":"events"}}
                {"broken
                {"index":{"_index":"app","_id":"a2"}}
                {"level":"WARN","message":"slow"}

                """
            let response = try await client.call(.put, "/_bulk?refresh=true", body, contentType: "application/vnd.elasticsearch+x-ndjson; compatible-with=9")
            #expect(response.status == 200)
            #expect(response.headers[HTTPField.Name("X-Elastic-Product")!] == "Elasticsearch")
            let json = response.json
            #expect(json["errors"] == true)
            let items = json["items"]?.arrayValue ?? []
            #expect(items.count == 4)
            #expect(items[0]["index"]?["status"] == 201)
            #expect(items[0]["index"]?["result"] == "created")
            #expect(items[0]["index"]?["_id"]?.stringValue?.utf8.count == 20)
            #expect(items[1]["create"]?["_id"] == "a1")
            #expect(items[1]["create"]?["status"] == 201)
            #expect(items[2]["index"]?["status"] == 400)
            #expect(items[2]["index"]?["error"]?["type"] == "document_parsing_exception")
            #expect(items[3]["index"]?["_id"] == "a2")
            #expect(items[3]["index"]?["_version"] == 1)
            #expect(try await client.call(.get, "/app/_count").json["count"] == 3)
        }
    }

    @Test func createOfAnExistingIdIsAConflictAndIndexMakesANewVersion() async throws {
        try await withLiveServer { client in
            try await client.call(.put, "/app/_doc/1", #"{"n":1}"#)
            let conflict = try await client.ndjson(.post, "/app/_bulk", [["create": ["_id": "1"]], ["n": 2]])
            #expect(conflict.json["items"]?[0]?["create"]?["status"] == 409)
            #expect(conflict.json["items"]?[0]?["create"]?["error"]?["type"] == "version_conflict_engine_exception")
            let direct = try await client.call(.put, "/app/_create/1", #"{"n":3}"#)
            #expect(direct.status == 409)
            #expect(direct.json["error"]?["type"] == "version_conflict_engine_exception")

            let again = try await client.call(.put, "/app/_doc/1", #"{"n":4}"#)
            #expect(again.status == 200)
            #expect(again.json["result"] == "updated")
            #expect(again.json["_version"] == 2)
            let got = try await client.call(.get, "/app/_doc/1")
            #expect(got.json["_source"]?["n"] == 4)
            #expect(got.json["_version"] == 2)
            #expect(got.json["found"] == true)
        }
    }

    @Test func malformedActionLinesFailTheWholeRequestWithNothingIndexed() async throws {
        try await withLiveServer { client in
            let unknown = try await client.call(.post, "/_bulk", "{\"index\":{\"_index\":\"app\"}}\n{\"a\":1}\n{\"upsert\":{\"_index\":\"app\"}}\n{}\n")
            #expect(unknown.status == 400)
            #expect(unknown.json["error"]?["type"] == "illegal_argument_exception")
            #expect(unknown.json["error"]?["reason"] == "Malformed action/metadata line [3], expected field [create], [delete], [index] or [update] but found [upsert]")
            let broken = try await client.call(.post, "/_bulk", "{\"index\":{\"_index\":\"app\"}}\n{\"a\":1}\n{\"index\":\n{}\n")
            #expect(broken.status == 400)
            #expect(broken.json["error"]?["type"] == "x_content_parse_exception")
            let noIndex = try await client.call(.post, "/_bulk", "{\"index\":{}}\n{\"a\":1}\n")
            #expect(noIndex.status == 400)
            #expect(noIndex.json["error"]?["type"] == "action_request_validation_exception")
            #expect(try await client.call(.head, "/app").status == 404)
        }
    }

    @Test func updateMergesDeleteRemovesAndMissingDocumentsAre404() async throws {
        try await withLiveServer { client in
            try await client.call(.put, "/app/_doc/u?refresh=true", #"{"a":{"x":1,"y":2},"b":"keep"}"#)
            let response = try await client.ndjson(.post, "/_bulk", [
                ["update": ["_index": "app", "_id": "u"]], ["doc": ["a": ["y": 3]]],
                ["update": ["_index": "app", "_id": "u"]], ["doc": ["a": ["y": 3]]],
                ["update": ["_index": "app", "_id": "none"]], ["doc": ["z": 1]],
                ["update": ["_index": "app", "_id": "new"]], ["doc": ["z": 1], "doc_as_upsert": true],
                ["delete": ["_index": "app", "_id": "gone"]],
            ])
            let items = response.json["items"]?.arrayValue ?? []
            #expect(items[0]["update"]?["result"] == "updated")
            #expect(items[1]["update"]?["result"] == "noop")
            #expect(items[2]["update"]?["status"] == 404)
            #expect(items[2]["update"]?["error"]?["type"] == "document_missing_exception")
            #expect(items[3]["update"]?["status"] == 201)
            #expect(items[4]["delete"]?["status"] == 404)
            #expect(items[4]["delete"]?["result"] == "not_found")
            let merged = try await client.call(.get, "/app/_doc/u")
            #expect(merged.json["_source"] == ["a": ["x": 1, "y": 3], "b": "keep"])

            let deleted = try await client.call(.delete, "/app/_doc/u")
            #expect(deleted.json["result"] == "deleted")
            #expect(try await client.call(.get, "/app/_doc/u").json == ["_index": "app", "_id": "u", "found": false])
            #expect(try await client.call(.get, "/app/_doc/u").status == 404)
            #expect(try await client.call(.delete, "/app/_doc/u").status == 404)
            #expect(try await client.call(.get, "/app/_source/new").json == ["z": 1])
        }
    }

    @Test func aDocumentIsReadableByIdBeforeAnyRefresh() async throws {
        try await withLiveServer { client in
            let created = try await client.call(.post, "/app/_doc", #"{"msg":"hi"}"#)
            #expect(created.status == 201)
            let id = try #require(created.json["_id"]?.stringValue)
            #expect(try await client.call(.get, "/app/_doc/\(id)").json["_source"] == ["msg": "hi"])
        }
    }

    @Test func valuesThatDoNotFitTheMappingFailTheirItemOnly() async throws {
        try await withLiveServer { client in
            let created = try await client.call(.put, "/typed", #"{"mappings":{"properties":{"n":{"type":"long"}}}}"#)
            #expect(created.json == ["acknowledged": true, "shards_acknowledged": true, "index": "typed"])
            let response = try await client.ndjson(.post, "/typed/_bulk?refresh=wait_for", [
                ["index": [:]], ["n": "not a number"],
                ["index": [:]], ["n": 7],
            ])
            #expect(response.json["items"]?[0]?["index"]?["status"] == 400)
            #expect(response.json["items"]?[0]?["index"]?["error"]?["type"] == "document_parsing_exception")
            #expect(response.json["items"]?[1]?["index"]?["status"] == 201)
            #expect(try await client.call(.get, "/typed/_count").json["count"] == 1)
        }
    }

    @Test func bodiesOverTheLimitAre413InElasticsearchsShape() async throws {
        var configuration = ServerConfiguration()
        configuration.maxContentLength = 1000
        try await withLiveServer(configuration: configuration) { client in
            let line = "{\"index\":{\"_index\":\"app\"}}\n{\"pad\":\"\(String(repeating: "x", count: 2000))\"}\n"
            let response = try await client.call(.post, "/_bulk", line)
            #expect(response.status == 413)
            #expect(response.json["status"] == 413)
            #expect(response.headers[HTTPField.Name("X-Elastic-Product")!] == "Elasticsearch")
        }
    }

    @Test func unknownPipelinesFailTheirItems() async throws {
        try await withLiveServer { client in
            let response = try await client.ndjson(.post, "/_bulk?pipeline=nope", [
                ["index": ["_index": "app"]], ["a": 1],
                ["index": ["_index": "app", "pipeline": "_none"]], ["a": 2],
            ])
            #expect(response.status == 200)
            #expect(response.json["errors"] == true)
            #expect(response.json["items"]?[0]?["index"]?["status"] == 400)
            #expect(response.json["items"]?[0]?["index"]?["error"]?["reason"] == "pipeline with id [nope] does not exist")
            #expect(response.json["items"]?[1]?["index"]?["status"] == 201)
        }
    }
}

/// The wire details real clients depend on: compressed bodies and the media types they send and accept.
@Suite struct WireTests {
    @Test func gzipBulkBodiesAreInflated() async throws {
        try await withLiveServer { client in
            let ndjson = "{\"index\":{\"_index\":\"z\"}}\n{\"a\":1}\n{\"index\":{\"_index\":\"z\"}}\n{\"a\":2}\n"
            let compressed = try gzip(Array(ndjson.utf8))
            let response = try await client.executeRequest(
                uri: "/_bulk?refresh=true", method: .post,
                headers: [.contentType: "application/x-ndjson", .contentEncoding: "gzip"], body: ByteBuffer(bytes: compressed))
            #expect(response.status == .ok)
            #expect(try await client.call(.get, "/z/_count").json["count"] == 2)
            let broken = try await client.executeRequest(
                uri: "/_bulk", method: .post, headers: [.contentEncoding: "gzip"], body: ByteBuffer(string: ndjson))
            #expect(broken.status == .badRequest)
        }
    }

    @Test func vendorMediaTypesAreAcceptedAndAnsweredOnlyWhenAsked() async throws {
        try await withLiveServer { client in
            let asked = try await client.executeRequest(
                uri: "/", method: .get, headers: [.accept: "application/vnd.elasticsearch+json; compatible-with=9"], body: nil)
            #expect(asked.headers[.contentType] == "application/vnd.elasticsearch+json;compatible-with=9")
            let plain = try await client.executeRequest(uri: "/", method: .get, headers: [.accept: "*/*"], body: nil)
            #expect(plain.headers[.contentType] == "application/json")
            let search = try await client.call(.post, "/_search", "{}", contentType: "application/vnd.elasticsearch+json; compatible-with=9")
            #expect(search.status == 200)
        }
    }

    /// Compresses with the system's `gzip`, as a client library would.
    private func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-c"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(bytes))
        try input.fileHandleForWriting.close()
        let compressed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(compressed)
    }
}
