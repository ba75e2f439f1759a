import SiftCore

/// A parsed `_count` request: a body with only `query`, or the URL's `q` (ignored when there is a body,
/// as in Elasticsearch).
package struct CountRequest: Sendable, Hashable {
    /// The body's `query`, else the URL's `q`, else match-all.
    package var query: Query = .matchAll
    /// URL `min_score`: only documents scoring at least this count.
    package var minScore: Float?
    /// `terminate_after`; nil for no limit.
    package var terminateAfter: Int?
    /// URL `ignore_unavailable`, `allow_no_indices`, `expand_wildcards`, `filter_path`, as for ``SearchRequest``.
    package var ignoreUnavailable = false
    /// See ``SearchRequest/allowNoIndices``.
    package var allowNoIndices = true
    /// See ``SearchRequest/expandWildcards``.
    package var expandWildcards: String?
    /// See ``SearchRequest/filterPath``.
    package var filterPath: [String]?

    /// Count everything.
    package init() {}

    private static let ignoredParameters: Set<String> = [
        "preference", "routing", "ignore_throttled", "pretty", "human", "error_trace", "source", "source_content_type",
        "q", "df", "analyzer", "analyze_wildcard", "default_operator", "lenient",
    ]

    /// - Throws: ``QueryError``: `request does not support [x]` for body keys other than `query`,
    ///   unknown URL parameters, and anything the query parsers reject.
    package static func parse(body: JSONValue?, parameters: [String: String]) throws(QueryError) -> CountRequest {
        var request = CountRequest()
        var unknown: [String] = []
        for (name, value) in parameters {
            switch name {
            case "min_score":
                guard let score = Float(value), score.isFinite else {
                    throw .illegalArgument(reason: "Failed to parse float parameter [min_score] with value [\(value)]")
                }
                request.minScore = score
            case "terminate_after": request.terminateAfter = try SearchRequest.checkedTerminateAfter(try URLParameters.int(name, value))
            case "ignore_unavailable": request.ignoreUnavailable = try URLParameters.bool(name, value)
            case "allow_no_indices": request.allowNoIndices = try URLParameters.bool(name, value)
            case "expand_wildcards": request.expandWildcards = value
            case "filter_path": request.filterPath = splitCommaList(value)
            default: if !ignoredParameters.contains(name) { unknown.append(name) }
            }
        }
        guard unknown.isEmpty else { throw .unrecognizedParameters(unknown.sorted()) }
        if let body, !body.isNull {
            guard case .object(let object) = body else {
                throw .parsing(reason: "Expected [START_OBJECT] but found [\(body.tokenName)]")
            }
            for (key, value) in object {
                guard key == "query" else { throw .parsing(reason: "request does not support [\(key)]") }
                request.query = try QueryParser.parse(value)
            }
        } else if let query = try URLParameters.queryString(parameters) {
            request.query = query
        }
        return request
    }
}
