import SiftCore

extension QueryParser {
    /// `query_string`: the options of ``QueryStringOptions`` plus accepted-and-ignored tuning
    /// (`fuzziness` and the other fuzzy settings, `rewrite`, `max_determinized_states`,
    /// `enable_position_increments`, `auto_generate_synonyms_phrase_query`).
    static func parseQueryString(_ clause: JSONObject) throws(QueryError) -> Query {
        let reader = OptionReader(query: "query_string")
        var options = QueryStringOptions()
        var text: String?
        for (key, value) in clause {
            if case .array = value, key != "fields" { throw .unknownOption(query: "query_string", option: key) }
            switch key {
            case "query": text = try reader.text(key, value)
            case "default_field": options.defaultField = try reader.optionalText(key, value)
            case "fields": options.fields = try reader.fields(value)
            case "default_operator": options.defaultOperator = try reader.booleanOperator(key, value)
            case "analyze_wildcard": options.analyzeWildcard = try reader.bool(key, value)
            case "allow_leading_wildcard": options.allowLeadingWildcard = try reader.bool(key, value)
            case "lenient": options.lenient = try reader.bool(key, value)
            case "analyzer": options.analyzer = try reader.optionalText(key, value)
            case "quote_analyzer": options.quoteAnalyzer = try reader.optionalText(key, value)
            case "phrase_slop": options.phraseSlop = try reader.slop(key, value)
            case "minimum_should_match": options.minimumShouldMatch = try reader.minimumShouldMatch(value)
            case "boost": options.boost = try reader.boost(value)
            case "time_zone": options.timeZone = try reader.optionalText(key, value)
            case "type": options.type = try multiMatchType(value, reader: reader)
            case "tie_breaker": options.tieBreaker = try reader.float(key, value)
            case "escape": options.escape = try reader.bool(key, value)
            case "quote_field_suffix": throw .unsupported(feature: "[query_string] [quote_field_suffix]")
            case "_name": try reader.name(value)
            case "fuzziness", "fuzzy_rewrite", "rewrite": _ = try reader.optionalText(key, value)
            case "fuzzy_prefix_length", "fuzzy_max_expansions", "max_determinized_states": _ = try reader.int(key, value)
            case "enable_position_increments", "auto_generate_synonyms_phrase_query", "fuzzy_transpositions":
                _ = try reader.bool(key, value)
            default: throw .unknownOption(query: "query_string", option: key)
            }
        }
        guard let text else { throw .parsing(reason: "[query_string] must be provided with a [query]") }
        return try QueryStringParser.parse(text, options: options)
    }

    /// `simple_query_string`: the options of ``SimpleQueryStringOptions`` plus accepted-and-ignored
    /// fuzzy settings and `auto_generate_synonyms_phrase_query`.
    static func parseSimpleQueryString(_ clause: JSONObject) throws(QueryError) -> Query {
        let reader = OptionReader(query: "simple_query_string")
        var options = SimpleQueryStringOptions()
        var text: String?
        for (key, value) in clause {
            switch key {
            case "query": text = try reader.text(key, value)
            case "fields": options.fields = try reader.fields(value)
            case "default_operator": options.defaultOperator = try reader.booleanOperator(key, value)
            case "analyzer": options.analyzer = try reader.optionalText(key, value)
            case "flags":
                if case .int(let number) = value {
                    options.flags = number < 0 ? .all : SimpleQueryStringFlags(rawValue: Int(number) & SimpleQueryStringFlags.all.rawValue)
                } else {
                    options.flags = try SimpleQueryStringFlags(parsing: try reader.text(key, value))
                }
            case "lenient": options.lenient = try reader.bool(key, value)
            case "analyze_wildcard": options.analyzeWildcard = try reader.bool(key, value)
            case "minimum_should_match": options.minimumShouldMatch = try reader.minimumShouldMatch(value)
            case "boost": options.boost = try reader.boost(value)
            case "quote_field_suffix": throw .unsupported(feature: "[simple_query_string] [quote_field_suffix]")
            case "_name": try reader.name(value)
            case "fuzzy_prefix_length", "fuzzy_max_expansions": _ = try reader.int(key, value)
            case "fuzzy_transpositions", "auto_generate_synonyms_phrase_query": _ = try reader.bool(key, value)
            default: throw .parsing(reason: "[simple_query_string] unsupported field [\(key)]")
            }
        }
        guard let text else { throw .parsing(reason: "[simple_query_string] query text missing") }
        return try SimpleQueryStringParser.parse(text, options: options)
    }

    static func multiMatchType(_ value: JSONValue, reader: OptionReader) throws(QueryError) -> MultiMatchQuery.Kind {
        let name = try reader.text("type", value)
        switch name.lowercased() {
        case "best_fields", "boolean": return .bestFields
        case "most_fields": return .mostFields
        case "cross_fields": return .crossFields
        case "phrase": return .phrase
        case "phrase_prefix": return .phrasePrefix
        case "bool_prefix": return .boolPrefix
        default: throw .parsing(reason: "[\(reader.query)] query does not support type [\(name)]")
        }
    }
}
