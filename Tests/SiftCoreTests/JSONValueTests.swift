import SiftCore
import Testing

@Suite struct JSONValueTests {
    @Test func literalsBuildTheExpectedCases() {
        let value: JSONValue = ["name": "sift", "n": 1, "ratio": 0.5, "ok": true, "none": nil, "tags": ["a", 2]]
        #expect(value == .object(JSONObject([
            (key: "name", value: .string("sift")), (key: "n", value: .int(1)), (key: "ratio", value: .double(0.5)),
            (key: "ok", value: .bool(true)), (key: "none", value: .null),
            (key: "tags", value: .array([.string("a"), .int(2)])),
        ])))
    }

    @Test func accessorsReturnOnlyTheirOwnCase() {
        let string: JSONValue = "x"
        #expect(string.stringValue == "x" && string.intValue == nil && string.doubleValue == nil)
        let int: JSONValue = 7
        #expect(int.intValue == 7 && int.doubleValue == 7.0 && int.stringValue == nil)
        let double: JSONValue = 2.5
        #expect(double.doubleValue == 2.5 && double.intValue == nil)
        let bool: JSONValue = false
        #expect(bool.boolValue == false && bool.isNull == false)
        let null: JSONValue = nil
        #expect(null.isNull && null.boolValue == nil && null.objectValue == nil && null.arrayValue == nil)
        let array: JSONValue = [1, 2]
        #expect(array.arrayValue == [1, 2])
        let object: JSONValue = ["k": "v"]
        #expect(object.objectValue?["k"] == "v")
    }

    @Test func intAndDoubleAreDistinct() {
        #expect(JSONValue.int(1) != JSONValue.double(1))
        #expect(Set<JSONValue>([.int(1), .double(1), .int(1)]).count == 2)
    }

    @Test func objectSubscriptReplacesAppendsAndRemoves() {
        var object: JSONObject = ["a": 1, "b": 2, "c": 3]
        object["b"] = "two"
        object["d"] = 4
        #expect(object.keys == ["a", "b", "c", "d"])
        #expect(object["b"] == "two")
        object["a"] = nil
        #expect(object.keys == ["b", "c", "d"])
        #expect(object.removeValue(forKey: "c") == 3)
        #expect(object.removeValue(forKey: "missing") == nil)
        #expect(object == ["b": "two", "d": 4])
        object["missing"] = nil
        #expect(object.count == 2)
    }

    @Test func objectIsAnOrderedRandomAccessCollection() {
        var object = JSONObject(minimumCapacity: 4)
        object.append(key: "x", value: 1)
        object.append(key: "y", value: [true])
        #expect(object.map(\.key) == ["x", "y"])
        #expect(object[1].value == [true])
        #expect(object.index(forKey: "y") == 1)
        #expect(object.description == #"{"x":1,"y":[true]}"#)
    }

    @Test func objectEqualityAndHashAreOrderSensitive() {
        let ab: JSONObject = ["a": 1, "b": 2]
        let ba: JSONObject = ["b": 2, "a": 1]
        #expect(ab != ba)
        #expect(ab == JSONObject([(key: "a", value: 1), (key: "b", value: 2)]))
        #expect(Set([ab, ba, ab]).count == 2)
    }

    @Test func descriptionIsCompactJSON() {
        let value: JSONValue = ["msg": "line\nbreak"]
        #expect(value.description == #"{"msg":"line\nbreak"}"#)
    }
}
