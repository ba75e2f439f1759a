import SiftCore
import SiftIndex

/// min, max, sum, avg, value_count, stats and extended_stats: one pass of count, sum, sum of
/// squares, min and max per bucket, rendered in the shape each aggregation answers with.
package final class StatsAggregator: Aggregator {
    package enum Output: Sendable, Hashable {
        case min, max, sum, avg, valueCount, stats
        /// `sigma` sets the std_deviation_bounds (default 2).
        case extendedStats(sigma: Double)
    }

    private let field: String
    private let output: Output
    /// Substitute for documents without a value.
    private let missing: Double?
    /// Renders millis as `value_as_string` (date fields).
    private let render: DateRenderer?
    private var source: ValuesSource?
    private var isDate = false

    private var count: [Int] = []
    private var sum: [Double] = []
    private var sumOfSquares: [Double] = []
    private var minimum: [Double] = []
    private var maximum: [Double] = []

    package init(field: String, output: Output, missing: Double?, render: DateRenderer?) {
        self.field = field
        self.output = output
        self.missing = missing
        self.render = render
    }

    package func beginSegment(_ context: SegmentContext) throws(SearchError) {
        let values = output == .valueCount
            ? try ValuesSource(field: field, context: context)
            : try ValuesSource(numericField: field, context: context, aggregation: "\(output)")
        if case .numeric(.date) = values.kind { isDate = true }
        source = values
    }

    private func grow(_ owner: Int) {
        guard owner >= count.count else { return }
        let n = max(owner + 1, count.count * 2)
        count += repeatElement(0, count: n - count.count)
        sum += repeatElement(0, count: n - sum.count)
        sumOfSquares += repeatElement(0, count: n - sumOfSquares.count)
        minimum += repeatElement(.infinity, count: n - minimum.count)
        maximum += repeatElement(-.infinity, count: n - maximum.count)
    }

    package func collect(_ doc: Int32, score: Float, owner: Int) {
        grow(owner)
        guard var values = source else { return }
        defer { source = values }
        let seen: Int
        switch values.kind {
        case .ordinals:
            seen = values.forEachOrdinal(doc) { _ in }
            count[owner] += seen
        default:
            seen = values.forEachNumber(doc) { add($0, owner) }
        }
        if seen == 0, let missing { add(missing, owner) }
    }

    @inline(__always)
    private func add(_ value: Double, _ owner: Int) {
        count[owner] += 1
        sum[owner] += value
        sumOfSquares[owner] += value * value
        if value < minimum[owner] { minimum[owner] = value }
        if value > maximum[owner] { maximum[owner] = value }
    }

    package func result(owner: Int) -> JSONValue {
        grow(owner)
        let n = count[owner]
        let s = sum[owner]
        let lowest: Double? = n > 0 ? minimum[owner] : nil
        let highest: Double? = n > 0 ? maximum[owner] : nil
        let mean: Double? = n > 0 ? s / Double(n) : nil
        var object = JSONObject()
        func put(_ key: String, _ value: Double?, date: Bool = false) {
            object.append(key: key, value: value.map { .double($0) } ?? .null)
            if date, isDate, let value, let render { object.append(key: key + "_as_string", value: .string(render(Int64(value)))) }
        }
        switch output {
        case .min: put("value", lowest, date: true)
        case .max: put("value", highest, date: true)
        case .sum: put("value", s)
        case .avg: put("value", mean, date: true)
        case .valueCount: object.append(key: "value", value: .int(Int64(n)))
        case .stats, .extendedStats:
            object.append(key: "count", value: .int(Int64(n)))
            put("min", lowest)
            put("max", highest)
            put("avg", mean)
            put("sum", s)
            if case .extendedStats(let sigma) = output {
                appendExtended(&object, n: n, sum: s, squares: sumOfSquares[owner], sigma: sigma)
            }
            if isDate, let render, let lowest, let highest, let mean {
                object.append(key: "min_as_string", value: .string(render(Int64(lowest))))
                object.append(key: "max_as_string", value: .string(render(Int64(highest))))
                object.append(key: "avg_as_string", value: .string(render(Int64(mean))))
                object.append(key: "sum_as_string", value: .string(render(Int64(s))))
            }
        }
        return .object(object)
    }

    private func appendExtended(_ object: inout JSONObject, n: Int, sum: Double, squares: Double, sigma: Double) {
        guard n > 0 else {
            object.append(key: "sum_of_squares", value: .null)
            for key in ["variance", "variance_population", "variance_sampling", "std_deviation", "std_deviation_population", "std_deviation_sampling"] {
                object.append(key: key, value: .null)
            }
            let bounds: JSONObject = ["upper": .null, "lower": .null, "upper_population": .null, "lower_population": .null,
                                      "upper_sampling": .null, "lower_sampling": .null]
            object.append(key: "std_deviation_bounds", value: .object(bounds))
            return
        }
        let mean = sum / Double(n)
        let population = max(0, squares / Double(n) - mean * mean)
        let sampling = n > 1 ? max(0, (squares - Double(n) * mean * mean) / Double(n - 1)) : Double.nan
        let deviation = population.squareRoot(), sampleDeviation = sampling.squareRoot()
        func number(_ d: Double) -> JSONValue { d.isNaN ? .string("NaN") : .double(d) }
        object.append(key: "sum_of_squares", value: .double(squares))
        object.append(key: "variance", value: .double(population))
        object.append(key: "variance_population", value: .double(population))
        object.append(key: "variance_sampling", value: number(sampling))
        object.append(key: "std_deviation", value: .double(deviation))
        object.append(key: "std_deviation_population", value: .double(deviation))
        object.append(key: "std_deviation_sampling", value: number(sampleDeviation))
        let bounds: JSONObject = [
            "upper": .double(mean + sigma * deviation), "lower": .double(mean - sigma * deviation),
            "upper_population": .double(mean + sigma * deviation), "lower_population": .double(mean - sigma * deviation),
            "upper_sampling": number(mean + sigma * sampleDeviation), "lower_sampling": number(mean - sigma * sampleDeviation),
        ]
        object.append(key: "std_deviation_bounds", value: .object(bounds))
    }

    package func sortValue(owner: Int, metric: String?) -> Double? {
        guard owner < count.count else { return nil }
        let n = count[owner]
        switch metric ?? defaultMetric {
        case "count", "value_count": return Double(n)
        case "sum": return sum[owner]
        case "min": return n > 0 ? minimum[owner] : nil
        case "max": return n > 0 ? maximum[owner] : nil
        case "avg": return n > 0 ? sum[owner] / Double(n) : nil
        default: return nil
        }
    }

    private var defaultMetric: String {
        switch output {
        case .min: "min"
        case .max: "max"
        case .sum: "sum"
        case .avg: "avg"
        case .valueCount: "count"
        case .stats, .extendedStats: ""
        }
    }
}

/// Formats epoch millis for `*_as_string` and `key_as_string` (a date field's format and zone).
package typealias DateRenderer = @Sendable (Int64) -> String
