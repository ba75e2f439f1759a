import SiftCore

extension QueryParser {
    /// `bool` with `must`, `filter`, `should`, `must_not` (each one clause or an array of them),
    /// `minimum_should_match`, `boost`, `adjust_pure_negative` (accepted: a pure negation matches
    /// everything else, which is Elasticsearch's default).
    static func parseBool(_ clause: JSONObject) throws(QueryError) -> Query {
        let reader = OptionReader(query: "bool")
        var bool = BoolQuery()
        var boost: Float = 1
        for (key, value) in clause {
            switch key {
            case "must": bool.must += try clauses(value, in: key)
            case "filter": bool.filter += try clauses(value, in: key)
            case "should": bool.should += try clauses(value, in: key)
            case "must_not", "mustNot": bool.mustNot += try clauses(value, in: key)
            case "minimum_should_match": bool.minimumShouldMatch = try reader.minimumShouldMatch(value)
            case "adjust_pure_negative": _ = try reader.bool(key, value)
            case "boost": boost = try reader.boost(value)
            case "_name": try reader.name(value)
            default: throw .unknownOption(query: "bool", option: key)
            }
        }
        return boosted(.bool(bool), boost)
    }

    /// A clause list may be a single clause object or an array of them.
    private static func clauses(_ value: JSONValue, in occurrence: String) throws(QueryError) -> [Query] {
        switch value {
        case .object:
            return [try parse(value)]
        case .array(let items):
            var queries: [Query] = []
            for item in items {
                guard case .object = item else {
                    throw .parsing(reason: "[bool] query does not support [\(occurrence)] with a \(item.tokenName) element")
                }
                queries.append(try parse(item))
            }
            return queries
        default:
            throw .parsing(reason: "[bool] query does not support [\(occurrence)] with a \(value.tokenName)")
        }
    }

    /// `constant_score` with a required `filter` and an optional `boost` (the score every match gets).
    static func parseConstantScore(_ clause: JSONObject) throws(QueryError) -> Query {
        let reader = OptionReader(query: "constant_score")
        var filter: Query?
        var boost: Float = 1
        for (key, value) in clause {
            switch key {
            case "filter":
                guard case .object = value else {
                    throw .parsing(reason: "[constant_score] query does not support [\(key)] with a \(value.tokenName)")
                }
                filter = try parse(value)
            case "boost": boost = try reader.boost(value)
            case "_name": try reader.name(value)
            default: throw .unknownOption(query: "constant_score", option: key)
            }
        }
        guard let filter else { throw .parsing(reason: "[constant_score] requires a 'filter' element") }
        return .constantScore(filter, boost: boost)
    }

    /// `dis_max` with `queries` (at least one), `tie_breaker` and `boost`.
    static func parseDisMax(_ clause: JSONObject) throws(QueryError) -> Query {
        let reader = OptionReader(query: "dis_max")
        var queries: [Query] = []
        var tieBreaker: Float = 0
        var boost: Float = 1
        for (key, value) in clause {
            switch key {
            case "queries":
                switch value {
                case .object: queries.append(try parse(value))
                case .array(let items):
                    for item in items { queries.append(try parse(item)) }
                default: throw .parsing(reason: "[dis_max] query does not support [\(key)] with a \(value.tokenName)")
                }
            case "tie_breaker": tieBreaker = try reader.float(key, value)
            case "boost": boost = try reader.boost(value)
            case "_name": try reader.name(value)
            default: throw .unknownOption(query: "dis_max", option: key)
            }
        }
        guard !queries.isEmpty else { throw .parsing(reason: "[dis_max] requires 'queries' field with at least one clause") }
        return boosted(.disMax(queries, tieBreaker: tieBreaker), boost)
    }
}
