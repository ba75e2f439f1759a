import SiftCore
import SiftIndex
import SiftQuery

/// `date_histogram` and `histogram`: buckets of equal width (or calendar units in a time zone),
/// keyed by their start, in key order, with empty buckets filled in between (and out to
/// `extended_bounds`) when `min_doc_count` is 0.
package final class HistogramAggregator: Aggregator {
    package enum Rounding: Sendable {
        case date(DateRounding)
        case numeric(interval: Double, offset: Double)
    }

    /// Bounds in the rounding's units (millis for dates).
    package struct Bounds: Sendable {
        package var min: Double?
        package var max: Double?

        package init(min: Double?, max: Double?) {
            self.min = min
            self.max = max
        }
    }

    /// Elasticsearch's `search.max_buckets`.
    static let maxBuckets = 65_536

    private let field: String
    private let rounding: Rounding
    private let minDocCount: Int
    private let extendedBounds: Bounds?
    private let hardBounds: Bounds?
    private let keyed: Bool
    /// `_key` (the default, ascending) or `_count`.
    private let order: BucketOrder
    private let missing: Double?
    private let subs: [NamedAggregator]
    private let render: DateRenderer?

    /// Keys are bucket starts: epoch millis for dates, sortable double bits otherwise.
    private var table = BucketTable<Int64>()
    private var source: ValuesSource?

    package init(field: String, rounding: Rounding, minDocCount: Int, extendedBounds: Bounds?, hardBounds: Bounds?,
                 keyed: Bool, order: BucketOrder, missing: Double?, subs: [NamedAggregator], render: DateRenderer?) {
        self.field = field
        self.rounding = rounding
        self.minDocCount = minDocCount
        self.extendedBounds = extendedBounds
        self.hardBounds = hardBounds
        self.keyed = keyed
        self.order = order
        self.missing = missing
        self.subs = subs
        self.render = render
    }

    package func beginSegment(_ context: SegmentContext) throws(SearchError) {
        source = try ValuesSource(numericField: field, context: context, aggregation: "histogram")
        try subs.beginSegment(context)
    }

    package func collect(_ doc: Int32, score: Float, owner: Int) {
        guard var values = source else { return }
        var previous: Int64?
        let seen = values.forEachNumber(doc) { add($0, doc, score, owner, previous: &previous) }
        source = values
        if seen == 0, let missing { add(missing, doc, score, owner, previous: &previous) }
    }

    /// Counts `value`'s bucket unless the document's previous value (values come sorted) was in it.
    @inline(__always)
    private func add(_ value: Double, _ doc: Int32, _ score: Float, _ owner: Int, previous: inout Int64?) {
        if let hardBounds, let low = hardBounds.min, value < low { return }
        if let hardBounds, let high = hardBounds.max, value > high { return }
        let key = key(of: value)
        guard key != previous else { return }
        previous = key
        let bucket = table.ordinal(owner: owner, key: key)
        table.count(bucket)
        subs.collect(doc, score: score, bucket: bucket)
    }

    private func key(of value: Double) -> Int64 {
        switch rounding {
        case .date(let dates):
            return dates.floor(Int64(value))
        case .numeric(let interval, let offset):
            return SortableDouble.encode(((value - offset) / interval).rounded(.down) * interval + offset)
        }
    }

    private func next(after key: Int64) -> Int64 {
        switch rounding {
        case .date(let dates): return dates.next(after: key)
        case .numeric(let interval, _): return SortableDouble.encode(SortableDouble.decode(key) + interval)
        }
    }

    package func result(owner: Int) throws(SearchError) -> JSONValue {
        var buckets = table.buckets(of: owner)
        if minDocCount == 0 { buckets = try fillGaps(owner, buckets) }
        buckets = buckets.filter { table.counts[$0] >= minDocCount }
        let byCount = order.key == .count, ascending = order.ascending
        buckets.sort { a, b in
            let (x, y) = byCount ? (Int64(table.counts[a]), Int64(table.counts[b])) : (table.keys[a], table.keys[b])
            if x != y { return ascending ? x < y : x > y }
            return table.keys[a] < table.keys[b]
        }
        var list: [JSONValue] = []
        var byKey = JSONObject()
        for bucket in buckets {
            var object = JSONObject()
            let raw = table.keys[bucket]
            var name: String
            switch rounding {
            case .date:
                let text = render?(raw) ?? String(raw)
                object.append(key: "key_as_string", value: .string(text))
                object.append(key: "key", value: .int(raw))
                name = text
            case .numeric:
                let value = SortableDouble.decode(raw)
                object.append(key: "key", value: .double(value))
                name = String(value)
            }
            object.append(key: "doc_count", value: .int(Int64(table.counts[bucket])))
            try subs.appendResults(to: &object, bucket: bucket)
            if keyed {
                if byKey[name] != nil { name += "#\(bucket)" }
                byKey.append(key: name, value: .object(object))
            } else {
                list.append(.object(object))
            }
        }
        return ["buckets": keyed ? .object(byKey) : .array(list)]
    }

    /// Adds empty buckets between the first and last key, widened to `extended_bounds`.
    private func fillGaps(_ owner: Int, _ buckets: [Int]) throws(SearchError) -> [Int] {
        var low = buckets.map { table.keys[$0] }.min()
        var high = buckets.map { table.keys[$0] }.max()
        if let bounds = extendedBounds {
            if let min = bounds.min {
                let k = key(of: min)
                low = Swift.min(low ?? k, k)
            }
            if let max = bounds.max {
                let k = key(of: max)
                high = Swift.max(high ?? k, k)
            }
        }
        guard var current = low, let high else { return buckets }
        var filled = buckets
        var created = 0
        while current <= high {
            if table.existing(owner: owner, key: current) == nil {
                filled.append(table.ordinal(owner: owner, key: current))
                created += 1
                guard filled.count <= Self.maxBuckets else {
                    throw SearchError(
                        type: "too_many_buckets_exception",
                        reason: "Trying to create too many buckets. Must be less than or equal to: [\(Self.maxBuckets)] but this number of buckets was exceeded. This limit can be set by changing the [search.max_buckets] cluster level setting.")
                }
            }
            let following = next(after: current)
            guard following > current else { break }
            current = following
        }
        return filled
    }
}
