import SiftIndex

/// A query prepared for one index: fields resolved against its mappings, text analysed, BM25
/// statistics gathered over all its segments. Makes one scorer per segment; nil means the segment
/// cannot match (a term it lacks, a range outside its values), so it is skipped whole.
package protocol Weight {
    func scorer(_ segment: SegmentReader) -> (any Scorer)?
}

/// Matches nothing (unmapped fields, `match_none`, terms absent from the index).
package struct NoMatchWeight: Weight {
    package init() {}
    package func scorer(_ segment: SegmentReader) -> (any Scorer)? { nil }
}

/// Every document, constant score (`match_all`).
package struct AllDocsWeight: Weight {
    let score: Float
    package func scorer(_ segment: SegmentReader) -> (any Scorer)? {
        segment.docCount > 0 ? AllDocsScorer(maxDoc: segment.docCount, score: score) : nil
    }
}

/// One exact term of an inverted field; BM25-scored when `similarity` is set.
package struct TermWeight: Weight {
    let field: String
    let term: [UInt8]
    let similarity: BM25?
    let constant: Float

    package func scorer(_ segment: SegmentReader) -> (any Scorer)? {
        guard let terms = segment.terms(field), let info = terms.lookup(term) else { return nil }
        return TermScorer(
            postings: terms.postings(info, positions: false), similarity: similarity,
            norms: similarity == nil ? nil : segment.norms(field), constant: constant)
    }
}

/// Values of a numeric column (long, double, date, boolean) in `lower...upper`, constant score.
package struct ColumnRangeWeight: Weight {
    let field: String
    let lower: Int64
    let upper: Int64
    let score: Float

    package func scorer(_ segment: SegmentReader) -> (any Scorer)? {
        guard let column = segment.numericColumn(field) else { return nil }
        return ColumnRangeScorer(column: column, lower: lower, upper: upper, maxDoc: segment.docCount, score: score)
    }
}

/// Scales the inner weight's scores, or replaces them with a constant.
package struct ScaledWeight: Weight {
    let inner: any Weight
    let constant: Float?
    let factor: Float

    package func scorer(_ segment: SegmentReader) -> (any Scorer)? {
        guard let scorer = inner.scorer(segment) else { return nil }
        if let constant { return ScaledScorer(scorer, constant: constant) }
        return ScaledScorer(scorer, factor: factor)
    }
}

/// Any of several weights, scored by the sum or, with `tieBreaker`, by the best plus a share of the
/// rest (`dis_max`, `multi_match` best_fields).
package struct DisjunctionWeight: Weight {
    let clauses: [any Weight]
    let minimumMatch: Int
    let tieBreaker: Float?

    package func scorer(_ segment: SegmentReader) -> (any Scorer)? {
        let scorers = clauses.compactMap { $0.scorer(segment) }
        guard scorers.count >= max(minimumMatch, 1) else { return nil }
        if scorers.count == 1 && tieBreaker == nil { return scorers[0] }
        return DisjunctionScorer(scorers, minimumMatch: minimumMatch, tieBreaker: tieBreaker)
    }
}

/// Elasticsearch's bool query over weights.
package struct BooleanWeight: Weight {
    let must: [any Weight]
    let filter: [any Weight]
    let should: [any Weight]
    let mustNot: [any Weight]
    let minimumShouldMatch: Int
    /// Score of documents matched only through filters or negation (match_all's 1 or filter's 0).
    let baseScore: Float

    package func scorer(_ segment: SegmentReader) -> (any Scorer)? {
        var scoring: [any Scorer] = []
        var filters: [any Scorer] = []
        for weight in must {
            guard let scorer = weight.scorer(segment) else { return nil }
            scoring.append(scorer)
        }
        for weight in filter {
            guard let scorer = weight.scorer(segment) else { return nil }
            filters.append(scorer)
        }
        let optional = should.compactMap { $0.scorer(segment) }
        if minimumShouldMatch > 0 {
            guard optional.count >= minimumShouldMatch else { return nil }
            scoring.append(optional.count == 1 ? optional[0] : DisjunctionScorer(optional, minimumMatch: minimumShouldMatch))
        }
        var required: any Scorer
        if scoring.isEmpty && filters.isEmpty {
            guard segment.docCount > 0 else { return nil }
            required = AllDocsScorer(maxDoc: segment.docCount, score: baseScore)
        } else if scoring.count + filters.count == 1 {
            required = scoring.first ?? ScaledScorer(filters[0], constant: 0)
        } else {
            required = ConjunctionScorer(scoring: scoring, filters: filters)
        }
        if minimumShouldMatch == 0 && !optional.isEmpty {
            required = RequiredOptionalScorer(required: required, optional: optional.count == 1 ? optional[0] : DisjunctionScorer(optional))
        }
        let excluded = mustNot.compactMap { $0.scorer(segment) }
        if !excluded.isEmpty {
            required = ExclusionScorer(required: required, excluded: excluded.count == 1 ? excluded[0] : DisjunctionScorer(excluded))
        }
        return required
    }
}
