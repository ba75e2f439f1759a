import SiftCore

/// Bucket aggregations: `terms`, `date_histogram`, `histogram`, `range`, `date_range`, `filters`, `missing`.
extension AggregationParser {
    static func parseBucket(type: String, _ options: inout AggregationOptions,
                            subAggregations: [NamedAggregation]) throws(QueryError) -> Aggregation {
        switch type {
        case "terms": return .terms(try parseTerms(&options, subAggregations: subAggregations))
        case "date_histogram": return .dateHistogram(try parseDateHistogram(&options, subAggregations: subAggregations))
        case "histogram": return .histogram(try parseHistogram(&options, subAggregations: subAggregations))
        case "range": return .range(try parseRange(&options))
        case "date_range": return .dateRange(try parseDateRange(&options))
        case "filters": return .filters(try parseFilters(&options))
        default: return .missing(field: try options.field())
        }
    }

    private static func parseTerms(_ options: inout AggregationOptions,
                                   subAggregations: [NamedAggregation]) throws(QueryError) -> TermsAggregation {
        var terms = TermsAggregation(field: try options.field())
        if let size = try options.int("size") {
            guard size > 0 else { throw options.failure("[size] must be greater than 0. Found [\(size)] in [\(options.name)]") }
            terms.size = Int(clamping: size)
        }
        if let shardSize = try options.int("shard_size") {
            guard shardSize > 0 else {
                throw options.failure("[shard_size] must be greater than 0. Found [\(shardSize)] in [\(options.name)]")
            }
            terms.shardSize = Int(clamping: shardSize)
        }
        terms.minDocCount = try minDocCount(&options) ?? 1
        if let order = options.value("order") {
            terms.order = try parseOrder(order, options, subAggregations: subAggregations)
        }
        terms.missing = options.value("missing")
        terms.include = try termFilter(&options, "include")
        terms.exclude = try termFilter(&options, "exclude")
        if case .partition? = terms.exclude { throw options.failure("[exclude] cannot be a partition") }
        terms.showTermDocCountError = try options.bool("show_term_doc_count_error") ?? false
        terms.format = try options.string("format")
        // Accepted and ignored, as they only tune Elasticsearch's execution.
        for key in ["execution_hint", "collect_mode", "value_type", "shard_min_doc_count"] { _ = options.value(key) }
        return terms
    }

    private static func termFilter(_ options: inout AggregationOptions, _ key: String) throws(QueryError) -> TermsAggregation.TermFilter? {
        guard let value = options.value(key) else { return nil }
        switch value {
        case .string(let regex): return .regex(regex)
        case .array(let values): return .values(values)
        case .object(let object):
            guard let partition = object["partition"].flatMap(AggregationOptions.number),
                  let count = object["num_partitions"].flatMap(AggregationOptions.number),
                  object.count == 2, count >= 1, partition >= 0, partition < count,
                  partition.rounded() == partition, count.rounded() == count
            else {
                throw options.failure("[\(key)] must be a regex, an array of values, or {partition, num_partitions}")
            }
            return .partition(Int64(partition), of: Int64(count))
        default:
            throw options.failure("[\(key)] must be a regex, an array of values, or {partition, num_partitions}")
        }
    }

    private static func parseDateHistogram(_ options: inout AggregationOptions,
                                           subAggregations: [NamedAggregation]) throws(QueryError) -> DateHistogramAggregation {
        let field = try options.field()
        let fixed = try options.string("fixed_interval")
        let calendar = try options.string("calendar_interval")
        let legacy = try options.string("interval")
        let interval: DateRounding.Interval
        switch (fixed, calendar, legacy) {
        case (let fixed?, nil, nil): interval = try DateRounding.fixedInterval(fixed)
        case (nil, let calendar?, nil): interval = try DateRounding.calendarInterval(calendar)
        case (nil, nil, let legacy?): interval = try DateRounding.legacyInterval(legacy)
        case (nil, nil, nil): throw options.failure("Invalid interval specified, must be non-null and non-empty")
        case (_?, _?, nil): throw options.failure("Cannot use [fixed_interval] with [calendar_interval] configuration option.")
        default: throw options.failure("Cannot use [interval] with [fixed_interval] or [calendar_interval] configuration options.")
        }
        let timeZone = try options.string("time_zone").map { (name: String) throws(QueryError) in try TimeZoneRules(name) } ?? .utc
        var offset: Int64 = 0
        if let value = options.value("offset") {
            if let millis = value.intValue {
                offset = millis
            } else if let text = value.stringValue {
                offset = try DateRounding.offset(text)
            } else {
                throw options.failure("failed to parse field [offset]: expected a time value, got [\(value)]")
            }
        }
        var histogram = DateHistogramAggregation(
            field: field, rounding: DateRounding(interval: interval, timeZone: timeZone, offsetMillis: offset))
        histogram.minDocCount = try minDocCount(&options) ?? 0
        histogram.extendedBounds = try bounds(&options, "extended_bounds")
        histogram.hardBounds = try bounds(&options, "hard_bounds")
        if let format = try options.string("format") { histogram.format = try ZonedDateFormat(format) }
        histogram.keyed = try options.bool("keyed") ?? false
        histogram.missing = options.value("missing")
        if let order = options.value("order") {
            histogram.order = try parseOrder(order, options, subAggregations: subAggregations)
        }
        return histogram
    }

