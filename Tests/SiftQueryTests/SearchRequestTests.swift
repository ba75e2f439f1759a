import SiftCore
import SiftQuery
import Testing

private func parse(_ body: JSONValue?, _ parameters: [String: String] = [:]) throws(QueryError) -> SearchRequest {
    try SearchRequest.parse(body: body, parameters: parameters)
}

private func sort(_ field: String, _ order: SortSpec.Order? = nil, _ configure: (inout SortSpec) -> Void = { _ in }) -> SortSpec {
    var spec = SortSpec(field: field, order: order)
    configure(&spec)
    return spec
}

@Suite struct SearchRequestTests {
    @Test func defaults() throws {
        let request = try parse(nil)
        #expect(request == SearchRequest())
        #expect(request.query == .matchAll)
        #expect(request.from == 0)
        #expect(request.size == 10)
        #expect(request.sort == [])
        #expect(request.trackTotalHits == .upTo(10_000))
        #expect(request.source == .all)
        #expect(request.aggregations == nil)
        #expect(request.allowNoIndices)
        #expect(try parse(.null) == SearchRequest())
        #expect(try parse([:]) == SearchRequest())
    }

    @Test func grafanaMetricRequest() throws {
        let range: JSONValue = ["range": ["@timestamp": ["gte": 1_714_550_400_000, "lte": 1_714_554_000_000, "format": "epoch_millis"]]]
        let queryString: JSONValue = ["query_string": ["analyze_wildcard": true, "query": "level:error"]]
        let histogram: JSONValue = [
            "date_histogram": [
                "field": "@timestamp", "min_doc_count": 0, "fixed_interval": "30s", "format": "epoch_millis",
                "extended_bounds": ["min": 1_714_550_400_000, "max": 1_714_554_000_000],
            ]
        ]
        let aggs: JSONValue = ["2": histogram]
        let body: JSONValue = ["size": 0, "query": ["bool": ["filter": [range, queryString]]], "aggs": aggs]
        let request = try parse(body, ["max_concurrent_shard_requests": "5", "ignore_throttled": "false"])
        #expect(request.size == 0)
        #expect(request.aggregations == aggs.objectValue)
        let expectedRange = Q.range("@timestamp") {
            $0.gte = 1_714_550_400_000
            $0.lte = 1_714_554_000_000
            $0.format = "epoch_millis"
        }
        let expectedText = Q.match("level", "error") { $0.lenient = true }
        #expect(request.query == Q.bool(filter: [expectedRange, expectedText]))
    }

    @Test func grafanaLogsRequest() throws {
        let sortObject: JSONValue = ["@timestamp": ["order": "desc", "unmapped_type": "boolean"], "_doc": ["order": "desc"]]
        let docvalueFields: JSONValue = [["field": "@timestamp", "format": "strict_date_optional_time_nanos"]]
        let highlight: JSONValue = ["fields": ["*": [:]], "pre_tags": ["@HL@"], "fragment_size": 2_147_483_647]
        let body: JSONValue = [
            "size": 500, "query": ["match_all": [:]], "sort": sortObject, "docvalue_fields": docvalueFields,
            "script_fields": [:], "highlight": highlight, "fields": docvalueFields,
        ]
        let request = try parse(body)
        #expect(request.size == 500)
        #expect(request.sort == [sort("@timestamp", .desc) { $0.unmappedType = "boolean" }, sort("_doc", .desc)])
        #expect(request.docvalueFields == docvalueFields.arrayValue)
        #expect(request.fields == docvalueFields.arrayValue)
    }

    @Test func kibanaDiscoverRequest() throws {
        let fields: JSONValue = [["field": "*", "include_unmapped": "true"]]
        let body: JSONValue = [
            "track_total_hits": true, "_source": false, "fields": fields, "runtime_mappings": [:], "stored_fields": ["*"],
            "script_fields": [:], "version": true, "sort": [["@timestamp": ["order": "desc", "unmapped_type": "boolean"]]],
            "query": ["bool": ["must": [], "filter": [["match_all": [:]]], "should": [], "must_not": []]],
        ]
        let request = try parse(body, ["rest_total_hits_as_int": "false", "ignore_unavailable": "true", "preference": "1714"])
        #expect(request.trackTotalHits == .accurate)
        #expect(request.source == .none)
        #expect(request.fields == fields.arrayValue)
        #expect(request.storedFields == ["*"])
        #expect(request.version)
        #expect(request.ignoreUnavailable)
        #expect(request.query == Q.bool(filter: [.matchAll]))
    }

