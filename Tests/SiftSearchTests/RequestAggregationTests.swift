import SiftCore
import SiftIndex
import SiftQuery
import SiftSearch
import SiftTestSupport
import Testing

/// A search request body as clients send it (query, sort, aggs) parsed and executed end to end,
/// checked against the brute force.
@Suite("Search requests with aggregations")
struct RequestAggregationTests {
    /// Numeric aggregations refuse keyword fields with Elasticsearch's message; value_count takes them.
    @Test(arguments: [
        ("histogram", #"{"field": "service", "interval": 10}"#), ("range", #"{"field": "service", "ranges": [{"to": 1}]}"#),
        ("percentiles", #"{"field": "service"}"#), ("avg", #"{"field": "service"}"#),
    ])
    func numericAggregationsRefuseKeywordFields(kind: String, options: String) async throws {
        try await withTemporaryDirectory { dir in
            let (target, _) = try await SearchFixture.build(in: dir, count: 50, seed: 7)
            func run(_ kind: String, _ options: String) throws -> JSONObject {
                let aggs = try AggregationParser.parse(try JSONReader.parse(Array(#"{"a": {"\#(kind)": \#(options)}}"#.utf8)))
                let collector = AggregationCollector(try AggregationBuilder(targets: [target], now: 0).build(aggs))
                _ = try Searcher(targets: [target], now: 0).search(SearchParameters(), collector: collector)
                return try collector.results()
            }
            #expect(throws: SearchError(type: "illegal_argument_exception",
                                        reason: "Field [service] of type [keyword] is not supported for aggregation [\(kind)]")) {
                try run(kind, options)
            }
            #expect(try run("value_count", #"{"field": "service"}"#)["a"]?.objectValue?["value"]?.intValue == 50)
        }
    }

    @Test func requestBodyWithNestedAggregations() async throws {
        try await withTemporaryDirectory { dir in
            let (target, docs) = try await SearchFixture.build(in: dir, count: 1500, seed: 53)
            let body = try JSONReader.parse(Array("""
            {"size": 3, "query": {"bool": {"filter": [{"term": {"level": "ERROR"}}]}},
             "sort": [{"@timestamp": {"order": "desc"}}],
             "aggs": {
               "per_service": {"terms": {"field": "service", "size": 2, "order": {"p.50": "desc"}},
                               "aggs": {"p": {"percentiles": {"field": "latency_ms", "percents": [50]}}}},
               "clients": {"cardinality": {"field": "client.ip"}},
               "statuses": {"range": {"field": "http.status", "ranges": [{"to": 400}, {"from": 400, "to": 500}, {"from": 500}]}},
               "no_latency": {"missing": {"field": "latency_ms"}},
               "newest": {"top_hits": {"size": 1, "sort": [{"@timestamp": "desc"}], "_source": ["service"]}}
             }}
            """.utf8))
            let request = try SearchRequest.parse(body: body, parameters: [:])
            let aggregations = try AggregationParser.parse(try #require(request.aggregations))
            let searcher = Searcher(targets: [target], now: 0)
            let collector = AggregationCollector(try AggregationBuilder(targets: [target], now: 0).build(aggregations))
            let result = try searcher.search(SearchParameters(request), collector: collector)
            let aggs = try collector.results()

            let errors = docs.values.filter { $0.level == "ERROR" }.sorted { $0.timestamp > $1.timestamp }
            #expect(result.hits.map(\.id) == errors.prefix(3).map(\.id))
            #expect(result.total?.value == errors.count)

            let clients = Set(errors.compactMap(\.client)).count
            #expect(aggs["clients"]?.objectValue?["value"]?.intValue == Int64(clients))

            let ranges = try #require(aggs["statuses"]?.objectValue?["buckets"]?.arrayValue)
            let statuses = errors.compactMap(\.status)
            #expect(ranges.map { $0.objectValue?["doc_count"]?.intValue ?? -1 } ==
                    [statuses.count { $0 < 400 }, statuses.count { $0 >= 400 && $0 < 500 }, statuses.count { $0 >= 500 }].map { Int64($0) })
            #expect(ranges.first?.objectValue?["key"]?.stringValue == "*-400.0")
            #expect(aggs["no_latency"]?.objectValue?["doc_count"]?.intValue == Int64(errors.count { $0.latency == nil }))

            let newest = try #require(aggs["newest"]?.objectValue?["hits"]?.objectValue?["hits"]?.arrayValue?.first?.objectValue)
            #expect(newest["_id"]?.stringValue == errors.first?.id)
            #expect(newest["_source"] == ["service": .string(errors.first?.service ?? "")])

            // Services ordered by their median latency, highest first: compare the ranking with exact medians
            // only where they are clearly apart (the t-digest is approximate).
            let buckets = try #require(aggs["per_service"]?.objectValue?["buckets"]?.arrayValue).compactMap(\.objectValue)
            #expect(buckets.count == 2)
            for bucket in buckets {
                let service = try #require(bucket["key"]?.stringValue)
                let latencies = errors.filter { $0.service == service }.compactMap(\.latency).sorted()
                let median = try #require(bucket["p"]?.objectValue?["values"]?.objectValue?["50.0"]?.doubleValue)
                let exact = latencies[latencies.count / 2]
                #expect(abs(median - exact) <= 0.05 * (latencies.last! - latencies.first!), "\(service): \(median) vs \(exact)")
                #expect(bucket["doc_count"]?.intValue == Int64(errors.count { $0.service == service }))
            }
        }
    }
}
