import SiftCore
import SiftQuery
import Testing

@Suite struct MinimumShouldMatchTests {
    /// (spec, optional clauses, required) from Elasticsearch's documentation and `Queries.calculateMinShouldMatch`.
    static let resolutions: [(String, Int, Int)] = [
        ("3", 5, 3), ("3", 2, 3), ("0", 4, 0), ("+2", 4, 2),
        ("-2", 5, 3), ("-2", 1, 0), ("-0", 3, 0),
        ("75%", 4, 3), ("75%", 5, 3), ("75%", 7, 5), ("70%", 10, 7), ("100%", 3, 3), ("0%", 3, 0),
        ("-25%", 4, 3), ("-25%", 5, 4), ("-100%", 6, 0), ("-50%", 3, 2),
        ("3<90%", 1, 1), ("3<90%", 3, 3), ("3<90%", 4, 3), ("3<90%", 10, 9),
        ("2<-25% 9<-3", 2, 2), ("2<-25% 9<-3", 3, 3), ("2<-25% 9<-3", 8, 6), ("2<-25% 9<-3", 9, 7),
        ("2<-25% 9<-3", 12, 9), ("3 < 90%", 10, 9), ("  2  ", 5, 2), ("1<-1", 0, 0), ("50%", 0, 0),
    ]

    @Test(arguments: resolutions)
    func resolvesLikeElasticsearch(spec: String, clauses: Int, required: Int) throws {
        let msm = try MinimumShouldMatch(validating: spec, query: "bool")
        #expect(msm.resolve(optionalClauses: clauses) == required)
    }

    static let invalidSpecs: [String] = [
        "", "abc", "75%%", "%75", "7%5", "3<", "<90%", "3<abc", "1.5", "2<-25%  9<-3", "3<<4", "99999999999",
    ]

    @Test(arguments: invalidSpecs)
    func invalidSpecsAreRejectedAtParseTime(spec: String) {
        #expect(throws: QueryError.malformed(query: "match", reason: "[minimum_should_match] has an invalid value [\(spec)]")) {
            try MinimumShouldMatch(validating: spec, query: "match")
        }
    }

    @Test func jsonIntegersAndStringsAreAccepted() throws {
        #expect(try MinimumShouldMatch(json: 2, query: "bool").spec == "2")
        #expect(try MinimumShouldMatch(json: "-1", query: "bool").spec == "-1")
        #expect(throws: QueryError.malformed(query: "bool", reason: "[minimum_should_match] must be an integer or a string, found [2.5]")) {
            try MinimumShouldMatch(json: 2.5, query: "bool")
        }
        #expect(throws: QueryError.malformed(query: "bool", reason: "[minimum_should_match] must be an integer or a string, found [true]")) {
            try MinimumShouldMatch(json: true, query: "bool")
        }
    }

    @Test func anUnvalidatedBadSpecRequiresEveryClause() {
        #expect(MinimumShouldMatch(spec: "nonsense").resolve(optionalClauses: 4) == 4)
    }

    private static func bool(must: Int = 0, filter: Int = 0, should: Int = 0, mustNot: Int = 0, msm: String? = nil) -> BoolQuery {
        var bool = BoolQuery()
        bool.must = Array(repeating: .matchAll, count: must)
        bool.filter = Array(repeating: .matchAll, count: filter)
        bool.should = Array(repeating: .matchAll, count: should)
        bool.mustNot = Array(repeating: .matchNone, count: mustNot)
        bool.minimumShouldMatch = msm.map { MinimumShouldMatch(spec: $0) }
        return bool
    }

    @Test func requiredShouldMatchesFollowsElasticsearchDefaults() {
        #expect(Self.bool(should: 2).requiredShouldMatches == 1)
        #expect(Self.bool(should: 2, mustNot: 1).requiredShouldMatches == 1)
        #expect(Self.bool(must: 1, should: 2).requiredShouldMatches == 0)
        #expect(Self.bool(filter: 1, should: 2).requiredShouldMatches == 0)
        #expect(Self.bool(must: 1).requiredShouldMatches == 0)
        #expect(Self.bool().requiredShouldMatches == 0)
    }

    @Test func requiredShouldMatchesResolvesAnExplicitSpec() {
        #expect(Self.bool(filter: 1, should: 2, msm: "1").requiredShouldMatches == 1)
        #expect(Self.bool(must: 1, should: 3, msm: "-1").requiredShouldMatches == 2)
        #expect(Self.bool(must: 1, should: 4, msm: "50%").requiredShouldMatches == 2)
        // Without must/filter Lucene still needs one should clause, whatever the spec says.
        #expect(Self.bool(should: 3, msm: "0").requiredShouldMatches == 1)
        #expect(Self.bool(should: 3, msm: "-100%").requiredShouldMatches == 1)
        // More than there are: nothing can match, as in Elasticsearch.
        #expect(Self.bool(should: 2, msm: "5").requiredShouldMatches == 5)
    }
}
