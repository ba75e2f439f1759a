import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SiftCore
import SiftServer
import SiftTestSupport
import SystemPackage
import Testing

/// Index management, `_mapping`, `_field_caps`, `_cat` and health over real loopback HTTP.
@Suite struct IndexAPITests {
    @Test func createExistsDeleteAndNameRules() async throws {
        try await withLiveServer { client in
            let created = try await client.call(.put, "/orders", #"{"settings":{"number_of_shards":1},"mappings":{"properties":{"total":{"type":"double"}}}}"#)
            #expect(created.status == 200)
            #expect(try await client.call(.head, "/orders").status == 200)
            let again = try await client.call(.put, "/orders")
            #expect(again.status == 400)
            #expect(again.json["error"]?["type"] == "resource_already_exists_exception")
            let upper = try await client.call(.put, "/Orders")
            #expect(upper.json["error"]?["type"] == "invalid_index_name_exception")
            #expect(upper.json["error"]?["reason"] == "Invalid index name [Orders], must be lowercase")
            let escape = try await client.call(.put, "/..")
            #expect(escape.status == 400)
            let wildcard = try await client.call(.delete, "/ord*")
            #expect(wildcard.status == 400)
            #expect(try await client.call(.delete, "/orders").json == ["acknowledged": true])
            #expect(try await client.call(.head, "/orders").status == 404)
            #expect(try await client.call(.delete, "/orders").status == 404)
            // The name is free again at once.
            #expect(try await client.call(.put, "/orders").status == 200)
        }
    }

    @Test func mappingsAndFieldCapsDescribeTheFields() async throws {
        try await withLiveServer { client in
            try await client.call(.put, "/app/_doc/1?refresh=true", #"{"message":"hello","status":200,"@timestamp":"2026-01-01T00:00:00Z"}"#)
            let mapping = try await client.call(.get, "/app/_mapping")
            let properties = mapping.json["app"]?["mappings"]?["properties"]
            #expect(properties?["status"] == ["type": "long"])
            #expect(properties?["@timestamp"] == ["type": "date"])
            #expect(properties?["message"]?["fields"]?["keyword"]?["type"] == "keyword")
            let caps = try await client.call(.get, "/app/_field_caps?fields=message*,status")
            #expect(caps.json["indices"] == ["app"])
            #expect(caps.json["fields"]?["message"]?["text"]?["aggregatable"] == false)
            #expect(caps.json["fields"]?["message.keyword"]?["keyword"]?["aggregatable"] == true)
            #expect(caps.json["fields"]?["status"]?["long"]?["searchable"] == true)
            #expect(caps.json["fields"]?["@timestamp"] == nil)
        }
    }

    @Test func catAndHealthAnswerAsShippersExpect() async throws {
        try await withLiveServer { client in
            try await client.call(.put, "/app/_doc/1?refresh=true", #"{"a":1}"#)
            try await client.call(.put, "/app/_doc/2?refresh=true", #"{"a":2}"#)
            let health = try await client.call(.get, "/_cluster/health?wait_for_status=yellow")
            #expect(health.json["status"] == "green")
            #expect(health.json["number_of_nodes"] == 1)
            let catHealth = try await client.call(.get, "/_cat/health")
            #expect(catHealth.status == 200)
            #expect(catHealth.text.contains(" green "))
            let table = try await client.call(.get, "/_cat/indices?v&h=index,docs.count")
            #expect(table.text == "index docs.count\napp   2\n")
            #expect(table.headers[.contentType] == "text/plain; charset=UTF-8")
            let sift = try await client.call(.get, "/_sift/indices")
            #expect(sift.json["indices"]?["app"]?["docs"] == 2)
            #expect(sift.json["indices"]?["app"]?["corrupted"] == false)
            let refreshed = try await client.call(.post, "/app/_refresh")
            #expect(refreshed.json == ["_shards": ["total": 1, "successful": 1, "failed": 0]])
        }
    }

    @Test func metricsCountBulkDocumentsAndIndexSizes() async throws {
        try await withLiveServer { client in
            try await client.ndjson(.post, "/_bulk?refresh=true", [["index": ["_index": "m"]], ["a": 1], ["index": ["_index": "m"]], ["a": "x"]])
            let text = try await client.call(.get, "/metrics").text
            #expect(text.contains("sift_bulk_documents_total 1"))
            // The bulk was synced (durability request) before it was answered: at least one fsync timed.
            let synced = text.split(separator: "\n").first { $0.hasPrefix("sift_wal_fsync_duration_seconds_count ") }
            #expect((synced?.split(separator: " ").last).flatMap { Int($0) } ?? 0 >= 1)
            #expect(text.contains(#"sift_wal_fsync_duration_seconds_bucket{le="+Inf"}"#))
            #expect(text.contains("sift_bulk_item_failures_total 1"))
            #expect(text.contains(#"sift_index_documents{index="m"} 1"#))
        }
    }

    @Test func indicesSurviveARestart() async throws {
        try await withTemporaryDirectory { directory in
            let data = directory.appending("data").string
            try await withLiveServer(dataDirectory: data) { client in
                try await client.call(.put, "/keep/_doc/1", #"{"v":"one"}"#)
                let created = try await client.call(.put, "/tuned", #"{"settings":{"refresh_interval":"-1","translog":{"durability":"async"}}}"#)
                #expect(created.status == 200)
            }
            try await withLiveServer(dataDirectory: data) { client in
                let document = try await client.call(.get, "/keep/_doc/1")
                let count = try await client.call(.get, "/keep/_count")
                #expect(document.json["_source"] == ["v": "one"])
                #expect(count.json["count"] == 1)
                // Settings given at creation are those the index reopens with.
                let tuned = try await client.call(.get, "/tuned")
                #expect(tuned.json["tuned"]?["settings"]?["index"]?["refresh_interval"] == "-1")
                #expect(tuned.json["tuned"]?["settings"]?["index"]?["translog"]?["durability"] == "async")
                let plain = try await client.call(.get, "/keep")
                #expect(plain.json["keep"]?["settings"]?["index"]?["refresh_interval"] == "1s")
            }
        }
    }

    @Test func bulkAdmissionRefusesWhileBusyButAlwaysAdmitsOne() {
        let admission = BulkAdmission(limit: 100)
        #expect(admission.admit(500))
        #expect(!admission.admit(1))
        admission.release(500)
        #expect(admission.admit(60))
        #expect(admission.admit(40))
        #expect(!admission.admit(1))
    }
}

@Suite struct AuthenticationTests {
    @Test func configuredCredentialsAreRequiredAndChallenged() async throws {
        var configuration = ServerConfiguration()
        configuration.credentials = try Credentials(file: "# users\nelastic:s3cret\napikey:VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==\n", name: "auth")
        try await withLiveServer(configuration: configuration) { client in
            let anonymous = try await client.executeRequest(uri: "/", method: .get, headers: [:], body: nil)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[values: .wwwAuthenticate].contains(#"Basic realm="security" charset="UTF-8""#))
            #expect(try JSONReader.parse(Array(buffer: anonymous.body))["error"]?["type"] == "security_exception")
            let wrong = try await client.executeRequest(
                uri: "/", method: .get, headers: [.authorization: "Basic " + Data("elastic:nope".utf8).base64EncodedString()], body: nil)
            #expect(wrong.status == .unauthorized)
            let basic = try await client.executeRequest(
                uri: "/", method: .get, headers: [.authorization: "Basic " + Data("elastic:s3cret".utf8).base64EncodedString()], body: nil)
            #expect(basic.status == .ok)
            let key = try await client.executeRequest(
                uri: "/_cat/health", method: .get,
                headers: [.authorization: "ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw=="], body: nil)
            #expect(key.status == .ok)
        }
    }

    @Test func badAuthFilesAreRefusedWithTheLine() {
        #expect(throws: CredentialsError.self) { try Credentials(file: "ok:pw\nno-colon-here\n", name: "auth") }
    }
}
