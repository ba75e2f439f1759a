import SiftCore
import SiftIndex
import SiftQuery
import SiftSearch
import SiftTestSupport
import Testing

/// Searches over several indices at once (`logs-*`, comma lists): hits merged by the sort, counts
/// summed, and whole segments skipped when a time range cannot match them.
@Suite("Multi-index search and time pruning")
struct MultiIndexTests {
    @Test func hitsFromSeveralIndicesMergeInSortOrder() async throws {
        try await withTemporaryDirectory { dir in
            let (first, docsA) = try await SearchFixture.build(in: dir, name: "logs-000001", count: 600, seed: 41, batches: 3)
            let (second, docsB) = try await SearchFixture.build(in: dir, name: "logs-000002", count: 400, seed: 43, batches: 2)
            let searcher = Searcher(targets: [first, second], now: 0)
            let query = TestQuery.level("WARN")
            var parameters = SearchParameters(query: query.query)
            parameters.sort = [SortField(.field("@timestamp"), descending: true), SortField(.field("service"))]
            parameters.size = 1000
            let result = try searcher.search(parameters)
            let all = docsA.values.map { ("logs-000001", $0) } + docsB.values.map { ("logs-000002", $0) }
            let expected = all.filter { query.matches($0.1) }
                .sorted { ($0.1.timestamp, $1.1.service) > ($1.1.timestamp, $0.1.service) }
            #expect(result.hits.map { "\($0.index)/\($0.id)" } == expected.map { "\($0.0)/\($0.1.id)" })
            #expect(result.total?.value == expected.count)
            #expect(try searcher.count(query.query) == expected.count)
        }
    }

    @Test func timeRangesSkipSegmentsOutsideThem() async throws {
        try await withTemporaryDirectory { dir in
            // Six batches of 500 documents a minute apart (plus rewrites of older ones).
            let (target, docs) = try await SearchFixture.build(in: dir, count: 3000, seed: 47, batches: 6)
            let from = SearchFixture.baseMillis + 100 * 60_000
            let query = TestQuery.timeRange(from: from, to: from + 60 * 60_000)
            var parameters = SearchParameters(query: query.query)
            parameters.size = 100
            let result = try Searcher(targets: [target], now: 0).search(parameters)
            #expect(Set(result.hits.map(\.id)) == Set(docs.values.filter(query.matches).map(\.id)))
            // Every segment whose min/max @timestamp misses the range is skipped unread.
            let disjoint = target.snapshot.segments.count {
                guard let low = $0.reader.meta.minTimestamp, let high = $0.reader.meta.maxTimestamp else { return true }
                return high < from || low >= from + 60 * 60_000
            }
            #expect(disjoint >= 2, "the fixture should have segments outside the range")
            #expect(result.segmentsSearched >= 1)
            #expect(result.segmentsSkipped >= disjoint)
            #expect(result.segmentsSearched + result.segmentsSkipped == target.snapshot.segments.count)
        }
    }
}
