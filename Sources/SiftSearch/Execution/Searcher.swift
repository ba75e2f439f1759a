import SiftAnalysis
import SiftCore
import SiftIndex
import SiftQuery

/// What to search for and how to rank and page the hits; the server fills it from a request.
package struct SearchParameters: Sendable {
    package var query: Query = .matchAll
    /// Applied to hits after aggregations have seen every match (`post_filter`).
    package var postFilter: Query?
    package var sort: [SortField] = SortField.byScore
    package var from = 0
    package var size = 10
    /// Sort values of the last hit of the previous page.
    package var searchAfter: [JSONValue]?
    /// Counting stops mattering past this many hits (`track_total_hits`); nil: not reported.
    package var trackTotalHitsUpTo: Int? = 10_000
    package var minScore: Float?
    /// Scores hits even when sorting by fields (`track_scores`).
    package var trackScores = false

    package init(query: Query = .matchAll) {
        self.query = query
    }
}

/// Elasticsearch's `hits.total`.
package struct TotalHits: Sendable, Hashable {
    package var value: Int
    /// `gte` when more documents matched than were counted.
    package var isLowerBound: Bool
}

/// One fetched hit.
package struct SearchHit: Sendable {
    package var index: String
    package var id: String
    package var version: Int64
    /// nil when the search sorted by fields only (Elasticsearch's `_score: null`).
    package var score: Float?
    /// Present when the request sorted; one per sort key, as the response's `sort` shows them.
    package var sortValues: [JSONValue]?
    /// The stored JSON document.
    package var source: [UInt8]
}

package struct SearchResult: Sendable {
    package var total: TotalHits?
    package var maxScore: Float?
    package var hits: [SearchHit]
    /// Segments read, and segments skipped without reading a posting because the query cannot
    /// match them (a time range outside their min/max `@timestamp`, a term they lack).
    package var segmentsSearched = 0
    package var segmentsSkipped = 0
}

/// Runs searches over the snapshots of one or more indices: the query phase scores and collects
/// each segment's matches (deleted documents skipped), then the fetch phase reads the page's
/// documents from the stores.
package struct Searcher {
    package let targets: [SearchTarget]
    let analyzers: AnalyzerRegistry
    let now: Int64

    package init(targets: [SearchTarget], analyzers: AnalyzerRegistry = .builtIn, now: Int64) {
        self.targets = targets
        self.analyzers = analyzers
        self.now = now
    }

    /// Runs `parameters` and, for every match (before `post_filter`), `collector`.
    package func search(_ parameters: SearchParameters, collector: (any MatchCollector)? = nil) throws(SearchError) -> SearchResult {
        let k = max(0, parameters.from) + max(0, parameters.size)
        let needsScores = parameters.sort.contains { $0.key == .score } || parameters.minScore != nil || parameters.trackScores
        let sortsByScoreOnly = parameters.sort == SortField.byScore
        let after = try parameters.searchAfter.map { (values: [JSONValue]) throws(SearchError) in try searchAfterValues(values, parameters.sort) }
        var top = TopHitsCollector(k: k, fields: parameters.sort, after: after)
        var count = 0
        var maxScore: Float = -.infinity
        var searched = 0, skipped = 0

        for (t, target) in targets.enumerated() {
            let builder = WeightBuilder(target: target, analyzers: analyzers, now: now)
            let weight = try builder.weight(parameters.query, scoring: needsScores)
            let postFilter = try parameters.postFilter.map { (q: Query) throws(SearchError) in try builder.weight(q, scoring: false) }
            var docBase: Int64 = Int64(t) << 40
            for (s, view) in target.snapshot.segments.enumerated() {
                defer { docBase += Int64(view.reader.docCount) }
                guard let scorer = weight.scorer(view.reader) else {
                    skipped += 1
                    continue
                }
                searched += 1
                let filter: (any Scorer)?? = postFilter.map { $0.scorer(view.reader) }
                if case .some(.none) = filter, collector == nil { continue }  // the post filter excludes the segment
                let keys = try sortKeys(parameters.sort, target: target, segment: view.reader, docBase: docBase)
                top.beginSegment(target: t, segment: s, keys: keys)
                collector?.beginSegment(SegmentContext(target: target, targetIndex: t, segment: view, segmentIndex: s))
                let live = view.liveDocs
                while true {
                    let doc = scorer.next()
                    if doc == noMoreDocs { break }
                    if let live, !live.isLive(doc) { continue }
                    let score = needsScores ? scorer.score() : 0
                    if let minScore = parameters.minScore, score < minScore { continue }
                    collector?.collect(doc, score: score)
                    if let filter {
                        guard let filter else { continue }
                        var f = filter.doc
                        if f < doc { f = filter.advance(to: doc) }
                        if f != doc { continue }
                    }
                    count += 1
                    if needsScores { maxScore = max(maxScore, score) }
                    top.collect(doc, score: score)
                }
                top.endSegment()
                collector?.endSegment()
            }
        }

        let ranked = top.topHits().dropFirst(max(0, parameters.from))
        var hits: [SearchHit] = []
        hits.reserveCapacity(ranked.count)
        for hit in ranked {
            let target = targets[hit.target]
            let entry: StoredEntry
            do {
                entry = try target.snapshot.segments[hit.segment].reader.storedEntry(hit.doc)
            } catch {
                throw SearchError(type: "corrupt_index_exception", reason: "\(error)", index: target.name, status: 500)
            }
            hits.append(SearchHit(
                index: target.name, id: entry.id, version: entry.version,
                score: needsScores ? hit.score : nil,
                sortValues: sortsByScoreOnly && parameters.searchAfter == nil ? nil : sortJSON(hit, parameters.sort, target),
                source: entry.source))
        }
        var total: TotalHits?
        if let limit = parameters.trackTotalHitsUpTo {
            total = count > limit ? TotalHits(value: limit, isLowerBound: true) : TotalHits(value: count, isLowerBound: false)
        }
        return SearchResult(
            total: total, maxScore: needsScores && count > 0 ? maxScore : nil, hits: hits,
            segmentsSearched: searched, segmentsSkipped: skipped)
    }

    /// The number of live documents matching `query` (`_count`).
    package func count(_ query: Query) throws(SearchError) -> Int {
        var count = 0
        for target in targets {
            let weight = try WeightBuilder(target: target, analyzers: analyzers, now: now).weight(query, scoring: false)
            for view in target.snapshot.segments {
                guard let scorer = weight.scorer(view.reader) else { continue }
                let live = view.liveDocs
                while true {
                    let doc = scorer.next()
                    if doc == noMoreDocs { break }
                    if live?.isLive(doc) ?? true { count += 1 }
                }
            }
        }
        return count
    }
}
