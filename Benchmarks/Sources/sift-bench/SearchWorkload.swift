import Foundation
import SiftCore
import SiftIndex
import SiftQuery
import SiftSearch
import SystemPackage

/// Issue 4's benchmark: the corpus indexed with the explicit mappings, then each query of the
/// issue's set run repeatedly on one core; median and p99 latency per query.
enum SearchWorkload {
    struct Case {
        var name: String
        var run: (Searcher) throws -> Int
    }

    static func run(_ corpus: Corpus, directory: String, iterations: Int) async throws {
        let path = FilePath(directory).appending("search-\(getpid())")
        defer { try? FileManager.default.removeItem(atPath: path.string) }
        let writer = try await IndexWriter(
            directory: path, name: "logs", mappings: try Mappings(json: IndexingWorkload.explicitMappings))
        var requests: [IndexRequest] = []
        for line in corpus.lines {
            requests.append(IndexRequest(source: Array(corpus.bytes[line])))
            if requests.count == 1000 {
                _ = try await writer.index(requests)
                requests.removeAll(keepingCapacity: true)
            }
        }
        if !requests.isEmpty { _ = try await writer.index(requests) }
        try await writer.commit()
        await writer.waitForMerges()
        let snapshot = writer.snapshot()
        let target = SearchTarget(name: "logs", snapshot: snapshot, mappings: await writer.mappings)
        let start = snapshot.minTimestamp ?? 0
        let searcher = Searcher(targets: [target], now: snapshot.maxTimestamp ?? 0)
        let traceID = try sampleValue(snapshot, field: "trace_id", line: corpus.lines.count / 2)
        print("search over \(snapshot.docCount) documents in \(snapshot.segments.count) segments; \(iterations) runs per query")

        var results: [(String, [Double], Int)] = []
        for c in cases(start: start, traceID: traceID) {
            var latencies: [Double] = []
            var hits = 0
            for i in 0..<(iterations + 3) {
                let began = ContinuousClock.now
                hits = try c.run(searcher)
                let elapsed = ContinuousClock.now - began
                if i >= 3 { latencies.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000) }
            }
            results.append((c.name, latencies.sorted(), hits))
        }
        let width = results.map(\.0.count).max() ?? 10
        print("  " + "query".padding(toLength: width, withPad: " ", startingAt: 0) + "   median ms     p99 ms     result")
        for (name, sorted, hits) in results {
            let median = sorted[sorted.count / 2], p99 = sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
            print("  " + name.padding(toLength: width, withPad: " ", startingAt: 0)
                  + String(format: "   %9.3f  %9.3f   %d", median, p99, hits))
        }
        try await writer.close()
    }

    /// A value of `field` from the document at about `line`, to look up by term.
    static func sampleValue(_ snapshot: IndexSnapshot, field: String, line: Int) throws -> String {
        var remaining = line
        for view in snapshot.segments {
            if remaining < view.reader.docCount {
                let entry = try view.reader.storedEntry(Int32(remaining))
                let json = try JSONReader.parse(entry.source)
                return json.objectValue?[field]?.stringValue ?? ""
            }
            remaining -= view.reader.docCount
        }
        return ""
    }

    static func cases(start: Int64, traceID: String) -> [Case] {
        let hour: Int64 = 3_600_000
        func term(_ field: String, _ value: String) -> Query { .term(TermQuery(field: field, value: .string(value))) }
        func match(_ text: String) -> Query { .match(MatchQuery(field: "message", text: text)) }
        func phrase(_ text: String) -> Query { .matchPhrase(PhraseQuery(field: "message", text: text)) }
        func range(_ field: String, _ from: JSONValue, _ to: JSONValue) -> Query {
            var r = RangeQuery(field: field)
            r.gte = from
            r.lt = to
            return .range(r)
        }
        func filters(_ queries: Query...) -> Query {
            var bool = BoolQuery()
            bool.filter = queries
            return .bool(bool)
        }
        func top(_ query: Query, sort: [SortField] = SortField.byScore) -> (Searcher) throws -> Int {
            { searcher in
                var p = SearchParameters(query: query)
                p.sort = sort
                return try searcher.search(p).total?.value ?? 0
            }
        }
        func count(_ query: Query) -> (Searcher) throws -> Int { { try $0.count(query) } }
        func aggregate(_ query: Query, _ make: @escaping () -> any Aggregator) -> (Searcher) throws -> Int {
            { searcher in
                var p = SearchParameters(query: query)
                p.size = 0
                let collector = AggregationCollector([(name: "a", aggregator: make())])
                _ = try searcher.search(p, collector: collector)
                let result = try collector.results()
                return result["a"]?.objectValue?["buckets"]?.arrayValue?.count ?? 1
            }
        }
        var bool = BoolQuery()
        bool.must = [term("level", "ERROR")]
        var either = BoolQuery()
        either.should = [match("timeout"), match("refused")]
        bool.must.append(.bool(either))
        bool.mustNot = [term("service", "api-gateway")]
        let hourly = DateRounding(interval: try! DateRounding.fixedInterval("1h"))
        return [
            Case(name: "term level=ERROR, top 10", run: top(term("level", "ERROR"))),
            Case(name: "term level=ERROR, count", run: count(term("level", "ERROR"))),
            Case(name: "count level=INFO", run: count(term("level", "INFO"))),
            Case(name: "trace_id lookup", run: top(term("trace_id", traceID))),
            Case(name: "match user", run: top(match("user"))),
            Case(name: "match timeout", run: top(match("timeout"))),
            Case(name: "match rare word (inventory)", run: top(match("inventory"))),
            Case(name: "phrase \"connection refused\"", run: top(phrase("connection refused"))),
            Case(name: "phrase \"completed with status 200\"", run: top(phrase("completed with status 200"))),
            Case(name: "1-hour range AND service", run: top(filters(range("@timestamp", .int(start + 24 * hour), .int(start + 25 * hour)), term("service", "api-gateway")))),
            Case(name: "ERROR AND (timeout OR refused) NOT api-gateway", run: top(.bool(bool))),
            Case(name: "range http.status 500-599, count", run: count(range("http.status", 500, 600))),
            Case(name: "match_all by @timestamp desc", run: top(.matchAll, sort: [SortField(.field("@timestamp"), descending: true)])),
            Case(name: "ERROR by @timestamp desc", run: top(term("level", "ERROR"), sort: [SortField(.field("@timestamp"), descending: true)])),
            Case(name: "24-hour range, count", run: count(range("@timestamp", .int(start + 24 * hour), .int(start + 48 * hour)))),
            Case(name: "date_histogram 1h, everything", run: aggregate(.matchAll) {
                HistogramAggregator(field: "@timestamp", rounding: .date(hourly), minDocCount: 0, extendedBounds: nil, hardBounds: nil,
                                    keyed: false, order: BucketOrder(.key, ascending: true), missing: nil, subs: [], render: nil)
            }),
            Case(name: "terms service (20), everything", run: aggregate(.matchAll) {
                TermsAggregator(field: "service", size: 20, minDocCount: 1, order: [BucketOrder(.count, ascending: false)],
                                missing: nil, include: nil, subs: [], render: nil)
            }),
            Case(name: "terms level within 1 hour", run: aggregate(filters(range("@timestamp", .int(start + 24 * hour), .int(start + 25 * hour)))) {
                TermsAggregator(field: "level", size: 10, minDocCount: 1, order: [BucketOrder(.count, ascending: false)],
                                missing: nil, include: nil, subs: [], render: nil)
            }),
        ]
    }
}
