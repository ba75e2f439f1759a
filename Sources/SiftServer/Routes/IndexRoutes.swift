import Hummingbird
import SiftConfig
import SiftCore
import SiftIndex
import SiftNode

/// Index management: create, exists, delete, get, `_mapping`, `_field_caps`, `_refresh`.
extension API {
    func addIndexRoutes(to router: Router<BasicRequestContext>) {
        router.put("/:index") { request, context in
            let name = try context.parameters.indexExpression()
            try await catalog.create(name, body: try await request.jsonBody(limit: bodyLimit))
            return Response.json(["acknowledged": true, "shards_acknowledged": true, "index": .string(name)])
        }
        router.head("/:index") { request, context in
            let options = try Self.expressionOptions(request.parameters)
            do {
                let found = try await catalog.resolve(try context.parameters.indexExpression(), ignoreUnavailable: options.ignoreUnavailable, allowNoIndices: false)
                return Response.head(found.isEmpty ? .notFound : .ok)
            } catch let error as CatalogError where error.status == 404 {
                return Response.head(.notFound)
            }
        }
        router.delete("/:index") { _, context in
            let expression = try context.parameters.indexExpression()
            let names = expression.split(separator: ",").map(String.init)
            if names.contains(where: { $0.contains("*") || $0 == "_all" }) {
                throw ElasticsearchError.illegalArgument("Wildcard expressions or all indices are not allowed")
            }
            try await catalog.delete(names)
            return Response.json(["acknowledged": true])
        }
        router.get("/:index") { request, context in
            let resolved = try await resolve(try context.parameters.indexExpression(), request.parameters)
            var body: JSONObject = [:]
            for (index, mappings) in await catalog.mappings(resolved) {
                var settings: JSONObject = ["number_of_shards": "1", "number_of_replicas": "0", "provided_name": .string(index)]
                if let configuration = try? await catalog.documentIndex(index).configuration {
                    settings["refresh_interval"] = .string(configuration.refreshInterval.map(TimeValue.format) ?? "-1")
                    settings["translog"] = ["durability": .string(configuration.durability.rawValue)]
                }
                body[index] = ["aliases": [:], "mappings": mappings.json, "settings": ["index": .object(settings)]]
            }
            return Response.json(.object(body))
        }
        router.get("/_mapping") { request, _ in try await mapping("_all", request.parameters) }
        router.get("/:index/_mapping") { request, context in try await mapping(try context.parameters.indexExpression(), request.parameters) }
        for method in [HTTPRequest.Method.get, .post] {
            router.on("/_field_caps", method: method) { request, _ in try await fieldCaps("_all", request.parameters) }
            router.on("/:index/_field_caps", method: method) { request, context in
                try await fieldCaps(try context.parameters.indexExpression(), request.parameters)
            }
            router.on("/_refresh", method: method) { request, _ in try await refresh("_all", request.parameters) }
            router.on("/:index/_refresh", method: method) { request, context in
                try await refresh(try context.parameters.indexExpression(), request.parameters)
            }
        }
    }

    static func expressionOptions(_ parameters: [String: String]) throws -> (ignoreUnavailable: Bool, allowNoIndices: Bool) {
        (try flag(parameters, "ignore_unavailable"), try flag(parameters, "allow_no_indices", default: true))
    }

    func resolve(_ expression: String, _ parameters: [String: String]) async throws -> [ResolvedIndex] {
        let options = try Self.expressionOptions(parameters)
        return try await catalog.resolve(expression, ignoreUnavailable: options.ignoreUnavailable, allowNoIndices: options.allowNoIndices)
    }

    private func mapping(_ expression: String, _ parameters: [String: String]) async throws -> Response {
        var body: JSONObject = [:]
        for (index, mappings) in await catalog.mappings(try await resolve(expression, parameters)) {
            body[index] = ["mappings": mappings.json]
        }
        return .json(.object(body))
    }

    /// `_field_caps`: for each field (filtered by `fields`, with wildcards), its type per index and
    /// whether it is searchable and aggregatable.
    private func fieldCaps(_ expression: String, _ parameters: [String: String]) async throws -> Response {
        let patterns = (parameters["fields"] ?? "*").split(separator: ",").map(String.init)
        let indexMappings = await catalog.mappings(try await resolve(expression, parameters))
        var types: [String: [String: (indices: [String], searchable: Bool, aggregatable: Bool)]] = [:]
        var order: [String] = []
        for (index, mappings) in indexMappings {
            for field in mappings.fields where patterns.contains(where: { IndexName.matches(field.path, pattern: $0) }) {
                if types[field.path] == nil { order.append(field.path) }
                let aggregatable = field.docValues && field.type != .text
                var entry = types[field.path, default: [:]][field.type.rawValue] ?? ([], field.index, aggregatable)
                entry.indices.append(index)
                types[field.path, default: [:]][field.type.rawValue] = entry
            }
        }
        var fields: JSONObject = [:]
        for path in order.sorted() {
            var byType: JSONObject = [:]
            let entries = types[path] ?? [:]
            for (type, entry) in entries.sorted(by: { $0.key < $1.key }) {
                var caps: JSONObject = [
                    "type": .string(type), "metadata_field": false,
                    "searchable": .bool(entry.searchable), "aggregatable": .bool(entry.aggregatable),
                ]
                if entries.count > 1 { caps["indices"] = .array(entry.indices.map(JSONValue.string)) }
                byType[type] = .object(caps)
            }
            fields[path] = .object(byType)
        }
        return .json(["indices": .array(indexMappings.map { .string($0.index) }), "fields": .object(fields)])
    }

    private func refresh(_ expression: String, _ parameters: [String: String]) async throws -> Response {
        let resolved = try await resolve(expression, parameters)
        try await catalog.refresh(resolved)
        let shards = Int64(resolved.count)
        return .json(["_shards": ["total": .int(shards), "successful": .int(shards), "failed": 0]])
    }
}
