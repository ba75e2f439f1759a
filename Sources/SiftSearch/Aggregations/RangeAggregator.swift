import SiftCore

/// `range` and `date_range`: a bucket per `[from, to)` range (they may overlap; a document counts
/// in each it falls into), in request order.
package final class RangeAggregator: Aggregator {
    package struct Range: Sendable {
        package var key: String?
        /// Inclusive lower bound (millis for dates); nil is unbounded.
        package var from: Double?
        /// Exclusive upper bound.
        package var to: Double?

        package init(key: String?, from: Double?, to: Double?) {
            self.key = key
            self.from = from
            self.to = to
        }
    }

    private let field: String
    private let ranges: [Range]
    private let keyed: Bool
    private let missing: Double?
    private let subs: [NamedAggregator]
    /// Renders bounds of date ranges (`from_as_string`, and the keys).
    private let render: DateRenderer?
    private var counts: [Int] = []
    private var source: ValuesSource?

    package init(field: String, ranges: [Range], keyed: Bool, missing: Double?, subs: [NamedAggregator], render: DateRenderer?) {
        self.field = field
        self.ranges = ranges
        self.keyed = keyed
        self.missing = missing
        self.subs = subs
        self.render = render
    }

    package func beginSegment(_ context: SegmentContext) throws(SearchError) {
        source = try ValuesSource(numericField: field, context: context, aggregation: "range")
        try subs.beginSegment(context)
    }

    package func collect(_ doc: Int32, score: Float, owner: Int) {
        guard var values = source else { return }
        let base = owner * ranges.count
        if counts.count < base + ranges.count { counts += repeatElement(0, count: base + ranges.count - counts.count) }
        var hit = [Bool](repeating: false, count: ranges.count)
        let seen = values.forEachNumber(doc) { mark($0, &hit) }
        source = values
        if seen == 0, let missing { mark(missing, &hit) }
        for i in ranges.indices where hit[i] {
            counts[base + i] += 1
            subs.collect(doc, score: score, bucket: base + i)
        }
    }

    private func mark(_ value: Double, _ hit: inout [Bool]) {
        for (i, range) in ranges.enumerated() where (range.from.map { value >= $0 } ?? true) && (range.to.map { value < $0 } ?? true) {
            hit[i] = true
        }
    }

    package func result(owner: Int) throws(SearchError) -> JSONValue {
        var list: [JSONValue] = []
        var byKey = JSONObject()
        for (i, range) in ranges.enumerated() {
            let bucket = owner * ranges.count + i
            var object = JSONObject()
            let key = range.key ?? "\(text(range.from))-\(text(range.to))"
            if !keyed { object.append(key: "key", value: .string(key)) }
            if let from = range.from {
                object.append(key: "from", value: .double(from))
                if let render { object.append(key: "from_as_string", value: .string(render(Int64(from)))) }
            }
            if let to = range.to {
                object.append(key: "to", value: .double(to))
                if let render { object.append(key: "to_as_string", value: .string(render(Int64(to)))) }
            }
            object.append(key: "doc_count", value: .int(Int64(bucket < counts.count ? counts[bucket] : 0)))
            try subs.appendResults(to: &object, bucket: bucket)
            if keyed { byKey.append(key: key, value: .object(object)) } else { list.append(.object(object)) }
        }
        return ["buckets": keyed ? .object(byKey) : .array(list)]
    }

    /// A bound as Elasticsearch writes it in keys: `*` when open, a date string, or a double.
    private func text(_ bound: Double?) -> String {
        guard let bound else { return "*" }
        if let render { return render(Int64(bound)) }
        return String(bound)
    }
}
