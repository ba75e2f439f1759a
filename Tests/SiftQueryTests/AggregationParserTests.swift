import SiftCore
import Testing

@testable import SiftQuery

/// Parses `aggs` written as JSON text (keeps big request literals out of the type checker).
private func parse(_ json: String) throws -> [NamedAggregation] {
    try AggregationParser.parse(JSONReader.parseObject(Array(json.utf8)))
}

private func only(_ json: String) throws -> Aggregation {
    let parsed = try parse(json)
    guard parsed.count == 1 else { fatalError("expected one aggregation") }
    return parsed[0].kind
}

private func expectError(_ error: QueryError, _ json: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(throws: error, sourceLocation: sourceLocation) { try parse(json) }
}

@Suite struct AggregationParserTests {
    @Test func grafanaTimeSeriesRequest() throws {
        let aggs = try parse("""
            {"2": {"date_histogram": {"field": "@timestamp", "fixed_interval": "30s", "min_doc_count": "0",
                                      "extended_bounds": {"min": 1704067200000, "max": 1704070800000},
                                      "format": "epoch_millis"},
                   "aggs": {"3": {"terms": {"field": "level", "size": "10", "order": {"_key": "desc"}, "min_doc_count": 1},
                                  "aggs": {"1": {"avg": {"field": "latency"}}}}}}}
            """)
        var histogram = DateHistogramAggregation(field: "@timestamp", rounding: DateRounding(interval: .fixed(millis: 30_000)))
        histogram.extendedBounds = HistogramBounds(min: .int(1_704_067_200_000), max: .int(1_704_070_800_000))
        histogram.format = try ZonedDateFormat("epoch_millis")
        var terms = TermsAggregation(field: "level")
        terms.order = [BucketOrder(.key, ascending: false)]
        let average = NamedAggregation(name: "1", kind: .avg(MetricField(field: "latency")))
        let expected = NamedAggregation(name: "2", kind: .dateHistogram(histogram), subAggregations: [
            NamedAggregation(name: "3", kind: .terms(terms), subAggregations: [average]),
        ])
        #expect(aggs == [expected])
    }

