/// Why a query could not be parsed; rendered by the server as Elasticsearch's `parsing_exception`.
package enum QueryError: Error, Hashable, CustomStringConvertible {
    /// A clause name no parser knows, e.g. `{"mtach": ...}`.
    case unknownQuery(name: String)
    /// A known clause with an option it does not take.
    case unknownOption(query: String, option: String)
    /// A clause whose body has the wrong shape.
    case malformed(query: String, reason: String)

    package var description: String {
        switch self {
        case .unknownQuery(let name): "unknown query [\(name)]"
        case .unknownOption(let query, let option): "[\(query)] query does not support [\(option)]"
        case .malformed(let query, let reason): "[\(query)] \(reason)"
        }
    }
}
