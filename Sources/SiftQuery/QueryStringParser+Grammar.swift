import SiftCore

/// A recursive-descent port of Lucene's classic `QueryParser.jj` productions (`TopLevelQuery`, `Query`,
/// `MultiTerm`, `Clause`, `Term`) and of `QueryParserBase.addClause`, whose clause-modifying rules
/// give `AND`/`OR`/`NOT` their Lucene meaning.
struct ClassicQueryGrammar {
    private let query: String
    private let scalars: [Unicode.Scalar]
    private let clauses: QueryStringClauses
    private var tokens: [QueryStringToken] = []
    private var index = 0

    private enum Occur { case must, should, mustNot }
    private enum Conjunction { case none, and, or }
    private enum Modifier { case none, required, not }

    init(query: String, clauses: QueryStringClauses) {
        self.query = query
        scalars = Array(query.unicodeScalars)
        self.clauses = clauses
    }

    /// `TopLevelQuery := Query <EOF>`.
    mutating func parseTopLevel() throws(QueryError) -> Query {
        tokens = try QueryStringLexer(query).tokenize()
        let result = try parseQuery(field: clauses.topLevelField)
        guard peek.kind == .end else { throw unexpected(peek, expected: "an operator, a term or the end of the query") }
        return result
    }

    // MARK: - Productions

    /// `Query := (MultiTerm | Modifiers Clause) (MultiTerm | Conjunction Modifiers Clause)*`.
    private mutating func parseQuery(field: String?) throws(QueryError) -> Query {
        var list: [(Occur, Query)] = []
        var firstQuery: Query?
        if multiTermAhead() {
            firstQuery = try parseMultiTerm(field: field, into: &list)
        } else {
            let modifier = parseModifier()
            let clause = try parseClause(field: field)
            addClause(&list, .none, modifier, clause)
            if modifier == .none { firstQuery = clause }
        }
        while true {
            if multiTermAhead() {
                _ = try parseMultiTerm(field: field, into: &list)
                continue
            }
            guard Self.continuesQuery.contains(peek.kind) else { break }
            let conjunction = parseConjunction()
            let modifier = parseModifier()
            let clause = try parseClause(field: field)
            addClause(&list, conjunction, modifier, clause)
        }
        if list.count == 1, let firstQuery { return firstQuery }
        var bool = BoolQuery()
        for (occur, clause) in list {
            switch occur {
            case .must: bool.must.append(clause)
            case .should: bool.should.append(clause)
            case .mustNot: bool.mustNot.append(clause)
            }
        }
        return .bool(bool)
    }

    /// Tokens that can start `Conjunction Modifiers Clause`.
    private static let continuesQuery: Set<QueryStringToken.Kind> = [
        .and, .or, .not, .plus, .minus, .bareOperator, .leftParen, .star, .quoted, .term, .prefixTerm,
        .wildTerm, .regexpTerm, .rangeInclusiveStart, .rangeExclusiveStart, .number,
    ]

    /// Lucene's `allowedPostMultiTerm`: what may follow a term that joins a run of plain terms.
    private static let disallowedAfterMultiTerm: Set<QueryStringToken.Kind> = [.colon, .star, .fuzzySlop, .caret, .and, .or]

    /// Two plain terms in a row (the second not a field name, boosted, fuzzy, or before AND/OR) start a
    /// run analysed as one text. Terms starting with `<` or `>` stay alone so `>5` keeps its range meaning.
    private func multiTermAhead() -> Bool {
        guard index + 2 < tokens.count else { return false }
        return isPlainTerm(tokens[index]) && isPlainTerm(tokens[index + 1])
            && !Self.disallowedAfterMultiTerm.contains(tokens[index + 2].kind)
    }

    private func isPlainTerm(_ token: QueryStringToken) -> Bool {
        token.kind == .term && !token.image.hasPrefix("<") && !token.image.hasPrefix(">")
    }

    /// `MultiTerm`: the run's text (escapes removed) becomes one query, added like a plain clause.
    private mutating func parseMultiTerm(field: String?, into list: inout [(Occur, Query)]) throws(QueryError) -> Query {
        var images = [advance().image]
        while index + 1 < tokens.count, isPlainTerm(peek), !Self.disallowedAfterMultiTerm.contains(tokens[index + 1].kind) {
            images.append(advance().image)
        }
        let clause = clauses.textQuery(field, try discardEscapes(images.joined(separator: " "), at: tokens[index - 1]))
        addClause(&list, .none, .none, clause)
        return clause
    }

