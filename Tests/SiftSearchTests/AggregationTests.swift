import SiftCore
import SiftIndex
import SiftQuery
import SiftSearch
import SiftTestSupport
import Testing

/// Aggregations over real segments (with deletes) checked against counts and sums computed here by
/// scanning the live documents.
@Suite("Aggregations against brute force")
struct AggregationTests {
    static func run(_ target: SearchTarget, _ query: Query, _ aggregators: [NamedAggregator]) throws -> JSONObject {
        var parameters = SearchParameters(query: query)
        parameters.size = 0
        let collector = AggregationCollector(aggregators)
        _ = try Searcher(targets: [target], now: 0).search(parameters, collector: collector)
        return try collector.results()
    }

    static func buckets(_ result: JSONObject, _ name: String) throws -> [JSONObject] {
        try #require(result[name]?.objectValue?["buckets"]?.arrayValue).compactMap(\.objectValue)
    }

    static func terms(_ field: String, size: Int = 10, order: [BucketOrder] = [BucketOrder(.count, ascending: false)],
                      missing: JSONValue? = nil, subs: [NamedAggregator] = []) -> any Aggregator {
        TermsAggregator(field: field, size: size, minDocCount: 1, order: order, missing: missing, include: nil, subs: subs, render: nil)
    }

    @Test func termsCountsOrderAndOtherDocCount() async throws {
        try await withTemporaryDirectory { dir in
            let (target, docs) = try await SearchFixture.build(in: dir, count: 2000, seed: 17)
            let query = TestQuery.word("timeout")
            let matching = docs.values.filter(query.matches)
            let result = try Self.run(target, query.query, [("by_service", Self.terms("service", size: 3))])
            var expected: [String: Int] = [:]
            for doc in matching { expected[doc.service, default: 0] += 1 }
            let ranked = expected.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            let buckets = try Self.buckets(result, "by_service")
            #expect(buckets.map { $0["key"]?.stringValue ?? "" } == ranked.prefix(3).map(\.key))
            #expect(buckets.map { $0["doc_count"]?.intValue ?? -1 } == ranked.prefix(3).map { Int64($0.value) })
            #expect(result["by_service"]?.objectValue?["sum_other_doc_count"]?.intValue == Int64(ranked.dropFirst(3).reduce(0) { $0 + $1.value }))
        }
    }

    @Test func multiValuedTermsWithAverageSubAggregationAndMissing() async throws {
        try await withTemporaryDirectory { dir in
            let (target, docs) = try await SearchFixture.build(in: dir, count: 1500, seed: 23)
            let average = StatsAggregator(field: "latency_ms", output: .avg, missing: nil, render: nil)
            let result = try Self.run(target, .matchAll, [
                ("tags", Self.terms("tags", order: [BucketOrder(.key, ascending: true)], missing: "none", subs: [("latency", average)]))
            ])
            var counts: [String: Int] = [:], sums: [String: Double] = [:], valued: [String: Int] = [:]
            for doc in docs.values {
                for tag in Set(doc.tags.isEmpty ? ["none"] : doc.tags) {
                    counts[tag, default: 0] += 1
                    if let latency = doc.latency {
                        sums[tag, default: 0] += latency
                        valued[tag, default: 0] += 1
                    }
                }
            }
            let buckets = try Self.buckets(result, "tags")
            #expect(buckets.map { $0["key"]?.stringValue ?? "" } == counts.keys.sorted())
            for bucket in buckets {
                let key = try #require(bucket["key"]?.stringValue)
                #expect(bucket["doc_count"]?.intValue == Int64(counts[key] ?? -1))
                let mean = try #require(bucket["latency"]?.objectValue?["value"]?.doubleValue)
                #expect(abs(mean - (sums[key] ?? 0) / Double(valued[key] ?? 1)) < 1e-9)
            }
        }
    }

    @Test func numericTermsByKey() async throws {
        try await withTemporaryDirectory { dir in
            let (target, docs) = try await SearchFixture.build(in: dir, count: 800, seed: 29)
            let result = try Self.run(target, .matchAll, [("status", Self.terms("http.status", order: [BucketOrder(.key, ascending: true)]))])
            var counts: [Int64: Int] = [:]
            for doc in docs.values { if let s = doc.status { counts[s, default: 0] += 1 } }
            let buckets = try Self.buckets(result, "status")
            #expect(buckets.map { $0["key"]?.intValue ?? 0 } == counts.keys.sorted())
            #expect(buckets.map { Int($0["doc_count"]?.intValue ?? 0) } == counts.keys.sorted().map { counts[$0]! })
        }
    }

