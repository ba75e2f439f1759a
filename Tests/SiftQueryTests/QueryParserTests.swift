import SiftCore
import SiftQuery
import Testing

/// Builders that keep expected ASTs short.
enum Q {
    static func term(_ field: String, _ value: JSONValue, caseInsensitive: Bool = false) -> Query {
        .term(TermQuery(field: field, value: value, caseInsensitive: caseInsensitive))
    }

    static func match(_ field: String, _ text: String, _ configure: (inout MatchQuery) -> Void = { _ in }) -> Query {
        var query = MatchQuery(field: field, text: text)
        configure(&query)
        return .match(query)
    }

    static func phrase(_ field: String, _ text: String, _ configure: (inout PhraseQuery) -> Void = { _ in }) -> PhraseQuery {
        var query = PhraseQuery(field: field, text: text)
        configure(&query)
        return query
    }

    static func multi(_ fields: [FieldBoost], _ text: String, _ configure: (inout MultiMatchQuery) -> Void = { _ in }) -> Query {
        var query = MultiMatchQuery(fields: fields, text: text)
        configure(&query)
        return .multiMatch(query)
    }

    static func pattern(_ field: String, _ pattern: String, _ configure: (inout PatternQuery) -> Void = { _ in }) -> PatternQuery {
        var query = PatternQuery(field: field, pattern: pattern)
        configure(&query)
        return query
    }

    static func range(_ field: String, _ configure: (inout RangeQuery) -> Void) -> Query {
        var query = RangeQuery(field: field)
        configure(&query)
        return .range(query)
    }

    static func bool(
        must: [Query] = [], filter: [Query] = [], should: [Query] = [], mustNot: [Query] = [], msm: String? = nil
    ) -> Query {
        var bool = BoolQuery()
        (bool.must, bool.filter, bool.should, bool.mustNot) = (must, filter, should, mustNot)
        bool.minimumShouldMatch = msm.map { MinimumShouldMatch(spec: $0) }
        return .bool(bool)
    }
}

@Suite struct QueryParserTests {
    @Test func matchAllAndMatchNone() throws {
        let plain: JSONValue = ["match_all": [:]]
        let boosted: JSONValue = ["match_all": ["boost": 2]]
        let unitBoost: JSONValue = ["match_all": ["boost": 1.0, "_name": "everything"]]
        let none: JSONValue = ["match_none": ["_name": "nothing"]]
        #expect(try QueryParser.parse(plain) == .matchAll)
        #expect(try QueryParser.parse(boosted) == .boosted(.matchAll, boost: 2))
        #expect(try QueryParser.parse(unitBoost) == .matchAll)
        #expect(try QueryParser.parse(none) == .matchNone)
    }

    @Test func matchShortFormTurnsScalarsIntoText() throws {
        let text: JSONValue = ["match": ["message": "disk full"]]
        let number: JSONValue = ["match": ["http.status": 500]]
        let decimal: JSONValue = ["match": ["load": 1.5]]
        let flag: JSONValue = ["match": ["ok": true]]
        #expect(try QueryParser.parse(text) == Q.match("message", "disk full"))
        #expect(try QueryParser.parse(number) == Q.match("http.status", "500"))
        #expect(try QueryParser.parse(decimal) == Q.match("load", "1.5"))
        #expect(try QueryParser.parse(flag) == Q.match("ok", "true"))
    }

    @Test func matchLongFormReadsEveryOption() throws {
        let options: JSONValue = [
            "query": "disk full", "operator": "AND", "minimum_should_match": "75%", "analyzer": "standard",
            "zero_terms_query": "all", "lenient": "true", "auto_generate_synonyms_phrase_query": false,
            "prefix_length": 2, "max_expansions": 10, "fuzziness": 0, "_name": "m",
        ]
        let json: JSONValue = ["match": ["message": options]]
        let expected = Q.match("message", "disk full") {
            $0.operator = .and
            $0.minimumShouldMatch = MinimumShouldMatch(spec: "75%")
            $0.analyzer = "standard"
            $0.zeroTermsMatchAll = true
            $0.lenient = true
        }
        #expect(try QueryParser.parse(json) == expected)
        let boosted: JSONValue = ["match": ["message": ["query": 42, "operator": "or", "boost": 3]]]
        #expect(try QueryParser.parse(boosted) == .boosted(Q.match("message", "42"), boost: 3))
    }