    private mutating func parseConjunction() -> Conjunction {
        switch peek.kind {
        case .and: advance(); return .and
        case .or: advance(); return .or
        default: return .none
        }
    }

    private mutating func parseModifier() -> Modifier {
        switch peek.kind {
        case .plus: advance(); return .required
        case .minus, .not: advance(); return .not
        default: return .none
        }
    }

    /// `Clause := [(TERM | STAR) COLON] (Term | "(" Query ")" ["^" NUMBER])`. Unlike Lucene, a field
    /// written with an unescaped wildcard (`http.*:500`) is accepted too.
    private mutating func parseClause(field: String?) throws(QueryError) -> Query {
        var field = field
        if [.term, .star, .prefixTerm, .wildTerm].contains(peek.kind), tokens[index + 1].kind == .colon {
            let name = advance()
            advance()
            field = name.kind == .star ? "*" : try discardEscapes(name.image, at: name)
        }
        guard peek.kind == .leftParen else { return try parseTerm(field: field) }
        advance()
        let inner = try parseQuery(field: field)
        try expect(.rightParen, "\")\"")
        return try parseBoost(applyingTo: inner)
    }

    /// `Term`: a bare term, a range or a quoted phrase, each with an optional boost and `~` suffix.
    private mutating func parseTerm(field: String?) throws(QueryError) -> Query {
        switch peek.kind {
        case .term, .star, .prefixTerm, .wildTerm, .regexpTerm, .number, .bareOperator:
            let token = advance()
            let (boost, fuzzy) = try parseSuffixes()
            return boosted(try bareTerm(field: field, token, fuzzy: fuzzy), boost)
        case .rangeInclusiveStart, .rangeExclusiveStart:
            return try parseRange(field: field)
        case .quoted:
            let token = advance()
            let (boost, slopToken) = try parseSuffixes()
            var slop = clauses.options.phraseSlop
            if let slopToken, let value = Float(slopToken.image.dropFirst()), value.isFinite, abs(value) < 1e9 {
                slop = Int(value)
            }
            let text = try discardEscapes(String(token.image.dropFirst().dropLast()), at: token)
            return boosted(clauses.phraseQuery(field, text, slop: slop), boost)
        default:
            throw unexpected(peek, expected: "a term, a quoted phrase, a range or \"(\"")
        }
    }

    /// `[^N [~x]] | [~x [^N]]` after a term or phrase.
    private mutating func parseSuffixes() throws(QueryError) -> (boost: QueryStringToken?, fuzzy: QueryStringToken?) {
        var boost: QueryStringToken?
        var fuzzy: QueryStringToken?
        if peek.kind == .caret {
            advance()
            boost = try expect(.number, "a boost number")
            if peek.kind == .fuzzySlop { fuzzy = advance() }
        } else if peek.kind == .fuzzySlop {
            fuzzy = advance()
            if peek.kind == .caret {
                advance()
                boost = try expect(.number, "a boost number")
            }
        }
        return (boost, fuzzy)
    }

    /// Lucene's `handleBareTokenQuery`.
    private func bareTerm(field: String?, _ token: QueryStringToken, fuzzy: QueryStringToken?) throws(QueryError) -> Query {
        let image = token.kind == .bareOperator ? String(token.image.prefix(1)) : token.image
        let text = try discardEscapes(image, at: token)
        switch token.kind {
        case .star, .wildTerm:
            return try clauses.wildcard(field, image) {
                QueryStringLexer.syntaxError(query, at: token.offset, in: scalars, "'*' or '?' not allowed as first character in WildcardQuery")
            }
        case .prefixTerm:
            return try clauses.prefix(field, try discardEscapes(String(image.dropLast()), at: token))
        case .regexpTerm:
            return try clauses.regexp(field, String(image.dropFirst().dropLast()))
        default:
            if let fuzzy {
                throw .unsupported(feature: "fuzzy matching in query_string ([\(token.image)\(fuzzy.image)])")
            }
            return try clauses.fieldQuery(field, text)
        }
    }

    /// `[a TO b]`, `{a TO b}`, mixed brackets, `*` for an open end, optional `TO`, then an optional boost.
    private mutating func parseRange(field: String?) throws(QueryError) -> Query {
        let startInclusive = advance().kind == .rangeInclusiveStart
        let boundKinds: Set<QueryStringToken.Kind> = [.rangeGoop, .rangeQuoted, .rangeTo]
        let lower = try expect(boundKinds, "a range bound")
        if peek.kind == .rangeTo { advance() }
        let upper = try expect(boundKinds, "a range bound")
        let end = try expect([.rangeInclusiveEnd, .rangeExclusiveEnd], "\"]\" or \"}\"")
        let query = try clauses.range(
            field, try rangeBound(lower), try rangeBound(upper),
            startInclusive: startInclusive, endInclusive: end.kind == .rangeInclusiveEnd
        )
        return try parseBoost(applyingTo: query)
    }

