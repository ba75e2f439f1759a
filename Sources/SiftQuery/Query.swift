import SiftCore

/// A parsed search query: a value type that knows nothing about storage.
package indirect enum Query: Sendable, Hashable {
    case matchAll
    case matchNone
    /// An exact value in one field (not analyzed).
    case term(field: String, value: JSONValue)
    /// Any of several exact values in one field.
    case terms(field: String, values: [JSONValue])
    case bool(BoolQuery)
}

/// Elasticsearch's `bool` query: a document must match every `must` and `filter` clause, no `mustNot`
/// clause, and at least `minimumShouldMatch` of the `should` clauses.
package struct BoolQuery: Sendable, Hashable {
    package var must: [Query] = []
    package var filter: [Query] = []
    package var should: [Query] = []
    package var mustNot: [Query] = []
    /// Explicit value, or nil for Elasticsearch's default: 1 when there are only `should` clauses, else 0.
    package var minimumShouldMatch: Int?

    package init() {}

    /// The number of `should` clauses a document has to match.
    package var requiredShouldMatches: Int {
        if let minimumShouldMatch { return minimumShouldMatch }
        return must.isEmpty && filter.isEmpty && !should.isEmpty ? 1 : 0
    }
}
