import SiftCore
import SiftIndex

/// `cardinality`: distinct values per bucket, exact below the precision threshold and a
/// HyperLogLog++ estimate above, as Elasticsearch counts them.
package final class CardinalityAggregator: Aggregator {
    private let field: String
    private let precisionThreshold: Int64
    private let missing: JSONValue?
    private var sketches: [HyperLogLogPlusPlus?] = []
    private var source: ValuesSource?
    /// Hash of each ordinal of the current segment (0: not computed yet).
    private var ordinalHashes: [UInt64] = []
    private var missingHash: UInt64?

    package init(field: String, precisionThreshold: Int64, missing: JSONValue?) {
        self.field = field
        self.precisionThreshold = precisionThreshold
        self.missing = missing
    }

    package func beginSegment(_ context: SegmentContext) throws(SearchError) {
        let values = try ValuesSource(field: field, context: context)
        source = values
        ordinalHashes = [UInt64](repeating: 0, count: values.ordinalCount)
        missingHash = missing.map { CardinalityHash.hash(FieldValues.text($0)) }
    }

    package func collect(_ doc: Int32, score: Float, owner: Int) {
        guard var values = source else { return }
        if owner >= sketches.count { sketches += Array(repeating: nil, count: owner + 1 - sketches.count) }
        var sketch = sketches[owner] ?? HyperLogLogPlusPlus(precisionThreshold: precisionThreshold)
        sketches[owner] = nil  // keep the sketch uniquely referenced while it grows
        let terms = values.terms
        var seen = 0
        switch values.kind {
        case .ordinals:
            seen = values.forEachOrdinal(doc) { ordinal in
                let o = Int(ordinal)
                if ordinalHashes[o] == 0 { ordinalHashes[o] = CardinalityHash.hash(bytes: terms?.term(at: o) ?? []) | 1 }
                sketch.add(hash: ordinalHashes[o])
            }
        case .numeric(let kind):
            seen = values.forEachRaw(doc) { raw in
                sketch.add(hash: kind == .double ? CardinalityHash.hash(SortableDouble.decode(raw)) : CardinalityHash.hash(raw))
            }
        case .unmapped:
            break
        }
        source = values
        if seen == 0, let missingHash { sketch.add(hash: missingHash) }
        sketches[owner] = sketch
    }

    package func result(owner: Int) -> JSONValue {
        ["value": .int(owner < sketches.count ? sketches[owner]?.estimate ?? 0 : 0)]
    }

    package func sortValue(owner: Int, metric: String?) -> Double? {
        Double(owner < sketches.count ? sketches[owner]?.estimate ?? 0 : 0)
    }
}

/// `percentiles`: a t-digest per bucket, answered at the requested percents.
package final class PercentilesAggregator: Aggregator {
    private let field: String
    private let percents: [Double]
    private let keyed: Bool
    private let compression: Double
    private let missing: Double?
    private let render: DateRenderer?
    private var digests: [TDigest?] = []
    private var source: ValuesSource?

    package init(field: String, percents: [Double], keyed: Bool, compression: Double, missing: Double?, render: DateRenderer?) {
        self.field = field
        self.percents = percents
        self.keyed = keyed
        self.compression = compression
        self.missing = missing
        self.render = render
    }

    package func beginSegment(_ context: SegmentContext) throws(SearchError) {
        source = try ValuesSource(numericField: field, context: context, aggregation: "percentiles")
    }

    package func collect(_ doc: Int32, score: Float, owner: Int) {
        guard var values = source else { return }
        if owner >= digests.count { digests += Array(repeating: nil, count: owner + 1 - digests.count) }
        var digest = digests[owner] ?? TDigest(compression: compression)
        digests[owner] = nil  // uniquely referenced while it grows
        let seen = values.forEachNumber(doc) { digest.add($0) }
        source = values
        if seen == 0, let missing { digest.add(missing) }
        digests[owner] = digest
    }

    /// Elasticsearch's keys: `"99.0"`, `"99.9"`.
    private static func key(_ percent: Double) -> String { String(percent) }

    package func result(owner: Int) -> JSONValue {
        let digest = owner < digests.count ? digests[owner] : nil
        var byKey = JSONObject()
        var list: [JSONValue] = []
        for percent in percents {
            let value: JSONValue = digest.map { $0.count > 0 ? .double($0.quantile(percent / 100)) : .null } ?? .null
            if keyed {
                byKey.append(key: Self.key(percent), value: value)
                if let render, let v = value.doubleValue { byKey.append(key: Self.key(percent) + "_as_string", value: .string(render(Int64(v)))) }
            } else {
                list.append(["key": .double(percent), "value": value])
            }
        }
        return ["values": keyed ? .object(byKey) : .array(list)]
    }

    package func sortValue(owner: Int, metric: String?) -> Double? {
        guard owner < digests.count, let digest = digests[owner], digest.count > 0 else { return nil }
        let text = metric.map { $0.hasPrefix("pct[") ? String($0.dropFirst(4).dropLast()) : $0 } ?? "50"
        guard let percent = Double(text) else { return nil }
        return digest.quantile(percent / 100)
    }
}
