import SiftCore

/// Turns a search request's `aggs` (or `aggregations`) object into ``NamedAggregation`` trees.
///
/// Shapes, defaults and error messages follow Elasticsearch 8: an unknown type or option is an error
/// that names it, never ignored. Everything that can be checked without a mapping is checked here
/// (intervals, time zones, formats, order paths, bounds), so execution only meets field errors.
package enum AggregationParser {
    /// Parses the value of `aggs`: aggregation name → `{"<type>": {…}, "aggs": {…}, "meta": {…}}`.
    ///
    /// - Throws: `QueryError` naming the aggregation and the offending type or option.
    package static func parse(_ aggs: JSONObject) throws(QueryError) -> [NamedAggregation] {
        var result: [NamedAggregation] = []
        result.reserveCapacity(aggs.count)
        for (name, body) in aggs {
            result.append(try parseAggregation(name: name, body: body))
        }
        return result
    }

    /// Parses `aggs` given as any JSON value (it must be an object).
    package static func parse(_ aggs: JSONValue) throws(QueryError) -> [NamedAggregation] {
        guard let object = aggs.objectValue else {
            throw .parsing(reason: "Expected [START_OBJECT] for [aggregations], but found [\(aggs)]")
        }
        return try parse(object)
    }

    private static func parseAggregation(name: String, body: JSONValue) throws(QueryError) -> NamedAggregation {
        guard !name.contains(where: { $0 == "[" || $0 == "]" || $0 == ">" }) else {
            throw .parsing(reason: "Invalid aggregation name [\(name)]. Aggregation names can contain any character except '[', ']', and '>'")
        }
        guard let object = body.objectValue else {
            throw .parsing(reason: "Aggregation definition for [\(name)] starts with a [\(body.tokenName)], expected a [START_OBJECT].")
        }
        var type: (name: String, body: JSONValue)?
        var subBody: (key: String, value: JSONValue)?
        var meta: JSONObject?
        for (key, value) in object {
            switch key {
            case "meta":
                guard let metaObject = value.objectValue else {
                    throw .parsing(reason: "Expected [START_OBJECT] under [meta], but got a [\(value.tokenName)] in [\(name)]")
                }
                meta = metaObject
            case "aggs", "aggregations":
                if subBody != nil { throw .parsing(reason: "Found two sub aggregation definitions under [\(name)]") }
                subBody = (key, value)
            default:
                if let type {
                    throw .parsing(reason: "Found two aggregation type definitions in [\(name)]: [\(type.name)] and [\(key)]")
                }
                type = (key, value)
            }
        }
        guard let type else { throw .parsing(reason: "Missing definition for aggregation [\(name)]") }

        var subAggregations: [NamedAggregation] = []
        if let subBody {
            guard let subObject = subBody.value.objectValue else {
                throw .parsing(reason: "Expected [START_OBJECT] under [\(subBody.key)], but got a [\(subBody.value.tokenName)] in [\(name)]")
            }
            subAggregations = try parse(subObject)
        }
        let kind = try parseKind(type: type.name, body: type.body, name: name, subAggregations: subAggregations)
        if kind.isMetric && !subAggregations.isEmpty {
            throw .parsing(reason: "Aggregator [\(name)] of type [\(type.name)] cannot accept sub-aggregations")
        }
        return NamedAggregation(name: name, kind: kind, subAggregations: subAggregations, meta: meta)
    }

    private static func parseKind(type: String, body: JSONValue, name: String,
                                  subAggregations: [NamedAggregation]) throws(QueryError) -> Aggregation {
        switch type {
        case "filter":
            return .filter(try parseQuery(body))
        case "terms", "date_histogram", "histogram", "range", "date_range", "filters", "missing":
            var options = try AggregationOptions(type: type, name: name, body: body)
            let kind = try parseBucket(type: type, &options, subAggregations: subAggregations)
            try options.finish()
            return kind
        case "min", "max", "avg", "sum", "value_count", "stats", "extended_stats", "cardinality", "percentiles", "top_hits":
            var options = try AggregationOptions(type: type, name: name, body: body)
            let kind = try parseMetric(type: type, &options)
            try options.finish()
            return kind
        default:
            if knownUnsupportedTypes.contains(type) { throw .unsupported(feature: "[\(type)] aggregation") }
            throw .parsing(reason: "Unknown aggregation type [\(type)]\(suggestion(for: type))")
        }
    }

    /// A query body, where `{}` means `match_all` as in Elasticsearch.
    static func parseQuery(_ body: JSONValue) throws(QueryError) -> Query {
        if let object = body.objectValue, object.isEmpty { return .matchAll }
        return try QueryParser.parse(body)
    }

    // MARK: Messages

    static let supportedTypes = [
        "avg", "cardinality", "date_histogram", "date_range", "extended_stats", "filter", "filters", "histogram",
        "max", "min", "missing", "percentiles", "range", "stats", "sum", "terms", "top_hits", "value_count",
    ]

    /// Elasticsearch aggregations Sift does not implement: a clear "not supported" rather than "unknown".
    static let knownUnsupportedTypes: Set<String> = [
        "adjacency_matrix", "auto_date_histogram", "avg_bucket", "boxplot", "bucket_script", "bucket_selector",
        "bucket_sort", "categorize_text", "children", "composite", "cumulative_cardinality", "cumulative_sum",
        "derivative", "diversified_sampler", "extended_stats_bucket", "frequent_item_sets", "geo_bounds",
        "geo_centroid", "geo_line", "geohash_grid", "geohex_grid", "geotile_grid", "global", "ip_prefix", "ip_range",
        "matrix_stats", "max_bucket", "median_absolute_deviation", "min_bucket", "moving_fn", "moving_percentiles",
        "multi_terms", "nested", "normalize", "parent", "percentile_ranks", "percentiles_bucket", "random_sampler",
        "rare_terms", "rate", "reverse_nested", "sampler", "scripted_metric", "serial_diff", "significant_terms",
        "significant_text", "stats_bucket", "string_stats", "sum_bucket", "t_test", "time_series", "top_metrics",
        "variable_width_histogram", "weighted_avg",
    ]

    /// ` did you mean [terms]?` for names close to a known type (Levenshtein similarity above 0.7,
    /// as Elasticsearch's suggestions), else empty.
    static func suggestion(for type: String) -> String {
        var scored: [(name: String, score: Double)] = []
        for candidate in supportedTypes + knownUnsupportedTypes.sorted() {
            let distance = levenshtein(Array(type.lowercased()), Array(candidate))
            let score = 1 - Double(distance) / Double(max(type.count, candidate.count))
            if score > 0.7 { scored.append((candidate, score)) }
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.name < $1.name }
        switch scored.count {
        case 0: return ""
        case 1: return " did you mean [\(scored[0].name)]?"
        default: return " did you mean any of [\(scored.map(\.name).joined(separator: ", "))]?"
        }
    }

    private static func levenshtein(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, cb) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
