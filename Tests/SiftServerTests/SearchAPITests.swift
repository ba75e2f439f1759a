import HTTPTypes
import HummingbirdTesting
import SiftCore
import SiftIndex
import SiftServer
import Testing

/// `_search`, `_count`, `_msearch` and scrolls over real loopback HTTP.
@Suite struct SearchAPITests {
    static let levels = ["INFO", "WARN", "ERROR"]
    static let services = ["api", "db", "web", "auth"]

    /// `count` documents, document `i` with level `levels[i % 3]`, service `services[i % 4]`,
    /// a timestamp `i` minutes after 2026-01-01 and the number `i`.
    static func load(_ client: any TestClientProtocol, index: String, count: Int) async throws {
        var lines: [JSONValue] = []
        for i in 0..<count {
            lines.append(["index": ["_index": .string(index), "_id": .string("d\(i)")]])
            lines.append([
                "@timestamp": .string(Timestamp(epochMillis: 1_767_225_600_000 + Int64(i) * 60_000).description),
                "level": .string(levels[i % 3]), "service": .string(services[i % 4]), "n": .int(Int64(i)),
                "message": .string(i % 10 == 0 ? "connection refused by upstream" : "request completed"),
            ])
        }
        let response = try await client.ndjson(.post, "/_bulk?refresh=true", lines)
        #expect(response.json["errors"] == false)
    }

    @Test func searchAnswersInElasticsearchsShape() async throws {
        try await withLiveServer { client in
            try await Self.load(client, index: "app", count: 30)
            let response = try await client.call(.post, "/app/_search", """
                {"query":{"bool":{"filter":[{"term":{"level.keyword":"ERROR"}},{"range":{"n":{"gte":10}}}]}},
                 "sort":[{"n":"desc"}],"size":2,"_source":["n","level"]}
                """)
            #expect(response.status == 200)
            let json = response.json
            #expect(json["timed_out"] == false)
            #expect(json["_shards"] == ["total": 1, "successful": 1, "skipped": 0, "failed": 0])
            #expect(json["hits"]?["total"] == ["value": 7, "relation": "eq"])
            #expect(json["hits"]?["max_score"] == .null)
            let hits = json["hits"]?["hits"]?.arrayValue ?? []
            #expect(hits.map { $0["_id"] } == ["d29", "d26"])
            #expect(hits[0]["_index"] == "app")
            #expect(hits[0]["_score"] == .null)
            #expect(hits[0]["_source"] == ["level": "ERROR", "n": 29])
            #expect(hits[0]["sort"] == [29])
        }
    }

