import SiftCore
import SiftQuery
import Testing

/// Simple query strings on the single field `message` unless a test says otherwise.
private func parse(_ text: String, _ configure: (inout SimpleQueryStringOptions) -> Void = { _ in }) throws(QueryError) -> Query {
    var options = SimpleQueryStringOptions()
    options.fields = [FieldBoost(field: "message")]
    configure(&options)
    return try SimpleQueryStringParser.parse(text, options: options)
}

private func m(_ text: String, _ configure: (inout MatchQuery) -> Void = { _ in }) -> Query {
    Q.match("message", text, configure)
}

/// What `-x` means in simple_query_string: everything except `x`.
private func not(_ query: Query) -> Query {
    Q.bool(should: [.matchAll], mustNot: [query])
}

private func prefix(_ field: String, _ text: String, lenient: Bool = false) -> Query {
    .prefix(Q.pattern(field, text) {
        $0.analysis = .normalized
        $0.lenient = lenient
    })
}

@Suite struct SimpleQueryStringTests {
    static let cases: [(String, Query)] = [
        ("error", m("error")),
        ("disk full", Q.bool(should: [m("disk"), m("full")])),
        ("a + b", Q.bool(must: [m("a"), m("b")])),
        ("a +b", Q.bool(must: [m("a"), m("b")])),
        ("a | b", Q.bool(should: [m("a"), m("b")])),
        ("a|b", Q.bool(should: [m("a"), m("b")])),
        ("a -b", Q.bool(should: [m("a"), not(m("b"))])),
        ("-a", not(m("a"))),
        ("--a", m("a")),
        ("- a", m("a")),
        ("\"disk full\"", .matchPhrase(Q.phrase("message", "disk full"))),
        ("\"disk full\"~2", .matchPhrase(Q.phrase("message", "disk full") { $0.slop = 2 })),
        ("\"disk full\"~", .matchPhrase(Q.phrase("message", "disk full"))),
        ("\"disk full\"~x", .matchPhrase(Q.phrase("message", "disk full"))),
        ("foo*", prefix("message", "foo")),
        ("*", m("*")),
        ("foo\\*", m("foo*")),
        ("(a | b) + c", Q.bool(must: [Q.bool(should: [m("a"), m("b")]), m("c")])),
        ("a + b | c", Q.bool(should: [Q.bool(must: [m("a"), m("b")]), m("c")])),
        ("a b + c", Q.bool(must: [Q.bool(should: [m("a"), m("b")]), m("c")])),
        ("-(a b)", not(Q.bool(should: [m("a"), m("b")]))),
        ("a + b c", Q.bool(should: [Q.bool(must: [m("a"), m("b")]), m("c")])),
        ("a + b + c", Q.bool(must: [m("a"), m("b"), m("c")])),
        ("a b | c", Q.bool(should: [m("a"), m("b"), m("c")])),
        ("a\\ b", m("a b")),
        ("a\\+b", m("a+b")),
        ("foo~0", m("foo")),
        ("foo~x", m("foo")),
        ("client.ip:10.0.0.1", m("client.ip:10.0.0.1")),
    ]

    @Test(arguments: cases)
    func operators(text: String, expected: Query) throws {
        #expect(try parse(text) == expected)
    }

    /// Broken input degrades the way Lucene's SimpleQueryParser does; it is never an error.
    static let degradations: [(String, Query)] = [
        ("\"unclosed", m("unclosed")),
        ("(unclosed", m("unclosed")),
        ("a)", m("a")),
        ("+a", m("a")),
        ("a +", m("a")),
        ("a | | b", Q.bool(should: [m("a"), m("b")])),
        ("| a", m("a")),
        ("a -", m("a")),
        ("((a)", m("a")),
    ]

    @Test(arguments: degradations)
    func brokenInputDegrades(text: String, expected: Query) throws {
        #expect(try parse(text) == expected)
    }

    @Test func nothingToSearchMatchesNothing() throws {
        for text in ["", "   ", "()", "\"\"", "+", "-", "|"] {
            #expect(try parse(text) == .matchNone, "\(text)")
        }
    }

    @Test func defaultOperatorAnd() throws {
        let and: (inout SimpleQueryStringOptions) -> Void = { $0.defaultOperator = .and }
        let mAnd: (String) -> Query = { text in m(text) { $0.operator = .and } }
        #expect(try parse("a b", and) == Q.bool(must: [mAnd("a"), mAnd("b")]))
        #expect(try parse("a -b", and) == Q.bool(must: [mAnd("a"), not(mAnd("b"))]))
        #expect(try parse("a | b", and) == Q.bool(should: [mAnd("a"), mAnd("b")]))
    }

