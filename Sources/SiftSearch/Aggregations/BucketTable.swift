/// Numbers the buckets of one bucket aggregation across owners: each (owner, key) pair gets the
/// next ordinal the first time a document lands there, and its documents are counted under it.
struct BucketTable<Key: Hashable> {
    private var ordinals: [BucketKey: Int] = [:]
    private(set) var keys: [Key] = []
    private(set) var owners: [Int] = []
    private(set) var counts: [Int] = []
    /// Bucket ordinals of each owner, in order of creation.
    private(set) var byOwner: [[Int]] = []

    private struct BucketKey: Hashable {
        var owner: Int
        var key: Key
    }

    /// The ordinal of `key` under `owner`, created (with count 0) if new.
    mutating func ordinal(owner: Int, key: Key) -> Int {
        let bucketKey = BucketKey(owner: owner, key: key)
        if let ordinal = ordinals[bucketKey] { return ordinal }
        let ordinal = keys.count
        ordinals[bucketKey] = ordinal
        keys.append(key)
        owners.append(owner)
        counts.append(0)
        if owner >= byOwner.count { byOwner += Array(repeating: [], count: owner + 1 - byOwner.count) }
        byOwner[owner].append(ordinal)
        return ordinal
    }

    /// The ordinal of `key` under `owner` if a document was counted there.
    func existing(owner: Int, key: Key) -> Int? { ordinals[BucketKey(owner: owner, key: key)] }

    @inline(__always)
    mutating func count(_ ordinal: Int) { counts[ordinal] += 1 }

    func buckets(of owner: Int) -> [Int] { owner < byOwner.count ? byOwner[owner] : [] }
}

/// One sub-aggregation under a bucket aggregation.
package typealias NamedAggregator = (name: String, aggregator: any Aggregator)

extension Array where Element == NamedAggregator {
    func beginSegment(_ context: SegmentContext) throws(SearchError) {
        for (_, aggregator) in self { try aggregator.beginSegment(context) }
    }

    @inline(__always)
    func collect(_ doc: Int32, score: Float, bucket: Int) {
        for (_, aggregator) in self { aggregator.collect(doc, score: score, owner: bucket) }
    }

    /// Adds each sub-aggregation's result for `bucket` to a bucket object.
    func appendResults(to object: inout JSONObject, bucket: Int) throws(SearchError) {
        for (name, aggregator) in self { object.append(key: name, value: try aggregator.result(owner: bucket)) }
    }
}

import SiftCore
