import SiftCore

extension SearchRequest {
    /// URL parameters accepted without effect on Sift's results (routing, caching, shard tuning, the
    /// `_async_search` options, and the global ones the server may pass through).
    static let ignoredParameters: Set<String> = [
        "preference", "routing", "request_cache", "batched_reduce_size", "ccs_minimize_roundtrips",
        "max_concurrent_shard_requests", "pre_filter_shard_size", "ignore_throttled", "allow_partial_search_results",
        "stats", "include_named_queries_score", "force_synthetic_source", "min_compatible_shard_node",
        "wait_for_completion_timeout", "keep_on_completion", "keep_alive", "pretty", "human", "error_trace",
        "source", "source_content_type",
    ]

    /// Applies the URL's query parameters over the body; returns whether `track_total_hits` was given.
    mutating func apply(parameters: [String: String]) throws(QueryError) -> Bool {
        var unknown: [String] = []
        var trackTotalHitsSet = false
        for (name, value) in parameters {
            switch name {
            case "q", "df", "analyzer", "analyze_wildcard", "default_operator", "lenient",
                 "_source", "_source_includes", "_source_excludes":
                continue  // read together below
            case "from": from = try Self.checkedFrom(try URLParameters.int(name, value))
            case "size": size = try Self.checkedSize(try URLParameters.int(name, value))
            case "sort": continue  // appended below, after the body's keys
            case "track_total_hits":
                trackTotalHitsSet = true
                if value == "true" || value == "false" {
                    trackTotalHits = value == "true" ? .accurate : .disabled
                } else {
                    trackTotalHits = try Self.trackTotalHits(limit: try URLParameters.int(name, value))
                }
            case "track_scores": trackScores = try URLParameters.bool(name, value)
            case "timeout": timeout = try Self.checkedTimeValue(value, setting: "timeout")
            case "terminate_after": terminateAfter = try Self.checkedTerminateAfter(try URLParameters.int(name, value))
            case "explain": explain = try URLParameters.bool(name, value)
            case "version": version = try URLParameters.bool(name, value)
            case "seq_no_primary_term": seqNoPrimaryTerm = try URLParameters.bool(name, value)
            case "stored_fields": storedFields = splitCommaList(value)
            case "docvalue_fields": docvalueFields = splitCommaList(value).map(JSONValue.string)
            case "scroll": scroll = try Self.checkedTimeValue(value, setting: "scroll")
            case "rest_total_hits_as_int": restTotalHitsAsInt = try URLParameters.bool(name, value)
            case "typed_keys": typedKeys = try URLParameters.bool(name, value)
            case "ignore_unavailable": ignoreUnavailable = try URLParameters.bool(name, value)
            case "allow_no_indices": allowNoIndices = try URLParameters.bool(name, value)
            case "expand_wildcards": expandWildcards = value
            case "filter_path": filterPath = splitCommaList(value)
            case "search_type":
                guard value == "query_then_fetch" || value == "dfs_query_then_fetch" else {
                    throw .illegalArgument(reason: "No search type for [\(value)]")
                }
            default:
                if !Self.ignoredParameters.contains(name) { unknown.append(name) }
            }
        }
        guard unknown.isEmpty else { throw .unrecognizedParameters(unknown.sorted()) }
        if let query = try URLParameters.queryString(parameters) { self.query = query }
        if let source = try URLParameters.sourceFilter(parameters) { self.source = source }
        if let sortParameter = parameters["sort"] { sort += SortSpec.parse(urlParameter: sortParameter) }
        return trackTotalHitsSet
    }
}

/// Reading URL parameters the way Elasticsearch's `RestRequest` does.
package enum URLParameters {
    /// `paramAsBoolean`: empty means true, otherwise exactly `true` or `false`.
    package static func bool(_ name: String, _ value: String) throws(QueryError) -> Bool {
        switch value {
        case "", "true": return true
        case "false": return false
        default: throw .illegalArgument(reason: "Failed to parse value [\(value)] as only [true] or [false] are allowed.")
        }
    }

    /// `paramAsInt`.
    static func int(_ name: String, _ value: String) throws(QueryError) -> Int {
        guard let number = Int32(value) else {
            throw .illegalArgument(reason: "Failed to parse int parameter [\(name)] with value [\(value)]")
        }
        return Int(number)
    }

    /// `q` with `df`, `analyzer`, `analyze_wildcard`, `default_operator` and `lenient`: a `query_string`.
    static func queryString(_ parameters: [String: String]) throws(QueryError) -> Query? {
        guard let text = parameters["q"] else { return nil }
        var options = QueryStringOptions()
        options.defaultField = parameters["df"]
        options.analyzer = parameters["analyzer"]
        if let value = parameters["analyze_wildcard"] { options.analyzeWildcard = try bool("analyze_wildcard", value) }
        if let value = parameters["lenient"] { options.lenient = try bool("lenient", value) }
        if let value = parameters["default_operator"] {
            options.defaultOperator = try OptionReader(query: "query_string").booleanOperator("default_operator", .string(value))
        }
        return try QueryStringParser.parse(text, options: options)
    }

    /// `_source` (`true`, `false` or a list of includes), `_source_includes`, `_source_excludes`.
    static func sourceFilter(_ parameters: [String: String]) throws(QueryError) -> SourceFilter? {
        var fetch: Bool?
        var includes: [String]?
        var excludes: [String]?
        if let source = parameters["_source"] {
            switch source {
            case "true": fetch = true
            case "false": fetch = false
            default: includes = splitCommaList(source)
            }
        }
        if let value = parameters["_source_includes"] { includes = splitCommaList(value) }
        if let value = parameters["_source_excludes"] { excludes = splitCommaList(value) }
        guard fetch != nil || includes != nil || excludes != nil else { return nil }
        return SourceFilter(fetch: fetch ?? true, includes: includes ?? [], excludes: excludes ?? [])
    }
}
