import SiftCore
import SiftQuery
import Testing

@Suite struct SourceFilterTests {
    /// Nested objects, a dotted key, arrays of scalars and of objects, and an empty object.
    static let document: JSONValue = {
        let http: JSONValue = ["status": 500, "method": "GET", "response": ["bytes": 10]]
        let events: JSONValue = [["id": 1, "kind": "x"], ["id": 2]]
        return [
            "@timestamp": "2024-05-01T10:00:00Z", "message": "disk full", "http": http, "http.version": "1.1",
            "tags": ["a", "b"], "events": events, "meta": [:],
        ]
    }()

    private func filtered(includes: [String] = [], excludes: [String] = []) -> JSONValue? {
        SourceFilter(includes: includes, excludes: excludes).apply(to: Self.document)
    }

    @Test func noFilterKeepsEverythingAndFalseDropsTheSource() {
        #expect(SourceFilter.all.apply(to: Self.document) == Self.document)
        #expect(SourceFilter.none.apply(to: Self.document) == nil)
        #expect(SourceFilter(fetch: false, includes: ["message"]).apply(to: Self.document) == nil)
        #expect(SourceFilter(includes: ["*"]).apply(to: Self.document) == Self.document)
    }

    @Test func includesOfLeavesAndObjects() {
        #expect(filtered(includes: ["message"]) == ["message": "disk full"])
        let http: JSONValue = ["status": 500, "method": "GET", "response": ["bytes": 10]]
        #expect(filtered(includes: ["http"]) == ["http": http, "http.version": "1.1"])
        #expect(filtered(includes: ["http.status"]) == ["http": ["status": 500]])
        #expect(filtered(includes: ["http.*"]) == ["http": http, "http.version": "1.1"])
        #expect(filtered(includes: ["http.response.bytes", "message"]) == ["message": "disk full", "http": ["response": ["bytes": 10]]])
        #expect(filtered(includes: ["http.version"]) == ["http.version": "1.1"])
        #expect(filtered(includes: ["nothing"]) == [:])
    }

    @Test func wildcardsMatchAcrossDots() {
        #expect(filtered(includes: ["*.status"]) == ["http": ["status": 500]])
        #expect(filtered(includes: ["*status"]) == ["http": ["status": 500]])
        #expect(filtered(includes: ["h*"]) == ["http": ["status": 500, "method": "GET", "response": ["bytes": 10]], "http.version": "1.1"])
        #expect(filtered(includes: ["*bytes", "@*"]) == ["@timestamp": "2024-05-01T10:00:00Z", "http": ["response": ["bytes": 10]]])
    }

    @Test func excludesWinAndKeepEmptiedObjectsWhenNothingIsIncluded() {
        let withoutMethod: JSONValue = [
            "@timestamp": "2024-05-01T10:00:00Z", "message": "disk full", "http": ["status": 500, "response": ["bytes": 10]],
            "http.version": "1.1", "tags": ["a", "b"], "events": [["id": 1, "kind": "x"], ["id": 2]], "meta": [:],
        ]
        #expect(filtered(excludes: ["http.method"]) == withoutMethod)
        let withoutHTTPInside: JSONValue = [
            "@timestamp": "2024-05-01T10:00:00Z", "message": "disk full", "http": [:],
            "tags": ["a", "b"], "events": [["id": 1, "kind": "x"], ["id": 2]], "meta": [:],
        ]
        #expect(filtered(excludes: ["http.*"]) == withoutHTTPInside)
        #expect(filtered(excludes: ["*"]) == [:])
        #expect(filtered(includes: ["message"], excludes: ["message"]) == [:])
        #expect(filtered(includes: ["http"], excludes: ["http.response", "http.version"]) == ["http": ["status": 500, "method": "GET"]])
        #expect(filtered(includes: ["http"], excludes: ["http.*"]) == ["http": [:]])
        #expect(filtered(includes: ["message", "tags"], excludes: ["events"]) == ["message": "disk full", "tags": ["a", "b"]])
    }

