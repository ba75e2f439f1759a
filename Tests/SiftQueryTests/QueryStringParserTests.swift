import SiftCore
import SiftQuery
import Testing

/// Query strings against a single default field, `message`, unless a test says otherwise.
private func parse(_ text: String, _ configure: (inout QueryStringOptions) -> Void = { _ in }) throws(QueryError) -> Query {
    var options = QueryStringOptions()
    options.defaultField = "message"
    configure(&options)
    return try QueryStringParser.parse(text, options: options)
}

/// Analysed text on `message` (or another field), as the query-string parser builds it.
private func m(_ text: String, field: String = "message", _ configure: (inout MatchQuery) -> Void = { _ in }) -> Query {
    Q.match(field, text, configure)
}

/// Analysed text on every field (no default field, or `*`): lenient by default.
private func all(_ text: String, _ configure: (inout MultiMatchQuery) -> Void = { _ in }) -> Query {
    Q.multi([], text) {
        $0.lenient = true
        configure(&$0)
    }
}

private func normalized(_ kind: (PatternQuery) -> Query, _ field: String, _ pattern: String, lenient: Bool = false) -> Query {
    kind(Q.pattern(field, pattern) {
        $0.analysis = .normalized
        $0.lenient = lenient
    })
}

private func syntax(_ query: String, _ detail: String) -> QueryError {
    .queryStringSyntax(query: query, detail: detail)
}

@Suite struct QueryStringParserTests {
    /// Boolean structure follows Lucene's `addClause`, not operator precedence.
    static let booleanCases: [(String, Query)] = [
        ("error", m("error")),
        ("disk full", m("disk full")),
        ("a AND b", Q.bool(must: [m("a"), m("b")])),
        ("a OR b", Q.bool(should: [m("a"), m("b")])),
        ("a AND b OR c", Q.bool(must: [m("a"), m("b")], should: [m("c")])),
        ("a OR b AND c", Q.bool(must: [m("b"), m("c")], should: [m("a")])),
        ("NOT a", Q.bool(mustNot: [m("a")])),
        ("-a", Q.bool(mustNot: [m("a")])),
        ("!a", Q.bool(mustNot: [m("a")])),
        ("+a", Q.bool(must: [m("a")])),
        ("a NOT b", Q.bool(should: [m("a")], mustNot: [m("b")])),
        ("a AND NOT b", Q.bool(must: [m("a")], mustNot: [m("b")])),
        ("a OR NOT b", Q.bool(should: [m("a")], mustNot: [m("b")])),
        ("+a -b c", Q.bool(must: [m("a")], should: [m("c")], mustNot: [m("b")])),
        ("a && b || !c", Q.bool(must: [m("a"), m("b")], mustNot: [m("c")])),
        ("(a OR b) AND c", Q.bool(must: [Q.bool(should: [m("a"), m("b")]), m("c")])),
        ("((a))", m("a")),
        ("a - b", Q.bool(should: [m("a"), m("-"), m("b")])),
        ("x AND a b", Q.bool(must: [m("x"), m("a")], should: [m("b")])),
        ("ANDROID OR ORACLE", Q.bool(should: [m("ANDROID"), m("ORACLE")])),
        ("foo-bar", m("foo-bar")),
    ]

    @Test(arguments: booleanCases)
    func booleanStructure(text: String, expected: Query) throws {
        #expect(try parse(text) == expected)
    }

    @Test func defaultOperatorAndMakesJuxtapositionRequired() throws {
        let and: (inout QueryStringOptions) -> Void = { $0.defaultOperator = .and }
        let mAnd: (String) -> Query = { text in m(text) { $0.operator = .and } }
        #expect(try parse("a b", and) == mAnd("a b"))
        #expect(try parse("a OR b", and) == Q.bool(should: [mAnd("a"), mAnd("b")]))
        #expect(try parse("a b OR c", and) == Q.bool(must: [mAnd("a")], should: [mAnd("b"), mAnd("c")]))
        #expect(try parse("a -b", and) == Q.bool(must: [mAnd("a")], mustNot: [mAnd("b")]))
        #expect(try parse("a AND b", and) == Q.bool(must: [mAnd("a"), mAnd("b")]))
    }