    @Test func termsDefaultsAndOptions() throws {
        #expect(try only(#"{"t": {"terms": {"field": "host"}}}"#) == .terms(TermsAggregation(field: "host")))
        guard case .terms(let terms) = try only("""
            {"t": {"terms": {"field": "host", "size": 5, "shard_size": 50, "min_doc_count": 0, "missing": "n/a",
                             "include": "web-.*", "exclude": ["web-3", "web-4"], "show_term_doc_count_error": true,
                             "order": [{"_count": "ASC"}], "execution_hint": "map"}}}
            """) else { Issue.record("not terms"); return }
        #expect(terms.size == 5)
        #expect(terms.shardSize == 50)
        #expect(terms.minDocCount == 0)
        #expect(terms.missing == "n/a")
        #expect(terms.include == .regex("web-.*"))
        #expect(terms.exclude == .values(["web-3", "web-4"]))
        #expect(terms.showTermDocCountError)
        #expect(terms.order == [BucketOrder(.count, ascending: true), .keyAscending])
        guard case .terms(let partitioned) = try only(#"{"t": {"terms": {"field": "h", "include": {"partition": 1, "num_partitions": 4}}}}"#)
        else { Issue.record("not terms"); return }
        #expect(partitioned.include == .partition(1, of: 4))
    }

    @Test func ordersBySubAggregations() throws {
        let aggs = try parse("""
            {"t": {"terms": {"field": "host", "order": [{"latency.avg": "desc"}, {"errors>n": "asc"}, {"pct[99.9]": "desc"}]},
                   "aggs": {"latency": {"stats": {"field": "ms"}},
                            "errors": {"filter": {"term": {"level": "ERROR"}}, "aggs": {"n": {"value_count": {"field": "ms"}}}},
                            "pct": {"percentiles": {"field": "ms"}}}}}
            """)
        guard case .terms(let terms) = aggs[0].kind else { Issue.record("not terms"); return }
        #expect(terms.order == [
            BucketOrder(.aggregation(path: ["latency"], metric: "avg"), ascending: false),
            BucketOrder(.aggregation(path: ["errors", "n"], metric: nil), ascending: true),
            BucketOrder(.aggregation(path: ["pct"], metric: "99.9"), ascending: false),
            .keyAscending,
        ])
        #expect(aggs[0].subAggregations.map(\.name) == ["latency", "errors", "pct"])
        #expect(aggs[0].subAggregations[1].kind == .filter(.term(TermQuery(field: "level", value: "ERROR"))))
    }

    @Test func badOrdersAreRejected() {
        expectError(.illegalArgument(reason: "Invalid aggregation order path [nope]. The provided aggregation [nope] either does not exist, or is a pipeline aggregation and cannot be used to sort the buckets."),
                    #"{"t": {"terms": {"field": "h", "order": {"nope": "desc"}}}}"#)
        expectError(.illegalArgument(reason: "Invalid aggregation order path [s]. When ordering on a multi-value metrics aggregation a metric name must be specified."),
                    #"{"t": {"terms": {"field": "h", "order": {"s": "desc"}}, "aggs": {"s": {"stats": {"field": "x"}}}}}"#)
        expectError(.parsing(reason: "Unknown order direction [up]"), #"{"t": {"terms": {"field": "h", "order": {"_key": "up"}}}}"#)
    }

    @Test func calendarHistogramWithZoneAndOffset() throws {
        let kind = try only("""
            {"h": {"date_histogram": {"field": "ts", "calendar_interval": "day", "time_zone": "Europe/Paris", "offset": "+6h",
                                      "keyed": true, "format": "yyyy-MM-dd", "missing": "2024-01-01", "hard_bounds": {"min": "now-1d"},
                                      "order": {"_count": "desc"}}}}
            """)
        var expected = DateHistogramAggregation(field: "ts", rounding: DateRounding(
            interval: .calendar(.day), timeZone: try TimeZoneRules("Europe/Paris"), offsetMillis: 21_600_000))
        expected.keyed = true
        expected.format = try ZonedDateFormat("yyyy-MM-dd")
        expected.missing = "2024-01-01"
        expected.hardBounds = HistogramBounds(min: "now-1d")
        expected.order = [.countDescending, .keyAscending]
        #expect(kind == .dateHistogram(expected))
        guard case .dateHistogram(let legacy) = try only(#"{"h": {"date_histogram": {"field": "ts", "interval": "1M"}}}"#)
        else { Issue.record("not a date histogram"); return }
        #expect(legacy.rounding.interval == .calendar(.month))
        #expect(legacy.minDocCount == 0)
        #expect(legacy.order == [.keyAscending])
    }

    @Test func dateHistogramErrors() {
        expectError(.malformed(query: "date_histogram", reason: "Cannot use [fixed_interval] with [calendar_interval] configuration option."),
                    #"{"h": {"date_histogram": {"field": "ts", "fixed_interval": "1h", "calendar_interval": "1h"}}}"#)
        expectError(.malformed(query: "date_histogram", reason: "Invalid interval specified, must be non-null and non-empty"),
                    #"{"h": {"date_histogram": {"field": "ts"}}}"#)
        expectError(.malformed(query: "date_histogram", reason: "The supplied interval [2d] could not be parsed as a calendar interval."),
                    #"{"h": {"date_histogram": {"field": "ts", "calendar_interval": "2d"}}}"#)
        expectError(.malformed(query: "time_zone", reason: "Unknown time-zone ID: Mars/Base"),
                    #"{"h": {"date_histogram": {"field": "ts", "fixed_interval": "1h", "time_zone": "Mars/Base"}}}"#)
        expectError(.malformed(query: "format", reason: "Invalid format: [yyyy-bb]: Unknown pattern letter: b"),
                    #"{"h": {"date_histogram": {"field": "ts", "fixed_interval": "1h", "format": "yyyy-bb"}}}"#)
    }

    @Test func numericHistogram() throws {
        var expected = HistogramAggregation(field: "bytes", interval: 100)
        expected.offset = 5
        expected.extendedBounds = HistogramBounds(min: 0, max: "1000")
        expected.minDocCount = 1
        #expect(try only("""
            {"h": {"histogram": {"field": "bytes", "interval": "100", "offset": 5, "min_doc_count": 1,
                                 "extended_bounds": {"min": 0, "max": "1000"}}}}
            """) == .histogram(expected))
        expectError(.malformed(query: "histogram", reason: "[interval] must be >0 for histogram aggregation [h]"),
                    #"{"h": {"histogram": {"field": "bytes", "interval": 0}}}"#)
    }

    @Test func rangesKeepTheirBoundsAsWritten() throws {
        var range = RangeAggregation(field: "ms", ranges: [RangeSpec(to: 100), RangeSpec(key: "mid", from: 100, to: 500.5), RangeSpec(from: "500.5")])
        range.keyed = true
        #expect(try only("""
            {"r": {"range": {"field": "ms", "keyed": true, "ranges": [{"to": 100}, {"key": "mid", "from": 100, "to": 500.5}, {"from": "500.5"}]}}}
            """) == .range(range))
        var dates = DateRangeAggregation(field: "ts", ranges: [RangeSpec(from: "now-10d/d", to: "now/d")])
        dates.timeZone = try TimeZoneRules("-05:00")
        dates.format = try ZonedDateFormat("dd-MM-yyyy")
        #expect(try only("""
            {"r": {"date_range": {"field": "ts", "time_zone": "-05:00", "format": "dd-MM-yyyy", "ranges": [{"from": "now-10d/d", "to": "now/d"}]}}}
            """) == .dateRange(dates))
        expectError(.malformed(query: "range", reason: "No [ranges] specified for the [r] aggregation"), #"{"r": {"range": {"field": "ms"}}}"#)
    }

    @Test func filtersNamedAndAnonymous() throws {
        var named = FiltersAggregation(filters: .named([
            .init(key: "errors", query: .term(TermQuery(field: "level", value: "ERROR"))),
            .init(key: "everything", query: .matchAll),
        ]))
        named.otherBucket = true
        named.otherBucketKey = "rest"
        #expect(try only("""
            {"f": {"filters": {"other_bucket_key": "rest", "filters": {"everything": {}, "errors": {"term": {"level": "ERROR"}}}}}}
            """) == .filters(named))
        let anonymous = FiltersAggregation(filters: .anonymous([.matchAll, .term(TermQuery(field: "a", value: 1))]))
        #expect(try only(#"{"f": {"filters": {"filters": [{"match_all": {}}, {"term": {"a": 1}}]}}}"#) == .filters(anonymous))
        #expect(try only(#"{"m": {"missing": {"field": "user"}}}"#) == .missing(field: "user"))
        expectError(.unknownQuery(name: "nope"), #"{"f": {"filter": {"nope": {}}}}"#)
    }

    @Test func metricsAndTheirOptions() throws {
        #expect(try only(#"{"a": {"avg": {"field": "ms", "missing": 0, "format": "0.00"}}}"#)
            == .avg(MetricField(field: "ms", missing: 0, format: "0.00")))
        #expect(try only(#"{"a": {"value_count": {"field": "ms"}}}"#) == .valueCount(MetricField(field: "ms")))
        #expect(try only(#"{"a": {"extended_stats": {"field": "ms"}}}"#) == .extendedStats(MetricField(field: "ms"), sigma: 2))
        #expect(try only(#"{"a": {"extended_stats": {"field": "ms", "sigma": 3}}}"#) == .extendedStats(MetricField(field: "ms"), sigma: 3))
        #expect(try only(#"{"a": {"cardinality": {"field": "ip"}}}"#) == .cardinality(CardinalityAggregation(field: "ip")))
        guard case .cardinality(let capped) = try only(#"{"a": {"cardinality": {"field": "ip", "precision_threshold": 100000}}}"#)
        else { Issue.record("not cardinality"); return }
        #expect(capped.precisionThreshold == 40_000)
    }

    @Test func percentilesDefaultsAndOptions() throws {
        let defaults = PercentilesAggregation(field: "ms")
        #expect(defaults.percents == [1, 5, 25, 50, 75, 95, 99])
        #expect(try only(#"{"p": {"percentiles": {"field": "ms"}}}"#) == .percentiles(defaults))
        var custom = PercentilesAggregation(field: "ms")
        custom.percents = [25, 99.9]
        custom.keyed = false
        custom.compression = 200
        #expect(try only("""
            {"p": {"percentiles": {"field": "ms", "percents": ["25", 99.9], "keyed": false, "tdigest": {"compression": 200}}}}
            """) == .percentiles(custom))
        expectError(.illegalArgument(reason: "percent must be in [0,100], got [101.0]"),
                    #"{"p": {"percentiles": {"field": "ms", "percents": [101]}}}"#)
        expectError(.unsupported(feature: "[hdr] percentiles (aggregation [p]); use the default [tdigest]"),
                    #"{"p": {"percentiles": {"field": "ms", "hdr": {"number_of_significant_value_digits": 3}}}}"#)
    }

    @Test func topHits() throws {
        #expect(try only(#"{"t": {"top_hits": {}}}"#) == .topHits(TopHitsAggregation()))
        var custom = TopHitsAggregation()
        custom.size = 1
        custom.from = 2
        custom.sort = .array([.object(["ts": .object(["order": "desc"])])])
        custom.source = .object(["includes": .array(["message"])])
        #expect(try only("""
            {"t": {"top_hits": {"size": 1, "from": 2, "sort": [{"ts": {"order": "desc"}}], "_source": {"includes": ["message"]}}}}
            """) == .topHits(custom))
        expectError(.illegalArgument(reason: "Top hits result window is too large, the top hits aggregator [t]'s from + size must be less than or equal to: [100] but was [101]. This limit can be set by changing the [index.max_inner_result_window] index level setting."),
                    #"{"t": {"top_hits": {"size": 100, "from": 1}}}"#)
    }

    @Test func metaAndBothSubAggregationSpellings() throws {
        let aggs = try parse("""
            {"t": {"meta": {"panel": 7}, "terms": {"field": "h"}, "aggregations": {"m": {"max": {"field": "x"}}}}}
            """)
        #expect(aggs[0].meta == ["panel": 7])
        #expect(aggs[0].subAggregations == [NamedAggregation(name: "m", kind: .max(MetricField(field: "x")))])
    }

    @Test func structuralErrorsUseElasticsearchMessages() {
        expectError(.parsing(reason: "Unknown aggregation type [termz] did you mean [terms]?"), #"{"t": {"termz": {"field": "h"}}}"#)
        expectError(.parsing(reason: "Unknown aggregation type [frobnicate]"), #"{"t": {"frobnicate": {}}}"#)
        expectError(.unsupported(feature: "[composite] aggregation"), #"{"t": {"composite": {}}}"#)
        expectError(.parsing(reason: "Found two aggregation type definitions in [t]: [terms] and [avg]"),
                    #"{"t": {"terms": {"field": "h"}, "avg": {"field": "x"}}}"#)
        expectError(.parsing(reason: "Missing definition for aggregation [t]"), #"{"t": {"meta": {}}}"#)
        expectError(.parsing(reason: "Found two sub aggregation definitions under [t]"),
                    #"{"t": {"terms": {"field": "h"}, "aggs": {}, "aggregations": {}}}"#)
        expectError(.parsing(reason: "Invalid aggregation name [a>b]. Aggregation names can contain any character except '[', ']', and '>'"),
                    #"{"a>b": {"terms": {"field": "h"}}}"#)
        expectError(.parsing(reason: "Aggregation definition for [t] starts with a [VALUE_STRING], expected a [START_OBJECT]."),
                    #"{"t": "terms"}"#)
        expectError(.parsing(reason: "Aggregator [a] of type [avg] cannot accept sub-aggregations"),
                    #"{"a": {"avg": {"field": "x"}, "aggs": {"b": {"max": {"field": "y"}}}}}"#)
    }

    @Test func optionErrorsNameTheOption() {
        expectError(.malformed(query: "terms", reason: "unknown field [sizee]"), #"{"t": {"terms": {"field": "h", "sizee": 3}}}"#)
        expectError(.malformed(query: "terms", reason: "Required one of fields [field, script], but none were specified."),
                    #"{"t": {"terms": {"size": 3}}}"#)
        expectError(.malformed(query: "terms", reason: "[size] must be greater than 0. Found [0] in [t]"),
                    #"{"t": {"terms": {"field": "h", "size": 0}}}"#)
        expectError(.malformed(query: "terms", reason: "failed to parse field [size]: expected an integer, got [true]"),
                    #"{"t": {"terms": {"field": "h", "size": true}}}"#)
        expectError(.unsupported(feature: "[script] in aggregation [a]"),
                    #"{"a": {"avg": {"field": "x", "script": {"source": "doc.x.value * 2"}}}}"#)
        expectError(.malformed(query: "extended_stats", reason: "[sigma] must be greater than or equal to 0. Found [-1.0] in [s]"),
                    #"{"s": {"extended_stats": {"field": "x", "sigma": -1}}}"#)
    }
}