    @Test func urlQueriesCountsAndAggregations() async throws {
        try await withLiveServer { client in
            try await Self.load(client, index: "app", count: 120)
            let q = try await client.call(.get, "/app/_search?q=message:refused%20AND%20level.keyword:INFO&size=0")
            // i % 10 == 0 and i % 3 == 0: i % 30 == 0 → 0, 30, 60, 90.
            #expect(q.json["hits"]?["total"]?["value"] == 4)
            #expect(try await client.call(.get, "/app/_count?q=service.keyword:db").json["count"] == 30)
            let count = try await client.call(.post, "/app/_count", #"{"query":{"match":{"message":"refused"}}}"#)
            #expect(count.json == ["count": 12, "_shards": ["total": 1, "successful": 1, "skipped": 0, "failed": 0]])

            let aggs = try await client.call(.post, "/app/_search", """
                {"size":0,"aggs":{"per_hour":{"date_histogram":{"field":"@timestamp","fixed_interval":"1h"},
                 "aggs":{"top":{"terms":{"field":"service.keyword","size":1}}}},"max_n":{"max":{"field":"n"}}}}
                """)
            let buckets = aggs.json["aggregations"]?["per_hour"]?["buckets"]?.arrayValue ?? []
            #expect(buckets.map { $0["doc_count"] } == [60, 60])
            #expect(buckets.first?["key_as_string"] == "2026-01-01T00:00:00.000Z")
            #expect(buckets.first?["top"]?["buckets"]?[0] == ["key": "api", "doc_count": 15])
            #expect(aggs.json["aggregations"]?["max_n"]?["value"] == 119.0)
        }
    }

    @Test func unknownQueriesAndMissingIndicesAreElasticsearchErrors() async throws {
        try await withLiveServer { client in
            try await Self.load(client, index: "app", count: 3)
            let unknown = try await client.call(.post, "/app/_search", #"{"query":{"bogus":{}}}"#)
            #expect(unknown.status == 400)
            #expect(unknown.json["error"]?["type"] == "parsing_exception")
            #expect(unknown.json["error"]?["reason"] == "unknown query [bogus]")
            let badJSON = try await client.call(.post, "/app/_search", #"{"query":"#)
            #expect(badJSON.status == 400)
            #expect(badJSON.json["error"]?["type"] == "x_content_parse_exception")
            let missing = try await client.call(.get, "/nope/_search")
            #expect(missing.status == 404)
            #expect(missing.json["error"]?["type"] == "index_not_found_exception")
            #expect(missing.json["error"]?["reason"] == "no such index [nope]")
            #expect(missing.json["error"]?["resource.id"] == "nope")
            let ignored = try await client.call(.get, "/nope,app/_search?ignore_unavailable=true")
            #expect(ignored.json["hits"]?["total"]?["value"] == 3)
        }
    }

    @Test func indexPatternsAndListsSearchSeveralIndices() async throws {
        try await withLiveServer { client in
            try await Self.load(client, index: "logs-a", count: 5)
            try await Self.load(client, index: "logs-b", count: 7)
            try await Self.load(client, index: "other", count: 11)
            #expect(try await client.call(.get, "/logs-*/_count").json["count"] == 12)
            #expect(try await client.call(.get, "/logs-a,other/_count").json["count"] == 16)
            #expect(try await client.call(.get, "/_count").json["count"] == 23)
            #expect(try await client.call(.get, "/*,-logs-b/_count").json["count"] == 16)
            let search = try await client.call(.get, "/logs-*/_search?size=1")
            #expect(search.json["_shards"]?["total"] == 2)
        }
    }

    @Test func msearchAnswersEachSearchAloneWithItsStatus() async throws {
        try await withLiveServer { client in
            try await Self.load(client, index: "app", count: 9)
            let response = try await client.ndjson(.post, "/_msearch?max_concurrent_shard_requests=5", [
                ["search_type": "query_then_fetch", "ignore_unavailable": true, "index": "app"],
                ["size": 0, "query": ["term": ["level.keyword": "WARN"]]],
                ["index": "missing"], ["query": ["match_all": [:]]],
                [:], ["size": 0],
            ])
            #expect(response.status == 200)
            let responses = response.json["responses"]?.arrayValue ?? []
            #expect(responses.count == 3)
            #expect(responses[0]["status"] == 200)
            #expect(responses[0]["hits"]?["total"]?["value"] == 3)
            #expect(responses[1]["status"] == 404)
            #expect(responses[1]["error"]?["type"] == "index_not_found_exception")
            #expect(responses[2]["hits"]?["total"]?["value"] == 9)
        }
    }

    /// helpers.scan's loop: scroll until a page comes back empty, then clear; every document once.
    @Test(arguments: ["", "&sort=_doc", "&sort=n:desc"])
    func scrollVisitsEveryDocumentOnce(sort: String) async throws {
        try await withLiveServer { client in
            try await Self.load(client, index: "app", count: 2_345)
            try await client.ndjson(.post, "/_bulk?refresh=true", [["delete": ["_index": "app", "_id": "d7"]]])
            var page = try await client.call(.post, "/app/_search?scroll=5m&size=1000\(sort)", #"{"query":{"match_all":{}}}"#)
            var seen: [String] = []
            var pages = 0
            while let hits = page.json["hits"]?["hits"]?.arrayValue, !hits.isEmpty {
                seen += hits.compactMap { $0["_id"]?.stringValue }
                #expect(page.json["hits"]?["total"]?["value"] == 2_344)
                let id = try #require(page.json["_scroll_id"]?.stringValue)
                page = try await client.call(.post, "/_search/scroll", #"{"scroll_id":"\#(id)","scroll":"5m"}"#)
                pages += 1
            }
            #expect(pages == 3)
            #expect(seen.count == 2_344)
            #expect(Set(seen).count == 2_344)
            #expect(!seen.contains("d7"))
            let id = try #require(page.json["_scroll_id"]?.stringValue)
            let cleared = try await client.call(.delete, "/_search/scroll", #"{"scroll_id":["\#(id)"]}"#)
            #expect(cleared.json == ["succeeded": true, "num_freed": 1])
            let gone = try await client.call(.post, "/_search/scroll", #"{"scroll_id":"\#(id)"}"#)
            #expect(gone.status == 404)
            #expect(gone.json["error"]?["type"] == "search_context_missing_exception")
        }
    }

    @Test func dataStreamsTakeWritesByNameAndSearchAsAllTheirBackingIndices() async throws {
        var definition = IndexDefinition(name: "logs")
        definition.rollover = RolloverPolicy(maxDocs: 4)
        try await withLiveServer(definitions: [definition]) { client in
            for _ in 0..<3 {
                try await client.ndjson(.post, "/_bulk?refresh=true", [
                    ["create": ["_index": "logs"]], ["message": "one"],
                    ["create": ["_index": "logs"]], ["message": "two"],
                    ["create": ["_index": "logs"]], ["message": "three"],
                ])
            }
            #expect(try await client.call(.get, "/logs/_count").json["count"] == 9)
            #expect(try await client.call(.get, "/logs-*/_count").json["count"] == 9)
            let cat = try await client.call(.get, "/_cat/indices?format=json&h=index,docs.count")
            #expect(cat.json == [["index": "logs-000001", "docs.count": "4"], ["index": "logs-000002", "docs.count": "4"], ["index": "logs-000003", "docs.count": "1"]])
        }
    }
}
