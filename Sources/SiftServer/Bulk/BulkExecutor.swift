import HTTPTypes
import SiftCore
import SiftIndex
import SiftNode
import SiftPipeline

/// Applies a ``BulkRequest`` to the catalog and renders Elasticsearch's bulk response: one item
/// per action, in request order, each with an integer `status`.
///
/// Consecutive `index`/`create` actions for one index go to its writer as one batch, so they share
/// one WAL fsync; a failure of one document or one index fails only its items.
struct BulkExecutor {
    let catalog: IndexCatalog
    let pipelines: IngestPipelines

    /// The outcome of one action, rendered as `{"<action>": {...}}`.
    struct Item {
        var kind: BulkRequest.Kind
        var index: String
        var id: String?
        var outcome: Outcome

        enum Outcome {
            case written(result: String, version: Int64, seqNo: Int64, status: Int)
            case notFound
            case failed(status: Int, type: String, reason: String)
        }

        var failed: Bool {
            switch outcome {
            case .written: false
            case .notFound, .failed: true
            }
        }

        var status: Int {
            switch outcome {
            case .written(_, _, _, let status), .failed(let status, _, _): status
            case .notFound: 404
            }
        }

        /// The item as Elasticsearch renders it; the single-document APIs answer with the same
        /// object, less `status` (it is the HTTP status there).
        func body(withStatus: Bool) -> JSONObject {
            var body: JSONObject = ["_index": .string(index)]
            if let id { body["_id"] = .string(id) }
            switch outcome {
            case .written(let result, let version, let seqNo, _):
                body["_version"] = .int(version)
                body["result"] = .string(result)
                if seqNo >= 0 {
                    body["_shards"] = ["total": 1, "successful": 1, "failed": 0]
                    body["_seq_no"] = .int(seqNo)
                    body["_primary_term"] = 1
                }
            case .notFound:
                body["result"] = "not_found"
                body["_shards"] = ["total": 1, "successful": 1, "failed": 0]
            case .failed:
                break
            }
            if withStatus { body["status"] = .int(Int64(status)) }
            if case .failed(_, let type, let reason) = outcome {
                body["error"] = ["type": .string(type), "reason": .string(reason), "index": .string(index)]
            }
            return body
        }
    }

    func execute(_ request: BulkRequest) async -> [Item] {
        var items: [Item] = []
        items.reserveCapacity(request.actions.count)
        let actions = request.actions
        var start = 0
        while start < actions.count {
            let action = actions[start]
            switch action.kind {
            case .index, .create:
                var end = start + 1
                while end < actions.count, [.index, .create].contains(actions[end].kind), actions[end].index == action.index { end += 1 }
                items += await write(actions[start..<end])
                start = end
            case .delete:
                items.append(await delete(action))
                start += 1
            case .update:
                items.append(await update(action))
                start += 1
            }
        }
        return items
    }

    private func write(_ actions: ArraySlice<BulkRequest.Action>) async -> [Item] {
        let index = actions[actions.startIndex].index
        // Ingest pipelines first: a document they drop or cannot take is answered without a write.
        var items = [Item?](repeating: nil, count: actions.count)
        var requests: [IndexRequest] = []
        var written: [Int] = []
        for (position, action) in actions.enumerated() {
            switch ingest(action) {
            case .write(let source):
                requests.append(IndexRequest(id: action.id, source: source, opType: action.kind == .create ? .create : .index))
                written.append(position)
            case .answered(let item):
                items[position] = item
            }
        }
        guard !requests.isEmpty else { return items.compactMap { $0 } }
        do {
            let target = try await catalog.writable(index)
            let results = try await target.index(requests)
            for (position, result) in zip(written, results) {
                items[position] = Self.item(actions[actions.startIndex + position].kind, index, result)
            }
        } catch {
            let failure = Self.failure(error, index: index)
            for position in written {
                let action = actions[actions.startIndex + position]
                items[position] = Item(kind: action.kind, index: index, id: action.id, outcome: failure)
            }
        }
        return items.compactMap { $0 }
    }

    /// What an ingest pipeline made of a document: a source to write, or the item that answers it.
    enum Ingested {
        case write([UInt8])
        case answered(Item)
    }

    /// The source to write for `action` after its ingest pipeline; or the item that answers it
    /// when the pipeline is unknown, the source is not a JSON object, or a processor dropped it.
    func ingest(_ action: BulkRequest.Action) -> Ingested {
        guard let name = action.pipeline, name != "_none" else { return .write(action.source) }
        func answer(_ outcome: Item.Outcome) -> Ingested {
            .answered(Item(kind: action.kind, index: action.index, id: action.id, outcome: outcome))
        }
        guard let pipeline = pipelines.entry(name) else {
            return answer(.failed(status: 400, type: "illegal_argument_exception", reason: "pipeline with id [\(name)] does not exist"))
        }
        var document: Document
        do { document = try Document(parsing: action.source) } catch {
            return answer(.failed(status: 400, type: "document_parsing_exception", reason: "failed to parse: \(error)"))
        }
        guard pipeline.processors.run(&document) == .keep else {
            return answer(.written(result: "noop", version: -3, seqNo: -1, status: 200))
        }
        return .write(document.jsonBytes())
    }

