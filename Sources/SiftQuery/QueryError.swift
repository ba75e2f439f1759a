/// Why a query or search request could not be parsed; the server renders it as an Elasticsearch error
/// of type ``elasticsearchType`` with reason ``reason`` (and ``causedBy`` when there is one), status 400.
package enum QueryError: Error, Hashable, CustomStringConvertible {
    /// A clause name no parser knows, e.g. `{"mtach": ...}`.
    case unknownQuery(name: String)
    /// A known clause with an option it does not take.
    case unknownOption(query: String, option: String)
    /// A clause whose body has the wrong shape.
    case malformed(query: String, reason: String)
    /// An Elasticsearch feature Sift does not implement (fuzzy matching, scripts, `collapse`, ...).
    case unsupported(feature: String)
    /// A `parsing_exception` whose message Elasticsearch words exactly so, e.g.
    /// `Unknown key for a START_OBJECT in [foo].`
    case parsing(reason: String)
    /// An `illegal_argument_exception`, e.g. `[size] parameter cannot be negative, found [-1]`.
    case illegalArgument(reason: String)
    /// Request-level checks, rendered as Elasticsearch's `Validation Failed: 1: …;`.
    case validation([String])
    /// URL parameters `_search` or `_count` does not know. The server prefixes `request [<path>] `.
    case unrecognizedParameters([String])
    /// A `query_string` that is not valid Lucene syntax: `query` is the whole string, `detail` says what
    /// was wrong and where (line and column, counted in Unicode scalars from 1).
    case queryStringSyntax(query: String, detail: String)

    /// Elasticsearch's error `type` for this error.
    package var elasticsearchType: String {
        switch self {
        case .unknownQuery, .unknownOption, .malformed, .parsing: "parsing_exception"
        case .unsupported, .illegalArgument, .unrecognizedParameters: "illegal_argument_exception"
        case .validation: "action_request_validation_exception"
        case .queryStringSyntax: "query_shard_exception"
        }
    }

    /// Elasticsearch's top-level `reason`.
    package var reason: String {
        switch self {
        case .unknownQuery(let name): "unknown query [\(name)]"
        case .unknownOption(let query, let option): "[\(query)] query does not support [\(option)]"
        case .malformed(let query, let reason): "[\(query)] \(reason)"
        case .unsupported(let feature): "\(feature) is not supported by Sift"
        case .parsing(let reason), .illegalArgument(let reason): reason
        case .validation(let problems):
            "Validation Failed: " + problems.enumerated().map { "\($0.offset + 1): \($0.element);" }.joined()
        case .unrecognizedParameters(let names):
            (names.count == 1 ? "contains unrecognized parameter: " : "contains unrecognized parameters: ")
                + names.map { "[\($0)]" }.joined(separator: ", ")
        case .queryStringSyntax(let query, _): "Failed to parse query [\(query)]"
        }
    }

    /// The nested `caused_by` Elasticsearch reports, as (type, reason).
    package var causedBy: (type: String, reason: String)? {
        guard case .queryStringSyntax(let query, let detail) = self else { return nil }
        return ("parse_exception", "Cannot parse '\(query)': \(detail)")
    }

    /// The reason, followed by the cause when there is one.
    package var description: String {
        guard let causedBy else { return reason }
        return "\(reason): \(causedBy.reason)"
    }
}