    static let fieldCases: [(String, Query)] = [
        ("level:ERROR AND service:payments", Q.bool(must: [m("ERROR", field: "level"), m("payments", field: "service")])),
        ("client.ip:10.0.0.1", m("10.0.0.1", field: "client.ip")),
        ("trace.id:4bf92f3577b34da6a3ce929d0e0e4736", m("4bf92f3577b34da6a3ce929d0e0e4736", field: "trace.id")),
        ("message:\"disk full\"", .matchPhrase(Q.phrase("message", "disk full"))),
        ("\"disk full\"~3", .matchPhrase(Q.phrase("message", "disk full") { $0.slop = 3 })),
        ("\"disk full\"~2.7^2", .boosted(.matchPhrase(Q.phrase("message", "disk full") { $0.slop = 2 }), boost: 2)),
        ("title:(quick OR brown)", Q.bool(should: [m("quick", field: "title"), m("brown", field: "title")])),
        ("title:(\"x y\" z)", Q.bool(should: [.matchPhrase(Q.phrase("title", "x y")), m("z", field: "title")])),
        ("title:(a b)", m("a b", field: "title")),
        ("host:*", .exists(field: "host")),
        ("_exists_:host", .exists(field: "host")),
        ("_exists_:\"host.name\"", .exists(field: "host.name")),
        ("*", .exists(field: "message")),
        ("*:*", .matchAll),
        ("foo*", normalized(Query.prefix, "message", "foo")),
        ("f?o", normalized(Query.wildcard, "message", "f?o")),
        ("fo*o*", normalized(Query.wildcard, "message", "fo*o*")),
        ("*oo", normalized(Query.wildcard, "message", "*oo")),
        ("foo\\*", m("foo*")),
        ("host:web\\*01*", normalized(Query.prefix, "host", "web*01")),
        ("host:web\\*0?", normalized(Query.wildcard, "host", "web\\*0?")),
        ("/web-[0-9]+/", .regexp(Q.pattern("message", "web-[0-9]+"))),
        ("host:/a\\/b/", .regexp(Q.pattern("host", "a\\/b"))),
        ("path:\\/var\\/log", m("/var/log", field: "path")),
        ("path:\"/var/log\"", .matchPhrase(Q.phrase("path", "/var/log"))),
        ("path:/var/log", Q.bool(should: [.regexp(Q.pattern("path", "var")), m("log")])),
        ("a\\ b", m("a b")),
        ("\\u0041bc", m("Abc")),
        ("a^2", .boosted(m("a"), boost: 2)),
        ("a^1", m("a")),
        ("(a b)^3", .boosted(m("a b"), boost: 3)),
        ("a^0.5 b", Q.bool(should: [.boosted(m("a"), boost: 0.5), m("b")])),
        ("http.*:500", Q.multi([FieldBoost(field: "http.*")], "500")),
        ("http.\\*:500", Q.multi([FieldBoost(field: "http.*")], "500")),
        ("http.*:50*", normalized(Query.prefix, "http.*", "50")),
        ("http.*:*", .exists(field: "http.*")),
        ("*:error", Q.multi([], "error")),
    ]

    @Test(arguments: fieldCases)
    func fieldsPhrasesAndPatterns(text: String, expected: Query) throws {
        #expect(try parse(text) == expected)
    }

