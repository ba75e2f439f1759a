import Hummingbird
import SiftCore
import SiftIndex
import SiftNode

/// `_bulk` and the single-document APIs (`_doc`, `_create`).
extension API {
    func addDocumentRoutes(to router: Router<BasicRequestContext>) {
        for path in ["/_bulk", "/:index/_bulk"] {
            router.post(RouterPath(path)) { request, context in try await bulk(request, context) }
            router.put(RouterPath(path)) { request, context in try await bulk(request, context) }
        }
        router.post("/:index/_doc") { request, context in
            try await write(request, index: try context.parameters.indexExpression(), id: nil, opType: .index)
        }
        for method in [HTTPRequest.Method.put, .post] {
            router.on("/:index/_doc/:id", method: method) { request, context in
                let create = request.parameters["op_type"] == "create"
                return try await write(request, index: try context.parameters.indexExpression(), id: context.parameters.decoded("id"), opType: create ? .create : .index)
            }
            router.on("/:index/_create/:id", method: method) { request, context in
                try await write(request, index: try context.parameters.indexExpression(), id: context.parameters.decoded("id"), opType: .create)
            }
        }
        router.get("/:index/_doc/:id") { request, context in
            try await get(request, index: try context.parameters.indexExpression(), id: context.parameters.decoded("id"), sourceOnly: false)
        }
        router.head("/:index/_doc/:id") { request, context in
            let response = try await get(request, index: try context.parameters.indexExpression(), id: context.parameters.decoded("id"), sourceOnly: false)
            return Response.head(response.status)
        }
        router.get("/:index/_source/:id") { request, context in
            try await get(request, index: try context.parameters.indexExpression(), id: context.parameters.decoded("id"), sourceOnly: true)
        }
        router.delete("/:index/_doc/:id") { request, context in
            let (index, id) = (try context.parameters.indexExpression(), context.parameters.decoded("id"))
            let writer = try await catalog.documentIndex(index)
            let item = BulkExecutor.item(.delete, index, try await writer.delete(id: id))
            try await refreshIfAsked(request.parameters, [index])
            return Self.documentResponse(item)
        }
    }

    private func bulk(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let start = ContinuousClock.now
        let parameters = request.parameters
        let body = try await request.bodyBytes(limit: bodyLimit)
        guard bulkAdmission.admit(body.count) else {
            metrics.bulkRejected()
            var response = Response.json(ElasticsearchError(
                status: .tooManyRequests, type: "es_rejected_execution_exception",
                reason: "rejected execution of bulk request: \(bulkAdmission.limit) bytes of bulk requests are already being indexed"
            ).body, status: .tooManyRequests)
            response.headers[.retryAfter] = "1"
            return response
        }
        defer { bulkAdmission.release(body.count) }
        let defaultIndex = context.parameters.get("index") == nil ? nil : try context.parameters.indexExpression()
        let bulk = try BulkRequest(body, defaultIndex: defaultIndex, defaultPipeline: parameters["pipeline"])
        let items = await BulkExecutor(catalog: catalog, pipelines: pipelines).execute(bulk)
        try await refreshIfAsked(parameters, Set(bulk.actions.map(\.index)).sorted())
        let failures = items.count { $0.failed }
        metrics.bulkIndexed(documents: items.count - failures, failures: failures, bytes: body.count)
        return .json(bytes: BulkExecutor.response(items, tookMillis: start.elapsedMillis))
    }

    /// `PUT|POST /<index>/_doc[/<id>]` and `_create/<id>`: one document, answered like a bulk item.
    private func write(_ request: Request, index: String, id: String?, opType: IndexRequest.OpType) async throws -> Response {
        let parameters = request.parameters
        let kind: BulkRequest.Kind = opType == .create ? .create : .index
        let action = BulkRequest.Action(kind: kind, index: index, id: id, source: try await request.bodyBytes(limit: bodyLimit),
                                        pipeline: parameters["pipeline"])
        let item: BulkExecutor.Item
        switch BulkExecutor(catalog: catalog, pipelines: pipelines).ingest(action) {
        case .answered(let answered):
            item = answered
        case .write(let source):
            let target = try await catalog.writable(index)
            let results = try await target.index([IndexRequest(id: id, source: source, opType: opType)])
            try await refreshIfAsked(parameters, [index])
            item = BulkExecutor.item(kind, index, results[0])
        }
        if case .failed(let status, let type, let reason) = item.outcome {
            throw ElasticsearchError(status: .init(code: status), type: type, reason: reason, details: ["index": .string(index)])
        }
        return Self.documentResponse(item)
    }

    private func get(_ request: Request, index: String, id: String, sourceOnly: Bool) async throws -> Response {
        let writer = try await catalog.documentIndex(index)
        guard let entry = try await writer.document(id: id) else {
            if sourceOnly {
                throw ElasticsearchError(
                    status: .notFound, type: "resource_not_found_exception", reason: "Document not found [\(index)]/[\(id)]")
            }
            return .json(["_index": .string(index), "_id": .string(id), "found": false], status: .notFound)
        }
        if sourceOnly { return .json(bytes: entry.source) }
        var out = Array(#"{"_index":"#.utf8)
        JSONWriter.append(string: index, to: &out)
        out += Array(#","_id":"#.utf8)
        JSONWriter.append(string: id, to: &out)
        out += Array(#","_version":"#.utf8)
        JSONWriter.append(int: entry.version, to: &out)
        out += Array(#","_seq_no":0,"_primary_term":1,"found":true,"_source":"#.utf8)
        out += entry.source
        out += Array("}".utf8)
        return .json(bytes: out)
    }

    /// `?refresh=true|wait_for` on a write: the indices written are refreshed before answering.
    func refreshIfAsked(_ parameters: [String: String], _ indices: [String]) async throws {
        guard let refresh = parameters["refresh"], refresh != "false" else { return }
        guard ["", "true", "wait_for"].contains(refresh) else {
            throw ElasticsearchError.illegalArgument("Unknown value for refresh: [\(refresh)].")
        }
        for index in indices {
            let resolved = try await catalog.resolve(index, ignoreUnavailable: true)
            try await catalog.refresh(resolved)
        }
    }

    /// A single-document write or delete answered as Elasticsearch does: the bulk item's body,
    /// with 201 for a new document and 404 for a delete that found nothing.
    static func documentResponse(_ item: BulkExecutor.Item) -> Response {
        let status = HTTPResponse.Status(code: item.status)
        if case .failed(_, let type, let reason) = item.outcome {
            return .json(ElasticsearchError(status: status, type: type, reason: reason).body, status: status)
        }
        return .json(.object(item.body(withStatus: false)), status: status)
    }
}
