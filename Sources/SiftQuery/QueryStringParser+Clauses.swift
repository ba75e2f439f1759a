import SiftCore

/// Builds the leaf queries of a query string, the way Elasticsearch's `QueryStringQueryParser` turns
/// each Lucene callback (`getFieldQuery`, `getRangeQuery`, `getWildcardQuery`, ...) into a query.
///
/// A `field` of nil means the `fields` list; `*` means every field. A term meeting several fields or a
/// field pattern becomes ``Query/multiMatch(_:)`` for text, else one leaf per field under
/// ``Query/disMax(_:tieBreaker:)``, each leaf's field possibly a pattern (`*`, `http.*`).
struct QueryStringClauses {
    let options: QueryStringOptions
    let lenient: Bool

    init(options: QueryStringOptions) {
        self.options = options
        lenient = options.lenient ?? options.searchesAllFields
    }

    /// The field terms without `field:` use at the top level: Lucene's `this.field`.
    var topLevelField: String? {
        options.defaultField ?? (options.fields.isEmpty ? "*" : nil)
    }

    private enum Target {
        case all
        case one(FieldBoost)
        case list([FieldBoost])
    }

    private func target(_ field: String?) -> Target {
        guard let field else {
            if options.fields.count == 1 { return options.fields[0] == FieldBoost(field: "*") ? .all : .one(options.fields[0]) }
            return .list(options.fields)
        }
        return field == "*" ? .all : .one(FieldBoost(field: field))
    }

    /// One concrete field (no pattern) and its boost, when the target is that.
    private func concrete(_ target: Target) -> FieldBoost? {
        guard case .one(let field) = target, !field.field.contains("*") else { return nil }
        return field
    }

    private func multiMatchFields(_ target: Target) -> [FieldBoost] {
        switch target {
        case .all: []
        case .one(let field): [field]
        case .list(let fields): fields
        }
    }

    private func leafFields(_ target: Target) -> [FieldBoost] {
        switch target {
        case .all: [FieldBoost(field: "*")]
        case .one(let field): [field]
        case .list(let fields): fields
        }
    }

    private var tieBreaker: Float { options.tieBreaker ?? options.type.defaultTieBreaker }

    /// One leaf per field, boosted by the field's boost, under `dis_max` when there are several.
    private func perField(_ field: String?, _ make: (String) throws(QueryError) -> Query) throws(QueryError) -> Query {
        var leaves: [Query] = []
        for field in leafFields(target(field)) {
            leaves.append(QueryParser.boosted(try make(field.field), field.boost))
        }
        return leaves.count == 1 ? leaves[0] : .disMax(leaves, tieBreaker: tieBreaker)
    }

    // MARK: - Lucene callbacks

    /// `getFieldQuery(field, text, quoted: false)`: `_exists_:f`, the `>5`/`<=5` ranges Elasticsearch
    /// detects after a field, or analysed text.
    func fieldQuery(_ field: String?, _ text: String) throws(QueryError) -> Query {
        if field == "_exists_" { return .exists(field: text) }
        if field != nil, text.count > 1, let first = text.first, first == ">" || first == "<" {
            let rest = text.dropFirst()
            let inclusive = text.count > 2 && rest.first == "="
            let bound = String(inclusive ? rest.dropFirst() : rest)
            return first == ">"
                ? try range(field, Self.bound(bound), nil, startInclusive: inclusive, endInclusive: true)
                : try range(field, nil, Self.bound(bound), startInclusive: true, endInclusive: inclusive)
        }
        return textQuery(field, text)
    }

    /// Analysed text on the target fields (Elasticsearch's multi-match parser with the query's `type`).
    func textQuery(_ field: String?, _ text: String) -> Query {
        let target = target(field)
        if let single = concrete(target), options.type != .boolPrefix {
            let query: Query
            switch options.type {
            case .phrase: query = .matchPhrase(phrase(single.field, text, slop: options.phraseSlop, analyzer: options.analyzer))
            case .phrasePrefix:
                query = .matchPhrasePrefix(phrase(single.field, text, slop: options.phraseSlop, analyzer: options.analyzer))
            case .bestFields, .mostFields, .crossFields, .boolPrefix:
                var match = MatchQuery(field: single.field, text: text)
                match.operator = options.defaultOperator
                match.analyzer = options.analyzer
                match.lenient = lenient
                query = .match(match)
            }
            return QueryParser.boosted(query, single.boost)
        }
        return .multiMatch(multiMatch(target, text, kind: options.type, analyzer: options.analyzer))
    }

