import SiftCore

/// Turns the Elasticsearch query DSL (the value of a request's `query` key) into a ``Query``.
///
/// Anything not understood is an error that names it, never a silent match-all.
package enum QueryParser {
    package static func parse(_ json: JSONValue) throws(QueryError) -> Query {
        guard let clause = json.objectValue, clause.count == 1, let (name, body) = clause.first else {
            throw .malformed(query: "query", reason: "a query is an object with exactly one clause")
        }
        switch name {
        case "match_all": try checkOptions(body, query: name, allowed: ["boost"]); return .matchAll
        case "match_none": try checkOptions(body, query: name, allowed: ["boost"]); return .matchNone
        case "term": return try parseTerm(body)
        case "terms": return try parseTerms(body)
        case "bool": return .bool(try parseBool(body))
        default: throw .unknownQuery(name: name)
        }
    }

    /// `{"term": {"level": "ERROR"}}` or `{"term": {"level": {"value": "ERROR"}}}`.
    private static func parseTerm(_ body: JSONValue) throws(QueryError) -> Query {
        let (field, value) = try singleField(body, query: "term")
        guard let options = value.objectValue else { return .term(field: field, value: value) }
        try checkOptions(value, query: "term", allowed: ["value", "boost", "case_insensitive"])
        guard let exact = options["value"] else { throw .malformed(query: "term", reason: "[value] is required") }
        return .term(field: field, value: exact)
    }

    /// `{"terms": {"level": ["ERROR", "FATAL"]}}`.
    private static func parseTerms(_ body: JSONValue) throws(QueryError) -> Query {
        guard let object = body.objectValue else { throw .malformed(query: "terms", reason: "expected an object") }
        var field: String?
        var values: [JSONValue] = []
        for (key, value) in object where key != "boost" {
            guard field == nil else { throw .malformed(query: "terms", reason: "takes exactly one field") }
            guard let list = value.arrayValue else { throw .malformed(query: "terms", reason: "[\(key)] must be an array") }
            (field, values) = (key, list)
        }
        guard let field else { throw .malformed(query: "terms", reason: "requires a field") }
        return .terms(field: field, values: values)
    }

    private static func parseBool(_ body: JSONValue) throws(QueryError) -> BoolQuery {
        guard let object = body.objectValue else { throw .malformed(query: "bool", reason: "expected an object") }
        var bool = BoolQuery()
        for (key, value) in object {
            switch key {
            case "must": bool.must = try clauses(value)
            case "filter": bool.filter = try clauses(value)
            case "should": bool.should = try clauses(value)
            case "must_not": bool.mustNot = try clauses(value)
            case "minimum_should_match":
                guard let count = value.intValue ?? value.stringValue.flatMap({ Int64($0) }) else {
                    throw .malformed(query: "bool", reason: "[minimum_should_match] must be an integer")
                }
                bool.minimumShouldMatch = Int(count)
            case "boost": continue
            default: throw .unknownOption(query: "bool", option: key)
            }
        }
        return bool
    }

    /// A clause list may be a single clause object or an array of them.
    private static func clauses(_ value: JSONValue) throws(QueryError) -> [Query] {
        guard let list = value.arrayValue else { return [try parse(value)] }
        var queries: [Query] = []
        for item in list { queries.append(try parse(item)) }
        return queries
    }

    private static func singleField(_ body: JSONValue, query: String) throws(QueryError) -> (String, JSONValue) {
        guard let object = body.objectValue, object.count == 1, let (field, value) = object.first else {
            throw .malformed(query: query, reason: "takes exactly one field")
        }
        return (field, value)
    }

    private static func checkOptions(_ body: JSONValue, query: String, allowed: Set<String>) throws(QueryError) {
        guard let object = body.objectValue else { throw .malformed(query: query, reason: "expected an object") }
        for key in object.keys where !allowed.contains(key) {
            throw .unknownOption(query: query, option: key)
        }
    }
}