    @Test func flagsTurnOperatorsOff() throws {
        #expect(try parse("a -b", { $0.flags = [] }) == m("a -b"))
        #expect(try parse("a|b -c", { $0.flags = [.and, .whitespace] }) == Q.bool(should: [m("a|b"), m("-c")]))
        #expect(try parse("\"a b\"", { $0.flags = [.whitespace] }) == Q.bool(should: [m("\"a"), m("b\"")]))
        #expect(try parse("foo*", { $0.flags = [.whitespace] }) == m("foo*"))
        #expect(try parse("\"a b\"~2", { $0.flags = [.phrase, .whitespace] }) == Q.bool(should: [
            .matchPhrase(Q.phrase("message", "a b")), m("~2"),
        ]))
        #expect(try parse("a\\ b", { $0.flags = [.whitespace] }) == Q.bool(should: [m("a\\"), m("b")]))
    }

    @Test func flagNamesParseLikeElasticsearch() throws {
        #expect(try SimpleQueryStringFlags(parsing: "OR|and|Prefix") == [.or, .and, .prefix])
        #expect(try SimpleQueryStringFlags(parsing: "ALL") == .all)
        #expect(try SimpleQueryStringFlags(parsing: "NONE") == [])
        #expect(try SimpleQueryStringFlags(parsing: "") == .all)
        #expect(try SimpleQueryStringFlags(parsing: "SLOP") == [.near])
        #expect(try SimpleQueryStringFlags(parsing: "AND|NONE|OR") == [])
        #expect(throws: QueryError.illegalArgument(reason: "Unknown simple_query_string flag [FOO]")) {
            try SimpleQueryStringFlags(parsing: "AND|FOO")
        }
    }

    @Test func everyFieldWhenNoneAreGiven() throws {
        let allFields: (inout SimpleQueryStringOptions) -> Void = { $0.fields = [] }
        #expect(try parse("error", allFields) == Q.multi([], "error") {
            $0.kind = .mostFields
            $0.tieBreaker = 1
            $0.lenient = true
        })
        #expect(try parse("\"a b\"~1", allFields) == Q.multi([], "a b") {
            $0.kind = .phrase
            $0.slop = 1
            $0.lenient = true
        })
        #expect(try parse("foo*", allFields) == prefix("*", "foo", lenient: true))
        #expect(try parse("foo*", { $0.fields = []; $0.lenient = false }) == prefix("*", "foo"))
    }

    @Test func severalFieldsAndBoosts() throws {
        let fields = [FieldBoost(field: "message", boost: 2), FieldBoost(field: "host")]
        let several: (inout SimpleQueryStringOptions) -> Void = { $0.fields = fields }
        #expect(try parse("x", several) == Q.multi(fields, "x") { $0.kind = .mostFields; $0.tieBreaker = 1 })
        #expect(try parse("x*", several) == .disMax([.boosted(prefix("message", "x"), boost: 2), prefix("host", "x")], tieBreaker: 1))
        #expect(try parse("x", { $0.fields = [FieldBoost(field: "message", boost: 3)] }) == .boosted(m("x"), boost: 3))
        #expect(try parse("x", { $0.fields = [FieldBoost(field: "http.*")] }) == Q.multi([FieldBoost(field: "http.*")], "x") {
            $0.kind = .mostFields
            $0.tieBreaker = 1
        })
    }

    @Test func optionsReachTheQuery() throws {
        #expect(try parse("a b c", { $0.minimumShouldMatch = MinimumShouldMatch(spec: "2") }) == Q.bool(
            should: [m("a"), m("b"), m("c")], msm: "2"
        ))
        #expect(try parse("a", { $0.minimumShouldMatch = MinimumShouldMatch(spec: "2") }) == m("a") {
            $0.minimumShouldMatch = MinimumShouldMatch(spec: "2")
        })
        #expect(try parse("a", { $0.boost = 2 }) == .boosted(m("a"), boost: 2))
        #expect(try parse("a", { $0.analyzer = "simple"; $0.lenient = true }) == m("a") { $0.analyzer = "simple"; $0.lenient = true })
        #expect(try parse("ab*", { $0.analyzeWildcard = true }) == .prefix(Q.pattern("message", "ab") {
            $0.analysis = .analyzed(defaultOperator: .or)
        }))
    }

    @Test func fuzzyTermsAreUnsupported() {
        #expect(throws: QueryError.unsupported(feature: "fuzzy matching in simple_query_string ([foo~1])")) { try parse("foo~1") }
        #expect(throws: QueryError.unsupported(feature: "fuzzy matching in simple_query_string ([foo~2])")) { try parse("foo~") }
        #expect(throws: QueryError.unsupported(feature: "fuzzy matching in simple_query_string ([foo~2])")) { try parse("foo~5") }
    }
}