    static let rangeCases: [(String, Query)] = [
        ("status:[500 TO 599]", Q.range("status") { $0.gte = 500; $0.lte = 599 }),
        ("status:{500 TO 599]", Q.range("status") { $0.gt = 500; $0.lte = 599 }),
        ("status:[500 TO 599}", Q.range("status") { $0.gte = 500; $0.lt = 599 }),
        ("status:[500 599]", Q.range("status") { $0.gte = 500; $0.lte = 599 }),
        ("bytes:[* TO 100}", Q.range("bytes") { $0.lt = 100 }),
        ("bytes:[10 TO *]", Q.range("bytes") { $0.gte = 10 }),
        ("bytes:[0.5 TO 1.50]", Q.range("bytes") { $0.gte = 0.5; $0.lte = "1.50" }),
        ("bytes:[007 TO \"100\"]", Q.range("bytes") { $0.gte = "007"; $0.lte = "100" }),
        ("@timestamp:[2024-01-01 TO now-1d/d]", Q.range("@timestamp") { $0.gte = "2024-01-01"; $0.lte = "now-1d/d" }),
        ("@timestamp:[\"2024-01-01T00:00:00\" TO now]", Q.range("@timestamp") { $0.gte = "2024-01-01T00:00:00"; $0.lte = "now" }),
        ("@timestamp:>=now-15m", Q.range("@timestamp") { $0.gte = "now-15m" }),
        ("bytes:>5", Q.range("bytes") { $0.gt = 5 }),
        ("bytes:<5", Q.range("bytes") { $0.lt = 5 }),
        ("bytes:<=5.5", Q.range("bytes") { $0.lte = 5.5 }),
        ("bytes:>=-3", Q.range("bytes") { $0.gte = -3 }),
        (">5", Q.range("message") { $0.gt = 5 }),
        ("bytes:[1 TO 2]^2", .boosted(Q.range("bytes") { $0.gte = 1; $0.lte = 2 }, boost: 2)),
        ("ip:[10.0.0.0 TO 10.0.0.255]", Q.range("ip") { $0.gte = "10.0.0.0"; $0.lte = "10.0.0.255" }),
    ]

    @Test(arguments: rangeCases)
    func ranges(text: String, expected: Query) throws {
        #expect(try parse(text) == expected)
    }

    @Test func withoutADefaultFieldTermsSearchEveryFieldLeniently() throws {
        let none: (inout QueryStringOptions) -> Void = { $0.defaultField = nil }
        #expect(try parse("error", none) == all("error"))
        #expect(try parse("error timeout", none) == all("error timeout"))
        #expect(try parse("a AND b", none) == Q.bool(must: [all("a"), all("b")]))
        #expect(try parse("*", none) == .matchAll)
        #expect(try parse("\"disk full\"", none) == all("disk full") { $0.kind = .phrase })
        #expect(try parse("web*", none) == normalized(Query.prefix, "*", "web", lenient: true))
        #expect(try parse(">5", none) == Q.range("*") { $0.gt = 5; $0.lenient = true })
        #expect(try parse("level:error", none) == m("error", field: "level") { $0.lenient = true })
        #expect(try parse("error", { $0.defaultField = "*" }) == all("error"))
        #expect(try parse("error", { $0.defaultField = "*"; $0.lenient = false }) == all("error") { $0.lenient = false })
    }

