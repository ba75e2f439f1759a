import SiftCore
import SiftIndex
import SiftNative
import SiftQuery

/// Turns the request's aggregation tree into aggregators for one search: values the request wrote
/// as JSON (`missing`, range and histogram bounds, dates and date math) are read with the field's
/// type from the first searched index that maps it.
package struct AggregationBuilder {
    let targets: [SearchTarget]
    let now: Int64

    package init(targets: [SearchTarget], now: Int64) {
        self.targets = targets
        self.now = now
    }

    package func build(_ aggregations: [NamedAggregation]) throws(SearchError) -> [NamedAggregator] {
        var built: [NamedAggregator] = []
        for aggregation in aggregations { built.append((aggregation.name, try build(aggregation))) }
        return built
    }

    private func build(_ node: NamedAggregation) throws(SearchError) -> any Aggregator {
        let subs = try build(node.subAggregations)
        switch node.kind {
        case .terms(let terms):
            return TermsAggregator(
                field: terms.field, size: terms.size, minDocCount: Int(terms.minDocCount), order: terms.order,
                missing: terms.missing, include: try termFilter(include: terms.include, exclude: terms.exclude),
                subs: subs, render: renderer(terms.field, nil, .utc))
        case .dateHistogram(let histogram):
            return HistogramAggregator(
                field: histogram.field, rounding: .date(histogram.rounding), minDocCount: Int(histogram.minDocCount),
                extendedBounds: try bounds(histogram.extendedBounds, histogram.field),
                hardBounds: try bounds(histogram.hardBounds, histogram.field), keyed: histogram.keyed,
                order: histogram.order.first ?? .keyAscending, missing: try number(histogram.missing, histogram.field),
                subs: subs, render: renderer(histogram.field, histogram.format, histogram.rounding.timeZone))
        case .histogram(let histogram):
            return HistogramAggregator(
                field: histogram.field, rounding: .numeric(interval: histogram.interval, offset: histogram.offset),
                minDocCount: Int(histogram.minDocCount), extendedBounds: try bounds(histogram.extendedBounds, histogram.field),
                hardBounds: try bounds(histogram.hardBounds, histogram.field), keyed: histogram.keyed,
                order: histogram.order.first ?? .keyAscending, missing: try number(histogram.missing, histogram.field),
                subs: subs, render: nil)
        case .range(let range):
            return RangeAggregator(
                field: range.field, ranges: try ranges(range.ranges, range.field, .utc), keyed: range.keyed,
                missing: try number(range.missing, range.field), subs: subs, render: nil)
        case .dateRange(let range):
            return RangeAggregator(
                field: range.field, ranges: try ranges(range.ranges, range.field, range.timeZone), keyed: range.keyed,
                missing: try number(range.missing, range.field), subs: subs,
                render: renderer(range.field, range.format, range.timeZone) ?? { ZonedDateFormat.strictDateOptionalTime.format($0, timeZone: range.timeZone) })
        case .filters(let filters):
            let list: [(name: String?, query: Query)]
            switch filters.filters {
            case .named(let named): list = named.map { ($0.key, $0.query) }
            case .anonymous(let queries): list = queries.map { (nil, $0) }
            }
            return FiltersAggregator(filters: list, otherBucketKey: filters.otherBucket ? filters.otherBucketKey : nil,
                                     single: false, subs: subs, now: now)
        case .filter(let query):
            return FiltersAggregator(filters: [(nil, query)], otherBucketKey: nil, single: true, subs: subs, now: now)
        case .missing(let field):
            var bool = BoolQuery()
            bool.mustNot = [.exists(field: field)]
            return FiltersAggregator(filters: [(nil, .bool(bool))], otherBucketKey: nil, single: true, subs: subs, now: now)
        case .min(let metric): return try stats(metric, .min)
        case .max(let metric): return try stats(metric, .max)
        case .avg(let metric): return try stats(metric, .avg)
        case .sum(let metric): return try stats(metric, .sum)
        case .valueCount(let metric): return try stats(metric, .valueCount)
        case .stats(let metric): return try stats(metric, .stats)
        case .extendedStats(let metric, let sigma): return try stats(metric, .extendedStats(sigma: sigma))
        case .cardinality(let cardinality):
            return CardinalityAggregator(field: cardinality.field, precisionThreshold: cardinality.precisionThreshold, missing: cardinality.missing)
        case .percentiles(let percentiles):
            return PercentilesAggregator(
                field: percentiles.field, percents: percentiles.percents, keyed: percentiles.keyed,
                compression: percentiles.compression, missing: try number(percentiles.missing, percentiles.field),
                render: renderer(percentiles.field, nil, .utc))
        case .topHits(let top):
            let sort: [SortSpec]
            let source: SourceFilter
            do throws(QueryError) {
                sort = try top.sort.map { (json: JSONValue) throws(QueryError) in try SortSpec.parse(json) } ?? []
                source = try top.source.map { (json: JSONValue) throws(QueryError) in try SourceFilter(json: json) } ?? .all
            } catch {
                throw SearchError(type: "parsing_exception", reason: error.description)
            }
            return TopHitsAggregator(size: top.size, from: top.from, sort: sort, source: source)
        }
    }

    private func stats(_ metric: MetricField, _ output: StatsAggregator.Output) throws(SearchError) -> any Aggregator {
        StatsAggregator(field: metric.field, output: output, missing: try number(metric.missing, metric.field),
                        render: renderer(metric.field, metric.format.flatMap { try? ZonedDateFormat($0) }, .utc))
    }

    /// The first mapping of `field` among the searched indices.
    private func mapping(_ field: String) -> (SearchTarget, FieldMapping)? {
        for target in targets { if let mapping = target.mappings.field(field) { return (target, mapping) } }
        return nil
    }

    /// A value as the aggregation computes with it: dates in millis, booleans 0/1, numbers as doubles.
    private func number(_ value: JSONValue?, _ field: String, roundUp: Bool = false, timeZone: TimeZoneRules = .utc) throws(SearchError) -> Double? {
        guard let value else { return nil }
        guard let (target, mapping) = mapping(field) else { return value.doubleValue }
        let values = FieldValues(index: target.name, now: now)
        switch mapping.type {
        case .date:
            return Double(try values.dateMillis(value, mapping, format: nil, timeZone: timeZone.id == "Z" ? nil : timeZone.id, roundUp: roundUp))
        case .boolean:
            return try values.boolean(value, mapping) ? 1 : 0
        default:
            return try values.double(value, mapping)
        }
    }

    private func bounds(_ bounds: HistogramBounds?, _ field: String) throws(SearchError) -> HistogramAggregator.Bounds? {
        guard let bounds else { return nil }
        return HistogramAggregator.Bounds(min: try number(bounds.min, field), max: try number(bounds.max, field))
    }

    private func ranges(_ specs: [RangeSpec], _ field: String, _ zone: TimeZoneRules) throws(SearchError) -> [RangeAggregator.Range] {
        var ranges: [RangeAggregator.Range] = []
        for spec in specs {
            ranges.append(RangeAggregator.Range(
                key: spec.key, from: try number(spec.from, field, timeZone: zone), to: try number(spec.to, field, timeZone: zone)))
        }
        return ranges
    }

    /// `key_as_string` / `value_as_string` for date fields: the aggregation's format, else the field's.
    private func renderer(_ field: String, _ format: ZonedDateFormat?, _ zone: TimeZoneRules) -> DateRenderer? {
        guard let (_, mapping) = mapping(field), mapping.type == .date else { return nil }
        let chosen = format ?? mapping.format.flatMap { try? ZonedDateFormat($0) } ?? ZonedDateFormat.strictDateOptionalTime
        return { chosen.format($0, timeZone: zone) }
    }

    /// `include`/`exclude` of terms: regular expressions over the whole term, or exact lists.
    private func termFilter(include: TermsAggregation.TermFilter?, exclude: TermsAggregation.TermFilter?) throws(SearchError) -> (([UInt8]) -> Bool)? {
        guard include != nil || exclude != nil else { return nil }
        let accept = try predicate(include)
        let reject = try predicate(exclude)
        return { term in (accept?(term) ?? true) && !(reject?(term) ?? false) }
    }

    private func predicate(_ filter: TermsAggregation.TermFilter?) throws(SearchError) -> (([UInt8]) -> Bool)? {
        switch filter {
        case nil:
            return nil
        case .regex(let pattern)?:
            let compiled: PCRE2Pattern
            do {
                compiled = try PCRE2Pattern(TermPattern(luceneRegex: pattern).pcre)
            } catch {
                throw .illegalArgument("invalid include/exclude pattern [\(pattern)]: \(error)")
            }
            let matcher = compiled.makeMatcher()
            return { (try? matcher.matches($0)) == true }
        case .values(let values)?:
            let set = Set(values.map { Array(FieldValues.text($0).utf8) })
            return { set.contains($0) }
        case .partition(let partition, let count)?:
            return { Int64(CardinalityHash.hash(bytes: $0) % UInt64(max(count, 1))) == partition }
        }
    }
}