    @Test func matchPhraseAndPhrasePrefix() throws {
        let short: JSONValue = ["match_phrase": ["message": "disk full"]]
        let long: JSONValue = ["match_phrase": ["message": ["query": "disk full", "slop": 2, "analyzer": "simple"]]]
        let prefix: JSONValue = ["match_phrase_prefix": ["message": ["query": "disk fu", "max_expansions": 5, "slop": "1"]]]
        let zeroTerms: JSONValue = ["match_phrase": ["message": ["query": "the", "zero_terms_query": "ALL", "boost": 2]]]
        #expect(try QueryParser.parse(short) == .matchPhrase(Q.phrase("message", "disk full")))
        #expect(try QueryParser.parse(long) == .matchPhrase(Q.phrase("message", "disk full") { $0.slop = 2; $0.analyzer = "simple" }))
        #expect(try QueryParser.parse(prefix) == .matchPhrasePrefix(Q.phrase("message", "disk fu") { $0.maxExpansions = 5; $0.slop = 1 }))
        #expect(try QueryParser.parse(zeroTerms) == .boosted(.matchPhrase(Q.phrase("message", "the") { $0.zeroTermsMatchAll = true }), boost: 2))
    }

    @Test func multiMatchReadsFieldsTypesAndTieBreakers() throws {
        let json: JSONValue = [
            "multi_match": [
                "query": "disk full", "fields": ["message^2", "host.name", "http.*^0.5"], "type": "most_fields",
                "operator": "and", "minimum_should_match": 1, "lenient": true, "analyzer": "standard",
            ]
        ]
        let fields = [FieldBoost(field: "message", boost: 2), FieldBoost(field: "host.name"), FieldBoost(field: "http.*", boost: 0.5)]
        let expected = Q.multi(fields, "disk full") {
            $0.kind = .mostFields
            $0.operator = .and
            $0.minimumShouldMatch = MinimumShouldMatch(spec: "1")
            $0.lenient = true
            $0.analyzer = "standard"
            $0.tieBreaker = 1
        }
        #expect(try QueryParser.parse(json) == expected)

        let phrase: JSONValue = ["multi_match": ["query": "a b", "fields": "message", "type": "phrase", "slop": 3, "tie_breaker": 0.3]]
        #expect(try QueryParser.parse(phrase) == Q.multi([FieldBoost(field: "message")], "a b") {
            $0.kind = .phrase
            $0.slop = 3
            $0.tieBreaker = 0.3
        })
        let allFields: JSONValue = ["multi_match": ["query": "x", "type": "phrase_prefix", "max_expansions": 7]]
        #expect(try QueryParser.parse(allFields) == Q.multi([], "x") { $0.kind = .phrasePrefix; $0.maxExpansions = 7 })
        let crossFields: JSONValue = ["multi_match": ["query": "x", "type": "cross_fields", "zero_terms_query": "all"]]
        #expect(try QueryParser.parse(crossFields) == Q.multi([], "x") { $0.kind = .crossFields; $0.zeroTermsMatchAll = true })
        let boolPrefix: JSONValue = ["match_bool_prefix": ["message": "quick brown f"]]
        #expect(try QueryParser.parse(boolPrefix) == Q.multi([FieldBoost(field: "message")], "quick brown f") { $0.kind = .boolPrefix })
    }

    @Test func termInShortAndLongForm() throws {
        let short: JSONValue = ["term": ["level": "ERROR"]]
        let long: JSONValue = ["term": ["http.status": ["value": 500, "boost": 2, "_name": "t"]]]
        let insensitive: JSONValue = ["term": ["level": ["value": "error", "case_insensitive": true]]]
        let flag: JSONValue = ["term": ["ok": false]]
        #expect(try QueryParser.parse(short) == Q.term("level", "ERROR"))
        #expect(try QueryParser.parse(long) == .boosted(Q.term("http.status", 500), boost: 2))
        #expect(try QueryParser.parse(insensitive) == Q.term("level", "error", caseInsensitive: true))
        #expect(try QueryParser.parse(flag) == Q.term("ok", false))
    }

    @Test func termsIdsAndExists() throws {
        let terms: JSONValue = ["terms": ["level": ["ERROR", "FATAL", 3], "boost": 1.5]]
        let ids: JSONValue = ["ids": ["values": ["a", 7]]]
        let exists: JSONValue = ["exists": ["field": "http.status", "boost": 1]]
        #expect(try QueryParser.parse(terms) == .boosted(.terms(field: "level", values: ["ERROR", "FATAL", 3]), boost: 1.5))
        #expect(try QueryParser.parse(ids) == .ids(["a", "7"]))
        #expect(try QueryParser.parse(exists) == .exists(field: "http.status"))
    }

    @Test func rangeBoundsAndOptions() throws {
        let modern: JSONValue = [
            "range": ["@timestamp": ["gte": 1_700_000_000_000, "lte": "now", "format": "epoch_millis", "time_zone": "+01:00"]]
        ]
        #expect(try QueryParser.parse(modern) == Q.range("@timestamp") {
            $0.gte = 1_700_000_000_000
            $0.lte = "now"
            $0.format = "epoch_millis"
            $0.timeZone = "+01:00"
        })
        let exclusive: JSONValue = ["range": ["bytes": ["gt": 10.5, "lt": 20, "relation": "within"]]]
        #expect(try QueryParser.parse(exclusive) == Q.range("bytes") { $0.gt = 10.5; $0.lt = 20 })
        let legacy: JSONValue = ["range": ["bytes": ["from": 1, "to": 9, "include_lower": false, "include_upper": true]]]
        #expect(try QueryParser.parse(legacy) == Q.range("bytes") { $0.gt = 1; $0.lte = 9 })
        let legacyDefaults: JSONValue = ["range": ["bytes": ["from": 1, "to": nil]]]
        #expect(try QueryParser.parse(legacyDefaults) == Q.range("bytes") { $0.gte = 1 })
        let laterWins: JSONValue = ["range": ["bytes": ["gte": 5, "gt": 6, "boost": 2]]]
        #expect(try QueryParser.parse(laterWins) == .boosted(Q.range("bytes") { $0.gt = 6 }, boost: 2))
        let open: JSONValue = ["range": ["bytes": ["gte": nil, "relation": "INTERSECTS"]]]
        #expect(try QueryParser.parse(open) == Q.range("bytes") { _ in })
    }

    @Test func boolAcceptsSingleClausesArraysAndBoost() throws {
        let json: JSONValue = [
            "bool": [
                "must": ["term": ["level": "ERROR"]],
                "filter": [["terms": ["service": ["api", "auth"]]]],
                "should": [["match_all": [:]], ["match_none": [:]]],
                "must_not": [["term": ["host": "db1"]]],
                "minimum_should_match": "1",
                "boost": 2,
                "adjust_pure_negative": true,
                "_name": "b",
            ]
        ]
        let expected = Q.bool(
            must: [Q.term("level", "ERROR")], filter: [.terms(field: "service", values: ["api", "auth"])],
            should: [.matchAll, .matchNone], mustNot: [Q.term("host", "db1")], msm: "1"
        )
        #expect(try QueryParser.parse(json) == .boosted(expected, boost: 2))
        let numericMSM: JSONValue = ["bool": ["should": [["match_all": [:]]], "minimum_should_match": 2]]
        #expect(try QueryParser.parse(numericMSM) == Q.bool(should: [.matchAll], msm: "2"))
        let empty: JSONValue = ["bool": [:]]
        #expect(try QueryParser.parse(empty) == Q.bool())
    }

    @Test func patternQueries() throws {
        let prefix: JSONValue = ["prefix": ["host": "web"]]
        let prefixLong: JSONValue = ["prefix": ["host": ["value": "Web", "case_insensitive": true, "rewrite": "constant_score"]]]
        let prefixKey: JSONValue = ["prefix": ["host": ["prefix": "web"]]]
        let wildcard: JSONValue = ["wildcard": ["host": ["wildcard": "web-*", "boost": 2]]]
        let wildcardValue: JSONValue = ["wildcard": ["host": ["value": "w?b"]]]
        let regexp: JSONValue = [
            "regexp": ["host": ["value": "web-[0-9]+", "flags": "INTERVAL|anystring", "max_determinized_states": 10000]]
        ]
        #expect(try QueryParser.parse(prefix) == .prefix(Q.pattern("host", "web")))
        #expect(try QueryParser.parse(prefixLong) == .prefix(Q.pattern("host", "Web") { $0.caseInsensitive = true }))
        #expect(try QueryParser.parse(prefixKey) == .prefix(Q.pattern("host", "web")))
        #expect(try QueryParser.parse(wildcard) == .boosted(.wildcard(Q.pattern("host", "web-*")), boost: 2))
        #expect(try QueryParser.parse(wildcardValue) == .wildcard(Q.pattern("host", "w?b")))
        #expect(try QueryParser.parse(regexp) == .regexp(Q.pattern("host", "web-[0-9]+")))
    }

    @Test func constantScoreAndDisMax() throws {
        let constant: JSONValue = ["constant_score": ["filter": ["term": ["level": "ERROR"]], "boost": 1.2]]
        let constantDefault: JSONValue = ["constant_score": ["filter": ["match_all": [:]]]]
        let disMax: JSONValue = [
            "dis_max": ["queries": [["term": ["a": 1]], ["term": ["b": 2]]], "tie_breaker": 0.7, "boost": 3]
        ]
        #expect(try QueryParser.parse(constant) == .constantScore(Q.term("level", "ERROR"), boost: 1.2))
        #expect(try QueryParser.parse(constantDefault) == .constantScore(.matchAll, boost: 1))
        #expect(try QueryParser.parse(disMax) == .boosted(.disMax([Q.term("a", 1), Q.term("b", 2)], tieBreaker: 0.7), boost: 3))
    }

    @Test func queryStringClauseReadsItsOptions() throws {
        let json: JSONValue = [
            "query_string": [
                "query": "level:ERROR AND disk", "default_field": "message", "default_operator": "and",
                "analyze_wildcard": true, "allow_leading_wildcard": false, "lenient": true, "phrase_slop": 2,
                "boost": 2, "time_zone": "Europe/Paris", "fuzzy_max_expansions": 10, "fuzziness": "AUTO",
                "enable_position_increments": true, "max_determinized_states": 10000, "_name": "qs",
            ]
        ]
        let expected = Q.bool(must: [
            Q.match("level", "ERROR") { $0.operator = .and; $0.lenient = true },
            Q.match("message", "disk") { $0.operator = .and; $0.lenient = true },
        ])
        #expect(try QueryParser.parse(json) == .boosted(expected, boost: 2))
    }

    @Test func simpleQueryStringClauseReadsItsOptions() throws {
        let json: JSONValue = [
            "simple_query_string": [
                "query": "disk* -full", "fields": ["message"], "flags": "PREFIX|whitespace", "default_operator": "AND",
                "analyze_wildcard": true, "lenient": false, "minimum_should_match": "1", "fuzzy_max_expansions": 5,
            ]
        ]
        // Without the NOT flag `-full` is an ordinary term.
        let expected = Q.bool(
            must: [
                .prefix(Q.pattern("message", "disk") { $0.analysis = .analyzed(defaultOperator: .and) }),
                Q.match("message", "-full") { $0.operator = .and },
            ],
            msm: "1"
        )
        #expect(try QueryParser.parse(json) == expected)
        let numericFlags: JSONValue = ["simple_query_string": ["query": "a|b", "fields": ["m"], "flags": 4]]
        #expect(try QueryParser.parse(numericFlags) == Q.bool(should: [Q.match("m", "a"), Q.match("m", "b")]))
    }

    /// Each bad query and the error it must produce; explicitly typed so the literals type-check quickly.
    static let badQueries: [(JSONValue, QueryError)] = {
        var cases: [(JSONValue, QueryError)] = []
        func add(_ json: JSONValue, _ error: QueryError) { cases.append((json, error)) }
        add(["mtach": ["message": "x"]], .unknownQuery(name: "mtach"))
        add(["bool": ["must": [["fuzzy_thing": [:]]]]], .unknownQuery(name: "fuzzy_thing"))
        add(["fuzzy": ["message": "x"]], .unsupported(feature: "the [fuzzy] query"))
        add(["nested": ["path": "x"]], .unsupported(feature: "the [nested] query"))
        add(["geo_distance": [:]], .unsupported(feature: "the [geo_distance] query"))
        add(["span_term": [:]], .unsupported(feature: "the [span_term] query"))
        add([:], .illegalArgument(reason: "query malformed, empty clause found"))
        add("match_all", .parsing(reason: "[_na] query malformed, must start with start_object"))
        add(["match_all": [:], "term": ["a": 1]], .parsing(reason: "[match_all] malformed query, expected [END_OBJECT] but found [FIELD_NAME]"))
        add(["match_all": 1], .parsing(reason: "[match_all] query malformed, no start_object after query name"))
        add(["match_all": ["foo": 1]], .unknownOption(query: "match_all", option: "foo"))
        add(["match_all": ["boost": -1]], .illegalArgument(reason: "negative [boost] are not allowed."))
        add(["match_all": ["boost": "high"]], .malformed(query: "match_all", reason: "[boost] must be a number, found [\"high\"]"))
        add(["bool": ["mustnt": []]], .unknownOption(query: "bool", option: "mustnt"))
        add(["bool": ["must": "x"]], .parsing(reason: "[bool] query does not support [must] with a VALUE_STRING"))
        add(["bool": ["should": [1]]], .parsing(reason: "[bool] query does not support [should] with a VALUE_NUMBER element"))
        add(["bool": ["minimum_should_match": "lots"]], .malformed(query: "bool", reason: "[minimum_should_match] has an invalid value [lots]"))
        add(["match": ["message": ["query": "x", "foo": 1]]], .unknownOption(query: "match", option: "foo"))
        add(["match": ["message": ["query": "x", "fuzziness": "AUTO"]]], .unsupported(feature: "[match] fuzzy matching ([fuzziness] \"AUTO\")"))
        add(["match": ["message": ["operator": "and"]]], .parsing(reason: "No text specified for text query"))
        add(["match": ["message": ["query": "x", "operator": "xor"]]], .malformed(query: "match", reason: "[operator] must be [and] or [or], found [xor]"))
        add(["match": ["message": ["query": "x", "zero_terms_query": "some"]]], .malformed(query: "match", reason: "[zero_terms_query] must be [none] or [all], found [some]"))
        add(["match": ["a": "x", "b": "y"]], .parsing(reason: "[match] query doesn't support multiple fields, found [a] and [b]"))
        add(["match": [:]], .malformed(query: "match", reason: "query requires a field"))
        add(["match": ["message": nil]], .parsing(reason: "No text specified for text query"))
        add(["match_phrase": ["message": ["query": "x", "slop": -1]]], .illegalArgument(reason: "No negative slop allowed."))
        add(["match_phrase": ["message": ["query": "x", "max_expansions": 3]]], .unknownOption(query: "match_phrase", option: "max_expansions"))
        add(["multi_match": ["fields": ["a"]]], .parsing(reason: "No text specified for multi_match query"))
        add(["multi_match": ["query": "x", "type": "best"]], .parsing(reason: "[multi_match] query does not support type [best]"))
        add(["multi_match": ["query": "x", "fields": ["a^x"]]], .malformed(query: "multi_match", reason: "[fields] has an invalid boost in [a^x]"))
        add(["multi_match": ["query": "x", "cutoff_frequency": 0.1]], .unknownOption(query: "multi_match", option: "cutoff_frequency"))
        add(["term": ["level": ["value": "x", "boots": 2]]], .unknownOption(query: "term", option: "boots"))
        add(["term": ["level": ["boost": 2]]], .illegalArgument(reason: "value cannot be null"))
        add(["term": ["level": ["a", "b"]]], .parsing(reason: "[term] query does not support array of values"))
        add(["term": ["a": 1, "b": 2]], .parsing(reason: "[term] query doesn't support multiple fields, found [a] and [b]"))
        add(["terms": ["level": "ERROR"]], .unknownOption(query: "terms", option: "level"))
        add(["terms": ["a": [1], "b": [2]]], .parsing(reason: "[terms] query does not support multiple fields"))
        add(["terms": ["boost": 2]], .parsing(reason: "[terms] query requires a field name, followed by array of terms or a document lookup specification"))
        add(["terms": ["level": ["index": "x", "id": "1", "path": "p"]]], .unsupported(feature: "the [terms] lookup (terms from another document)"))
        add(["terms": ["level": ["a", nil]]], .parsing(reason: "No value specified for terms query"))
        add(["ids": ["values": "a"]], .parsing(reason: "[ids] query does not support [values] with a VALUE_STRING"))
        add(["ids": ["type": "_doc"]], .unknownOption(query: "ids", option: "type"))
        add(["range": ["a": 5]], .unknownOption(query: "range", option: "a"))
        add(["range": ["a": ["gte": 1, "foo": 2]]], .unknownOption(query: "range", option: "foo"))
        add(["range": ["a": ["gte": 1, "relation": "disjoint"]]], .parsing(reason: "[range] query does not support relation [disjoint]"))
        add(["range": ["a": ["gte": [1]]]], .parsing(reason: "[range] query does not support [gte] with a START_ARRAY"))
        add(["range": ["a": ["gte": 1], "b": ["lte": 2]]], .parsing(reason: "[range] query doesn't support multiple fields, found [a] and [b]"))
        add(["exists": [:]], .parsing(reason: "[exists] must be provided with a [field]"))
        add(["exists": ["field": "a", "x": 1]], .unknownOption(query: "exists", option: "x"))
        add(["prefix": ["host": ["boost": 2]]], .parsing(reason: "No value specified for prefix query"))
        add(["wildcard": ["host": ["prefix": "x"]]], .unknownOption(query: "wildcard", option: "prefix"))
        add(["regexp": ["host": ["value": "x", "flags": "ALL|SOMETIMES"]]], .illegalArgument(reason: "Unknown regexp flag [SOMETIMES]"))
        add(["prefix": ["host": ["value": "x", "flags": "ALL"]]], .unknownOption(query: "prefix", option: "flags"))
        add(["constant_score": ["boost": 2]], .parsing(reason: "[constant_score] requires a 'filter' element"))
        add(["constant_score": ["filter": [], "boost": 2]], .parsing(reason: "[constant_score] query does not support [filter] with a START_ARRAY"))
        add(["dis_max": ["tie_breaker": 0.5]], .parsing(reason: "[dis_max] requires 'queries' field with at least one clause"))
        add(["query_string": ["default_field": "a"]], .parsing(reason: "[query_string] must be provided with a [query]"))
        add(["query_string": ["query": "a", "foo": 1]], .unknownOption(query: "query_string", option: "foo"))
        add(["query_string": ["query": "a", "default_field": ["a"]]], .unknownOption(query: "query_string", option: "default_field"))
        add(["query_string": ["query": "a", "fields": ["b"], "default_field": "c"]],
            .validation(["cannot use [fields] parameter in conjunction with [default_field]"]))
        add(["query_string": ["query": "a", "quote_field_suffix": ".exact"]], .unsupported(feature: "[query_string] [quote_field_suffix]"))
        add(["query_string": ["query": "a", "type": "closest"]], .parsing(reason: "[query_string] query does not support type [closest]"))
        add(["simple_query_string": ["fields": ["a"]]], .parsing(reason: "[simple_query_string] query text missing"))
        add(["simple_query_string": ["query": "a", "foo": 1]], .parsing(reason: "[simple_query_string] unsupported field [foo]"))
        add(["simple_query_string": ["query": "a", "flags": "AND|MAYBE"]], .illegalArgument(reason: "Unknown simple_query_string flag [MAYBE]"))
        return cases
    }()

    @Test(arguments: badQueries)
    func badQueriesAreErrorsThatNameTheProblem(json: JSONValue, expected: QueryError) {
        #expect(throws: expected) { try QueryParser.parse(json) }
    }

    @Test func errorsRenderLikeElasticsearch() {
        #expect(QueryError.unknownQuery(name: "mtach").description == "unknown query [mtach]")
        #expect(QueryError.unknownOption(query: "match", option: "foo").description == "[match] query does not support [foo]")
        #expect(QueryError.unknownOption(query: "match", option: "foo").elasticsearchType == "parsing_exception")
        let validation = QueryError.validation(["a", "b"])
        #expect(validation.description == "Validation Failed: 1: a;2: b;")
        #expect(validation.elasticsearchType == "action_request_validation_exception")
        #expect(QueryError.unrecognizedParameters(["x"]).description == "contains unrecognized parameter: [x]")
        #expect(QueryError.unrecognizedParameters(["x", "y"]).description == "contains unrecognized parameters: [x], [y]")
        let syntax = QueryError.queryStringSyntax(query: "a AND", detail: "Encountered <EOF> at line 1, column 6.")
        #expect(syntax.reason == "Failed to parse query [a AND]")
        #expect(syntax.elasticsearchType == "query_shard_exception")
        #expect(syntax.causedBy?.type == "parse_exception")
        #expect(syntax.causedBy?.reason == "Cannot parse 'a AND': Encountered <EOF> at line 1, column 6.")
        #expect(QueryError.unsupported(feature: "the [fuzzy] query").description == "the [fuzzy] query is not supported by Sift")
    }
}