    @Test func arraysOfObjectsAreFilteredElementByElement() {
        #expect(filtered(includes: ["events.id"]) == ["events": [["id": 1], ["id": 2]]])
        #expect(filtered(includes: ["events.kind"]) == ["events": [["kind": "x"]]])
        #expect(filtered(includes: ["tags"]) == ["tags": ["a", "b"]])
        #expect(filtered(excludes: ["events.kind"]) == [
            "@timestamp": "2024-05-01T10:00:00Z", "message": "disk full",
            "http": ["status": 500, "method": "GET", "response": ["bytes": 10]], "http.version": "1.1",
            "tags": ["a", "b"], "events": [["id": 1], ["id": 2]], "meta": [:],
        ])
        let mixed: JSONValue = ["list": [1, ["x": 1, "y": 2], [["x": 3]]]]
        #expect(SourceFilter(includes: ["list.x"]).apply(to: mixed) == ["list": [["x": 1], [["x": 3]]]])
        #expect(SourceFilter(includes: ["list"]).apply(to: mixed) == mixed)
    }

    @Test func emptyObjectsStayOnlyWhenTheirPathIsIncluded() {
        #expect(filtered(includes: ["meta"]) == ["meta": [:]])
        #expect(filtered(includes: ["meta.x"]) == [:])
        #expect(filtered(includes: ["http.nothing"]) == [:])
    }

    @Test func dottedKeysAtAnyDepth() {
        let source: JSONValue = ["a": ["b.c": ["d": 1, "e": 2]], "a.b": ["c.e": 3], "x": ["response.status_code": 200]]
        #expect(SourceFilter(includes: ["a.b.c.d"]).apply(to: source) == ["a": ["b.c": ["d": 1]]])
        #expect(SourceFilter(includes: ["a.b.c.e"]).apply(to: source) == ["a": ["b.c": ["e": 2]], "a.b": ["c.e": 3]])
        #expect(SourceFilter(includes: ["x.response.status_code"]).apply(to: source) == ["x": ["response.status_code": 200]])
        // `a` itself is not excluded, only everything in it, so it stays as an empty object.
        #expect(SourceFilter(excludes: ["a.b"]).apply(to: source) == ["a": [:], "x": ["response.status_code": 200]])
    }

    @Test func keyOrderIsKept() {
        let source: JSONValue = ["z": 1, "a": 2, "m": 3]
        #expect(SourceFilter(includes: ["m", "z"]).apply(to: source) == ["z": 1, "m": 3])
    }

    @Test func aNonObjectSourceIsReturnedAsIs() {
        #expect(SourceFilter(includes: ["a"]).apply(to: "text") == "text")
    }

    @Test func requestBodyForms() throws {
        #expect(try SourceFilter(json: false) == .none)
        #expect(try SourceFilter(json: true) == .all)
        #expect(try SourceFilter(json: "message") == SourceFilter(includes: ["message"]))
        #expect(try SourceFilter(json: ["a", "b.*"]) == SourceFilter(includes: ["a", "b.*"]))
        let object: JSONValue = ["includes": "a", "excludes": ["b", "c"]]
        #expect(try SourceFilter(json: object) == SourceFilter(includes: ["a"], excludes: ["b", "c"]))
        let legacy: JSONValue = ["include": ["a"], "exclude": "b"]
        #expect(try SourceFilter(json: legacy) == SourceFilter(includes: ["a"], excludes: ["b"]))
        #expect(SourceFilter(includes: ["a"]).isIdentity == false)
        #expect(SourceFilter.all.isIdentity)
    }

    static let badForms: [(JSONValue, QueryError)] = [
        (5, .parsing(reason: "Expected one of [VALUE_BOOLEAN, START_OBJECT] but found [VALUE_NUMBER]")),
        (["foo": 1], .parsing(reason: "Unknown key for a VALUE_NUMBER in [foo].")),
        ([1], .parsing(reason: "Unknown key for a VALUE_NUMBER in [_source].")),
        (["includes": 1], .parsing(reason: "Unknown key for a VALUE_NUMBER in [includes].")),
        (["excludes": [["a": 1]]], .parsing(reason: "Unknown key for a START_OBJECT in [excludes].")),
    ]

    @Test(arguments: badForms)
    func badFormsAreRejected(json: JSONValue, expected: QueryError) {
        #expect(throws: expected) { try SourceFilter(json: json) }
    }
}
