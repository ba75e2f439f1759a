import SiftCore

/// A parsed `_search` request: the body merged with the URL parameters, which override it as in
/// Elasticsearch (`q`, `from`, `size`, `_source*`, `track_total_hits`, ...; URL `sort` keys are
/// appended after the body's).
package struct SearchRequest: Sendable, Hashable {
    /// How far `hits.total` is counted exactly.
    package enum TrackTotalHits: Sendable, Hashable {
        /// `false`: no `hits.total` in the response.
        case disabled
        /// `true`: an exact count.
        case accurate
        /// Exact up to this many, then `relation: gte` (the default is 10,000).
        case upTo(Int)
    }

    /// `query` (or the URL's `q`); match-all by default.
    package var query: Query = .matchAll
    /// `post_filter`: filters hits after aggregations were computed.
    package var postFilter: Query?
    /// Hits to skip.
    package var from = 0
    /// Hits to return (default 10).
    package var size = 10
    /// Empty means by score, descending.
    package var sort: [SortSpec] = []
    /// `search_after`: the sort values of the last hit of the previous page.
    package var searchAfter: [JSONValue]?
    /// `track_total_hits`; exact up to 10,000 by default.
    package var trackTotalHits: TrackTotalHits = .upTo(10_000)
    /// `track_scores`: compute scores even when sorting by fields.
    package var trackScores = false
    /// `_source` (or the URL's `_source*`): which parts of each hit's source to return.
    package var source: SourceFilter = .all
    /// `aggs` or `aggregations`, unparsed.
    package var aggregations: JSONObject?
    /// `min_score`: hits scoring below it are dropped.
    package var minScore: Float?
    /// `timeout` as written (`10s`, `500ms`).
    package var timeout: String?
    /// `terminate_after`: stop collecting after this many documents per shard; nil for no limit.
    package var terminateAfter: Int?
    /// `version`: hits carry `_version`.
    package var version = false
    /// `seq_no_primary_term`: hits carry `_seq_no` and `_primary_term`.
    package var seqNoPrimaryTerm = false
    /// `explain` (accepted; Sift returns no explanations).
    package var explain = false
    /// `profile` (accepted; Sift returns no profile).
    package var profile = false
    /// `stored_fields`; `["_none_"]` means hits carry neither `_source` nor `_id`.
    package var storedFields: [String]?
    /// `fields` (the fields API: names or `{field, format, include_unmapped}`), unparsed.
    package var fields: [JSONValue]?
    /// `docvalue_fields`, unparsed.
    package var docvalueFields: [JSONValue]?

    /// URL `scroll`: keep a scroll context this long (`1m`).
    package var scroll: String?
    /// URL `rest_total_hits_as_int`: render `hits.total` as a number.
    package var restTotalHitsAsInt = false
    /// URL `typed_keys`: prefix aggregation names with their type (`sterms#name`).
    package var typedKeys = false
    /// URL `ignore_unavailable`: missing indices are skipped instead of failing.
    package var ignoreUnavailable = false
    /// URL `allow_no_indices`: a wildcard matching nothing is not an error (default true).
    package var allowNoIndices = true
    /// URL `expand_wildcards` as written (`open`, `all`, `open,hidden`).
    package var expandWildcards: String?
    /// URL `filter_path`: the response keeps only these paths.
    package var filterPath: [String]?

    /// Elasticsearch's defaults: match-all, first 10 hits by score, whole sources.
    package init() {}

    /// Parses a `_search` body (nil or JSON null for none) and the URL's query parameters.
    ///
    /// Unknown body keys fail like Elasticsearch (`Unknown key for a START_OBJECT in [x].`), as do unknown
    /// URL parameters (``QueryError/unrecognizedParameters(_:)``). Features that would change results
    /// if ignored (`collapse`, `rescore`, `knn`, non-empty `runtime_mappings`, ...) are
    /// ``QueryError/unsupported(feature:)``; harmless ones (`highlight`, `script_fields`, `stats`,
    /// `indices_boost`, `explain`, `profile`) are accepted and ignored.
    ///
    /// - Throws: ``QueryError``.
    package static func parse(body: JSONValue?, parameters: [String: String]) throws(QueryError) -> SearchRequest {
        var request = SearchRequest()
        var trackTotalHitsSet = false
        if let body, !body.isNull {
            guard case .object(let object) = body else {
                throw .parsing(reason: "Expected [START_OBJECT] but found [\(body.tokenName)]")
            }
            trackTotalHitsSet = try request.apply(body: object)
        }
        trackTotalHitsSet = try request.apply(parameters: parameters) || trackTotalHitsSet
        try request.validate(trackTotalHitsSet: trackTotalHitsSet)
        return request
    }

    /// Elasticsearch's `SearchRequest.validate` checks, plus `rest_total_hits_as_int`'s defaulting.
    private mutating func validate(trackTotalHitsSet: Bool) throws(QueryError) {
        if restTotalHitsAsInt {
            switch trackTotalHits {
            case .upTo(let limit) where trackTotalHitsSet:
                throw .illegalArgument(reason: "[rest_total_hits_as_int] cannot be used if the tracking of total hits is not accurate, got \(limit)")
            case .upTo: trackTotalHits = .accurate
            case .accurate, .disabled: break
            }
        }
        var problems: [String] = []
        if searchAfter != nil && from > 0 {
            problems.append("[from] parameter must be set to 0 when [search_after] is used")
        }
        if scroll != nil {
            if searchAfter != nil { problems.append("`search_after` cannot be used in a scroll context.") }
            if from > 0 { problems.append("using [from] is not allowed in a scroll context") }
            if size == 0 { problems.append("[size] cannot be [0] in a scroll context") }
            if trackTotalHits == .disabled { problems.append("disabling [track_total_hits] is not allowed in a scroll context") }
        }
        guard problems.isEmpty else { throw .validation(problems) }
        if let searchAfter, searchAfter.count != max(sort.count, 1) {
            throw .illegalArgument(reason: "search_after has \(searchAfter.count) value(s) but sort has \(max(sort.count, 1)).")
        }
    }

    static func checkedFrom(_ from: Int) throws(QueryError) -> Int {
        guard from >= 0 else { throw .illegalArgument(reason: "[from] parameter cannot be negative but was [\(from)]") }
        return from
    }

    static func checkedSize(_ size: Int) throws(QueryError) -> Int {
        guard size >= 0 else { throw .illegalArgument(reason: "[size] parameter cannot be negative, found [\(size)]") }
        return size
    }

    static func checkedTerminateAfter(_ count: Int) throws(QueryError) -> Int? {
        guard count >= 0 else { throw .illegalArgument(reason: "terminateAfter must be > 0") }
        return count == 0 ? nil : count
    }

    /// `-1` and `false` disable, `true` (or 2³¹−1) is exact, other non-negative numbers are limits.
    static func trackTotalHits(limit: Int) throws(QueryError) -> TrackTotalHits {
        switch limit {
        case -1: return .disabled
        case Int(Int32.max)...: return .accurate
        case 0...: return .upTo(limit)
        default: throw .illegalArgument(reason: "[track_total_hits] parameter must be positive or equals to -1, got \(limit)")
        }
    }

    /// Elasticsearch's `TimeValue` syntax: a number with `nanos`, `micros`, `ms`, `s`, `m`, `h` or `d`,
    /// or `-1`/`0`.
    static func checkedTimeValue(_ text: String, setting: String) throws(QueryError) -> String {
        let normalized = text.lowercased().trimming(" ")
        if normalized == "-1" || normalized == "0" { return text }
        for unit in ["nanos", "micros", "ms", "s", "m", "h", "d"] where normalized.hasSuffix(unit) {
            let number = normalized.dropLast(unit.count).trimming(" ")
            if !number.isEmpty, Double(number) != nil, number.allSatisfy({ $0.isASCIIDigit || $0 == "." }) { return text }
        }
        throw .illegalArgument(reason: "failed to parse setting [\(setting)] with value [\(text)] as a time value: unit is missing or unrecognized")
    }
}
