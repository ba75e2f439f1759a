import SiftCore
import SiftIndex
import SiftQuery

/// `terms`: a bucket per distinct value of a keyword, ip, numeric, date or boolean field, the
/// `size` best by `order` (default: most documents first, then by key), with
/// `sum_other_doc_count` for the rest.
package final class TermsAggregator: Aggregator {
    enum Key: Hashable {
        case bytes([UInt8])
        case number(Int64)
    }

    private let field: String
    private let size: Int
    private let minDocCount: Int
    private let order: [BucketOrder]
    private let missing: JSONValue?
    private let include: (([UInt8]) -> Bool)?
    private let subs: [NamedAggregator]
    private let render: DateRenderer?

    private var table = BucketTable<Key>()
    private var source: ValuesSource?
    private var kind: ValuesSource.Kind = .unmapped
    private var fieldType: FieldType?
    /// The bucket of each ordinal of the current segment under owner 0 (-1: not looked up yet;
    /// -2: excluded), and the same per other owner.
    private var rootBuckets: [Int] = []
    private var segmentBuckets: [Int: [Int]] = [:]
    private var missingKey: Key?

    package init(field: String, size: Int, minDocCount: Int, order: [BucketOrder], missing: JSONValue?,
                 include: (([UInt8]) -> Bool)?, subs: [NamedAggregator], render: DateRenderer?) {
        self.field = field
        self.size = size
        self.minDocCount = minDocCount
        self.order = order
        self.missing = missing
        self.include = include
        self.subs = subs
        self.render = render
    }

    package func beginSegment(_ context: SegmentContext) throws(SearchError) {
        let values = try ValuesSource(field: field, context: context)
        source = values
        kind = values.kind
        fieldType = fieldType ?? context.target.mappings.field(field)?.type
        rootBuckets.removeAll(keepingCapacity: true)
        segmentBuckets.removeAll(keepingCapacity: true)
        missingKey = nil
        if let missing, let mapping = context.target.mappings.field(field) {
            switch values.kind {
            case .ordinals:
                if mapping.type == .ip, let bytes = IPAddress.parse(FieldValues.text(missing)) {
                    missingKey = .bytes(bytes)
                } else {
                    missingKey = .bytes(Array(FieldValues.text(missing).utf8))
                }
            case .numeric:
                missingKey = try FieldValues(index: context.target.name, now: 0).columnValue(missing, mapping).map { .number($0) }
            case .unmapped:
                break
            }
        } else if let missing {
            missingKey = .bytes(Array(FieldValues.text(missing).utf8))
        }
        try subs.beginSegment(context)
    }

    package func collect(_ doc: Int32, score: Float, owner: Int) {
        guard var values = source else { return }
        let seen: Int
        switch values.kind {
        case .ordinals:
            let terms = values.terms
            if owner == 0 {
                if rootBuckets.isEmpty { rootBuckets = [Int](repeating: -1, count: values.ordinalCount) }
            } else if segmentBuckets[owner] == nil {
                segmentBuckets[owner] = [Int](repeating: -1, count: values.ordinalCount)
            }
            var previous = -1
            seen = values.forEachOrdinal(doc) { ordinal in
                let o = Int(ordinal)
                guard o != previous else { return }  // a value repeated in one document counts once
                previous = o
                var bucket = owner == 0 ? rootBuckets[o] : segmentBuckets[owner]![o]
                if bucket == -1 {
                    let term = terms?.term(at: o) ?? []
                    bucket = include.map { $0(term) } ?? true ? table.ordinal(owner: owner, key: .bytes(term)) : -2
                    if owner == 0 { rootBuckets[o] = bucket } else { segmentBuckets[owner]![o] = bucket }
                }
                if bucket >= 0 { add(doc, score, bucket) }
            }
        case .numeric:
            var previous: Int64?
            seen = values.forEachRaw(doc) { raw in
                guard raw != previous else { return }
                previous = raw
                add(doc, score, table.ordinal(owner: owner, key: .number(raw)))
            }
        case .unmapped:
            seen = 0
        }
        source = values
        if seen == 0, let missingKey { add(doc, score, table.ordinal(owner: owner, key: missingKey)) }
    }

    @inline(__always)
    private func add(_ doc: Int32, _ score: Float, _ bucket: Int) {
        table.count(bucket)
        subs.collect(doc, score: score, bucket: bucket)
    }

    package func result(owner: Int) throws(SearchError) -> JSONValue {
        var buckets = table.buckets(of: owner).filter { table.counts[$0] >= max(minDocCount, 1) }
        buckets.sort(by: ranksBefore)
        let shown = buckets.prefix(size)
        let others = buckets.dropFirst(size).reduce(0) { $0 + table.counts[$1] }
        var list: [JSONValue] = []
        for bucket in shown {
            var object = JSONObject()
            appendKey(table.keys[bucket], to: &object)
            object.append(key: "doc_count", value: .int(Int64(table.counts[bucket])))
            try subs.appendResults(to: &object, bucket: bucket)
            list.append(.object(object))
        }
        return [
            "doc_count_error_upper_bound": 0,
            "sum_other_doc_count": .int(Int64(others)),
            "buckets": .array(list),
        ]
    }

    private func appendKey(_ key: Key, to object: inout JSONObject) {
        switch (key, fieldType) {
        case (.bytes(let bytes), .ip?):
            object.append(key: "key", value: .string(IPAddress.format(bytes) ?? ""))
        case (.bytes(let bytes), _):
            object.append(key: "key", value: .string(String(decoding: bytes, as: UTF8.self)))
        case (.number(let raw), .double?), (.number(let raw), .float?):
            object.append(key: "key", value: .double(SortableDouble.decode(raw)))
        case (.number(let raw), .date?):
            object.append(key: "key", value: .int(raw))
            if let render { object.append(key: "key_as_string", value: .string(render(raw))) }
        case (.number(let raw), .boolean?):
            object.append(key: "key", value: .int(raw))
            object.append(key: "key_as_string", value: .string(raw != 0 ? "true" : "false"))
        case (.number(let raw), _):
            object.append(key: "key", value: .int(raw))
        }
    }

    private func ranksBefore(_ a: Int, _ b: Int) -> Bool {
        for rule in order + [.keyAscending] {
            let c = compare(a, b, rule.key)
            if c != 0 { return rule.ascending ? c < 0 : c > 0 }
        }
        return false
    }

    private func compare(_ a: Int, _ b: Int, _ key: BucketOrder.Key) -> Int {
        switch key {
        case .count:
            return table.counts[a] == table.counts[b] ? 0 : (table.counts[a] < table.counts[b] ? -1 : 1)
        case .key:
            switch (table.keys[a], table.keys[b]) {
            case (.bytes(let x), .bytes(let y)): return MultiTermWeight.compare(x, y)
            case (.number(let x), .number(let y)): return x == y ? 0 : (x < y ? -1 : 1)
            case (.bytes, .number): return 1
            case (.number, .bytes): return -1
            }
        case .aggregation(let path, let metric):
            guard let name = path.first, let sub = subs.first(where: { $0.name == name })?.aggregator else { return 0 }
            let x = sub.sortValue(owner: a, metric: metric) ?? -.infinity
            let y = sub.sortValue(owner: b, metric: metric) ?? -.infinity
            return x == y ? 0 : (x < y ? -1 : 1)
        }
    }
}