    private func delete(_ action: BulkRequest.Action) async -> Item {
        let id = action.id ?? ""
        do {
            let writer = try await catalog.documentIndex(action.index)
            return Self.item(.delete, action.index, try await writer.delete(id: id))
        } catch {
            return Item(kind: .delete, index: action.index, id: id, outcome: Self.failure(error, index: action.index))
        }
    }

    /// A partial update: `doc` merged into the stored source (or `upsert`/`doc_as_upsert` for a
    /// missing document), written as a new version; unchanged sources are a `noop`.
    private func update(_ action: BulkRequest.Action) async -> Item {
        let id = action.id ?? ""
        func fail(_ status: Int, _ type: String, _ reason: String) -> Item {
            Item(kind: .update, index: action.index, id: id, outcome: .failed(status: status, type: type, reason: reason))
        }
        let body: JSONObject
        do { body = try JSONReader.parseObject(action.source) } catch {
            return fail(400, "x_content_parse_exception", "\(error)")
        }
        for key in body.keys where !["doc", "doc_as_upsert", "upsert", "detect_noop", "_source"].contains(key) {
            return fail(400, "x_content_parse_exception", "[UpdateRequest] unknown field [\(key)]")
        }
        guard let doc = body["doc"]?.objectValue else {
            return fail(400, "action_request_validation_exception", "Validation Failed: 1: script or doc is missing;")
        }
        do {
            let writer = try await catalog.documentIndex(action.index)
            let merged: JSONObject
            if let current = try await writer.document(id: id) {
                let existing = try JSONReader.parseObject(current.source)
                merged = Self.merge(doc, into: existing)
                if merged == existing, body["detect_noop"]?.boolValue ?? true {
                    return Item(kind: .update, index: action.index, id: id, outcome: .written(
                        result: "noop", version: current.version, seqNo: -1, status: 200))
                }
            } else if let upsert = body["upsert"]?.objectValue {
                merged = upsert
            } else if body["doc_as_upsert"]?.boolValue == true {
                merged = doc
            } else {
                return fail(404, "document_missing_exception", "[\(id)]: document missing")
            }
            let result = try await writer.index([IndexRequest(id: id, source: JSONValue.object(merged).jsonBytes())])
            return Self.item(.update, action.index, result[0])
        } catch {
            return Item(kind: .update, index: action.index, id: id, outcome: Self.failure(error, index: action.index))
        }
    }

    /// Elasticsearch's partial-document merge: objects merge key by key, anything else replaces.
    static func merge(_ patch: JSONObject, into base: JSONObject) -> JSONObject {
        var result = base
        for (key, value) in patch {
            if case .object(let inner) = value, case .object(let existing)? = result[key] {
                result[key] = .object(merge(inner, into: existing))
            } else {
                result[key] = value
            }
        }
        return result
    }

    static func item(_ kind: BulkRequest.Kind, _ index: String, _ result: WriteResult) -> Item {
        switch result {
        case .created(let id, let version, let seqNo):
            Item(kind: kind, index: index, id: id, outcome: .written(result: "created", version: version, seqNo: seqNo, status: 201))
        case .updated(let id, let version, let seqNo):
            Item(kind: kind, index: index, id: id, outcome: .written(result: "updated", version: version, seqNo: seqNo, status: 200))
        case .deleted(let id, let version, let seqNo):
            Item(kind: kind, index: index, id: id, outcome: .written(result: "deleted", version: version, seqNo: seqNo, status: 200))
        case .notFound(let id):
            Item(kind: kind, index: index, id: id, outcome: .notFound)
        case .failed(let id, let status, let type, let reason):
            Item(kind: kind, index: index, id: id, outcome: .failed(status: status, type: type, reason: reason))
        }
    }

    static func failure(_ error: any Error, index: String) -> Item.Outcome {
        switch error {
        case let error as CatalogError: .failed(status: error.status, type: error.type, reason: error.reason)
        case let error as IndexError: .failed(status: 500, type: CatalogError.storage(error).type, reason: error.description)
        case let error as JSONError: .failed(status: 500, type: "corrupt_index_exception", reason: "stored source: \(error)")
        default: .failed(status: 500, type: "exception", reason: "\(error)")
        }
    }

    /// `{"took":…,"errors":…,"items":[…]}`, written straight to bytes.
    static func response(_ items: [Item], tookMillis: Int64) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + items.count * 160)
        out += Array(#"{"errors":"#.utf8)
        out += Array((items.contains(where: \.failed) ? "true" : "false").utf8)
        out += Array(#","took":"#.utf8)
        JSONWriter.append(int: tookMillis, to: &out)
        out += Array(#","items":["#.utf8)
        for (n, item) in items.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.append(JSONValue.object([item.kind.rawValue: .object(item.body(withStatus: true))]), to: &out)
        }
        out += Array("]}".utf8)
        return out
    }
}
