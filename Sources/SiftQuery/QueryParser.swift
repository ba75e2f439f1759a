import SiftCore

/// Turns the Elasticsearch query DSL (the value of a request's `query` key) into a ``Query``.
///
/// Anything not understood is an error that names it, never a silent match-all. Messages follow
/// Elasticsearch's wording where it has one (`unknown query [x]`, `[match] query does not support [x]`).
/// A clause's `boost` other than 1 wraps it in ``Query/boosted(_:boost:)``; `_name` is accepted and ignored.
package enum QueryParser {
    /// Parses one query clause such as `{"match": {"message": "error"}}`.
    ///
    /// - Throws: ``QueryError`` naming the unknown clause, option or malformed part.
    package static func parse(_ json: JSONValue) throws(QueryError) -> Query {
        guard case .object(let object) = json else {
            throw .parsing(reason: "[_na] query malformed, must start with start_object")
        }
        guard let (name, body) = object.first else {
            throw .illegalArgument(reason: "query malformed, empty clause found")
        }
        guard object.count == 1 else {
            throw .parsing(reason: "[\(name)] malformed query, expected [END_OBJECT] but found [FIELD_NAME]")
        }
        guard case .object(let clause) = body else {
            throw .parsing(reason: "[\(name)] query malformed, no start_object after query name")
        }
        switch name {
        case "match_all": return try parseMatchAllOrNone(clause, name: name, query: .matchAll)
        case "match_none": return try parseMatchAllOrNone(clause, name: name, query: .matchNone)
        case "match": return try parseMatch(clause)
        case "match_phrase": return try parsePhrase(clause, name: name)
        case "match_phrase_prefix": return try parsePhrase(clause, name: name)
        case "match_bool_prefix": return try parseMatchBoolPrefix(clause)
        case "multi_match": return try parseMultiMatch(clause)
        case "term": return try parseTerm(clause)
        case "terms": return try parseTerms(clause)
        case "ids": return try parseIDs(clause)
        case "range": return try parseRange(clause)
        case "exists": return try parseExists(clause)
        case "prefix", "wildcard", "regexp": return try parsePattern(clause, name: name)
        case "bool": return try parseBool(clause)
        case "constant_score": return try parseConstantScore(clause)
        case "dis_max": return try parseDisMax(clause)
        case "query_string": return try parseQueryString(clause)
        case "simple_query_string": return try parseSimpleQueryString(clause)
        default:
            if unsupportedQueries.contains(name) || name.hasPrefix("span_") || name.hasPrefix("geo_") {
                throw .unsupported(feature: "the [\(name)] query")
            }
            throw .unknownQuery(name: name)
        }
    }

    /// Clauses Elasticsearch knows but Sift does not implement: reported as unsupported, not unknown.
    private static let unsupportedQueries: Set<String> = [
        "fuzzy", "nested", "has_child", "has_parent", "parent_id", "shape", "more_like_this", "script",
        "script_score", "function_score", "boosting", "percolate", "wrapper", "intervals", "distance_feature",
        "rank_feature", "pinned", "knn", "terms_set", "combined_fields", "semantic", "sparse_vector",
        "text_expansion", "weighted_tokens", "rule", "field_masking_span",
    ]

    /// `boost` other than 1 wraps the query in ``Query/boosted(_:boost:)``.
    static func boosted(_ query: Query, _ boost: Float) -> Query {
        boost == 1 ? query : .boosted(query, boost: boost)
    }

    /// `{"match_all": {}}`, `{"match_none": {"boost": 2}}`.
    private static func parseMatchAllOrNone(_ clause: JSONObject, name: String, query: Query) throws(QueryError) -> Query {
        let reader = OptionReader(query: name)
        var boost: Float = 1
        for (key, value) in clause {
            switch key {
            case "boost": boost = try reader.boost(value)
            case "_name": try reader.name(value)
            default: throw .unknownOption(query: name, option: key)
            }
        }
        return boosted(query, boost)
    }

    /// For clauses keyed by one field, `{"term": {"level": ...}}`: the field and its value.
    ///
    /// - Throws: Elasticsearch's "doesn't support multiple fields" error, or a missing-field error.
    static func singleField(_ clause: JSONObject, query: String) throws(QueryError) -> (String, JSONValue) {
        guard let (field, value) = clause.first else {
            throw .malformed(query: query, reason: "query requires a field")
        }
        if clause.count > 1 {
            throw .parsing(reason: "[\(query)] query doesn't support multiple fields, found [\(field)] and [\(clause[1].key)]")
        }
        return (field, value)
    }
}
