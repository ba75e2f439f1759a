import SiftAnalysis
import SiftCore
import SiftIndex
import SiftNative
import SiftQuery

/// Prepares a ``Query`` for one index: each clause meets its fields' mappings here (analysed text,
/// exact keywords, numeric columns), and BM25 statistics come from the index's segments.
package struct WeightBuilder {
    let target: SearchTarget
    let analyzers: AnalyzerRegistry
    let values: FieldValues

    /// - Parameter now: epoch millis that date math's `now` means, one value for the whole search.
    package init(target: SearchTarget, analyzers: AnalyzerRegistry = .builtIn, now: Int64) {
        self.target = target
        self.analyzers = analyzers
        values = FieldValues(index: target.name, now: now)
    }

    /// - Parameter scoring: false in filter context, where scores are never read.
    package func weight(_ query: Query, scoring: Bool = true) throws(SearchError) -> any Weight {
        switch query {
        case .matchAll:
            return AllDocsWeight(score: 1)
        case .matchNone:
            return NoMatchWeight()
        case .match(let match):
            return try matchWeight(match, scoring: scoring)
        case .matchPhrase(let phrase):
            return try fieldsUnion(phrase.field) { mapping throws(SearchError) in try phraseWeight(phrase, mapping, prefix: false) }
        case .matchPhrasePrefix(let phrase):
            return try fieldsUnion(phrase.field) { mapping throws(SearchError) in try phraseWeight(phrase, mapping, prefix: true) }
        case .multiMatch(let multi):
            return try multiMatchWeight(multi, scoring: scoring)
        case .term(let term):
            return try fieldsUnion(term.field) { mapping throws(SearchError) in
                try termWeight(mapping, term.value, caseInsensitive: term.caseInsensitive, scoring: scoring)
            }
        case .terms(let field, let list):
            return try termsWeight(field, list)
        case .ids(let ids):
            return IDsWeight(ids: ids)
        case .range(let range):
            return try fieldsUnion(range.field) { mapping throws(SearchError) in
                do throws(SearchError) {
                    return try rangeWeight(range, mapping)
                } catch {
                    if range.lenient { return NoMatchWeight() }
                    throw error
                }
            }
        case .bool(let bool):
            return try boolWeight(bool, scoring: scoring)
        case .exists(let field):
            if field == FieldInfo.idPath { return AllDocsWeight(score: 1) }
            let weights = resolveFields(field).map { ExistsWeight(field: $0.path) as any Weight }
            return union(weights)
        case .prefix(let pattern):
            return try fieldsUnion(pattern.field) { mapping throws(SearchError) in try patternWeight(pattern, mapping, kind: "prefix") }
        case .wildcard(let pattern):
            return try fieldsUnion(pattern.field) { mapping throws(SearchError) in try patternWeight(pattern, mapping, kind: "wildcard") }
        case .regexp(let pattern):
            return try fieldsUnion(pattern.field) { mapping throws(SearchError) in try patternWeight(pattern, mapping, kind: "regexp") }
        case .constantScore(let inner, let boost):
            return ScaledWeight(inner: try weight(inner, scoring: false), constant: boost, factor: 1)
        case .boosted(let inner, let boost):
            return ScaledWeight(inner: try weight(inner, scoring: scoring), constant: nil, factor: boost)
        case .disMax(let queries, let tieBreaker):
            var weights: [any Weight] = []
            for q in queries { weights.append(try weight(q, scoring: scoring)) }
            return weights.isEmpty ? NoMatchWeight() : DisjunctionWeight(clauses: weights, minimumMatch: 1, tieBreaker: tieBreaker)
        }
    }

    // MARK: - Fields

    /// The mapped fields a name or pattern (`http.*`, `*`) stands for; `_id` is the id field.
    func resolveFields(_ pattern: String) -> [FieldMapping] {
        if pattern == FieldInfo.idPath { return [FieldMapping(path: FieldInfo.idPath, type: .keyword)] }
        guard pattern.contains("*") else { return target.mappings.field(pattern).map { [$0] } ?? [] }
        return target.mappings.fields.filter { Glob.matches(pattern, $0.path) }
    }

    /// One weight per field the name resolves to, OR-ed; an unmapped field matches nothing.
    private func fieldsUnion(_ field: String, _ make: (FieldMapping) throws(SearchError) -> any Weight) throws(SearchError) -> any Weight {
        var weights: [any Weight] = []
        for mapping in resolveFields(field) { weights.append(try make(mapping)) }
        return union(weights)
    }

    func union(_ weights: [any Weight]) -> any Weight {
        switch weights.count {
        case 0: NoMatchWeight()
        case 1: weights[0]
        default: DisjunctionWeight(clauses: weights, minimumMatch: 1, tieBreaker: nil)
        }
    }

    // MARK: - Exact terms

    /// `term`: the value as the field stores it, not analysed.
    func termWeight(_ mapping: FieldMapping, _ value: JSONValue, caseInsensitive: Bool, scoring: Bool) throws(SearchError) -> any Weight {
        switch mapping.type {
        case .text, .keyword:
            let text = FieldValues.text(value)
            if caseInsensitive {
                return try patternWeight(PatternQuery(field: mapping.path, pattern: text, caseInsensitive: true), mapping, kind: "term")
            }
            return scoredTerm(mapping, Array(text.utf8), scoring: scoring)
        case .ip:
            let text = FieldValues.text(value)
            if let range = IPRange(text) {
                return MultiTermWeight(field: mapping.path, selection: .range(lower: range.lower, lowerInclusive: true, upper: range.upper, upperInclusive: true), score: 1)
            }
            throw .query("'\(text)' is not an IP string literal.", index: target.name)
        default:
            guard let v = try values.columnValue(value, mapping) else { return NoMatchWeight() }
            return ColumnRangeWeight(field: mapping.path, lower: v, upper: v, score: 1)
        }
    }

    /// A BM25-scored term of an inverted field (keyword terms have length 1, as Lucene's without norms).
    func scoredTerm(_ mapping: FieldMapping, _ term: [UInt8], scoring: Bool) -> any Weight {
        guard scoring else { return TermWeight(field: mapping.path, term: term, similarity: nil, constant: 1) }
        let stats = target.statistics(mapping.path)
        let sum = mapping.type == .text ? stats.sumTotalTermFreq : Int64(stats.docCount)
        let similarity = BM25(boost: 1, docFreq: target.docFreq(mapping.path, term), docCount: stats.docCount, sumTotalTermFreq: sum)
        return TermWeight(field: mapping.path, term: term, similarity: similarity, constant: 1)
    }

    private func termsWeight(_ field: String, _ list: [JSONValue]) throws(SearchError) -> any Weight {
        if field == FieldInfo.idPath { return IDsWeight(ids: list.map(FieldValues.text)) }
        return try fieldsUnion(field) { mapping throws(SearchError) in
            switch mapping.type {
            case .text, .keyword:
                let terms = list.map { Array(FieldValues.text($0).utf8) }
                return MultiTermWeight(field: mapping.path, selection: .exact(terms), score: 1)
            default:
                var weights: [any Weight] = []
                for value in list { weights.append(try termWeight(mapping, value, caseInsensitive: false, scoring: false)) }
                return ScaledWeight(inner: union(weights), constant: 1, factor: 1)
            }
        }
    }

    private func rangeWeight(_ range: RangeQuery, _ mapping: FieldMapping) throws(SearchError) -> any Weight {
        switch mapping.type {
        case .text, .keyword:
            func bound(_ v: JSONValue?) -> [UInt8]? { v.map { Array(FieldValues.text($0).utf8) } }
            return MultiTermWeight(
                field: mapping.path,
                selection: .range(
                    lower: bound(range.gte ?? range.gt), lowerInclusive: range.gt == nil,
                    upper: bound(range.lte ?? range.lt), upperInclusive: range.lt == nil),
                score: 1)
        case .ip:
            func address(_ v: JSONValue?) throws(SearchError) -> [UInt8]? {
                guard let v else { return nil }
                guard let bytes = IPAddress.parse(FieldValues.text(v)) else {
                    throw .query("'\(FieldValues.text(v))' is not an IP string literal.", index: target.name)
                }
                return bytes
            }
            return MultiTermWeight(
                field: mapping.path,
                selection: .range(
                    lower: try address(range.gte ?? range.gt), lowerInclusive: range.gt == nil,
                    upper: try address(range.lte ?? range.lt), upperInclusive: range.lt == nil),
                score: 1)
        default:
            guard let (lower, upper) = try values.columnRange(range, mapping) else { return NoMatchWeight() }
            return ColumnRangeWeight(field: mapping.path, lower: lower, upper: upper, score: 1)
        }
    }

    /// prefix, wildcard, regexp (and case-insensitive terms) over the terms of keyword and text fields.
    private func patternWeight(_ query: PatternQuery, _ mapping: FieldMapping, kind: String) throws(SearchError) -> any Weight {
        guard mapping.type == .keyword || mapping.type == .text else {
            if query.lenient { return NoMatchWeight() }
            throw .query("Can only use \(kind) queries on keyword and text fields - not on [\(mapping.path)] which is of type [\(mapping.type.rawValue)]", index: target.name)
        }
        var query = query
        if mapping.type == .text {
            switch query.analysis {
            case .verbatim: break
            case .normalized: query.pattern = query.pattern.lowercased()
            case .analyzed(let op): return try analyzedPatternWeight(query, mapping, kind: kind, operator: op)
            }
        }
        if kind == "prefix" && !query.caseInsensitive {
            return MultiTermWeight(field: mapping.path, selection: .prefix(Array(query.pattern.utf8)), score: 1)
        }
        let translated: TermPattern
        switch kind {
        case "prefix": translated = TermPattern(literal: query.pattern, suffix: ".*")
        case "wildcard": translated = TermPattern(wildcard: query.pattern)
        case "regexp": translated = TermPattern(luceneRegex: query.pattern)
        default: translated = TermPattern(literal: query.pattern, suffix: "")
        }
        let compiled: PCRE2Pattern
        do {
            compiled = try PCRE2Pattern(translated.pcre, options: query.caseInsensitive ? [.caseless] : [])
        } catch {
            throw .query("invalid \(kind) pattern [\(query.pattern)]: \(error)", index: target.name)
        }
        let prefix = query.caseInsensitive ? [] : Array(translated.literalPrefix.utf8)
        return MultiTermWeight(field: mapping.path, selection: .pattern(compiled, literalPrefix: prefix), score: 1)
    }

    /// `analyze_wildcard`: the text before the final wildcard is analysed into terms that must all
    /// (or, by the operator, any) match, and the last term keeps the wildcard.
    private func analyzedPatternWeight(_ query: PatternQuery, _ mapping: FieldMapping, kind: String, operator op: BooleanOperator) throws(SearchError) -> any Weight {
        var tokens = try analyze(query.pattern, mapping, nil).map { String(decoding: $0.term, as: UTF8.self) }
        guard let last = tokens.popLast() else { return NoMatchWeight() }
        var lastPattern = query
        lastPattern.analysis = .verbatim
        lastPattern.pattern = last + (kind == "prefix" || query.pattern.hasSuffix("*") ? "*" : "")
        var clauses: [any Weight] = tokens.map { scoredTerm(mapping, Array($0.utf8), scoring: true) }
        clauses.append(try patternWeight(lastPattern, mapping, kind: "wildcard"))
        return combine(clauses, operator: op, minimumShouldMatch: nil)
    }

    // MARK: - Bool

    private func boolWeight(_ bool: BoolQuery, scoring: Bool) throws(SearchError) -> any Weight {
        var must: [any Weight] = [], filter: [any Weight] = [], should: [any Weight] = [], mustNot: [any Weight] = []
        for q in bool.must { must.append(try weight(q, scoring: scoring)) }
        for q in bool.filter { filter.append(try weight(q, scoring: false)) }
        for q in bool.should { should.append(try weight(q, scoring: scoring)) }
        for q in bool.mustNot { mustNot.append(try weight(q, scoring: false)) }
        let required = bool.requiredShouldMatches
        if required > should.count { return NoMatchWeight() }
        // An empty bool matches everything like match_all; a filter/must_not-only one scores 0.
        let empty = must.isEmpty && filter.isEmpty && should.isEmpty && mustNot.isEmpty
        return BooleanWeight(
            must: must, filter: filter, should: should, mustNot: mustNot,
            minimumShouldMatch: required, baseScore: empty ? 1 : 0)
    }
}
