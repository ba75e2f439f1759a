import SiftAnalysis
import SiftCore
import SiftIndex
import SiftQuery

/// Full-text clauses: `match`, `match_phrase(_prefix)` and `multi_match`, which analyse their
/// text with each field's analyzer (text fields) or take it whole (keyword and typed fields).
extension WeightBuilder {
    func matchWeight(_ match: MatchQuery, scoring: Bool) throws(SearchError) -> any Weight {
        var weights: [any Weight] = []
        for mapping in resolveFields(match.field) {
            if let weight = try matchField(mapping, text: match.text, operator: match.operator,
                                           minimumShouldMatch: match.minimumShouldMatch, analyzer: match.analyzer,
                                           lenient: match.lenient, scoring: scoring) {
                weights.append(weight)
            }
        }
        if weights.isEmpty && match.zeroTermsMatchAll && !resolveFields(match.field).isEmpty { return AllDocsWeight(score: 1) }
        return union(weights)
    }

    /// One field's `match`: nil when analysis leaves no terms (or a lenient type mismatch).
    func matchField(_ mapping: FieldMapping, text: String, operator op: BooleanOperator, minimumShouldMatch: MinimumShouldMatch?,
                    analyzer: String?, lenient: Bool, scoring: Bool) throws(SearchError) -> (any Weight)? {
        switch mapping.type {
        case .text:
            let tokens = try analyze(text, mapping, analyzer)
            guard !tokens.isEmpty else { return nil }
            let terms = tokens.map { scoredTerm(mapping, $0.term, scoring: scoring) }
            return combine(terms, operator: op, minimumShouldMatch: minimumShouldMatch)
        case .keyword:
            return scoredTerm(mapping, Array(text.utf8), scoring: scoring)
        default:
            do {
                return try termWeight(mapping, .string(text), caseInsensitive: false, scoring: scoring)
            } catch {
                if lenient { return nil }
                throw error
            }
        }
    }

    /// Terms joined by `operator`, or by `minimum_should_match` of them.
    func combine(_ terms: [any Weight], operator op: BooleanOperator, minimumShouldMatch: MinimumShouldMatch?) -> any Weight {
        if terms.count == 1 { return terms[0] }
        if op == .and {
            return BooleanWeight(must: terms, filter: [], should: [], mustNot: [], minimumShouldMatch: 0, baseScore: 0)
        }
        let required = max(minimumShouldMatch?.resolve(optionalClauses: terms.count) ?? 1, 1)
        return DisjunctionWeight(clauses: terms, minimumMatch: required, tieBreaker: nil)
    }

    func analyze(_ text: String, _ mapping: FieldMapping, _ override: String?) throws(SearchError) -> [Token] {
        let name = override ?? mapping.analyzer ?? AnalyzerRegistry.defaultAnalyzerName
        do {
            return try analyzers.analyzer(named: name).analyze(text)
        } catch {
            throw .query("\(error)", index: target.name)
        }
    }

    /// A phrase on a text field; on other fields a phrase is just their exact value, as in Elasticsearch.
    func phraseWeight(_ phrase: PhraseQuery, _ mapping: FieldMapping, prefix: Bool) throws(SearchError) -> any Weight {
        guard mapping.type == .text else {
            if prefix && mapping.type == .keyword {
                return MultiTermWeight(field: mapping.path, selection: .prefix(Array(phrase.text.utf8)), score: 1)
            }
            return try matchField(mapping, text: phrase.text, operator: .and, minimumShouldMatch: nil, analyzer: nil, lenient: true, scoring: true)
                ?? NoMatchWeight()
        }
        let tokens = try analyze(phrase.text, mapping, phrase.analyzer)
        guard let first = tokens.first else { return NoMatchWeight() }
        if tokens.count == 1 && !prefix { return scoredTerm(mapping, first.term, scoring: true) }
        let stats = target.statistics(mapping.path)
        var idf: Float = 0
        var terms: [(term: [UInt8], offset: Int32)] = []
        for token in prefix ? tokens.dropLast() : tokens[...] {
            idf += BM25.idf(docFreq: target.docFreq(mapping.path, token.term), docCount: stats.docCount)
            terms.append((token.term, token.position - first.position))
        }
        let last = tokens[tokens.count - 1]
        let prefixSlot = prefix ? (bytes: last.term, offset: last.position - first.position, maxExpansions: phrase.maxExpansions) : nil
        if prefix { idf += 1 }  // the expansions' idf is unknown until each segment expands them
        let similarity = BM25(weight: idf, docCount: stats.docCount, sumTotalTermFreq: stats.sumTotalTermFreq)
        return PhraseWeight(field: mapping.path, terms: terms, prefix: prefixSlot, slop: phrase.slop, similarity: similarity)
    }

    func multiMatchWeight(_ multi: MultiMatchQuery, scoring: Bool) throws(SearchError) -> any Weight {
        let patterns = multi.fields.isEmpty ? [FieldBoost(field: "*")] : multi.fields
        var fields: [(FieldMapping, Float)] = []
        for pattern in patterns {
            for mapping in resolveFields(pattern.field) where !fields.contains(where: { $0.0.path == mapping.path }) {
                fields.append((mapping, pattern.boost))
            }
        }
        // `*` reaches fields of every type: numbers and dates take only values that parse.
        let lenient = multi.lenient || patterns.contains { $0.field.contains("*") }
        var perField: [any Weight] = []
        for (mapping, boost) in fields {
            let weight: (any Weight)?
            switch multi.kind {
            case .phrase, .phrasePrefix:
                var phrase = PhraseQuery(field: mapping.path, text: multi.text)
                phrase.slop = multi.slop
                phrase.analyzer = multi.analyzer
                weight = try phraseWeight(phrase, mapping, prefix: multi.kind == .phrasePrefix)
            default:
                weight = try matchField(mapping, text: multi.text, operator: multi.operator, minimumShouldMatch: multi.minimumShouldMatch,
                                        analyzer: multi.analyzer, lenient: lenient, scoring: scoring)
            }
            guard let weight else { continue }
            perField.append(boost == 1 ? weight : ScaledWeight(inner: weight, constant: nil, factor: boost))
        }
        if perField.isEmpty { return multi.zeroTermsMatchAll ? AllDocsWeight(score: 1) : NoMatchWeight() }
        if perField.count == 1 { return perField[0] }
        switch multi.kind {
        case .mostFields, .crossFields, .boolPrefix:
            // cross_fields is scored like most_fields: every field's match adds up.
            return DisjunctionWeight(clauses: perField, minimumMatch: 1, tieBreaker: nil)
        case .bestFields, .phrase, .phrasePrefix:
            return DisjunctionWeight(clauses: perField, minimumMatch: 1, tieBreaker: multi.tieBreaker)
        }
    }
}
