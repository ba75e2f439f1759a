import SiftCore

/// The options of a `query_string` clause (or of a URL's `q` with `df`, `default_operator`, ...),
/// everything but the query text itself.
package struct QueryStringOptions: Sendable, Hashable {
    /// `default_field`: where terms without `field:` go. `*` (also what no field at all means) is every
    /// field, leniently. Cannot be combined with ``fields``.
    package var defaultField: String?
    /// `fields`: several default fields, each with an optional boost (`message^2`).
    package var fields: [FieldBoost] = []
    /// `default_operator`: how terms without an operator combine.
    package var defaultOperator: BooleanOperator = .or
    /// `analyze_wildcard`: run `foo*` through the analyzer instead of only normalising it.
    package var analyzeWildcard = false
    /// `allow_leading_wildcard`: when false, `*foo` and `?oo` are syntax errors.
    package var allowLeadingWildcard = true
    /// `lenient`: nil means Elasticsearch's default (true when searching all fields, else false).
    package var lenient: Bool?
    /// `analyzer`: overrides the fields' search analyzers for text.
    package var analyzer: String?
    /// `quote_analyzer`: the analyzer for quoted phrases (default: ``analyzer``).
    package var quoteAnalyzer: String?
    /// `phrase_slop`: slop of phrases written without `~N`.
    package var phraseSlop = 0
    /// `minimum_should_match`, applied to the top-level clause list.
    package var minimumShouldMatch: MinimumShouldMatch?
    /// `boost` of the whole clause.
    package var boost: Float = 1
    /// `time_zone` for date ranges.
    package var timeZone: String?
    /// `type`: how one term meets several fields (`best_fields` by default).
    package var type: MultiMatchQuery.Kind = .bestFields
    /// `tie_breaker` when one term meets several fields (default: the type's).
    package var tieBreaker: Float?
    /// `escape`: search the whole text literally (every reserved character escaped).
    package var escape = false

    /// Elasticsearch's defaults: every field, `or`, slop 0.
    package init() {}

    /// Whether unqualified terms search every field, which makes ``lenient`` default to true.
    var searchesAllFields: Bool {
        if let defaultField { return defaultField == "*" }
        return fields.isEmpty || fields.contains { $0.field == "*" }
    }
}

/// Parses Lucene's classic query syntax as Elasticsearch's `query_string` does, into a ``Query``.
///
/// The result follows Lucene's rules exactly, including the ones that surprise: `AND`, `OR` and `NOT`
/// modify their neighbours instead of having precedence (`a AND b OR c` requires `a` and `b`; `c` only
/// scores), `a OR NOT b` is `a AND NOT b`, and a pure negation such as `NOT a` matches everything else
/// (a ``BoolQuery`` with only `mustNot`). Unqualified terms search the default field(s): one concrete
/// field gives ``Query/match(_:)``, several fields or a pattern give ``Query/multiMatch(_:)`` (no fields
/// meaning all of them), and consecutive plain terms are analysed together as Lucene does, so `a b`
/// becomes one `match` with text `"a b"` and the default operator.
package enum QueryStringParser {
    /// - Throws: ``QueryError/queryStringSyntax(query:detail:)`` for invalid syntax (with line and
    ///   column), ``QueryError/unsupported(feature:)`` for fuzzy terms (`foo~`), ``QueryError/validation(_:)``
    ///   when both `default_field` and `fields` are given.
    package static func parse(_ text: String, options: QueryStringOptions) throws(QueryError) -> Query {
        if options.defaultField != nil && !options.fields.isEmpty {
            throw .validation(["cannot use [fields] parameter in conjunction with [default_field]"])
        }
        let source = options.escape ? escape(text) : text
        guard source.unicodeScalars.contains(where: { $0.value > 0x20 }) else { return .matchNone }
        var grammar = ClassicQueryGrammar(query: source, clauses: QueryStringClauses(options: options))
        var query = try grammar.parseTopLevel()
        if let minimumShouldMatch = options.minimumShouldMatch {
            query = applying(minimumShouldMatch, to: query)
        }
        return QueryParser.boosted(query, options.boost)
    }

    /// Lucene's `QueryParser.escape`: a backslash before every character with a meaning in the syntax.
    package static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if "\\+-!():^[]\"{}~*?|&/".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    /// Elasticsearch applies `minimum_should_match` to the top-level Boolean query under any boosts: a
    /// clause list, or a single `match` whose text becomes several terms.
    private static func applying(_ minimumShouldMatch: MinimumShouldMatch, to query: Query) -> Query {
        switch query {
        case .boosted(let inner, let boost): return .boosted(applying(minimumShouldMatch, to: inner), boost: boost)
        case .bool(var bool):
            bool.minimumShouldMatch = minimumShouldMatch
            return .bool(bool)
        case .match(var match):
            match.minimumShouldMatch = minimumShouldMatch
            return .match(match)
        default: return query
        }
    }
}
