import SiftCore

/// A parsed search query: a value type that knows nothing about storage or mappings.
///
/// How a clause meets a field (analysed text, keyword, number, date) is decided at execution, where
/// the mapping is known; the tree only records what the request said.
package indirect enum Query: Sendable, Hashable {
    case matchAll
    case matchNone
    /// Analysed full text: the field's analyzer splits `text` into terms, combined by `operator`.
    case match(MatchQuery)
    /// The analysed terms in order, at most `slop` position moves apart.
    case matchPhrase(PhraseQuery)
    /// A phrase whose last term is a prefix (expanded to at most `maxExpansions` terms).
    case matchPhrasePrefix(PhraseQuery)
    case multiMatch(MultiMatchQuery)
    /// An exact value in one field (not analysed).
    case term(TermQuery)
    /// Any of several exact values in one field.
    case terms(field: String, values: [JSONValue])
    /// Documents by `_id`.
    case ids([String])
    case range(RangeQuery)
    case bool(BoolQuery)
    /// Documents with at least one indexed value in `field`, which may be a pattern (`http.*`) as in Elasticsearch.
    case exists(field: String)
    /// Terms starting with `prefix` (keyword fields, or the terms of a text field).
    case prefix(PatternQuery)
    /// `*` matches any run of characters, `?` exactly one.
    case wildcard(PatternQuery)
    /// Lucene regular expression syntax, anchored at both ends.
    case regexp(PatternQuery)
    /// Every matching document gets the same score, `boost`.
    case constantScore(Query, boost: Float)
    /// Scales the inner query's scores (any clause's `boost` other than 1).
    case boosted(Query, boost: Float)
    /// Documents matching any of the queries; score = best score + `tieBreaker` × the others' scores.
    ///
    /// Elasticsearch's `dis_max`, also what `query_string` builds when one term meets several fields.
    case disMax([Query], tieBreaker: Float)
}

/// `operator` of `match` and friends.
package enum BooleanOperator: Sendable, Hashable {
    case or, and
}

/// Elasticsearch's `minimum_should_match`: `3`, `-2`, `75%`, `-25%`, or combinations like `3<90%`.
package struct MinimumShouldMatch: Sendable, Hashable {
    /// The spec as written, kept for error messages.
    package var spec: String

    package init(spec: String) {
        self.spec = spec
    }
}

/// A field name with an optional per-field boost (`"message^2"`).
package struct FieldBoost: Sendable, Hashable {
    /// A field name or a pattern with `*` (`"*"` means every searchable field).
    package var field: String
    package var boost: Float

    package init(field: String, boost: Float = 1) {
        self.field = field
        self.boost = boost
    }
}

package struct MatchQuery: Sendable, Hashable {
    package var field: String
    /// The query text; numbers and booleans arrive as their JSON text.
    package var text: String
    package var `operator`: BooleanOperator = .or
    package var minimumShouldMatch: MinimumShouldMatch?
    /// Analyzer name overriding the field's search analyzer.
    package var analyzer: String?
    /// `zero_terms_query: all` matches everything when analysis leaves no terms (default: none).
    package var zeroTermsMatchAll = false
    /// `lenient: true` ignores values that cannot be converted to the field's type.
    package var lenient = false

    package init(field: String, text: String) {
        self.field = field
        self.text = text
    }
}

package struct PhraseQuery: Sendable, Hashable {
    package var field: String
    package var text: String
    package var slop: Int = 0
    package var analyzer: String?
    /// Only for `match_phrase_prefix`: how many terms the final prefix may expand to (default 50).
    package var maxExpansions: Int = 50
    /// `zero_terms_query: all` matches everything when analysis leaves no terms (default: none).
    package var zeroTermsMatchAll = false

    package init(field: String, text: String) {
        self.field = field
        self.text = text
    }
}

