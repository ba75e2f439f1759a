import Hummingbird
import NIOCore
import SiftCore
import SiftIndex
import SiftNode

/// The node-level APIs: `GET|HEAD /`, `/metrics`, `_cluster/health`, `_cat/health`, `_cat/indices`
/// and Sift's own `/_sift/indices`.
extension API {
    func addClusterRoutes(to router: Router<BasicRequestContext>) {
        let info = Response.json(SiftServer.clusterInfo(configuration: configuration, identity: identity))
        router.get("/") { _, _ in info }
        router.head("/") { _, _ in
            // The body is dropped but its length is kept, as Elasticsearch answers HEAD.
            Response(status: .ok, headers: info.headers, body: .init())
        }
        router.get("/metrics") { _, _ in
            await recordIndexMetrics()
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition()))
            )
        }
        router.get("/_cluster/health") { _, _ in try await health("_all") }
        router.get("/_cluster/health/:index") { _, context in try await health(try context.parameters.indexExpression()) }
        router.get("/_cat/health") { request, _ in try await catHealth(request.parameters) }
        router.get("/_cat/indices") { request, _ in try await catIndices("_all", request.parameters) }
        router.get("/_cat/indices/:index") { request, context in try await catIndices(try context.parameters.indexExpression(), request.parameters) }
        router.get("/_sift/indices") { request, _ in try await siftIndices(request.parameters) }
    }

    /// A single node holding every shard: green, unless an index reports damage (then red).
    private func health(_ expression: String) async throws -> Response {
        let stats = await catalog.stats(try await catalog.resolve(expression))
        let shards = Int64(stats.count)
        let status = stats.contains { !$0.problems.isEmpty } ? "red" : "green"
        return .json([
            "cluster_name": .string(configuration.clusterName), "status": .string(status), "timed_out": false,
            "number_of_nodes": 1, "number_of_data_nodes": 1, "active_primary_shards": .int(shards),
            "active_shards": .int(shards), "relocating_shards": 0, "initializing_shards": 0, "unassigned_shards": 0,
            "unassigned_primary_shards": 0, "delayed_unassigned_shards": 0, "number_of_pending_tasks": 0,
            "number_of_in_flight_fetch": 0, "task_max_waiting_in_queue_millis": 0, "active_shards_percent_as_number": 100.0,
        ])
    }

    private func catHealth(_ parameters: [String: String]) async throws -> Response {
        let stats = await catalog.stats(try await catalog.resolve("_all"))
        let now = systemClock()
        let seconds = now / 1000
        let time = Timestamp(epochMillis: now).description
        let clock = String(time.dropFirst(11).prefix(8))
        let status = stats.contains { !$0.problems.isEmpty } ? "red" : "green"
        let row: [(String, String)] = [
            ("epoch", String(seconds)), ("timestamp", clock), ("cluster", configuration.clusterName), ("status", status),
            ("node.total", "1"), ("node.data", "1"), ("shards", String(stats.count)), ("pri", String(stats.count)),
            ("relo", "0"), ("init", "0"), ("unassign", "0"), ("unassign.pri", "0"), ("pending_tasks", "0"),
            ("max_task_wait_time", "-"), ("active_shards_percent", "100.0%"),
        ]
        return try CatTable(columns: row.map(\.0), rows: [row.map(\.1)]).response(parameters)
    }

    private func catIndices(_ expression: String, _ parameters: [String: String]) async throws -> Response {
        let resolved = try await resolve(expression, parameters)
        let bytesUnit = parameters["bytes"]
        let rows = await catalog.stats(resolved).map { stats in
            let size = CatTable.bytes(stats.sizeBytes, unit: bytesUnit)
            return [
                stats.problems.isEmpty ? "green" : "red", "open", stats.name, stats.name, "1", "0",
                String(stats.docCount), String(stats.deletedCount), size, size, size,
            ]
        }
        let columns = ["health", "status", "index", "uuid", "pri", "rep", "docs.count", "docs.deleted", "store.size", "pri.store.size", "dataset.size"]
        return try CatTable(columns: columns, rows: rows).response(parameters)
    }

    /// Sift's view of every index: sizes, segments, time span and damage found.
    private func siftIndices(_ parameters: [String: String]) async throws -> Response {
        let stats = await catalog.stats(try await catalog.resolve(parameters["index"] ?? "_all"))
        var body: JSONObject = [:]
        for index in stats {
            body[index.name] = [
                "docs": .int(Int64(index.docCount)), "deleted_docs": .int(Int64(index.deletedCount)),
                "size_bytes": .int(Int64(index.sizeBytes)), "segments": .int(Int64(index.segmentCount)),
                "min_timestamp": index.minTimestamp.map { .string(Timestamp(epochMillis: $0).description) } ?? .null,
                "max_timestamp": index.maxTimestamp.map { .string(Timestamp(epochMillis: $0).description) } ?? .null,
                "created": .string(Timestamp(epochMillis: index.createdAtMillis).description),
                "corrupted": .bool(!index.problems.isEmpty), "problems": .array(index.problems.map(JSONValue.string)),
            ]
        }
        return .json(["indices": .object(body)])
    }

    /// Index sizes and segment counts as gauges, read when `/metrics` is scraped.
    private func recordIndexMetrics() async {
        guard let resolved = try? await catalog.resolve("_all") else { return }
        for stats in await catalog.stats(resolved) {
            metrics.recordIndex(name: stats.name, documents: stats.docCount, sizeBytes: stats.sizeBytes, segments: stats.segmentCount)
        }
    }
}