    /// Hourly buckets with gaps filled out to extended bounds, and calendar days in New York
    /// (UTC−5 on these March 2024 dates), each with a terms sub-aggregation.
    @Test func dateHistogramsFixedAndCalendarInATimeZone() async throws {
        try await withTemporaryDirectory { dir in
            let (target, docs) = try await SearchFixture.build(in: dir, count: 1200, seed: 31)
            let hour: Int64 = 3_600_000, day = 24 * hour
            let query = TestQuery.level("ERROR")
            let matching = docs.values.filter(query.matches)
            let base = SearchFixture.baseMillis
            let bounds = HistogramAggregator.Bounds(min: Double(base - 3 * hour), max: Double(base + 30 * hour))
            let hourly = HistogramAggregator(
                field: "@timestamp", rounding: .date(DateRounding(interval: try DateRounding.fixedInterval("1h"))),
                minDocCount: 0, extendedBounds: bounds, hardBounds: nil, keyed: false, order: BucketOrder(.key, ascending: true),
                missing: nil, subs: [("levels", Self.terms("service"))], render: { ZonedDateFormat.strictDateOptionalTime.format($0) })
            let newYork = try TimeZoneRules("America/New_York")
            let daily = HistogramAggregator(
                field: "@timestamp", rounding: .date(DateRounding(interval: try DateRounding.calendarInterval("1d"), timeZone: newYork)),
                minDocCount: 1, extendedBounds: nil, hardBounds: nil, keyed: false, order: BucketOrder(.key, ascending: true),
                missing: nil, subs: [], render: nil)
            let result = try Self.run(target, query.query, [("hourly", hourly), ("daily", daily)])

            var perHour: [Int64: Int] = [:], perDay: [Int64: Int] = [:]
            for doc in matching {
                perHour[doc.timestamp - ((doc.timestamp % hour) + hour) % hour, default: 0] += 1
                let local = doc.timestamp - 5 * hour
                perDay[local - ((local % day) + day) % day + 5 * hour, default: 0] += 1
            }
            let hours = try Self.buckets(result, "hourly")
            let lastDoc = try #require(matching.map(\.timestamp).max())
            let lastKey = max(base + 30 * hour, lastDoc - lastDoc % hour)
            #expect(hours.first?["key"]?.intValue == base - 3 * hour)
            #expect(hours.last?["key"]?.intValue == lastKey)
            #expect(hours.count == Int((lastKey - (base - 3 * hour)) / hour) + 1)
            for bucket in hours {
                let key = try #require(bucket["key"]?.intValue)
                #expect(bucket["doc_count"]?.intValue == Int64(perHour[key] ?? 0))
                #expect(bucket["key_as_string"]?.stringValue == Timestamp(epochMillis: key).iso8601())
                let inner = try #require(bucket["levels"]?.objectValue?["buckets"]?.arrayValue)
                #expect(inner.reduce(0) { $0 + ($1.objectValue?["doc_count"]?.intValue ?? 0) } == Int64(perHour[key] ?? 0))
            }
            let days = try Self.buckets(result, "daily")
            #expect(days.map { $0["key"]?.intValue ?? 0 } == perDay.keys.sorted())
            #expect(days.map { Int($0["doc_count"]?.intValue ?? 0) } == perDay.keys.sorted().map { perDay[$0]! })
        }
    }

    @Test func metricsMatchBruteForce() async throws {
        try await withTemporaryDirectory { dir in
            let (target, docs) = try await SearchFixture.build(in: dir, count: 1000, seed: 37)
            let query = TestQuery.service("payments")
            let values = docs.values.filter(query.matches).compactMap(\.latency)
            let result = try Self.run(target, query.query, [
                ("min", StatsAggregator(field: "latency_ms", output: .min, missing: nil, render: nil)),
                ("max", StatsAggregator(field: "latency_ms", output: .max, missing: nil, render: nil)),
                ("sum", StatsAggregator(field: "latency_ms", output: .sum, missing: nil, render: nil)),
                ("count", StatsAggregator(field: "latency_ms", output: .valueCount, missing: nil, render: nil)),
                ("stats", StatsAggregator(field: "latency_ms", output: .extendedStats(sigma: 2), missing: nil, render: nil)),
                ("with_missing", StatsAggregator(field: "latency_ms", output: .avg, missing: 0, render: nil)),
            ])
            let sum = values.reduce(0, +)
            #expect(result["min"]?.objectValue?["value"]?.doubleValue == values.min())
            #expect(result["max"]?.objectValue?["value"]?.doubleValue == values.max())
            #expect(abs((result["sum"]?.objectValue?["value"]?.doubleValue ?? 0) - sum) < 1e-6)
            #expect(result["count"]?.objectValue?["value"]?.intValue == Int64(values.count))
            let stats = try #require(result["stats"]?.objectValue)
            let mean = sum / Double(values.count)
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
            #expect(stats["count"]?.intValue == Int64(values.count))
            #expect(abs((stats["avg"]?.doubleValue ?? 0) - mean) < 1e-9)
            #expect(abs((stats["std_deviation"]?.doubleValue ?? 0) - variance.squareRoot()) < 1e-6)
            let all = docs.values.filter(query.matches).count
            #expect(abs((result["with_missing"]?.objectValue?["value"]?.doubleValue ?? 0) - sum / Double(all)) < 1e-9)
        }
    }
}
