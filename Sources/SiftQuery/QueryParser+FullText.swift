import SiftCore

extension QueryParser {
    /// Fuzzy-matching companions of `fuzziness`: accepted, and meaningless without it.
    private static let fuzzyCompanions: Set<String> = [
        "prefix_length", "max_expansions", "fuzzy_rewrite", "fuzzy_transpositions",
    ]

    /// `match`, short (`{"message": "text"}`) or long (`{"message": {"query": ..., "operator": "and"}}`).
    static func parseMatch(_ clause: JSONObject) throws(QueryError) -> Query {
        let reader = OptionReader(query: "match")
        let (field, body) = try singleField(clause, query: "match")
        guard case .object(let options) = body else {
            guard let text = body.scalarText else { throw textMissing(body, message: "No text specified for text query") }
            return .match(MatchQuery(field: field, text: text))
        }
        var match = MatchQuery(field: field, text: "")
        var text: String?
        var boost: Float = 1
        for (key, value) in options {
            switch key {
            case "query": text = value.scalarText
            case "operator": match.operator = try reader.booleanOperator(key, value)
            case "minimum_should_match": match.minimumShouldMatch = try reader.minimumShouldMatch(value)
            case "analyzer": match.analyzer = try reader.optionalText(key, value)
            case "zero_terms_query": match.zeroTermsMatchAll = try reader.zeroTermsMatchAll(value)
            case "lenient": match.lenient = try reader.bool(key, value)
            case "fuzziness": try reader.noFuzziness(value)
            case "auto_generate_synonyms_phrase_query": _ = try reader.bool(key, value)
            case "boost": boost = try reader.boost(value)
            case "_name": try reader.name(value)
            default:
                guard fuzzyCompanions.contains(key) else { throw .unknownOption(query: "match", option: key) }
            }
        }
        guard let text else { throw .parsing(reason: "No text specified for text query") }
        match.text = text
        return boosted(.match(match), boost)
    }

    /// `match_phrase` (`slop`) and `match_phrase_prefix` (`slop`, `max_expansions`), short or long form.
    static func parsePhrase(_ clause: JSONObject, name: String) throws(QueryError) -> Query {
        let reader = OptionReader(query: name)
        let isPrefix = name == "match_phrase_prefix"
        let (field, body) = try singleField(clause, query: name)
        let wrap: (PhraseQuery) -> Query = { isPrefix ? .matchPhrasePrefix($0) : .matchPhrase($0) }
        guard case .object(let options) = body else {
            guard let text = body.scalarText else { throw textMissing(body, message: "No text specified for text query") }
            return wrap(PhraseQuery(field: field, text: text))
        }
        var phrase = PhraseQuery(field: field, text: "")
        var text: String?
        var boost: Float = 1
        for (key, value) in options {
            switch key {
            case "query": text = value.scalarText
            case "slop": phrase.slop = try reader.slop(key, value)
            case "analyzer": phrase.analyzer = try reader.optionalText(key, value)
            case "zero_terms_query": phrase.zeroTermsMatchAll = try reader.zeroTermsMatchAll(value)
            case "max_expansions" where isPrefix: phrase.maxExpansions = try maxExpansions(value, reader: reader)
            case "boost": boost = try reader.boost(value)
            case "_name": try reader.name(value)
            default: throw .unknownOption(query: name, option: key)
            }
        }
        guard let text else { throw .parsing(reason: "No text specified for text query") }
        phrase.text = text
        return boosted(wrap(phrase), boost)
    }

