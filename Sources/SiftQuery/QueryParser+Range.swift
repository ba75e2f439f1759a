import SiftCore

extension QueryParser {
    /// `range` on one field: `gt`/`gte`/`lt`/`lte`, the legacy `from`/`to`/`include_lower`/`include_upper`
    /// (later keys override earlier ones, as in Elasticsearch), `format`, `time_zone`, and `relation`
    /// (only for range fields; `INTERSECTS`, `WITHIN` and `CONTAINS` are accepted and mean the same for
    /// single values). A `null` bound is open.
    static func parseRange(_ clause: JSONObject) throws(QueryError) -> Query {
        let reader = OptionReader(query: "range")
        let (field, body) = try singleField(clause, query: "range")
        guard case .object(let options) = body else { throw .unknownOption(query: "range", option: field) }
        var range = RangeQuery(field: field)
        var from: JSONValue?
        var to: JSONValue?
        var includeLower = true
        var includeUpper = true
        var boost: Float = 1
        for (key, value) in options {
            switch key {
            case "gt": (from, includeLower) = (try bound(key, value), false)
            case "gte": (from, includeLower) = (try bound(key, value), true)
            case "lt": (to, includeUpper) = (try bound(key, value), false)
            case "lte": (to, includeUpper) = (try bound(key, value), true)
            case "from": from = try bound(key, value)
            case "to": to = try bound(key, value)
            case "include_lower": includeLower = try reader.bool(key, value)
            case "include_upper": includeUpper = try reader.bool(key, value)
            case "format": range.format = try reader.optionalText(key, value)
            case "time_zone": range.timeZone = try reader.optionalText(key, value)
            case "relation":
                let relation = try reader.text(key, value)
                guard ["intersects", "within", "contains"].contains(relation.lowercased()) else {
                    throw .parsing(reason: "[range] query does not support relation [\(relation)]")
                }
            case "boost": boost = try reader.boost(value)
            case "_name": try reader.name(value)
            default: throw .unknownOption(query: "range", option: key)
            }
        }
        if let from {
            if includeLower { range.gte = from } else { range.gt = from }
        }
        if let to {
            if includeUpper { range.lte = to } else { range.lt = to }
        }
        return boosted(.range(range), boost)
    }

    /// A bound as written: a string or a number; `null` means open.
    private static func bound(_ key: String, _ value: JSONValue) throws(QueryError) -> JSONValue? {
        switch value {
        case .null: return nil
        case .string, .int, .double: return value
        case .bool, .array, .object:
            throw .parsing(reason: "[range] query does not support [\(key)] with a \(value.tokenName)")
        }
    }
}
