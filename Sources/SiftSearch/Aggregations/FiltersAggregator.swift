import SiftCore
import SiftIndex
import SiftQuery

/// `filters` and `filter`: a bucket per query (plus `other_bucket` for documents matching none);
/// each query is prepared once per index and advanced along the segment's matches.
package final class FiltersAggregator: Aggregator {
    /// Named filters keep their names as keys; anonymous ones answer with an array.
    private let filters: [(name: String?, query: Query)]
    private let otherBucketKey: String?
    /// `filter`: a single bucket whose fields sit directly in the result object.
    private let single: Bool
    private let subs: [NamedAggregator]
    private let now: Int64

    private var weights: [Int: [any Weight]] = [:]
    private var scorers: [(any Scorer)?] = []
    private var counts: [Int] = []

    private var bucketsPerOwner: Int { filters.count + (otherBucketKey == nil ? 0 : 1) }

    package init(filters: [(name: String?, query: Query)], otherBucketKey: String?, single: Bool, subs: [NamedAggregator], now: Int64) {
        self.filters = filters
        self.otherBucketKey = otherBucketKey
        self.single = single
        self.subs = subs
        self.now = now
    }

    package func beginSegment(_ context: SegmentContext) throws(SearchError) {
        if weights[context.targetIndex] == nil {
            let builder = WeightBuilder(target: context.target, now: now)
            var prepared: [any Weight] = []
            for filter in filters { prepared.append(try builder.weight(filter.query, scoring: false)) }
            weights[context.targetIndex] = prepared
        }
        scorers = weights[context.targetIndex]!.map { $0.scorer(context.segment.reader) }
        try subs.beginSegment(context)
    }

    package func collect(_ doc: Int32, score: Float, owner: Int) {
        let base = owner * bucketsPerOwner
        if counts.count < base + bucketsPerOwner { counts += repeatElement(0, count: base + bucketsPerOwner - counts.count) }
        var matchedAny = false
        for i in scorers.indices {
            guard let scorer = scorers[i] else { continue }
            var d = scorer.doc
            if d < doc { d = scorer.advance(to: doc) }
            guard d == doc else { continue }
            matchedAny = true
            counts[base + i] += 1
            subs.collect(doc, score: score, bucket: base + i)
        }
        if !matchedAny, otherBucketKey != nil {
            counts[base + filters.count] += 1
            subs.collect(doc, score: score, bucket: base + filters.count)
        }
    }

    package func result(owner: Int) throws(SearchError) -> JSONValue {
        func bucket(_ i: Int) throws(SearchError) -> JSONObject {
            let slot = owner * bucketsPerOwner + i
            var object: JSONObject = ["doc_count": .int(Int64(slot < counts.count ? counts[slot] : 0))]
            try subs.appendResults(to: &object, bucket: slot)
            return object
        }
        if single { return .object(try bucket(0)) }
        let named = filters.allSatisfy { $0.name != nil }
        if named {
            var byName = JSONObject()
            for (i, filter) in filters.enumerated() { byName.append(key: filter.name ?? "", value: .object(try bucket(i))) }
            if let otherBucketKey { byName.append(key: otherBucketKey, value: .object(try bucket(filters.count))) }
            return ["buckets": .object(byName)]
        }
        var list: [JSONValue] = []
        for i in 0..<bucketsPerOwner { list.append(.object(try bucket(i))) }
        return ["buckets": .array(list)]
    }

    package func sortValue(owner: Int, metric: String?) -> Double? {
        guard single else { return nil }
        let slot = owner * bucketsPerOwner
        return Double(slot < counts.count ? counts[slot] : 0)
    }
}
