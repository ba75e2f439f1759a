import SiftCore

/// Metric aggregations: `min`, `max`, `avg`, `sum`, `value_count`, `stats`, `extended_stats`,
/// `cardinality`, `percentiles`, `top_hits`.
extension AggregationParser {
    static func parseMetric(type: String, _ options: inout AggregationOptions) throws(QueryError) -> Aggregation {
        switch type {
        case "cardinality": return .cardinality(try parseCardinality(&options))
        case "percentiles": return .percentiles(try parsePercentiles(&options))
        case "top_hits": return .topHits(try parseTopHits(&options))
        default: break
        }
        let field = MetricField(field: try options.field(), missing: options.value("missing"), format: try options.string("format"))
        _ = options.value("value_type")
        switch type {
        case "min": return .min(field)
        case "max": return .max(field)
        case "avg": return .avg(field)
        case "sum": return .sum(field)
        case "value_count": return .valueCount(field)
        case "stats": return .stats(field)
        default:
            let sigma = try options.double("sigma") ?? 2
            guard sigma >= 0 else {
                throw options.failure("[sigma] must be greater than or equal to 0. Found [\(sigma)] in [\(options.name)]")
            }
            return .extendedStats(field, sigma: sigma)
        }
    }

    private static func parseCardinality(_ options: inout AggregationOptions) throws(QueryError) -> CardinalityAggregation {
        var cardinality = CardinalityAggregation(field: try options.field())
        if let threshold = try options.int("precision_threshold") {
            guard threshold >= 0 else {
                throw options.failure("[precision_threshold] must be greater than or equal to 0. Found [\(threshold)] in [\(options.name)]")
            }
            cardinality.precisionThreshold = min(threshold, 40_000)
        }
        cardinality.missing = options.value("missing")
        for key in ["execution_hint", "value_type", "rehash"] { _ = options.value(key) }
        return cardinality
    }

    private static func parsePercentiles(_ options: inout AggregationOptions) throws(QueryError) -> PercentilesAggregation {
        var percentiles = PercentilesAggregation(field: try options.field())
        if let value = options.value("percents") {
            let list = value.arrayValue ?? [value]
            var percents: [Double] = []
            for item in list {
                guard let percent = AggregationOptions.number(item) else {
                    throw options.failure("failed to parse field [percents]: expected numbers, got [\(item)]")
                }
                guard (0...100).contains(percent) else {
                    throw .illegalArgument(reason: "percent must be in [0,100], got [\(percent)]")
                }
                percents.append(percent)
            }
            guard !percents.isEmpty else { throw options.failure("[percents] must not be empty") }
            percentiles.percents = percents
        }
        percentiles.keyed = try options.bool("keyed") ?? true
        percentiles.missing = options.value("missing")
        percentiles.format = try options.string("format")
        _ = options.value("value_type")
        if options.has("hdr") || options.has("method") {
            throw .unsupported(feature: "[hdr] percentiles (aggregation [\(options.name)]); use the default [tdigest]")
        }
        if let tdigest = try options.object("tdigest") {
            for (key, value) in tdigest {
                switch key {
                case "compression":
                    guard let compression = AggregationOptions.number(value), compression >= 0 else {
                        throw options.failure("[compression] must be greater than or equal to 0. Found [\(value)] in [\(options.name)]")
                    }
                    percentiles.compression = max(compression, 20)
                case "execution_hint":
                    continue
                default:
                    throw options.failure("[tdigest] unknown field [\(key)]")
                }
            }
        }
        return percentiles
    }

    private static func parseTopHits(_ options: inout AggregationOptions) throws(QueryError) -> TopHitsAggregation {
        var topHits = TopHitsAggregation()
        let size = try options.int("size") ?? 3
        let from = try options.int("from") ?? 0
        guard size >= 0 else { throw options.failure("[size] must be greater than or equal to 0. Found [\(size)] in [\(options.name)]") }
        guard from >= 0 else { throw options.failure("[from] must be greater than or equal to 0. Found [\(from)] in [\(options.name)]") }
        let window = size.addingReportingOverflow(from)
        guard !window.overflow, window.partialValue <= 100 else {
            throw .illegalArgument(reason: "Top hits result window is too large, the top hits aggregator [\(options.name)]'s from + size must be less than or equal to: [100] but was [\(window.overflow ? Int64.max : window.partialValue)]. This limit can be set by changing the [index.max_inner_result_window] index level setting.")
        }
        (topHits.size, topHits.from) = (Int(size), Int(from))
        topHits.sort = options.value("sort")
        topHits.source = options.value("_source")
        topHits.fields = options.value("fields")
        topHits.docValueFields = options.value("docvalue_fields")
        topHits.storedFields = options.value("stored_fields")
        topHits.trackScores = try options.bool("track_scores") ?? false
        topHits.version = try options.bool("version") ?? false
        topHits.seqNoPrimaryTerm = try options.bool("seq_no_primary_term") ?? false
        topHits.explain = try options.bool("explain") ?? false
        return topHits
    }
}