    private static func parseHistogram(_ options: inout AggregationOptions,
                                       subAggregations: [NamedAggregation]) throws(QueryError) -> HistogramAggregation {
        let field = try options.field()
        guard let interval = try options.double("interval"), interval > 0 else {
            throw options.failure("[interval] must be >0 for histogram aggregation [\(options.name)]")
        }
        var histogram = HistogramAggregation(field: field, interval: interval)
        histogram.offset = try options.double("offset") ?? 0
        histogram.minDocCount = try minDocCount(&options) ?? 0
        histogram.extendedBounds = try bounds(&options, "extended_bounds", numeric: true)
        histogram.hardBounds = try bounds(&options, "hard_bounds", numeric: true)
        histogram.keyed = try options.bool("keyed") ?? false
        if let missing = options.value("missing") {
            guard AggregationOptions.number(missing) != nil else {
                throw options.failure("failed to parse field [missing]: expected a number, got [\(missing)]")
            }
            histogram.missing = missing
        }
        histogram.format = try options.string("format")
        if let order = options.value("order") {
            histogram.order = try parseOrder(order, options, subAggregations: subAggregations)
        }
        return histogram
    }

    private static func minDocCount(_ options: inout AggregationOptions) throws(QueryError) -> Int64? {
        guard let count = try options.int("min_doc_count") else { return nil }
        guard count >= 0 else {
            throw options.failure("[min_doc_count] must be greater than or equal to 0. Found [\(count)] in [\(options.name)]")
        }
        return count
    }

    /// `{"min": …, "max": …}`, either optional; numbers only for `histogram`.
    private static func bounds(_ options: inout AggregationOptions, _ key: String,
                               numeric: Bool = false) throws(QueryError) -> HistogramBounds? {
        guard let object = try options.object(key) else { return nil }
        var bounds = HistogramBounds()
        for (bound, value) in object {
            guard bound == "min" || bound == "max" else { throw options.failure("[\(key)] unknown field [\(bound)]") }
            if value.isNull { continue }
            if numeric && AggregationOptions.number(value) == nil || !numeric && value.objectValue != nil {
                throw options.failure("[\(key)] failed to parse field [\(bound)]: got [\(value)]")
            }
            if bound == "min" { bounds.min = value } else { bounds.max = value }
        }
        if numeric, let min = bounds.min.flatMap(AggregationOptions.number), let max = bounds.max.flatMap(AggregationOptions.number),
           min > max {
            throw options.failure("[\(key)] max bound [\(max)] must be greater than min bound [\(min)]")
        }
        return bounds
    }

    private static func parseRanges(_ options: inout AggregationOptions) throws(QueryError) -> [RangeSpec] {
        guard let list = options.value("ranges")?.arrayValue, !list.isEmpty else {
            throw options.failure("No [ranges] specified for the [\(options.name)] aggregation")
        }
        var ranges: [RangeSpec] = []
        for item in list {
            guard let object = item.objectValue else { throw options.failure("[ranges] must hold objects, got [\(item)]") }
            var range = RangeSpec()
            for (key, value) in object {
                switch key {
                case "key":
                    guard let text = value.stringValue else { throw options.failure("[ranges] [key] must be a string, got [\(value)]") }
                    range.key = text
                case "from", "to":
                    guard !value.isNull else { continue }
                    guard value.intValue != nil || value.doubleValue != nil || value.stringValue != nil else {
                        throw options.failure("[ranges] [\(key)] must be a number or a string, got [\(value)]")
                    }
                    if key == "from" { range.from = value } else { range.to = value }
                default:
                    throw options.failure("[range] unknown field [\(key)]")
                }
            }
            ranges.append(range)
        }
        return ranges
    }

    private static func parseRange(_ options: inout AggregationOptions) throws(QueryError) -> RangeAggregation {
        var range = RangeAggregation(field: try options.field(), ranges: try parseRanges(&options))
        range.keyed = try options.bool("keyed") ?? false
        range.format = try options.string("format")
        range.missing = options.value("missing")
        return range
    }