/// A `_cat` table: aligned text (with a header under `?v`), or JSON objects under `?format=json`;
/// `?h=` picks columns.
struct CatTable {
    let columns: [String]
    let rows: [[String]]

    func response(_ parameters: [String: String]) throws -> Response {
        var picked = Array(columns.indices)
        if let h = parameters["h"] {
            picked = try h.split(separator: ",").map { name in
                guard let index = columns.firstIndex(of: String(name)) else {
                    throw ElasticsearchError.illegalArgument("header [\(name)] is not a valid header")
                }
                return index
            }
        }
        switch parameters["format"] ?? "text" {
        case "json":
            return .json(.array(rows.map { row in .object(JSONObject(picked.map { (columns[$0], .string(row[$0])) })) }))
        case "text", "txt":
            var table = rows.map { row in picked.map { row[$0] } }
            if try flag(parameters, "v") { table.insert(picked.map { columns[$0] }, at: 0) }
            let widths = picked.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
            let text = table.map { row in
                row.enumerated().map { $1.padding(toLength: widths[$0]) }.joined(separator: " ").trimmingTrailingSpaces() + "\n"
            }.joined()
            return .text(text)
        case let other:
            throw ElasticsearchError.illegalArgument("Unsupported format [\(other)]")
        }
    }

    /// Sizes as `_cat` prints them: `4.2kb`, or whole units under `?bytes=b|kb|mb|gb`.
    static func bytes(_ count: Int, unit: String?) -> String {
        let units: [(String, Int)] = [("b", 1), ("kb", 1 << 10), ("mb", 1 << 20), ("gb", 1 << 30), ("tb", 1 << 40)]
        if let unit, let factor = units.first(where: { $0.0 == unit })?.1 { return String(count / factor) }
        let (name, factor) = units.last { count >= $0.1 } ?? ("b", 1)
        if factor == 1 { return "\(count)b" }
        let tenths = (count * 10 + factor / 2) / factor
        return tenths % 10 == 0 ? "\(tenths / 10)\(name)" : "\(tenths / 10).\(tenths % 10)\(name)"
    }
}

extension String {
    func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }

    func trimmingTrailingSpaces() -> String {
        var text = Substring(self)
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
