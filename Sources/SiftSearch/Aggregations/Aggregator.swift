import SiftCore

/// One node of a search's aggregation tree, executed Lucene style with bucket ordinals: a
/// bucket aggregation numbers its buckets and collects each document into its sub-aggregators
/// under that bucket's number (`owner`), so any depth of nesting costs one array slot per bucket
/// and never copies documents. One instance serves the whole search, every segment of every index.
package protocol Aggregator: AnyObject {
    /// Prepares to read the columns of the next segment.
    func beginSegment(_ context: SegmentContext) throws(SearchError)
    /// Counts `doc` of the current segment into the bucket `owner` of the parent (0 at the top).
    func collect(_ doc: Int32, score: Float, owner: Int)
    /// The response object of this aggregation for the parent's bucket `owner`.
    func result(owner: Int) throws(SearchError) -> JSONValue
    /// A single value for ordering buckets by this aggregation (`order: {"my_avg": "desc"}` or
    /// `{"my_stats.max": "asc"}`); nil when it has none.
    func sortValue(owner: Int, metric: String?) -> Double?
}

extension Aggregator {
    package func sortValue(owner: Int, metric: String?) -> Double? { nil }
}

/// The top of the aggregation tree: every match goes to every top-level aggregator as bucket 0.
package final class AggregationCollector: MatchCollector {
    private let aggregators: [(name: String, aggregator: any Aggregator)]
    /// The first error a segment raised (collection itself cannot throw).
    private var failure: SearchError?

    package init(_ aggregators: [(name: String, aggregator: any Aggregator)]) {
        self.aggregators = aggregators
    }

    package func beginSegment(_ context: SegmentContext) {
        do throws(SearchError) {
            for (_, aggregator) in aggregators { try aggregator.beginSegment(context) }
        } catch {
            failure = failure ?? error
        }
    }

    package func collect(_ doc: Int32, score: Float) {
        for (_, aggregator) in aggregators { aggregator.collect(doc, score: score, owner: 0) }
    }

    package func endSegment() {}

    /// The response's `aggregations` object.
    package func results() throws(SearchError) -> JSONObject {
        if let failure { throw failure }
        var object = JSONObject(minimumCapacity: aggregators.count)
        for (name, aggregator) in aggregators { object.append(key: name, value: try aggregator.result(owner: 0)) }
        return object
    }
}
