/// Why a search failed, with the Elasticsearch error type the server answers with.
package struct SearchError: Error, Hashable, CustomStringConvertible {
    /// Elasticsearch's error `type`, e.g. `query_shard_exception`.
    package var type: String
    package var reason: String
    /// The index the failure belongs to, when there is one.
    package var index: String?
    /// HTTP status.
    package var status: Int

    package init(type: String, reason: String, index: String? = nil, status: Int = 400) {
        self.type = type
        self.reason = reason
        self.index = index
        self.status = status
    }

    /// A query that cannot apply to a field, as Elasticsearch's `failed to create query: …`.
    package static func query(_ reason: String, index: String) -> SearchError {
        SearchError(type: "query_shard_exception", reason: "failed to create query: \(reason)", index: index)
    }

    package static func illegalArgument(_ reason: String) -> SearchError {
        SearchError(type: "illegal_argument_exception", reason: reason)
    }

    package var description: String { "\(type): \(reason)" }
}
