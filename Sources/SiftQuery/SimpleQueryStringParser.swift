import SiftCore

/// The operators `simple_query_string` understands (Elasticsearch's `flags`), as Lucene's
/// `SimpleQueryParser` numbers them.
package struct SimpleQueryStringFlags: OptionSet, Sendable, Hashable {
    /// The bits, as in Elasticsearch's numeric `flags`.
    package let rawValue: Int
    /// Flags from their bits.
    package init(rawValue: Int) { self.rawValue = rawValue }

    /// `+` requires the next clause.
    package static let and = Self(rawValue: 1 << 0)
    /// `-` negates the next clause.
    package static let not = Self(rawValue: 1 << 1)
    /// `|` makes the next clause optional.
    package static let or = Self(rawValue: 1 << 2)
    /// `foo*` is a prefix query.
    package static let prefix = Self(rawValue: 1 << 3)
    /// `"a phrase"`.
    package static let phrase = Self(rawValue: 1 << 4)
    /// `(` and `)` group.
    package static let precedence = Self(rawValue: 1 << 5)
    /// `\` escapes the next character.
    package static let escape = Self(rawValue: 1 << 6)
    /// Whitespace separates terms.
    package static let whitespace = Self(rawValue: 1 << 7)
    /// `foo~2` is fuzzy.
    package static let fuzzy = Self(rawValue: 1 << 8)
    /// `"a phrase"~2` has slop (`NEAR`, also spelled `SLOP`).
    package static let near = Self(rawValue: 1 << 9)
    /// Every operator, the default.
    package static let all: Self = [.and, .not, .or, .prefix, .phrase, .precedence, .escape, .whitespace, .fuzzy, .near]

    /// Elasticsearch's `flags` string: names joined by `|`, any case (`"OR|AND|PREFIX"`); `ALL`, `NONE`.
    ///
    /// - Throws: ``QueryError/illegalArgument(reason:)`` for an unknown name.
    package init(parsing text: String) throws(QueryError) {
        var flags: Self = []
        for name in text.split(separator: "|") {
            switch name.uppercased() {
            case "ALL": self = .all; return
            case "NONE": self = []; return
            case "AND": flags.insert(.and)
            case "NOT": flags.insert(.not)
            case "OR": flags.insert(.or)
            case "PREFIX": flags.insert(.prefix)
            case "PHRASE": flags.insert(.phrase)
            case "PRECEDENCE": flags.insert(.precedence)
            case "ESCAPE": flags.insert(.escape)
            case "WHITESPACE": flags.insert(.whitespace)
            case "FUZZY": flags.insert(.fuzzy)
            case "NEAR", "SLOP": flags.insert(.near)
            default: throw .illegalArgument(reason: "Unknown simple_query_string flag [\(name)]")
            }
        }
        self = text.isEmpty ? .all : flags
    }
}

/// The options of a `simple_query_string` clause, everything but the text.
package struct SimpleQueryStringOptions: Sendable, Hashable {
    /// Fields with optional boosts; empty means every field.
    package var fields: [FieldBoost] = []
    /// `default_operator` between terms without `+` or `|`.
    package var defaultOperator: BooleanOperator = .or
    /// `analyzer`: overrides the fields' search analyzers.
    package var analyzer: String?
    /// `flags`: the operators recognised.
    package var flags: SimpleQueryStringFlags = .all
    /// nil means Elasticsearch's default: true when searching every field.
    package var lenient: Bool?
    /// `analyze_wildcard`: split `foo-ba*` into terms, the last a prefix.
    package var analyzeWildcard = false
    /// `minimum_should_match`, applied to the top-level clauses.
    package var minimumShouldMatch: MinimumShouldMatch?
    /// `boost` of the whole clause.
    package var boost: Float = 1

    /// Elasticsearch's defaults: every field, every operator, `or`.
    package init() {}
}