    @Test func severalDefaultFieldsUseMultiMatchAndDisMax() throws {
        let fields: (inout QueryStringOptions) -> Void = {
            $0.defaultField = nil
            $0.fields = [FieldBoost(field: "message", boost: 2), FieldBoost(field: "host")]
        }
        let list = [FieldBoost(field: "message", boost: 2), FieldBoost(field: "host")]
        #expect(try parse("x y", fields) == Q.multi(list, "x y"))
        #expect(try parse("\"x y\"", fields) == Q.multi(list, "x y") { $0.kind = .phrase })
        let prefixes: Query = .disMax(
            [.boosted(normalized(Query.prefix, "message", "x"), boost: 2), normalized(Query.prefix, "host", "x")], tieBreaker: 0
        )
        #expect(try parse("x*", fields) == prefixes)
        #expect(try parse("*", fields) == .disMax([.boosted(.exists(field: "message"), boost: 2), .exists(field: "host")], tieBreaker: 0))
        #expect(try parse(">5", fields) == Q.multi(list, ">5"))
        #expect(try parse("x", { $0.defaultField = nil; $0.fields = [FieldBoost(field: "message")] }) == m("x"))
        let mostFields: (inout QueryStringOptions) -> Void = { fields(&$0); $0.type = .mostFields }
        #expect(try parse("x*", mostFields) == .disMax(
            [.boosted(normalized(Query.prefix, "message", "x"), boost: 2), normalized(Query.prefix, "host", "x")], tieBreaker: 1
        ))
        #expect(try parse("x", { fields(&$0); $0.tieBreaker = 0.3 }) == Q.multi(list, "x") { $0.tieBreaker = 0.3 })
    }

    @Test func optionsReachTheClauses() throws {
        #expect(try parse("web*", { $0.analyzeWildcard = true }) == .prefix(Q.pattern("message", "web") {
            $0.analysis = .analyzed(defaultOperator: .or)
        }))
        #expect(try parse("a \"b c\"", { $0.analyzer = "simple"; $0.quoteAnalyzer = "keyword"; $0.phraseSlop = 2 }) == Q.bool(should: [
            m("a") { $0.analyzer = "simple" },
            .matchPhrase(Q.phrase("message", "b c") { $0.slop = 2; $0.analyzer = "keyword" }),
        ]))
        #expect(try parse("@timestamp:[2024-01-01 TO 2024-01-31]", { $0.timeZone = "+01:00" }) == Q.range("@timestamp") {
            $0.gte = "2024-01-01"
            $0.lte = "2024-01-31"
            $0.timeZone = "+01:00"
        })
        #expect(try parse("a", { $0.boost = 2 }) == .boosted(m("a"), boost: 2))
        #expect(try parse("a:b (c)", { $0.escape = true }) == m("a:b (c)"))
        #expect(try parse("a", { $0.lenient = true }) == m("a") { $0.lenient = true })
        #expect(try parse("x", { $0.type = .phrasePrefix }) == .matchPhrasePrefix(Q.phrase("message", "x")))
    }

    @Test func minimumShouldMatchAppliesToTheTopLevelClauses() throws {
        let two: (inout QueryStringOptions) -> Void = { $0.minimumShouldMatch = MinimumShouldMatch(spec: "2") }
        #expect(try parse("a b c", two) == m("a b c") { $0.minimumShouldMatch = MinimumShouldMatch(spec: "2") })
        #expect(try parse("a OR b OR c", two) == Q.bool(should: [m("a"), m("b"), m("c")], msm: "2"))
        #expect(try parse("(a OR b)^2", two) == .boosted(Q.bool(should: [m("a"), m("b")], msm: "2"), boost: 2))
        #expect(try parse("x*", two) == normalized(Query.prefix, "message", "x"))
    }

    @Test func emptyQueriesMatchNothing() throws {
        #expect(try parse("") == .matchNone)
        #expect(try parse("  \t\n") == .matchNone)
    }

    static let syntaxErrors: [(String, QueryError)] = [
        ("a AND", syntax("a AND", "Encountered <EOF> at line 1, column 6; expected a term, a quoted phrase, a range or \"(\".")),
        ("a AND OR b", syntax("a AND OR b", "Encountered \"OR\" at line 1, column 7; expected a term, a quoted phrase, a range or \"(\".")),
        ("NOT", syntax("NOT", "Encountered <EOF> at line 1, column 4; expected a term, a quoted phrase, a range or \"(\".")),
        ("(a OR b", syntax("(a OR b", "Encountered <EOF> at line 1, column 8; expected \")\".")),
        ("a OR b)", syntax("a OR b)", "Encountered \")\" at line 1, column 7; expected an operator, a term or the end of the query.")),
        ("()", syntax("()", "Encountered \")\" at line 1, column 2; expected a term, a quoted phrase, a range or \"(\".")),
        ("a:b:c", syntax("a:b:c", "Encountered \":\" at line 1, column 4; expected an operator, a term or the end of the query.")),
        ("a AND\nOR b", syntax("a AND\nOR b", "Encountered \"OR\" at line 2, column 1; expected a term, a quoted phrase, a range or \"(\".")),
        ("\"disk full", syntax("\"disk full", "Lexical error: found a quoted phrase that is never closed at line 1, column 1.")),
        ("path:/var", syntax("path:/var", "Lexical error: found a regular expression that is never closed by / (escape a literal / as \\/) at line 1, column 6.")),
        ("a\\", syntax("a\\", "Lexical error: found the escape character \\ at the end of the query at line 1, column 2.")),
        ("a]", syntax("a]", "Lexical error: found \"]\", which cannot start a term (escape it with \\) at line 1, column 2.")),
        ("a^x", syntax("a^x", "Lexical error: found \"x\" where a boost number was expected after ^ at line 1, column 3.")),
        ("a^", syntax("a^", "Encountered <EOF> at line 1, column 3; expected a boost number.")),
        ("[1 TO", syntax("[1 TO", "Encountered <EOF> at line 1, column 6; expected a range bound.")),
        ("[1 TO 2", syntax("[1 TO 2", "Encountered <EOF> at line 1, column 8; expected \"]\" or \"}\".")),
        ("\\u00", syntax("\\u00", "Truncated unicode escape sequence at line 1, column 1.")),
        ("\\u00zz", syntax("\\u00zz", "Non-hex character in Unicode escape sequence: z at line 1, column 1.")),
    ]

    @Test(arguments: syntaxErrors)
    func syntaxErrorsSayWhatAndWhere(text: String, expected: QueryError) {
        #expect(throws: expected) { try parse(text) }
    }

    @Test func leadingWildcardsCanBeForbidden() throws {
        let forbid: (inout QueryStringOptions) -> Void = { $0.allowLeadingWildcard = false }
        #expect(throws: syntax("*oo", "'*' or '?' not allowed as first character in WildcardQuery at line 1, column 1.")) {
            try parse("*oo", forbid)
        }
        #expect(throws: syntax("a ?b", "'*' or '?' not allowed as first character in WildcardQuery at line 1, column 3.")) {
            try parse("a ?b", forbid)
        }
        #expect(try parse("*", forbid) == .exists(field: "message"))
        #expect(try parse("fo*", forbid) == normalized(Query.prefix, "message", "fo"))
    }

    @Test func fuzzyTermsAreUnsupported() {
        #expect(throws: QueryError.unsupported(feature: "fuzzy matching in query_string ([foo~])")) {
            try parse("foo~")
        }
        #expect(throws: QueryError.unsupported(feature: "fuzzy matching in query_string ([foo~2])")) {
            try parse("level:foo~2^3")
        }
    }

    @Test func fieldsAndDefaultFieldTogetherAreRejected() {
        #expect(throws: QueryError.validation(["cannot use [fields] parameter in conjunction with [default_field]"])) {
            try parse("a", { $0.fields = [FieldBoost(field: "b")] })
        }
    }

    @Test func escapeQuotesEveryReservedCharacter() {
        #expect(QueryStringParser.escape("a+b-c!(d):^[]\"{}~*?|&/\\") == "a\\+b\\-c\\!\\(d\\)\\:\\^\\[\\]\\\"\\{\\}\\~\\*\\?\\|\\&\\/\\\\")
    }

    /// Random strings over the syntax's special characters never trap: each parses or throws a QueryError.
    @Test func arbitraryInputParsesOrFailsCleanly() {
        let alphabet = Array("ab AND OR NOT:*?~^\"\\/[]{}()+-!&|<>=.0123456789\t\nTO_exists_\u{3000}é")
        var seed: UInt64 = 0x5EED
        var outcomes = (parsed: 0, failed: 0)
        for _ in 0..<3_000 {
            var text = ""
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for _ in 0..<Int(seed >> 60) + 1 {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text.append(alphabet[Int(seed >> 33) % alphabet.count])
            }
            do {
                _ = try QueryStringParser.parse(text, options: QueryStringOptions())
                outcomes.parsed += 1
            } catch {
                outcomes.failed += 1
            }
            var simple = SimpleQueryStringOptions()
            simple.flags = [.and, .or, .not, .prefix, .phrase, .precedence, .escape, .whitespace, .near]
            #expect(throws: Never.self) { try SimpleQueryStringParser.parse(text, options: simple) }
        }
        #expect(outcomes.parsed + outcomes.failed == 3_000)
        #expect(outcomes.parsed > 100 && outcomes.failed > 100)
    }
}
