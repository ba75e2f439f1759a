import Foundation
import SiftCore
import SiftTestSupport
import Testing

/// Real log files from `shared/data/json`: every line parses, re-serialises and parses back equal.
@Suite struct SharedDataTests {
    static let directory = URL(fileURLWithPath: sharedDataPath("json"))

    /// The non-empty lines of `name`; fails the test (never skips) if the file is missing.
    static func lines(of name: String) throws -> [[UInt8]] {
        let path = directory.appendingPathComponent(name).path
        let data = try #require(FileManager.default.contents(atPath: path), "missing shared data file \(path)")
        return data.split(separator: UInt8(ascii: "\n")).map(Array.init).filter { !$0.isEmpty }
    }

    @Test func sharedDirectoryHoldsTheExpectedFiles() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path)
        #expect(Set(names).isSuperset(of: [
            "elasticsearch_ecs_8.0_mixed.ndjson", "elasticsearch_server_7.0.ndjson", "kibana_audit_8.14.ndjson",
        ]))
    }

    @Test func everyLineOfEveryFileRoundTrips() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path)
            .filter { $0.hasSuffix(".ndjson") }.sorted()
        try #require(names.count >= 3, "expected the shared NDJSON samples in \(Self.directory.path)")
        var total = 0
        for name in names {
            for line in try Self.lines(of: name) {
                let document = try Document(parsing: line)
                let written = document.jsonBytes()
                let reparsed = try Document(parsing: written)
                #expect(reparsed == document, "\(name)")
                #expect(reparsed.jsonBytes() == written, "\(name)")
                // Whitespace aside, our output must be no longer than the input.
                #expect(written.count <= line.count, "\(name)")
                total += 1
            }
        }
        #expect(total >= 62)
    }

    @Test func kibanaAuditLineHasNestedFields() throws {
        let lines = try Self.lines(of: "kibana_audit_8.14.ndjson")
        #expect(lines.count == 5)
        let doc = try Document(parsing: lines[0])
        #expect(doc["trace.id"] == "809d3449277aba205a3ac539d23dbf7e")
        #expect(doc["trace"]?.objectValue?.keys == ["id"])
        #expect(doc["log.level"] == "INFO")
        #expect(doc["event.category"] == ["database"])
        #expect(doc["service.node.roles"] == ["background_tasks", "ui"])
        #expect(doc["process.pid"] == 7)
        #expect(doc["kibana.saved_object.id"] == "fleet-default-settings")
        #expect(doc.fields.keys.first == "event")
        let timestamp = try #require(doc["@timestamp"]?.stringValue.flatMap { Timestamp(iso8601: $0) })
        #expect(timestamp.iso8601() == "2023-06-19T15:18:47.298Z")
    }

    @Test func elasticsearch8LineHasLiteralDottedKeys() throws {
        let lines = try Self.lines(of: "elasticsearch_ecs_8.0_mixed.ndjson")
        #expect(lines.count == 2)
        let doc = try Document(parsing: lines[1])
        #expect(doc["trace.id"] == "0af7651916cd43dd8448eb211c80319c")
        #expect(doc.fields["trace.id"] == "0af7651916cd43dd8448eb211c80319c")  // stored as one literal key
        #expect(doc.fields["trace"] == nil)
        #expect(doc["log.level"] == "CRITICAL")
        #expect(doc["elasticsearch.http.request.x_opaque_id"] == "v7app")
        #expect(doc["elasticsearch.elastic_product_origin"] == "")
        #expect(doc.fields.count == 20)
        let first = try Document(parsing: lines[0])
        #expect(first["service.name"] == "ES_ECS")
        #expect(Timestamp(iso8601: first["@timestamp"]?.stringValue ?? "")?.epochMillis == 1_643_123_528_472)
    }

    @Test func elasticsearch7LinesUseCommaFractionTimestamps() throws {
        let lines = try Self.lines(of: "elasticsearch_server_7.0.ndjson")
        #expect(lines.count == 55)
        let first = try Document(parsing: lines[0])
        #expect(first["timestamp"] == "2019-01-18T08:55:08,159+0100")
        #expect(first["cluster.name"] == "distribution_run")
        #expect(first["node.name"] == "node-0")
        let timestamps = try lines.map { line in
            try #require(Document(parsing: line)["timestamp"]?.stringValue.flatMap { Timestamp(iso8601: $0) })
        }
        #expect(timestamps.first?.iso8601() == "2019-01-18T07:55:08.159Z")
        #expect(timestamps == timestamps.sorted())
        let last = try Document(parsing: lines[54])
        #expect(last["message"] == "closed")
        #expect(last["cluster.uuid"] == "GmvrbHlNTiSVYiPf8kxg9g")
    }
}
