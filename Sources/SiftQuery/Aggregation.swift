import SiftCore

/// One entry of a search request's `aggs`: its name, what it computes, and what it computes per bucket.
package struct NamedAggregation: Sendable, Hashable {
    /// The key in the request, echoed in the response; never contains `[`, `]` or `>`.
    package var name: String
    package var kind: Aggregation
    /// `aggs` nested under this one, in request order; always empty for metrics.
    package var subAggregations: [NamedAggregation]
    /// `meta`, echoed as is in the response.
    package var meta: JSONObject?

    package init(name: String, kind: Aggregation, subAggregations: [NamedAggregation] = [], meta: JSONObject? = nil) {
        self.name = name
        self.kind = kind
        self.subAggregations = subAggregations
        self.meta = meta
    }
}

/// An aggregation as the request describes it: a value type that knows nothing about mappings.
///
/// Field values are resolved at execution, where the mapping is known: `missing` values, range
/// bounds and histogram bounds stay as written (numbers, date strings, date math) and are converted
/// with the field's type, the aggregation's ``ZonedDateFormat`` and time zone.
package enum Aggregation: Sendable, Hashable {
    // Bucket aggregations.
    case terms(TermsAggregation)
    case dateHistogram(DateHistogramAggregation)
    case histogram(HistogramAggregation)
    case range(RangeAggregation)
    case dateRange(DateRangeAggregation)
    case filters(FiltersAggregation)
    /// One bucket: the documents matching the query.
    case filter(Query)
    /// One bucket: the documents without a value in `field`.
    case missing(field: String)

    // Metric aggregations (no sub-aggregations).
    case min(MetricField)
    case max(MetricField)
    case avg(MetricField)
    case sum(MetricField)
    case valueCount(MetricField)
    case stats(MetricField)
    /// `stats` plus sum of squares, variance, standard deviation and its bounds at `sigma`.
    case extendedStats(MetricField, sigma: Double)
    case cardinality(CardinalityAggregation)
    case percentiles(PercentilesAggregation)
    case topHits(TopHitsAggregation)

    /// The type's name in requests and errors (and in `typed_keys` responses): `date_histogram`, `avg`, …
    package var typeName: String {
        switch self {
        case .terms: "terms"
        case .dateHistogram: "date_histogram"
        case .histogram: "histogram"
        case .range: "range"
        case .dateRange: "date_range"
        case .filters: "filters"
        case .filter: "filter"
        case .missing: "missing"
        case .min: "min"
        case .max: "max"
        case .avg: "avg"
        case .sum: "sum"
        case .valueCount: "value_count"
        case .stats: "stats"
        case .extendedStats: "extended_stats"
        case .cardinality: "cardinality"
        case .percentiles: "percentiles"
        case .topHits: "top_hits"
        }
    }

    /// Metrics compute values and take no sub-aggregations.
    package var isMetric: Bool {
        switch self {
        case .terms, .dateHistogram, .histogram, .range, .dateRange, .filters, .filter, .missing: false
        default: true
        }
    }

    /// Metrics with several values, which an `order` path must name one of (`stats.avg`).
    package var isMultiValueMetric: Bool {
        switch self {
        case .stats, .extendedStats, .percentiles: true
        default: false
        }
    }
}

/// The field and options every metric (`min` … `stats`) takes.
package struct MetricField: Sendable, Hashable {
    package var field: String
    /// The value to use for documents without one.
    package var missing: JSONValue?
    /// A `DecimalFormat` pattern for numbers, or a date format for dates, for `value_as_string`.
    package var format: String?

    package init(field: String, missing: JSONValue? = nil, format: String? = nil) {
        self.field = field
        self.missing = missing
        self.format = format
    }
}

/// One criterion of a bucket `order`; Elasticsearch compares by each in turn.
package struct BucketOrder: Sendable, Hashable {
    package enum Key: Sendable, Hashable {
        /// `_count`: the bucket's document count.
        case count
        /// `_key` (also `_term`, `_time`): the bucket's key.
        case key
        /// A sub-aggregation's value: `path` names aggregations from this bucket down (`a>b`), and
        /// `metric` picks one value of a multi-value metric (`stats.avg`, `pct[99.9]`).
        case aggregation(path: [String], metric: String?)
    }

    package var key: Key
    package var ascending: Bool

    package init(_ key: Key, ascending: Bool) {
        self.key = key
        self.ascending = ascending
    }

    package static let countDescending = BucketOrder(.count, ascending: false)
    package static let keyAscending = BucketOrder(.key, ascending: true)
}

/// `terms`: one bucket per distinct value of `field`, the `size` best by `order`.
package struct TermsAggregation: Sendable, Hashable {
    /// Terms filter: a regular expression (Lucene syntax, whole term), exact values, or a partition
    /// of the terms by hash (`include` only).
    package enum TermFilter: Sendable, Hashable {
        case regex(String)
        case values([JSONValue])
        case partition(Int64, of: Int64)
    }

    package var field: String
    package var size: Int = 10
    /// Accepted for compatibility; a single shard has nothing to do with it.
    package var shardSize: Int?
    /// The comparison chain; ends with `_key` ascending as a tie-break unless `_key` is in it.
    /// Default: `_count` descending, then `_key` ascending.
    package var order: [BucketOrder] = [.countDescending, .keyAscending]
    package var minDocCount: Int64 = 1
    package var missing: JSONValue?
    package var include: TermFilter?
    package var exclude: TermFilter?
    /// Adds `doc_count_error_upper_bound` per bucket (always 0 here).
    package var showTermDocCountError = false
    package var format: String?

    package init(field: String) {
        self.field = field
    }
}

