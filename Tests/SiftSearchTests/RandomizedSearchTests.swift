import SiftCore
import SiftIndex
import SiftQuery
import SiftSearch
import SiftTestSupport
import SystemPackage
import Testing

/// Random bool trees of terms, phrases, ranges, prefixes and more, answered by the engine over
/// real segments (several, with deletes and updates) and by a brute-force scan of the documents.
@Suite("Randomized search against brute force")
struct RandomizedSearchTests {
    static let now = SearchFixture.baseMillis + 10_000 * 60_000

    /// The ids the engine returns for `query`, every hit, in index order.
    static func engineIDs(_ searcher: Searcher, _ query: Query) throws -> Set<String> {
        var parameters = SearchParameters(query: query)
        parameters.size = 100_000
        parameters.sort = [SortField(.doc)]
        parameters.trackTotalHitsUpTo = .max
        let result = try searcher.search(parameters)
        let ids = result.hits.map(\.id)
        #expect(result.total?.value == ids.count)
        #expect(Set(ids).count == ids.count, "a document was returned twice")
        #expect(try searcher.count(query) == ids.count)
        return Set(ids)
    }

    @Test func randomBoolTreesMatchBruteForce() async throws {
        try await withTemporaryDirectory { dir in
            let (target, docs) = try await SearchFixture.build(in: dir, count: 3000, seed: 7, batches: 6)
            #expect(target.snapshot.segments.count >= 2)
            #expect(target.snapshot.segments.contains { $0.liveDocs != nil }, "the fixture should have deletes")
            #expect(target.snapshot.docCount == docs.count)
            let searcher = Searcher(targets: [target], now: Self.now)
            var rng = SplitMix64(seed: 99)
            var nonTrivial = 0
            for _ in 0..<400 {
                let query = TestQuery.random(&rng, depth: 3)
                let expected = Set(docs.values.filter(query.matches).map(\.id))
                let actual = try Self.engineIDs(searcher, query.query)
                if !expected.isEmpty && expected.count < docs.count { nonTrivial += 1 }
                let same = actual == expected
                #expect(same, "\(query): \(actual.subtracting(expected).sorted().prefix(5)) extra, \(expected.subtracting(actual).sorted().prefix(5)) missing")
                if !same { return }
            }
            #expect(nonTrivial > 150, "too few queries had a non-trivial answer")
        }
    }

    @Test func everyLeafKindMatchesBruteForce() async throws {
        try await withTemporaryDirectory { dir in
            let (target, docs) = try await SearchFixture.build(in: dir, count: 2000, seed: 11, batches: 4)
            let searcher = Searcher(targets: [target], now: Self.now)
            var rng = SplitMix64(seed: 5)
            for _ in 0..<300 {
                let query = TestQuery.randomLeaf(&rng)
                let expected = Set(docs.values.filter(query.matches).map(\.id))
                let actual = try Self.engineIDs(searcher, query.query)
                let same = actual == expected
                #expect(same, "\(query): \(actual.subtracting(expected).sorted().prefix(5)) extra, \(expected.subtracting(actual).sorted().prefix(5)) missing")
            }
        }
    }

