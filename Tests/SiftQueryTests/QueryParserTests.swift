import SiftCore
import SiftQuery
import Testing

@Suite struct QueryParserTests {
    @Test func termInShortAndLongForm() throws {
        #expect(try QueryParser.parse(["term": ["level": "ERROR"]]) == .term(field: "level", value: "ERROR"))
        #expect(try QueryParser.parse(["term": ["http.status": ["value": 500]]]) == .term(field: "http.status", value: 500))
    }

    @Test func boolWithEveryOccurrence() throws {
        let json: JSONValue = [
            "bool": [
                "must": ["term": ["level": "ERROR"]],
                "filter": [["terms": ["service": ["api", "auth"]]]],
                "should": [["match_all": [:]], ["match_none": [:]]],
                "must_not": [["term": ["host": "db1"]]],
                "minimum_should_match": "1",
            ]
        ]
        guard case .bool(let bool) = try QueryParser.parse(json) else {
            Issue.record("expected a bool query")
            return
        }
        #expect(bool.must == [.term(field: "level", value: "ERROR")])
        #expect(bool.filter == [.terms(field: "service", values: ["api", "auth"])])
        #expect(bool.should == [.matchAll, .matchNone])
        #expect(bool.mustNot == [.term(field: "host", value: "db1")])
        #expect(bool.requiredShouldMatches == 1)
    }

    @Test func shouldOnlyMeansAtLeastOne() throws {
        guard case .bool(let bool) = try QueryParser.parse(["bool": ["should": [["match_all": [:]]]]]) else {
            Issue.record("expected a bool query")
            return
        }
        #expect(bool.requiredShouldMatches == 1)
        var withMust = bool
        withMust.must = [.matchAll]
        #expect(withMust.requiredShouldMatches == 0)
    }

    /// Each bad query and the error it must produce; explicitly typed so the literals type-check quickly.
    static let badQueries: [(JSONValue, QueryError)] = {
        let unknownClause: JSONValue = ["mtach": ["message": "x"]]
        let unknownNested: JSONValue = ["bool": ["must": [["fuzzy_thing": [:]]]]]
        let unknownBoolOption: JSONValue = ["bool": ["mustnt": []]]
        let unknownTermOption: JSONValue = ["term": ["level": ["value": "x", "boots": 2]]]
        let unknownMatchAllOption: JSONValue = ["match_all": ["foo": 1]]
        let termWithoutValue: JSONValue = ["term": ["level": ["boost": 2]]]
        let termsNotArray: JSONValue = ["terms": ["level": "ERROR"]]
        let empty: JSONValue = [:]
        return [
            (unknownClause, .unknownQuery(name: "mtach")),
            (unknownNested, .unknownQuery(name: "fuzzy_thing")),
            (unknownBoolOption, .unknownOption(query: "bool", option: "mustnt")),
            (unknownTermOption, .unknownOption(query: "term", option: "boots")),
            (unknownMatchAllOption, .unknownOption(query: "match_all", option: "foo")),
            (termWithoutValue, .malformed(query: "term", reason: "[value] is required")),
            (termsNotArray, .malformed(query: "terms", reason: "[level] must be an array")),
            (empty, .malformed(query: "query", reason: "a query is an object with exactly one clause")),
        ]
    }()

    @Test(arguments: badQueries)
    func badQueriesAreErrorsThatNameTheProblem(json: JSONValue, expected: QueryError) {
        #expect(throws: expected) { try QueryParser.parse(json) }
    }
}
