import SiftQuery

extension SearchParameters {
    /// The execution parameters of a parsed search request (its aggregations are built apart, by
    /// ``AggregationBuilder``).
    package init(_ request: SearchRequest) {
        self.init(query: request.query)
        postFilter = request.postFilter
        from = request.from
        size = request.size
        searchAfter = request.searchAfter
        minScore = request.minScore
        trackScores = request.trackScores
        switch request.trackTotalHits {
        case .disabled: trackTotalHitsUpTo = nil
        case .accurate: trackTotalHitsUpTo = .max
        case .upTo(let limit): trackTotalHitsUpTo = limit
        }
        if !request.sort.isEmpty { sort = request.sort.map(SortField.init) }
    }
}

extension SortField {
    init(_ spec: SortSpec) {
        let key: Key = spec.isScore ? .score : spec.isDocumentOrder ? .doc : .field(spec.field)
        var missingFirst = false
        var missingValue: SiftCore.JSONValue?
        switch spec.missing {
        case .last: break
        case .first: missingFirst = true
        case .value(let value): missingValue = value
        }
        self.init(key, descending: spec.order == .desc, missingFirst: missingFirst, missingValue: missingValue, unmappedType: spec.unmappedType)
    }
}

import SiftCore