/// `extended_bounds` or `hard_bounds` of a histogram; values stay as written (numbers, or dates and
/// date math for `date_histogram`).
package struct HistogramBounds: Sendable, Hashable {
    package var min: JSONValue?
    package var max: JSONValue?

    package init(min: JSONValue? = nil, max: JSONValue? = nil) {
        self.min = min
        self.max = max
    }
}

/// `date_histogram`: one bucket per interval of `field`, keyed by ``DateRounding/floor(_:)``.
package struct DateHistogramAggregation: Sendable, Hashable {
    package var field: String
    /// Interval, time zone and offset, ready for bucketing.
    package var rounding: DateRounding
    /// Default 0: empty buckets between the first and last (or `extendedBounds`) are returned.
    package var minDocCount: Int64 = 0
    package var extendedBounds: HistogramBounds?
    package var hardBounds: HistogramBounds?
    /// For `key_as_string`; `nil` means the field's format.
    package var format: ZonedDateFormat?
    package var keyed = false
    package var missing: JSONValue?
    package var order: [BucketOrder] = [.keyAscending]

    package init(field: String, rounding: DateRounding) {
        self.field = field
        self.rounding = rounding
    }
}

/// `histogram`: buckets of width `interval`, keyed `floor((value - offset) / interval) * interval + offset`.
package struct HistogramAggregation: Sendable, Hashable {
    package var field: String
    /// Positive.
    package var interval: Double
    package var offset: Double = 0
    package var minDocCount: Int64 = 0
    package var extendedBounds: HistogramBounds?
    package var hardBounds: HistogramBounds?
    package var keyed = false
    package var missing: JSONValue?
    package var order: [BucketOrder] = [.keyAscending]
    package var format: String?

    package init(field: String, interval: Double) {
        self.field = field
        self.interval = interval
    }
}

/// One range of `range` or `date_range`: `from` inclusive, `to` exclusive, either may be open.
package struct RangeSpec: Sendable, Hashable {
    package var key: String?
    /// A number, or for dates a date string or date math (`now-1d/d`).
    package var from: JSONValue?
    package var to: JSONValue?

    package init(key: String? = nil, from: JSONValue? = nil, to: JSONValue? = nil) {
        self.key = key
        self.from = from
        self.to = to
    }
}

/// `range`: one bucket per `ranges` entry, in request order; a value may fall in several.
package struct RangeAggregation: Sendable, Hashable {
    package var field: String
    package var ranges: [RangeSpec]
    package var keyed = false
    package var format: String?
    package var missing: JSONValue?

    package init(field: String, ranges: [RangeSpec]) {
        self.field = field
        self.ranges = ranges
    }
}

/// `date_range`: `range` over dates, bounds resolved with ``DateMath`` in `timeZone`.
package struct DateRangeAggregation: Sendable, Hashable {
    package var field: String
    package var ranges: [RangeSpec]
    package var keyed = false
    /// Parses string bounds and prints `from_as_string`/`to_as_string`; `nil` means the field's.
    package var format: ZonedDateFormat?
    /// For bounds without an offset and for rounding in date math.
    package var timeZone: TimeZoneRules = .utc
    package var missing: JSONValue?

    package init(field: String, ranges: [RangeSpec]) {
        self.field = field
        self.ranges = ranges
    }
}

/// `filters`: one bucket per query.
package struct FiltersAggregation: Sendable, Hashable {
    package struct NamedFilter: Sendable, Hashable {
        package var key: String
        package var query: Query

        package init(key: String, query: Query) {
            self.key = key
            self.query = query
        }
    }

    package enum Filters: Sendable, Hashable {
        /// `{"filters": {"errors": {…}, …}}`: buckets keyed by name, sorted by key as Elasticsearch does.
        case named([NamedFilter])
        /// `{"filters": [{…}, …]}`: buckets in order, rendered as an array.
        case anonymous([Query])
    }

    package var filters: Filters
    /// Adds a bucket for documents matching no filter, keyed `otherBucketKey`.
    package var otherBucket = false
    package var otherBucketKey = "_other_"
    /// For named filters: buckets as an object (default) or an array with `key` fields.
    package var keyed = true

    package init(filters: Filters) {
        self.filters = filters
    }
}

/// `cardinality`: approximate distinct count (see `HyperLogLogPlusPlus` in SiftSearch).
package struct CardinalityAggregation: Sendable, Hashable {
    package var field: String
    /// Counts below this are (nearly) exact; capped at 40,000 as in Elasticsearch.
    package var precisionThreshold: Int64 = 3000
    package var missing: JSONValue?

    package init(field: String) {
        self.field = field
    }
}

/// `percentiles` from a t-digest (see `TDigest` in SiftSearch).
package struct PercentilesAggregation: Sendable, Hashable {
    package static let defaultPercents: [Double] = [1, 5, 25, 50, 75, 95, 99]

    package var field: String
    /// Each in 0...100, in request order.
    package var percents: [Double] = defaultPercents
    /// `values` as an object keyed `"50.0"` (default) or an array of `{key, value}`.
    package var keyed = true
    /// t-digest compression.
    package var compression: Double = 100
    package var missing: JSONValue?
    package var format: String?

    package init(field: String) {
        self.field = field
    }
}

/// `top_hits`: the best documents of each bucket.
package struct TopHitsAggregation: Sendable, Hashable {
    package var size = 3
    package var from = 0
    /// Raw `sort`, in the search request's `sort` syntax.
    package var sort: JSONValue?
    /// Raw `_source` filter (`false`, a list, or `{includes, excludes}`).
    package var source: JSONValue?
    /// Raw `fields`, `docvalue_fields` and `stored_fields`, when given.
    package var fields: JSONValue?
    package var docValueFields: JSONValue?
    package var storedFields: JSONValue?
    package var trackScores = false
    package var version = false
    package var seqNoPrimaryTerm = false
    package var explain = false

    package init() {}
}
