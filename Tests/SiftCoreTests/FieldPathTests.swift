import SiftCore
import Testing

@Suite struct FieldPathTests {
    private func document(_ json: String) throws -> Document {
        try Document(parsing: Array(json.utf8))
    }

    @Test func componentsAreSplitAtEveryDot() {
        #expect(FieldPath("http.response.status_code").components == ["http", "response", "status_code"])
        #expect(FieldPath("message").components == ["message"])
        #expect(FieldPath("a..b").components == ["a", "", "b"])
        #expect(FieldPath("").components == [""])
        let literal: FieldPath = "user.id"
        #expect(literal == FieldPath("user.id") && literal.description == "user.id")
        #expect(Set<FieldPath>(["a.b", "a.b", "a"]).count == 2)
    }

    @Test(arguments: [
        (#"{"http":{"status":200}}"#, "http.status"),
        (#"{"http.status":200}"#, "http.status"),
        (#"{"http":{"response.status_code":200}}"#, "http.response.status_code"),
        (#"{"http.response":{"status_code":200}}"#, "http.response.status_code"),
        (#"{"http":{"response":{"status_code":200}}}"#, "http.response.status_code"),
        (#"{"http.response.status_code":200}"#, "http.response.status_code"),
        (#"{"level":"x","status":200}"#, "status"),
    ])
    func lookupFindsNestedLiteralAndMixedForms(_ json: String, _ path: String) throws {
        #expect(try document(json)[FieldPath(path)] == 200)
    }

    @Test func longestLiteralKeyWins() throws {
        let doc = try document(#"{"a":{"b":2},"a.b":1}"#)
        #expect(doc["a.b"] == 1)
    }

    @Test func lookupBacktracksFromADeadEnd() throws {
        let doc = try document(#"{"a.b":{"x":1},"a":{"b":{"c":2}}}"#)
        #expect(doc["a.b.c"] == 2)
        #expect(doc["a.b.x"] == 1)
    }

    @Test func missingPathsAndPathsThroughScalarsAreNil() throws {
        let doc = try document(#"{"a":{"b":1},"s":"text","arr":[{"x":1}]}"#)
        #expect(doc["a.c"] == nil)
        #expect(doc["a.b.c"] == nil)
        #expect(doc["s.length"] == nil)
        #expect(doc["arr.x"] == nil)
        #expect(doc["nothing"] == nil)
        #expect(doc["a"] == ["b": 1])
    }

    @Test func setReplacesWhereLookupFindsTheValue() throws {
        var nested = try document(#"{"http":{"method":"GET","status":200},"z":0}"#)
        nested.set("http.status", to: 404)
        #expect(nested.jsonBytes() == Array(#"{"http":{"method":"GET","status":404},"z":0}"#.utf8))

        var literal = try document(#"{"http.status":200,"z":0}"#)
        literal.set("http.status", to: 500)
        #expect(literal.fields == ["http.status": 500, "z": 0])

        var mixed = try document(#"{"http":{"response.status_code":200}}"#)
        mixed.set("http.response.status_code", to: 201)
        #expect(mixed.fields == ["http": ["response.status_code": 201]])
    }

    @Test func setCreatesNestedObjectsLikeIngest() {
        var doc = Document()
        doc.set("http.response.status_code", to: 200)
        #expect(doc.fields == ["http": ["response": ["status_code": 200]]])
        doc.set("http.method", to: "GET")
        #expect(doc.fields == ["http": ["response": ["status_code": 200], "method": "GET"]])
        doc.set("message", to: "hi")
        let expected = #"{"http":{"response":{"status_code":200},"method":"GET"},"message":"hi"}"#
        #expect(doc.jsonBytes() == Array(expected.utf8))
    }

    @Test func setDescendsIntoTheLongestExistingLiteralObject() throws {
        var doc = try document(#"{"event.meta":{"a":1}}"#)
        doc.set("event.meta.b", to: 2)
        #expect(doc.fields == ["event.meta": ["a": 1, "b": 2]])
    }

    @Test func setNeverOverwritesAScalarParent() throws {
        var doc = try document(#"{"host":"web-1"}"#)
        doc.set("host.name", to: "web-1.example")
        #expect(doc.fields == ["host": "web-1", "host.name": "web-1.example"])
        #expect(doc["host.name"] == "web-1.example")
        #expect(doc["host"] == "web-1")

        var deeper = try document(#"{"a":{"b":1}}"#)
        deeper.set("a.b.c", to: 2)
        #expect(deeper.fields == ["a": ["b": 1, "b.c": 2]])
        #expect(deeper["a.b.c"] == 2)
    }

    @Test func setWithALiteralDottedSiblingCreatesTheNestedForm() throws {
        var doc = try document(#"{"a.b":1}"#)
        doc.set("a.b.c", to: 2)
        #expect(doc.fields == ["a.b": 1, "a": ["b": ["c": 2]]])
        #expect(doc["a.b.c"] == 2)
        #expect(doc["a.b"] == 1)
    }

    @Test func removeFindsEveryForm() throws {
        var nested = try document(#"{"http":{"status":200,"method":"GET"},"x":1}"#)
        #expect(nested.remove("http.status") == 200)
        #expect(nested.fields == ["http": ["method": "GET"], "x": 1])
        #expect(nested.remove("http.method") == "GET")
        #expect(nested.fields == ["http": [:], "x": 1])

        var literal = try document(#"{"trace.id":"abc","x":1}"#)
        #expect(literal.remove("trace.id") == "abc")
        #expect(literal.fields == ["x": 1])

        var mixed = try document(#"{"http":{"response.status_code":1,"y":2}}"#)
        #expect(mixed.remove("http.response.status_code") == 1)
        #expect(mixed.fields == ["http": ["y": 2]])
    }

    @Test func removingAMissingPathChangesNothing() throws {
        var doc = try document(#"{"a":{"b":1}}"#)
        let before = doc
        #expect(doc.remove("a.c") == nil)
        #expect(doc.remove("a.b.c") == nil)
        #expect(doc == before)
    }

    @Test func mutationDoesNotAffectCopies() throws {
        let original = try document(#"{"a":{"b":{"c":1}}}"#)
        var copy = original
        copy.set("a.b.c", to: 2)
        copy.remove("a.b")
        #expect(original["a.b.c"] == 1)
        #expect(copy.fields == ["a": [:]])
    }
}