    /// A bound: `*` is open; quoted bounds stay strings, others become numbers when they read as one.
    private func rangeBound(_ token: QueryStringToken) throws(QueryError) -> JSONValue? {
        if token.kind == .rangeQuoted {
            let text = try discardEscapes(String(token.image.dropFirst().dropLast()), at: token)
            return text == "*" ? nil : .string(text)
        }
        return token.image == "*" ? nil : QueryStringClauses.bound(try discardEscapes(token.image, at: token))
    }

    private mutating func parseBoost(applyingTo query: Query) throws(QueryError) -> Query {
        guard peek.kind == .caret else { return query }
        advance()
        return boosted(query, try expect(.number, "a boost number"))
    }

    private func boosted(_ query: Query, _ boost: QueryStringToken?) -> Query {
        guard let boost, let value = Float(boost.image) else { return query }
        return QueryParser.boosted(query, value)
    }

    // MARK: - Lucene's addClause

    /// `AND` makes the previous clause required; with default operator AND, `OR` makes it optional;
    /// then the new clause is required, optional or prohibited by its modifier, conjunction and the
    /// default operator.
    private func addClause(_ list: inout [(Occur, Query)], _ conjunction: Conjunction, _ modifier: Modifier, _ query: Query) {
        let andOperator = clauses.options.defaultOperator == .and
        if let last = list.indices.last, conjunction == .and, list[last].0 != .mustNot {
            list[last].0 = .must
        }
        if let last = list.indices.last, andOperator, conjunction == .or, list[last].0 != .mustNot {
            list[last].0 = .should
        }
        let prohibited = modifier == .not
        let required = andOperator
            ? !prohibited && conjunction != .or
            : modifier == .required || (conjunction == .and && !prohibited)
        list.append((prohibited ? .mustNot : required ? .must : .should, query))
    }

    // MARK: - Tokens

    private var peek: QueryStringToken { tokens[index] }

    @discardableResult
    private mutating func advance() -> QueryStringToken {
        let token = tokens[index]
        if token.kind != .end { index += 1 }
        return token
    }

    @discardableResult
    private mutating func expect(_ kind: QueryStringToken.Kind, _ description: String) throws(QueryError) -> QueryStringToken {
        try expect([kind], description)
    }

    private mutating func expect(_ kinds: Set<QueryStringToken.Kind>, _ description: String) throws(QueryError) -> QueryStringToken {
        guard kinds.contains(peek.kind) else { throw unexpected(peek, expected: description) }
        return advance()
    }

    private func unexpected(_ token: QueryStringToken, expected: String) -> QueryError {
        let found = token.kind == .end ? "Encountered <EOF>" : "Encountered \"\(token.image)\""
        return QueryStringLexer.syntaxError(query, at: token.offset, in: scalars, found, expected: expected)
    }

    /// Lucene's `discardEscapeChar`: drops backslashes, keeping what they escape, and reads `\uXXXX`.
    private func discardEscapes(_ text: String, at token: QueryStringToken) throws(QueryError) -> String {
        guard text.contains("\\") else { return text }
        var output = String.UnicodeScalarView()
        var iterator = text.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            guard scalar == "\\" else {
                output.append(scalar)
                continue
            }
            guard let escaped = iterator.next() else {
                throw QueryStringLexer.syntaxError(query, at: token.offset, in: scalars, "Term can not end with escape character")
            }
            guard escaped == "u" else {
                output.append(escaped)
                continue
            }
            var code: UInt32 = 0
            for _ in 0..<4 {
                guard let digit = iterator.next() else {
                    throw QueryStringLexer.syntaxError(query, at: token.offset, in: scalars, "Truncated unicode escape sequence")
                }
                guard let value = UInt32(String(digit), radix: 16) else {
                    throw QueryStringLexer.syntaxError(query, at: token.offset, in: scalars, "Non-hex character in Unicode escape sequence: \(digit)")
                }
                code = code * 16 + value
            }
            output.append(Unicode.Scalar(code) ?? "\u{FFFD}")
        }
        return String(output)
    }
}
