import HTTPTypes
import SiftCore
import SiftTestSupport
import SystemPackage
import Testing

/// `/_ingest/pipeline` and `?pipeline=` on writes, over real HTTP.
@Suite struct IngestAPITests {
    private static let sshPipeline = """
        {"description":"ssh lines","processors":[
          {"grok":{"field":"message","patterns":["%{WORD:process.name}\\\\[%{POSINT:process.pid:int}\\\\]: %{GREEDYDATA:message}"]}},
          {"drop":{"if":"ctx.message == 'noise'"}},
          {"set":{"field":"event.kind","value":"event"}}]}
        """

    @Test func bulkAndSingleWritesRunThePipelineNamedInTheRequest() async throws {
        try await withLiveServer { client in
            let put = try await client.call(.put, "/_ingest/pipeline/ssh", Self.sshPipeline)
            #expect(put.status == 200)
            #expect(put.json["acknowledged"] == true)

            let bulk = try await client.ndjson(.post, "/_bulk?pipeline=ssh&refresh=true", [
                ["index": ["_index": "auth", "_id": "1"]], ["message": "sshd[42]: Accepted password for root"],
                ["index": ["_index": "auth", "_id": "2"]], ["message": "sshd[43]: noise"],
                ["index": ["_index": "auth", "_id": "3"]], ["message": "no brackets here"],
            ])
            #expect(bulk.json["items"]?[0]?["index"]?["status"] == 201)
            #expect(bulk.json["items"]?[1]?["index"]?["result"] == "noop")
            #expect(bulk.json["items"]?[1]?["index"]?["status"] == 200)

            let first = try await client.call(.get, "/auth/_source/1")
            #expect(first.json["process"]?["name"] == "sshd")
            #expect(first.json["process"]?["pid"] == 42)
            #expect(first.json["message"] == "Accepted password for root")
            #expect(first.json["event"]?["kind"] == "event")
            #expect(try await client.call(.get, "/auth/_doc/2").status == 404)
            let failed = try await client.call(.get, "/auth/_source/3")
            #expect(failed.json["tags"] == ["_grokparsefailure"])

            let single = try await client.call(.put, "/auth/_doc/4?pipeline=ssh&refresh=true", #"{"message":"cron[7]: tick"}"#)
            #expect(single.status == 201)
            #expect(try await client.call(.get, "/auth/_source/4").json["process"]?["pid"] == 7)

            let count = try await client.call(.get, "/auth/_count")
            #expect(count.json["count"] == 3)
        }
    }

    @Test func pipelinesAreListedDeletedAndKeptAcrossRestarts() async throws {
        try await withTemporaryDirectory { directory in
            let data = directory.appending("data").string
            try await withLiveServer(dataDirectory: data) { client in
                let ssh = try await client.call(.put, "/_ingest/pipeline/ssh", Self.sshPipeline)
                let other = try await client.call(.put, "/_ingest/pipeline/other", #"{"processors":[{"lowercase":{"field":"a"}}]}"#)
                #expect(ssh.status == 200 && other.status == 200)
            }
            try await withLiveServer(dataDirectory: data) { client in
                let one = try await client.call(.get, "/_ingest/pipeline/ssh")
                #expect(one.json["ssh"]?["description"] == "ssh lines")
                #expect(one.json["ssh"]?["processors"]?[1]?["drop"]?["if"] == "ctx.message == 'noise'")
                let all = try await client.call(.get, "/_ingest/pipeline/*")
                #expect(all.json.objectValue?.keys.sorted() == ["other", "ssh"])

                let deleted = try await client.call(.delete, "/_ingest/pipeline/other")
                #expect(deleted.json["acknowledged"] == true)
                let gone = try await client.call(.get, "/_ingest/pipeline/other")
                #expect(gone.status == 404)
                let missing = try await client.call(.delete, "/_ingest/pipeline/other")
                #expect(missing.status == 404)
                #expect(missing.json["error"]?["type"] == "resource_not_found_exception")
            }
            try await withLiveServer(dataDirectory: data) { client in
                let left = try await client.call(.get, "/_ingest/pipeline")
                #expect(left.json.objectValue?.keys.sorted() == ["ssh"])
            }
        }
    }

    @Test func aBadDefinitionIsRefusedNamingTheProcessorAndOption() async throws {
        try await withLiveServer { client in
            let unknown = try await client.call(.put, "/_ingest/pipeline/p", #"{"processors":[{"set":{"field":"a","value":1}},{"grok":{"field":"m","patternz":["x"]}}]}"#)
            #expect(unknown.status == 400)
            #expect(unknown.json["error"]?["type"] == "parse_exception")
            let reason = unknown.json["error"]?["reason"]?.stringValue ?? ""
            #expect(reason.hasPrefix("[processors[1].grok."))
            let kind = try await client.call(.put, "/_ingest/pipeline/p", #"{"processors":[{"nonesuch":{}}]}"#)
            #expect(kind.status == 400)
            #expect(kind.json["error"]?["reason"]?.stringValue?.contains("nonesuch") == true)
            #expect(try await client.call(.put, "/_ingest/pipeline/..%2Fx", #"{"processors":[]}"#).status == 400)
            #expect(try await client.call(.get, "/_ingest/pipeline/p").status == 404)
        }
    }
}