    /// `getFieldQuery(field, text, slop)`: a quoted phrase.
    func phraseQuery(_ field: String?, _ text: String, slop: Int) -> Query {
        if field == "_exists_" { return .exists(field: text) }
        let target = target(field)
        let analyzer = options.quoteAnalyzer ?? options.analyzer
        if let single = concrete(target) {
            return QueryParser.boosted(.matchPhrase(phrase(single.field, text, slop: slop, analyzer: analyzer)), single.boost)
        }
        var query = multiMatch(target, text, kind: .phrase, analyzer: analyzer)
        query.slop = slop
        return .multiMatch(query)
    }

    /// `getRangeQuery` with bounds already read (nil is an open end).
    func range(_ field: String?, _ lower: JSONValue?, _ upper: JSONValue?, startInclusive: Bool, endInclusive: Bool) throws(QueryError) -> Query {
        try perField(field) { name in
            var range = RangeQuery(field: name)
            if let lower {
                if startInclusive { range.gte = lower } else { range.gt = lower }
            }
            if let upper {
                if endInclusive { range.lte = upper } else { range.lt = upper }
            }
            range.timeZone = options.timeZone
            range.lenient = lenient
            return .range(range)
        }
    }

    /// `getWildcardQuery` (the pattern still holds its escapes): `*` alone is match-all on every field
    /// and `exists` on one; otherwise a wildcard per field.
    func wildcard(_ field: String?, _ pattern: String, leadingWildcardError: () -> QueryError) throws(QueryError) -> Query {
        if pattern == "*", let field {
            return field == "*" ? .matchAll : .exists(field: field)
        }
        return try perField(field) { name throws(QueryError) in
            if pattern == "*" { return .exists(field: name) }
            if !options.allowLeadingWildcard, pattern.hasPrefix("*") || pattern.hasPrefix("?") {
                throw leadingWildcardError()
            }
            var query = PatternQuery(field: name, pattern: pattern)
            query.analysis = .normalized
            query.lenient = lenient
            return .wildcard(query)
        }
    }

    /// `getPrefixQuery` (the prefix without escapes or the final `*`).
    func prefix(_ field: String?, _ prefix: String) throws(QueryError) -> Query {
        try perField(field) { name in
            var query = PatternQuery(field: name, pattern: prefix)
            query.analysis = options.analyzeWildcard ? .analyzed(defaultOperator: options.defaultOperator) : .normalized
            query.lenient = lenient
            return .prefix(query)
        }
    }

    /// `getRegexpQuery`: the expression between the slashes, as written.
    func regexp(_ field: String?, _ expression: String) throws(QueryError) -> Query {
        try perField(field) { name in
            var query = PatternQuery(field: name, pattern: expression)
            query.lenient = lenient
            return .regexp(query)
        }
    }

    // MARK: - Helpers

    private func phrase(_ field: String, _ text: String, slop: Int, analyzer: String?) -> PhraseQuery {
        var phrase = PhraseQuery(field: field, text: text)
        phrase.slop = slop
        phrase.analyzer = analyzer
        return phrase
    }

    private func multiMatch(_ target: Target, _ text: String, kind: MultiMatchQuery.Kind, analyzer: String?) -> MultiMatchQuery {
        var query = MultiMatchQuery(fields: multiMatchFields(target), text: text)
        query.kind = kind
        query.operator = options.defaultOperator
        query.tieBreaker = tieBreaker
        query.slop = options.phraseSlop
        query.analyzer = analyzer
        query.lenient = lenient
        return query
    }

    /// An unquoted range bound as written: nil for `*`, a number when the text is exactly a number's
    /// JSON spelling, else a string (dates, date math, IPs, `007`) that execution reads with the field's type.
    static func bound(_ text: String) -> JSONValue? {
        if text == "*" { return nil }
        if let integer = Int64(text), String(integer) == text { return .int(integer) }
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        let isDecimal = parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
        if isDecimal, let number = Double(text), number.isFinite, JSONValue.double(number).jsonString == text {
            return .double(number)
        }
        return .string(text)
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