    /// Sorted pages: by timestamp (unique) in both directions, by a keyword then timestamp, by a
    /// sparse number with missing last/first, with from/size and search_after paging.
    @Test func sortingAndPagingMatchBruteForce() async throws {
        try await withTemporaryDirectory { dir in
            let (target, docs) = try await SearchFixture.build(in: dir, count: 1500, seed: 3, batches: 5)
            let searcher = Searcher(targets: [target], now: Self.now)
            let errors = docs.values.filter { $0.level == "ERROR" }

            // @timestamp desc, from 5 size 20.
            var parameters = SearchParameters(query: TestQuery.level("ERROR").query)
            parameters.sort = [SortField(.field("@timestamp"), descending: true)]
            parameters.from = 5
            parameters.size = 20
            var result = try searcher.search(parameters)
            let byTimeDesc = errors.sorted { $0.timestamp > $1.timestamp }.map(\.id)
            #expect(result.hits.map(\.id) == Array(byTimeDesc[5..<25]))
            #expect(result.hits.first?.sortValues == [.int(errors.sorted { $0.timestamp > $1.timestamp }[5].timestamp)])
            #expect(result.hits.allSatisfy { $0.score == nil })

            // service asc, then @timestamp asc; paged with search_after through everything.
            parameters = SearchParameters(query: .matchAll)
            parameters.sort = [SortField(.field("service")), SortField(.field("@timestamp"))]
            parameters.size = 97
            var paged: [String] = []
            while true {
                result = try searcher.search(parameters)
                paged += result.hits.map(\.id)
                guard result.hits.count == parameters.size, let last = result.hits.last else { break }
                parameters.searchAfter = last.sortValues
            }
            let expected = docs.values.sorted { ($0.service, $0.timestamp) < ($1.service, $1.timestamp) }.map(\.id)
            #expect(paged == expected)

            // A sparse number: missing last (default) and first, descending.
            for missingFirst in [false, true] {
                parameters = SearchParameters(query: .matchAll)
                parameters.sort = [SortField(.field("latency_ms"), descending: true, missingFirst: missingFirst), SortField(.field("@timestamp"))]
                parameters.size = docs.count
                result = try searcher.search(parameters)
                let sorted = docs.values.sorted { a, b in
                    switch (a.latency, b.latency) {
                    case (nil, nil): return a.timestamp < b.timestamp
                    case (nil, _): return missingFirst
                    case (_, nil): return !missingFirst
                    case (let x?, let y?): return x != y ? x > y : a.timestamp < b.timestamp
                    }
                }
                #expect(result.hits.map(\.id) == sorted.map(\.id))
            }
        }
    }

    /// BM25 for a one-term match checked against the formula computed here from the documents
    /// (one segment, no deletes, so the statistics are the live documents').
    @Test func termScoresFollowBM25() async throws {
        try await withTemporaryDirectory { dir in
            var rng = SplitMix64(seed: 21)
            let docs = (0..<300).map { SearchFixture.makeDoc($0, &rng) }
            var configuration = IndexWriterConfiguration()
            configuration.refreshInterval = nil
            let writer = try await IndexWriter(
                directory: dir.appending("one"), name: "one", mappings: try Mappings(json: SearchFixture.mappings),
                configuration: configuration)
            _ = try await writer.index(docs.map { IndexRequest(id: $0.id, source: $0.json.jsonBytes()) })
            try await writer.refresh()
            let target = SearchTarget(name: "one", snapshot: writer.snapshot(), mappings: await writer.mappings)
            let searcher = Searcher(targets: [target], now: Self.now)

            let word = "timeout"
            let n = Double(docs.count { $0.words.contains(word) })
            let total = Double(docs.count)
            let averageLength = Double(docs.reduce(0) { $0 + $1.words.count }) / total
            let idf = log(1 + (total - n + 0.5) / (n + 0.5))
            var parameters = SearchParameters(query: TestQuery.word(word).query)
            parameters.size = 500
            let result = try searcher.search(parameters)
            #expect(Double(result.hits.count) == n)
            let byID = Dictionary(uniqueKeysWithValues: docs.map { ($0.id, $0) })
            var previous = Float.infinity
            for hit in result.hits {
                let doc = try #require(byID[hit.id])
                let freq = Double(doc.words.count { $0 == word })
                let expected = idf * freq / (freq + 1.2 * (1 - 0.75 + 0.75 * Double(doc.words.count) / averageLength))
                let score = try #require(hit.score)
                #expect(abs(Double(score) - expected) < 1e-4, "\(hit.id): \(score) vs \(expected)")
                #expect(score <= previous)
                previous = score
            }
            #expect(result.maxScore == result.hits.first?.score)
            try await writer.close()
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
