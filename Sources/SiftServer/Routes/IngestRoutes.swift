import Hummingbird
import SiftCore
import SiftNode

/// `/_ingest/pipeline`: the processor lists `?pipeline=` names, from `pipelines/` and from `PUT`.
extension API {
    func addIngestRoutes(to router: Router<BasicRequestContext>) {
        router.get("/_ingest/pipeline") { _, _ in try pipelineBodies([]) }
        router.get("/_ingest/pipeline/:id") { _, context in
            try pipelineBodies(context.parameters.decoded("id").split(separator: ",").map(String.init))
        }
        router.put("/_ingest/pipeline/:id") { request, context in
            guard let body = try await request.jsonBody(limit: bodyLimit)?.objectValue else {
                throw ElasticsearchError(status: .badRequest, type: "parse_exception", reason: "request body is required")
            }
            try pipelines.put(context.parameters.decoded("id"), body: body)
            return Response.json(["acknowledged": true])
        }
        router.delete("/_ingest/pipeline/:id") { _, context in
            try pipelines.delete(context.parameters.decoded("id"))
            return Response.json(["acknowledged": true])
        }
    }

    /// `{"<id>": <definition>, ...}`; 404 with `{}` when named pipelines match nothing, as Elasticsearch.
    private func pipelineBodies(_ patterns: [String]) throws -> Response {
        var bodies = JSONObject()
        for (name, entry) in pipelines.entries(matching: patterns) { bodies[name] = .object(entry.body) }
        return Response.json(.object(bodies), status: bodies.isEmpty && !patterns.isEmpty ? .notFound : .ok)
    }
}