    /// `match_bool_prefix`: the analysed terms, all but the last exact and the last a prefix, combined
    /// like `match`. It is `multi_match` of type `bool_prefix` on one field.
    static func parseMatchBoolPrefix(_ clause: JSONObject) throws(QueryError) -> Query {
        let reader = OptionReader(query: "match_bool_prefix")
        let (field, body) = try singleField(clause, query: "match_bool_prefix")
        var query = MultiMatchQuery(fields: [FieldBoost(field: field)], text: "")
        query.kind = .boolPrefix
        guard case .object(let options) = body else {
            guard let text = body.scalarText else { throw textMissing(body, message: "No text specified for text query") }
            query.text = text
            return .multiMatch(query)
        }
        var text: String?
        var boost: Float = 1
        for (key, value) in options {
            switch key {
            case "query": text = value.scalarText
            case "operator": query.operator = try reader.booleanOperator(key, value)
            case "minimum_should_match": query.minimumShouldMatch = try reader.minimumShouldMatch(value)
            case "analyzer": query.analyzer = try reader.optionalText(key, value)
            case "max_expansions": query.maxExpansions = try maxExpansions(value, reader: reader)
            case "fuzziness": try reader.noFuzziness(value)
            case "prefix_length", "fuzzy_rewrite", "fuzzy_transpositions": continue
            case "boost": boost = try reader.boost(value)
            case "_name": try reader.name(value)
            default: throw .unknownOption(query: "match_bool_prefix", option: key)
            }
        }
        guard let text else { throw .parsing(reason: "No text specified for text query") }
        query.text = text
        return boosted(.multiMatch(query), boost)
    }

    /// `multi_match`: `fields` (with `^boost`, default all fields), `type`, `operator`,
    /// `minimum_should_match`, `tie_breaker`, `slop`, `analyzer`, `lenient`, `zero_terms_query`.
    static func parseMultiMatch(_ clause: JSONObject) throws(QueryError) -> Query {
        let reader = OptionReader(query: "multi_match")
        var query = MultiMatchQuery(fields: [], text: "")
        var text: String?
        var tieBreaker: Float?
        var boost: Float = 1
        for (key, value) in clause {
            switch key {
            case "query": text = value.scalarText
            case "fields": query.fields = try reader.fields(value)
            case "type": query.kind = try multiMatchType(value, reader: reader)
            case "operator": query.operator = try reader.booleanOperator(key, value)
            case "minimum_should_match": query.minimumShouldMatch = try reader.minimumShouldMatch(value)
            case "tie_breaker": tieBreaker = try reader.float(key, value)
            case "slop", "phrase_slop": query.slop = try reader.slop(key, value)
            case "analyzer": query.analyzer = try reader.optionalText(key, value)
            case "lenient": query.lenient = try reader.bool(key, value)
            case "zero_terms_query": query.zeroTermsMatchAll = try reader.zeroTermsMatchAll(value)
            case "max_expansions": query.maxExpansions = try maxExpansions(value, reader: reader)
            case "fuzziness": try reader.noFuzziness(value)
            case "auto_generate_synonyms_phrase_query": _ = try reader.bool(key, value)
            case "boost": boost = try reader.boost(value)
            case "_name": try reader.name(value)
            default:
                guard fuzzyCompanions.contains(key) else { throw .unknownOption(query: "multi_match", option: key) }
            }
        }
        guard let text else { throw .parsing(reason: "No text specified for multi_match query") }
        query.text = text
        query.tieBreaker = tieBreaker ?? query.kind.defaultTieBreaker
        return boosted(.multiMatch(query), boost)
    }

    private static func maxExpansions(_ value: JSONValue, reader: OptionReader) throws(QueryError) -> Int {
        let count = try reader.int("max_expansions", value)
        guard count >= 0 else { throw .illegalArgument(reason: "[\(reader.query)] requires 'max_expansions' to be non-negative") }
        return count
    }

    /// The short form's value was null, an array or an object other than the options object.
    private static func textMissing(_ value: JSONValue, message: String) -> QueryError {
        .parsing(reason: message)
    }
}

extension MultiMatchQuery.Kind {
    /// Elasticsearch's tie breaker for each type when none is given: 1 for `most_fields` and `bool_prefix`
    /// (every field's score adds up), 0 otherwise (the best field wins).
    package var defaultTieBreaker: Float {
        switch self {
        case .mostFields, .boolPrefix: 1
        case .bestFields, .crossFields, .phrase, .phrasePrefix: 0
        }
    }
}