    private static func parseDateRange(_ options: inout AggregationOptions) throws(QueryError) -> DateRangeAggregation {
        var range = DateRangeAggregation(field: try options.field(), ranges: try parseRanges(&options))
        range.keyed = try options.bool("keyed") ?? false
        if let format = try options.string("format") { range.format = try ZonedDateFormat(format) }
        if let zone = try options.string("time_zone") { range.timeZone = try TimeZoneRules(zone) }
        range.missing = options.value("missing")
        return range
    }

    private static func parseFilters(_ options: inout AggregationOptions) throws(QueryError) -> FiltersAggregation {
        let filters: FiltersAggregation.Filters
        switch options.value("filters") {
        case .object(let object)?:
            var named: [FiltersAggregation.NamedFilter] = []
            for (key, body) in object { named.append(.init(key: key, query: try parseQuery(body))) }
            guard !named.isEmpty else { throw options.failure("[filters] cannot be empty.") }
            filters = .named(named.sorted { $0.key < $1.key })
        case .array(let list)?:
            var queries: [Query] = []
            for body in list { queries.append(try parseQuery(body)) }
            guard !queries.isEmpty else { throw options.failure("[filters] cannot be empty.") }
            filters = .anonymous(queries)
        case let other?:
            throw options.failure("[filters] must be an object of named filters or an array, got [\(other)]")
        case nil:
            throw options.failure("Required [filters]")
        }
        var aggregation = FiltersAggregation(filters: filters)
        aggregation.otherBucket = try options.bool("other_bucket") ?? false
        if let key = try options.string("other_bucket_key") {
            aggregation.otherBucketKey = key
            aggregation.otherBucket = true
        }
        aggregation.keyed = try options.bool("keyed") ?? true
        return aggregation
    }

    // MARK: Order

    /// `{"_count": "desc"}`, `[{"_key": "asc"}, …]` or `{"stats.avg": "desc"}`; a `_key` ascending
    /// tie-break is appended unless the key is already compared, as Elasticsearch does.
    static func parseOrder(_ value: JSONValue, _ options: AggregationOptions,
                           subAggregations: [NamedAggregation]) throws(QueryError) -> [BucketOrder] {
        let entries: [JSONValue] = value.arrayValue ?? [value]
        var orders: [BucketOrder] = []
        for entry in entries {
            guard let object = entry.objectValue, !object.isEmpty else {
                throw options.failure("[order] must be an object or an array of objects, got [\(entry)]")
            }
            for (path, direction) in object {
                let ascending: Bool
                switch direction.stringValue?.lowercased() {
                case "asc": ascending = true
                case "desc": ascending = false
                default: throw .parsing(reason: "Unknown order direction [\(direction.stringValue ?? direction.description)]")
                }
                let key = try orderKey(path, options, subAggregations: subAggregations)
                orders.append(BucketOrder(key, ascending: ascending))
            }
        }
        if !orders.contains(where: { $0.key == .key }) { orders.append(.keyAscending) }
        return orders
    }

    private static func orderKey(_ path: String, _ options: AggregationOptions,
                                 subAggregations: [NamedAggregation]) throws(QueryError) -> BucketOrder.Key {
        switch path {
        case "_count": return .count
        case "_key", "_term", "_time": return .key
        default: break
        }
        var elements = path.split(separator: ">", omittingEmptySubsequences: false).map(String.init)
        var metric: String?
        if var last = elements.popLast() {
            if last.hasSuffix("]"), let open = last.firstIndex(of: "[") {
                metric = String(last[last.index(after: open)..<last.index(before: last.endIndex)])
                last = String(last[..<open])
            } else if let dot = last.firstIndex(of: ".") {
                metric = String(last[last.index(after: dot)...])
                last = String(last[..<dot])
            }
            elements.append(last)
        }
        func invalid(_ reason: String) -> QueryError {
            .illegalArgument(reason: "Invalid aggregation order path [\(path)]. \(reason)")
        }
        var level = subAggregations
        var target: NamedAggregation?
        for element in elements {
            guard let found = level.first(where: { $0.name == element }) else {
                throw invalid("The provided aggregation [\(element)] either does not exist, or is a pipeline aggregation and cannot be used to sort the buckets.")
            }
            target = found
            level = found.subAggregations
        }
        if let target, target.kind.isMultiValueMetric, metric == nil {
            throw invalid("When ordering on a multi-value metrics aggregation a metric name must be specified.")
        }
        return .aggregation(path: elements, metric: metric)
    }
}