    @Test func sortForms() throws {
        let single: JSONValue = ["sort": "@timestamp"]
        #expect(try parse(single).sort == [sort("@timestamp", .asc)])
        let options: JSONValue = [
            "order": "ASC", "missing": "_first", "mode": "max", "numeric_type": "date_nanos", "format": "strict_date",
            "unmapped_type": "long",
        ]
        let list: JSONValue = ["sort": ["_score", ["bytes": "desc"], ["ts": options], "_doc", ["size": ["missing": 0]], ["_score": ["order": "asc"]]]]
        #expect(try parse(list).sort == [
            sort("_score", .desc),
            sort("bytes", .desc),
            sort("ts", .asc) {
                $0.missing = .first
                $0.mode = .max
                $0.numericType = "date_nanos"
                $0.format = "strict_date"
                $0.unmappedType = "long"
            },
            sort("_doc", .asc),
            sort("size", .asc) { $0.missing = .value(0) },
            sort("_score", .asc),
        ])
        #expect(SortSpec(field: "_score").isScore)
        #expect(SortSpec(field: "_doc").isDocumentOrder)
        #expect(SortSpec(field: "x").missing == .last)
    }

    @Test func urlSortIsAppendedAfterTheBodys() throws {
        let body: JSONValue = ["sort": [["a": "desc"]]]
        let request = try parse(body, ["sort": "b:desc, c ,d:asc,e:bogus,_score,host:port:asc"])
        #expect(request.sort == [sort("a", .desc), sort("b", .desc), sort("c"), sort("d", .asc), sort("_score"), sort("host:port", .asc)])
    }

    @Test func trackTotalHitsForms() throws {
        let cases: [(JSONValue, SearchRequest.TrackTotalHits)] = [
            (true, .accurate), (false, .disabled), (100, .upTo(100)), (-1, .disabled), ("true", .accurate),
            (2_147_483_647, .accurate), (0, .upTo(0)), ("50", .upTo(50)),
        ]
        for (value, expected) in cases {
            let body: JSONValue = ["track_total_hits": value]
            #expect(try parse(body).trackTotalHits == expected, "\(value)")
        }
        #expect(try parse(nil, ["track_total_hits": "false"]).trackTotalHits == .disabled)
        #expect(try parse(["track_total_hits": true], ["track_total_hits": "25"]).trackTotalHits == .upTo(25))
        #expect(throws: QueryError.illegalArgument(reason: "[track_total_hits] parameter must be positive or equals to -1, got -2")) {
            try parse(["track_total_hits": -2])
        }
    }

    @Test func urlParametersOverrideTheBody() throws {
        let body: JSONValue = ["from": 5, "size": 20, "query": ["match_all": [:]], "_source": ["a"]]
        let request = try parse(body, [
            "from": "10", "size": "0", "q": "level:ERROR disk", "df": "message", "default_operator": "AND",
            "lenient": "true", "analyze_wildcard": "", "_source": "false",
        ])
        #expect(request.from == 10)
        #expect(request.size == 0)
        #expect(request.source == .none)
        let and: (inout MatchQuery) -> Void = { $0.operator = .and; $0.lenient = true }
        #expect(request.query == Q.bool(must: [Q.match("level", "ERROR", and), Q.match("message", "disk", and)]))
        #expect(try parse(nil, ["q": "*"]).query == .matchAll)
    }

    @Test func urlSourceParameters() throws {
        #expect(try parse(nil, ["_source": "a,b.*"]).source == SourceFilter(includes: ["a", "b.*"]))
        #expect(try parse(nil, ["_source": "true", "_source_excludes": "x"]).source == SourceFilter(excludes: ["x"]))
        #expect(try parse(nil, ["_source_includes": "a", "_source_excludes": "b,c"]).source == SourceFilter(includes: ["a"], excludes: ["b", "c"]))
        #expect(try parse(nil, ["_source": "a", "_source_includes": "b"]).source == SourceFilter(includes: ["b"]))
        #expect(try parse(["_source": ["includes": ["a"]]], ["_source_excludes": "b"]).source == SourceFilter(excludes: ["b"]))
    }

    @Test func everyOtherBodyKey() throws {
        let body: JSONValue = [
            "post_filter": ["term": ["level": "ERROR"]], "min_score": 0.5, "timeout": "10s", "terminate_after": 1000,
            "explain": true, "profile": false, "seq_no_primary_term": true, "track_scores": true, "stored_fields": "_none_",
            "search_after": [1_714_550_400_000, "abc"], "sort": [["@timestamp": "desc"], "_id"],
            "indices_boost": [["logs-*": 2]], "stats": ["group"], "ext": [:],
        ]
        let request = try parse(body)
        #expect(request.postFilter == Q.term("level", "ERROR"))
        #expect(request.minScore == 0.5)
        #expect(request.timeout == "10s")
        #expect(request.terminateAfter == 1000)
        #expect(request.explain && !request.profile && request.seqNoPrimaryTerm && request.trackScores)
        #expect(request.storedFields == ["_none_"])
        #expect(request.searchAfter == [1_714_550_400_000, "abc"])
        #expect(try parse(["terminate_after": 0]).terminateAfter == nil)
    }

    @Test func urlFlagsThatChangeTheResponse() throws {
        let request = try parse(nil, [
            "rest_total_hits_as_int": "", "typed_keys": "true", "ignore_unavailable": "true", "allow_no_indices": "false",
            "expand_wildcards": "open,hidden", "filter_path": "hits.hits._source, took", "scroll": "1m", "timeout": "500ms",
            "terminate_after": "10", "version": "true", "explain": "false", "seq_no_primary_term": "true",
            "stored_fields": "a,b", "docvalue_fields": "ts", "track_scores": "true", "search_type": "query_then_fetch",
            "routing": "r", "request_cache": "true", "batched_reduce_size": "512", "ccs_minimize_roundtrips": "true",
            "pre_filter_shard_size": "1", "allow_partial_search_results": "true", "pretty": "", "error_trace": "true",
        ])
        #expect(request.restTotalHitsAsInt)
        #expect(request.trackTotalHits == .accurate)
        #expect(request.typedKeys && request.ignoreUnavailable && !request.allowNoIndices)
        #expect(request.expandWildcards == "open,hidden")
        #expect(request.filterPath == ["hits.hits._source", "took"])
        #expect(request.scroll == "1m")
        #expect(request.timeout == "500ms")
        #expect(request.terminateAfter == 10)
        #expect(request.version && !request.explain && request.seqNoPrimaryTerm && request.trackScores)
        #expect(request.storedFields == ["a", "b"])
        #expect(request.docvalueFields == ["ts"])
        #expect(try parse(nil, ["rest_total_hits_as_int": "true", "track_total_hits": "false"]).trackTotalHits == .disabled)
    }

    @Test func countRequests() throws {
        let body: JSONValue = ["query": ["term": ["level": "ERROR"]]]
        #expect(try CountRequest.parse(body: body, parameters: [:]).query == Q.term("level", "ERROR"))
        #expect(try CountRequest.parse(body: nil, parameters: [:]).query == .matchAll)
        #expect(try CountRequest.parse(body: [:], parameters: ["q": "a"]).query == .matchAll)
        let fromURL = try CountRequest.parse(body: nil, parameters: [
            "q": "a", "df": "message", "min_score": "1.5", "terminate_after": "7", "ignore_unavailable": "true",
            "allow_no_indices": "false", "expand_wildcards": "all", "filter_path": "count", "routing": "x",
        ])
        #expect(fromURL.query == Q.match("message", "a"))
        #expect(fromURL.minScore == 1.5)
        #expect(fromURL.terminateAfter == 7)
        #expect(fromURL.ignoreUnavailable && !fromURL.allowNoIndices)
        #expect(fromURL.expandWildcards == "all")
        #expect(fromURL.filterPath == ["count"])
        #expect(throws: QueryError.parsing(reason: "request does not support [size]")) {
            try CountRequest.parse(body: ["size": 0], parameters: [:])
        }
        #expect(throws: QueryError.unrecognizedParameters(["size"])) {
            try CountRequest.parse(body: nil, parameters: ["size": "0"])
        }
        #expect(throws: QueryError.illegalArgument(reason: "Failed to parse float parameter [min_score] with value [x]")) {
            try CountRequest.parse(body: nil, parameters: ["min_score": "x"])
        }
    }

    static let badRequests: [(JSONValue?, [String: String], QueryError)] = {
        var cases: [(JSONValue?, [String: String], QueryError)] = []
        func add(_ body: JSONValue?, url parameters: [String: String] = [:], _ error: QueryError) { cases.append((body, parameters, error)) }
        add(["foo": [:]], .parsing(reason: "Unknown key for a START_OBJECT in [foo]."))
        add(["foo": 1], .parsing(reason: "Unknown key for a VALUE_NUMBER in [foo]."))
        add(["query": "x"], .parsing(reason: "Unknown key for a VALUE_STRING in [query]."))
        add(["size": []], .parsing(reason: "Unknown key for a START_ARRAY in [size]."))
        add(["search_after": "x"], .parsing(reason: "Unknown key for a VALUE_STRING in [search_after]."))
        add(["fields": "x"], .parsing(reason: "Unknown key for a VALUE_STRING in [fields]."))
        add([1, 2], .parsing(reason: "Expected [START_OBJECT] but found [START_ARRAY]"))
        add(["query": ["mtach": [:]]], .unknownQuery(name: "mtach"))
        add(["size": -1], .illegalArgument(reason: "[size] parameter cannot be negative, found [-1]"))
        add(["from": -1], .illegalArgument(reason: "[from] parameter cannot be negative but was [-1]"))
        add(["size": "ten"], .malformed(query: "search", reason: "[size] must be an integer, found [\"ten\"]"))
        add(nil, url: ["size": "ten"], .illegalArgument(reason: "Failed to parse int parameter [size] with value [ten]"))
        add(nil, url: ["from": "-3"], .illegalArgument(reason: "[from] parameter cannot be negative but was [-3]"))
        add(nil, url: ["typed_keys": "yes"], .illegalArgument(reason: "Failed to parse value [yes] as only [true] or [false] are allowed."))
        add(nil, url: ["bogus": "1", "also": ""], .unrecognizedParameters(["also", "bogus"]))
        add(nil, url: ["search_type": "scan"], .illegalArgument(reason: "No search type for [scan]"))
        add(["aggs": [:], "aggregations": [:]], .illegalArgument(reason: "Found two aggregation definitions: [aggs] and [aggregations]"))
        add(["collapse": ["field": "host"]], .unsupported(feature: "the search option [collapse]"))
        add(["rescore": [["window_size": 10]]], .unsupported(feature: "the search option [rescore]"))
        add(["knn": ["field": "v"]], .unsupported(feature: "the search option [knn]"))
        add(["suggest": [:]], .unsupported(feature: "the search option [suggest]"))
        add(["pit": ["id": "x"]], .unsupported(feature: "the search option [pit]"))
        add(["runtime_mappings": ["day": ["type": "keyword"]]], .unsupported(feature: "the search option [runtime_mappings]"))
        add(["timeout": "10"], .illegalArgument(reason: "failed to parse setting [timeout] with value [10] as a time value: unit is missing or unrecognized"))
        add(nil, url: ["scroll": "forever"], .illegalArgument(reason: "failed to parse setting [scroll] with value [forever] as a time value: unit is missing or unrecognized"))
        add(["terminate_after": -1], .illegalArgument(reason: "terminateAfter must be > 0"))
        add(["sort": 5], .illegalArgument(reason: "malformed sort format, either start with array, object, or an actual string"))
        add(["sort": [5]], .illegalArgument(reason: "malformed sort format, within the sort array, an object, or an actual string are allowed"))
        add(["sort": [["a": "up"]]], .illegalArgument(reason: "Unknown SortOrder [up]"))
        add(["sort": [["a": ["order": "desc", "reverse": true]]]], .parsing(reason: "[field_sort] unknown field [reverse]"))
        add(["sort": [["_score": ["missing": "_last"]]]], .parsing(reason: "[_score] unknown field [missing]"))
        add(["sort": [["a": ["mode": "middle"]]]], .illegalArgument(reason: "Unknown SortMode [middle]"))
        add(["sort": [["a": ["numeric_type": "int"]]]], .illegalArgument(reason: "invalid value for [numeric_type], must be [long, double, date, date_nanos], got \"int\""))
        add(["sort": [["_script": ["type": "number"]]]], .unsupported(feature: "sorting by [_script]"))
        add(["sort": [["a": ["nested": ["path": "p"]]]]], .unsupported(feature: "sorting on nested fields ([nested])"))
        add(["search_after": [1, 2]], .illegalArgument(reason: "search_after has 2 value(s) but sort has 1."))
        add(["search_after": [1], "from": 3], .validation(["[from] parameter must be set to 0 when [search_after] is used"]))
        add(["size": 0, "search_after": [1]], url: ["scroll": "1m"], .validation(["`search_after` cannot be used in a scroll context.", "[size] cannot be [0] in a scroll context"]))
        add(["from": 5, "track_total_hits": false], url: ["scroll": "1m"], .validation([
            "using [from] is not allowed in a scroll context", "disabling [track_total_hits] is not allowed in a scroll context",
        ]))
        add(["track_total_hits": 100], url: ["rest_total_hits_as_int": "true"], .illegalArgument(
            reason: "[rest_total_hits_as_int] cannot be used if the tracking of total hits is not accurate, got 100"
        ))
        add(["stored_fields": [1]], .parsing(reason: "Expected [VALUE_STRING] in [stored_fields] but found [VALUE_NUMBER]"))
        add(["_source": 5], .parsing(reason: "Expected one of [VALUE_BOOLEAN, START_OBJECT] but found [VALUE_NUMBER]"))
        add(nil, url: ["q": "a AND"], .queryStringSyntax(query: "a AND", detail: "Encountered <EOF> at line 1, column 6; expected a term, a quoted phrase, a range or \"(\"."))
        return cases
    }()

    @Test(arguments: badRequests)
    func badRequestsFailLikeElasticsearch(body: JSONValue?, parameters: [String: String], expected: QueryError) {
        #expect(throws: expected) { try parse(body, parameters) }
    }
}