package struct MultiMatchQuery: Sendable, Hashable {
    package enum Kind: Sendable, Hashable {
        case bestFields, mostFields, crossFields, phrase, phrasePrefix, boolPrefix
    }

    /// Empty means the index's default fields (`*`).
    package var fields: [FieldBoost]
    package var text: String
    package var kind: Kind = .bestFields
    package var `operator`: BooleanOperator = .or
    package var minimumShouldMatch: MinimumShouldMatch?
    /// For `best_fields`: score = best field + tieBreaker × the others.
    package var tieBreaker: Float = 0
    package var slop: Int = 0
    package var analyzer: String?
    /// For `phrase_prefix`: how many terms the final prefix may expand to (default 50).
    package var maxExpansions: Int = 50
    package var zeroTermsMatchAll = false
    package var lenient = false

    package init(fields: [FieldBoost], text: String) {
        self.fields = fields
        self.text = text
    }
}

package struct TermQuery: Sendable, Hashable {
    package var field: String
    package var value: JSONValue
    package var caseInsensitive = false

    package init(field: String, value: JSONValue, caseInsensitive: Bool = false) {
        self.field = field
        self.value = value
        self.caseInsensitive = caseInsensitive
    }
}

/// A pattern for `prefix`, `wildcard` or `regexp`. In wildcard patterns `\` escapes the next character.
///
/// `field` may itself be a pattern such as `*` or `http.*` when the clause comes from `query_string` or
/// `simple_query_string`: execution then tries every mapped field it matches that supports the query.
package struct PatternQuery: Sendable, Hashable {
    package var field: String
    package var pattern: String
    package var caseInsensitive = false
    /// How the pattern meets a text field's analyzer; the DSL clauses use it verbatim.
    package var analysis: PatternAnalysis = .verbatim
    /// `lenient: true` (query strings): a field that cannot take this query matches nothing instead of failing.
    package var lenient = false

    package init(field: String, pattern: String, caseInsensitive: Bool = false) {
        self.field = field
        self.pattern = pattern
        self.caseInsensitive = caseInsensitive
    }
}

/// How a `prefix` or `wildcard` pattern from a query string is prepared for a text field.
package enum PatternAnalysis: Sendable, Hashable {
    /// As written (the `prefix`, `wildcard` and `regexp` DSL clauses).
    case verbatim
    /// Normalised as the field's search analyzer normalises a single term (lowercased for text fields):
    /// what `query_string` and `simple_query_string` do by default.
    case normalized
    /// `analyze_wildcard: true`: the text is split into terms by the search analyzer; every term must
    /// match (or any, by the query's default operator) and the last one is a prefix.
    case analyzed(defaultOperator: BooleanOperator)
}

/// Bounds are kept as written (numbers, ISO strings, epoch values, date math such as `now-15m/m`);
/// execution converts them with the field's type, `format` and `timeZone`.
package struct RangeQuery: Sendable, Hashable {
    package var field: String
    package var gt: JSONValue?
    package var gte: JSONValue?
    package var lt: JSONValue?
    package var lte: JSONValue?
    /// A date format such as `epoch_millis`, `epoch_second`, `strict_date_optional_time`, or several
    /// joined by `||`.
    package var format: String?
    /// `+01:00`, `-08:00`, `Z`, `UTC` or an IANA name, applied to dates without an offset and to rounding.
    package var timeZone: String?
    /// `lenient: true` (query strings): bounds the field's type cannot read make the clause match nothing
    /// instead of failing. `field` may then be a pattern (`*`, `http.*`), as for ``PatternQuery``.
    package var lenient = false

    package init(field: String) {
        self.field = field
    }
}

/// Elasticsearch's `bool` query: a document must match every `must` and `filter` clause, no `mustNot`
/// clause, and at least `minimumShouldMatch` of the `should` clauses.
package struct BoolQuery: Sendable, Hashable {
    package var must: [Query] = []
    package var filter: [Query] = []
    package var should: [Query] = []
    package var mustNot: [Query] = []
    /// Explicit value, or nil for Elasticsearch's default: 1 when there are only `should` clauses, else 0.
    package var minimumShouldMatch: MinimumShouldMatch?

    package init() {}
}
