import SiftCore

extension SearchRequest {
    /// What each body key accepts, by JSON token (Elasticsearch dispatches on the token first, so a key
    /// with the wrong kind of value is "Unknown key for a …").
    private enum Shape {
        case value, object, array
    }

    private static let shapes: [String: Set<Shape>] = [
        "query": [.object], "post_filter": [.object], "from": [.value], "size": [.value],
        "sort": [.value, .object, .array], "search_after": [.array], "track_total_hits": [.value],
        "track_scores": [.value], "_source": [.value, .object, .array], "aggs": [.object], "aggregations": [.object],
        "min_score": [.value], "timeout": [.value], "terminate_after": [.value], "version": [.value],
        "seq_no_primary_term": [.value], "explain": [.value], "profile": [.value],
        "stored_fields": [.value, .array], "fields": [.array], "docvalue_fields": [.array],
        "script_fields": [.object], "highlight": [.object], "indices_boost": [.object, .array], "stats": [.array],
        "ext": [.object], "runtime_mappings": [.object],
        "collapse": [.object], "rescore": [.object, .array], "knn": [.object, .array], "suggest": [.object],
        "slice": [.object], "pit": [.object], "retriever": [.object], "rank": [.object], "sub_searches": [.array],
    ]

    /// Keys whose silent omission would change the hits or the response shape.
    private static let unsupportedKeys: Set<String> = [
        "collapse", "rescore", "knn", "suggest", "slice", "pit", "retriever", "rank", "sub_searches",
    ]

    /// Applies a body's keys; returns whether `track_total_hits` was given.
    mutating func apply(body: JSONObject) throws(QueryError) -> Bool {
        let reader = OptionReader(query: "search")
        var trackTotalHitsSet = false
        var aggregationsKey: String?
        for (key, value) in body {
            let shape: Shape
            switch value {
            case .object: shape = .object
            case .array: shape = .array
            default: shape = .value
            }
            guard Self.shapes[key]?.contains(shape) == true else {
                throw .parsing(reason: "Unknown key for a \(value.tokenName) in [\(key)].")
            }
            if Self.unsupportedKeys.contains(key) { throw .unsupported(feature: "the search option [\(key)]") }
            switch key {
            case "query": query = try QueryParser.parse(value)
            case "post_filter": postFilter = try QueryParser.parse(value)
            case "from": from = try Self.checkedFrom(try reader.int(key, value))
            case "size": size = try Self.checkedSize(try reader.int(key, value))
            case "sort": sort = try SortSpec.parse(value)
            case "search_after": searchAfter = try Self.searchAfter(value)
            case "track_total_hits":
                trackTotalHitsSet = true
                if case .int = value {
                    trackTotalHits = try Self.trackTotalHits(limit: try reader.int(key, value))
                } else if let flag = try? reader.bool(key, value) {
                    trackTotalHits = flag ? .accurate : .disabled
                } else {
                    trackTotalHits = try Self.trackTotalHits(limit: try reader.int(key, value))
                }
            case "track_scores": trackScores = try reader.bool(key, value)
            case "_source": source = try SourceFilter(json: value)
            case "aggs", "aggregations":
                if let aggregationsKey {
                    throw .illegalArgument(reason: "Found two aggregation definitions: [\(aggregationsKey)] and [\(key)]")
                }
                aggregationsKey = key
                aggregations = try reader.object(key, value)
            case "min_score": minScore = try reader.float(key, value)
            case "timeout": timeout = try Self.checkedTimeValue(try reader.text(key, value), setting: "timeout")
            case "terminate_after": terminateAfter = try Self.checkedTerminateAfter(try reader.int(key, value))
            case "version": version = try reader.bool(key, value)
            case "seq_no_primary_term": seqNoPrimaryTerm = try reader.bool(key, value)
            case "explain": explain = try reader.bool(key, value)
            case "profile": profile = try reader.bool(key, value)
            case "stored_fields": storedFields = try Self.storedFields(value)
            case "fields": fields = value.arrayValue
            case "docvalue_fields": docvalueFields = value.arrayValue
            case "runtime_mappings":
                guard value.objectValue?.isEmpty == true else { throw .unsupported(feature: "the search option [runtime_mappings]") }
            default: continue  // script_fields, highlight, indices_boost, stats, ext: accepted, ignored
            }
        }
        return trackTotalHitsSet
    }

    private static func searchAfter(_ value: JSONValue) throws(QueryError) -> [JSONValue] {
        let values = value.arrayValue ?? []
        for item in values {
            switch item {
            case .array, .object: throw .parsing(reason: "Unknown key for a \(item.tokenName) in [search_after].")
            default: continue
            }
        }
        return values
    }

    private static func storedFields(_ value: JSONValue) throws(QueryError) -> [String] {
        switch value {
        case .string(let name): return [name]
        case .array(let items):
            var names: [String] = []
            for item in items {
                guard case .string(let name) = item else {
                    throw .parsing(reason: "Expected [VALUE_STRING] in [stored_fields] but found [\(item.tokenName)]")
                }
                names.append(name)
            }
            return names
        default: throw .parsing(reason: "Unknown key for a \(value.tokenName) in [stored_fields].")
        }
    }
}
