import Hummingbird
import SiftCore
import SiftQuery

/// `_search`, `_count`, `_msearch` and `_search/scroll`.
extension API {
    func addSearchRoutes(to router: Router<BasicRequestContext>) {
        for method in [HTTPRequest.Method.get, .post] {
            router.on("/_search", method: method) { request, _ in try await search(request, "_all") }
            router.on("/:index/_search", method: method) { request, context in try await search(request, try context.parameters.indexExpression()) }
            router.on("/_count", method: method) { request, _ in try await count(request, "_all") }
            router.on("/:index/_count", method: method) { request, context in try await count(request, try context.parameters.indexExpression()) }
            router.on("/_msearch", method: method) { request, _ in try await msearch(request, nil) }
            router.on("/:index/_msearch", method: method) { request, context in try await msearch(request, try context.parameters.indexExpression()) }
            router.on("/_search/scroll", method: method) { request, _ in try await scroll(request, id: nil) }
            router.on("/_search/scroll/:id", method: method) { request, context in try await scroll(request, id: context.parameters.decoded("id")) }
        }
        router.delete("/_search/scroll") { request, _ in try await clearScroll(request, id: nil) }
        router.delete("/_search/scroll/:id") { request, context in try await clearScroll(request, id: context.parameters.decoded("id")) }
    }

    private func search(_ request: Request, _ expression: String) async throws -> Response {
        let parsed = try SearchRequest.parse(body: try await request.jsonBody(limit: bodyLimit), parameters: request.parameters)
        return .json(bytes: try await search.search(expression, parsed))
    }

    private func count(_ request: Request, _ expression: String) async throws -> Response {
        let parsed = try CountRequest.parse(body: try await request.jsonBody(limit: bodyLimit), parameters: request.parameters)
        return .json(try await search.count(expression, parsed))
    }

    private func msearch(_ request: Request, _ expression: String?) async throws -> Response {
        let body = try await request.bodyBytes(limit: bodyLimit)
        return .json(bytes: try await search.msearch(body, defaultIndex: expression, parameters: request.parameters))
    }

    /// The scroll id and keep-alive come from the body (`{"scroll_id","scroll"}`, the clients' form)
    /// or from the URL.
    private func scroll(_ request: Request, id pathID: String?) async throws -> Response {
        let parameters = request.parameters
        let body = try await request.jsonBody(limit: bodyLimit)
        guard let id = body?["scroll_id"]?.stringValue ?? pathID ?? parameters["scroll_id"] else {
            throw ElasticsearchError(
                status: .badRequest, type: "action_request_validation_exception", reason: "Validation Failed: 1: scrollId is missing;")
        }
        let keepAlive = body?["scroll"]?.stringValue ?? parameters["scroll"]
        return .json(bytes: try await search.scroll(id: id, keepAlive: keepAlive))
    }

    private func clearScroll(_ request: Request, id pathID: String?) async throws -> Response {
        let body = try await request.jsonBody(limit: bodyLimit)
        var ids: [String] = pathID.map { $0.split(separator: ",").map(String.init) } ?? []
        switch body?["scroll_id"] {
        case .string(let id)?: ids.append(id)
        case .array(let list)?: ids += list.compactMap(\.stringValue)
        default: break
        }
        let freed = await search.scrolls.clear(ids)
        let status: HTTPResponse.Status = freed == 0 && !ids.isEmpty ? .notFound : .ok
        return .json(["succeeded": true, "num_freed": .int(Int64(freed))], status: status)
    }
}