/// Elasticsearch's `simple_query_string`: Lucene's `SimpleQueryParser`, which never rejects its input.
///
/// Unbalanced quotes and parentheses are treated as plain characters, operators without an operand are
/// dropped, and `-x` means "everything but x" (so `a -b` with the default `or` operator matches almost
/// everything, exactly as in Elasticsearch). Terms become ``Query/match(_:)`` on one field or
/// `most_fields` ``Query/multiMatch(_:)``; `foo*` becomes ``Query/prefix(_:)`` per field.
package enum SimpleQueryStringParser {
    /// - Throws: ``QueryError/unsupported(feature:)`` for fuzzy terms (`foo~1`); never for syntax.
    package static func parse(_ text: String, options: SimpleQueryStringOptions) throws(QueryError) -> Query {
        let data = Array(text.unicodeScalars)
        let builder = Builder(options: options)
        var state = State(start: 0, end: data.count)
        try builder.parseSubQuery(data, &state)
        guard var query = state.result else { return .matchNone }
        if let minimumShouldMatch = options.minimumShouldMatch {
            switch query {
            case .bool(var bool):
                bool.minimumShouldMatch = minimumShouldMatch
                query = .bool(bool)
            case .match(var match):
                match.minimumShouldMatch = minimumShouldMatch
                query = .match(match)
            default: break
            }
        }
        return QueryParser.boosted(query, options.boost)
    }

    private enum Occur { case must, should }

    /// Lucene's parse state for one level of parentheses.
    private struct State {
        var index: Int
        let end: Int
        var top: Query?
        /// The clauses of `top` once it became a Boolean node built here.
        var clauses: [(Occur?, Query)] = []
        var previousOperation: Occur?
        var currentOperation: Occur?
        var not = 0

        init(start: Int, end: Int) {
            index = start
            self.end = end
        }

        /// Whether a clause was found yet (an operator before the first one is ignored).
        var hasQuery: Bool { top != nil || previousOperation != nil }

        var result: Query? {
            guard previousOperation != nil else { return top }
            var bool = BoolQuery()
            for (occur, clause) in clauses {
                if occur == .must { bool.must.append(clause) } else { bool.should.append(clause) }
            }
            return .bool(bool)
        }
    }

    private struct Builder {
        let options: SimpleQueryStringOptions
        let lenient: Bool
        private var flags: SimpleQueryStringFlags { options.flags }

        init(options: SimpleQueryStringOptions) {
            self.options = options
            lenient = options.lenient ?? (options.fields.isEmpty || options.fields.contains { $0.field == "*" })
        }

        func parseSubQuery(_ data: [Unicode.Scalar], _ state: inout State) throws(QueryError) {
            while state.index < state.end {
                let c = data[state.index]
                if c == "(" && flags.contains(.precedence) {
                    try consumeSubQuery(data, &state)
                } else if c == ")" && flags.contains(.precedence) {
                    state.index += 1
                } else if c == "\"" && flags.contains(.phrase) {
                    try consumePhrase(data, &state)
                } else if c == "+" && flags.contains(.and) {
                    if state.currentOperation == nil && state.hasQuery { state.currentOperation = .must }
                    state.index += 1
                } else if c == "|" && flags.contains(.or) {
                    if state.currentOperation == nil && state.hasQuery { state.currentOperation = .should }
                    state.index += 1
                } else if c == "-" && flags.contains(.not) {
                    state.not += 1
                    state.index += 1
                    continue
                } else if isWhitespace(c) && flags.contains(.whitespace) {
                    state.index += 1
                } else {
                    try consumeToken(data, &state)
                }
                state.not = 0
            }
        }

        private func isWhitespace(_ c: Unicode.Scalar) -> Bool {
            c == " " || c == "\t" || c == "\n" || c == "\r"
        }

        private func consumeSubQuery(_ data: [Unicode.Scalar], _ state: inout State) throws(QueryError) {
            state.index += 1
            let start = state.index
            var depth = 1
            var escaped = false
            while state.index < state.end {
                if !escaped {
                    let c = data[state.index]
                    if c == "\\" && flags.contains(.escape) {
                        escaped = true
                        state.index += 1
                        continue
                    } else if c == "(" {
                        depth += 1
                    } else if c == ")" {
                        depth -= 1
                        if depth == 0 { break }
                    }
                }
                escaped = false
                state.index += 1
            }
            if state.index == state.end {
                state.index = start  // never closed: the "(" was an ordinary character, skipped
            } else if state.index == start {
                state.currentOperation = nil  // "()"
                state.index += 1
            } else {
                var sub = State(start: start, end: state.index)
                try parseSubQuery(data, &sub)
                buildQueryTree(&state, sub.result)
                state.index += 1
            }
        }

        private func consumePhrase(_ data: [Unicode.Scalar], _ state: inout State) throws(QueryError) {
            state.index += 1
            let start = state.index
            var phrase = String.UnicodeScalarView()
            var escaped = false
            var hasSlop = false
            while state.index < state.end {
                let c = data[state.index]
                if !escaped {
                    if c == "\\" && flags.contains(.escape) {
                        escaped = true
                        state.index += 1
                        continue
                    } else if c == "\"" {
                        if state.end > state.index + 1 && data[state.index + 1] == "~" && flags.contains(.near) {
                            state.index += 1
                            hasSlop = state.end > state.index + 1
                        }
                        break
                    }
                }
                escaped = false
                phrase.append(c)
                state.index += 1
            }
            if state.index == state.end {
                state.index = start  // never closed: the quote is dropped and the rest read as terms
            } else if state.index == start {
                state.currentOperation = nil  // ""
                state.index += 1
            } else {
                let slop = hasSlop ? parseFuzziness(data, &state) : 0
                buildQueryTree(&state, phraseQuery(String(phrase), slop: slop))
                state.index += 1
            }
        }

        private func consumeToken(_ data: [Unicode.Scalar], _ state: inout State) throws(QueryError) {
            var token = String.UnicodeScalarView()
            var escaped = false
            var prefix = false
            var fuzzy = false
            while state.index < state.end {
                let c = data[state.index]
                if !escaped {
                    if c == "\\" && flags.contains(.escape) {
                        escaped = true
                        prefix = false
                        state.index += 1
                        continue
                    } else if tokenFinished(data, state) {
                        break
                    } else if !token.isEmpty && c == "~" && flags.contains(.fuzzy) {
                        fuzzy = true
                        break
                    }
                    prefix = !token.isEmpty && c == "*" && flags.contains(.prefix)
                }
                escaped = false
                token.append(c)
                state.index += 1
            }
            guard !token.isEmpty else { return }
            let text = String(token)
            let branch: Query
            if fuzzy {
                let distance = min(parseFuzziness(data, &state), 2)
                guard distance == 0 else {
                    throw .unsupported(feature: "fuzzy matching in simple_query_string ([\(text)~\(distance)])")
                }
                branch = defaultQuery(text)
            } else if prefix {
                branch = prefixQuery(String(text.unicodeScalars.dropLast()))
            } else {
                branch = defaultQuery(text)
            }
            buildQueryTree(&state, branch)
        }

        private func tokenFinished(_ data: [Unicode.Scalar], _ state: State) -> Bool {
            let c = data[state.index]
            return (c == "\"" && flags.contains(.phrase)) || (c == "|" && flags.contains(.or))
                || (c == "+" && flags.contains(.and)) || ((c == "(" || c == ")") && flags.contains(.precedence))
                || (isWhitespace(c) && flags.contains(.whitespace))
        }

        /// The number after `~` up to where a token would end; `~` alone means 2, junk means 0.
        private func parseFuzziness(_ data: [Unicode.Scalar], _ state: inout State) -> Int {
            guard data[state.index] == "~" else { return 0 }
            var text = String.UnicodeScalarView()
            while state.index < state.end {
                state.index += 1
                if state.index < state.end {
                    if tokenFinished(data, state) { break }
                    text.append(data[state.index])
                }
            }
            if text.isEmpty { return 2 }
            return max(Int32(String(text)).map(Int.init) ?? 0, 0)
        }

        /// Lucene's `buildQueryTree`: negation, then a new Boolean node whenever the operator changes.
        private func buildQueryTree(_ state: inout State, _ branch: Query?) {
            guard var branch else { return }
            if state.not % 2 == 1 {
                var negation = BoolQuery()
                negation.mustNot = [branch]
                negation.should = [.matchAll]
                branch = .bool(negation)
            }
            if let top = state.result {
                let operation = state.currentOperation ?? (options.defaultOperator == .and ? .must : .should)
                if state.previousOperation != operation {
                    state.clauses = [(operation, top)]
                }
                state.clauses.append((operation, branch))
                state.previousOperation = operation
                state.top = nil
            } else {
                state.top = branch
            }
            state.currentOperation = nil
        }

        // MARK: - Clauses

        private var singleField: FieldBoost? {
            guard options.fields.count == 1, !options.fields[0].field.contains("*") else { return nil }
            return options.fields[0]
        }

        private func defaultQuery(_ text: String) -> Query {
            if let field = singleField {
                var match = MatchQuery(field: field.field, text: text)
                match.operator = options.defaultOperator
                match.analyzer = options.analyzer
                match.lenient = lenient
                return QueryParser.boosted(.match(match), field.boost)
            }
            return .multiMatch(multiMatch(text, kind: .mostFields))
        }

        private func phraseQuery(_ text: String, slop: Int) -> Query {
            if let field = singleField {
                var phrase = PhraseQuery(field: field.field, text: text)
                phrase.slop = slop
                phrase.analyzer = options.analyzer
                return QueryParser.boosted(.matchPhrase(phrase), field.boost)
            }
            var query = multiMatch(text, kind: .phrase)
            query.slop = slop
            return .multiMatch(query)
        }

        private func prefixQuery(_ text: String) -> Query {
            let fields = options.fields.isEmpty ? [FieldBoost(field: "*")] : options.fields
            let leaves = fields.map { field -> Query in
                var query = PatternQuery(field: field.field, pattern: text)
                query.analysis = options.analyzeWildcard ? .analyzed(defaultOperator: options.defaultOperator) : .normalized
                query.lenient = lenient
                return QueryParser.boosted(.prefix(query), field.boost)
            }
            return leaves.count == 1 ? leaves[0] : .disMax(leaves, tieBreaker: 1)
        }

        private func multiMatch(_ text: String, kind: MultiMatchQuery.Kind) -> MultiMatchQuery {
            var query = MultiMatchQuery(fields: options.fields == [FieldBoost(field: "*")] ? [] : options.fields, text: text)
            query.kind = kind
            query.operator = options.defaultOperator
            query.tieBreaker = kind.defaultTieBreaker
            query.analyzer = options.analyzer
            query.lenient = lenient
            return query
        }
    }
}
