extension JSONValue {
    /// The value under `key` when this is an object, else nil: `response["error"]?["type"]`.
    package subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// The element at `index` when this is an array and the index is in range, else nil.
    package subscript(index: Int) -> JSONValue? {
        guard let array = arrayValue, array.indices.contains(index) else { return nil }
        return array[index]
    }
}

extension JSONValue {
    /// The JSON token name Elasticsearch uses in messages such as `Unknown key for a VALUE_STRING in [x].`
    package var tokenName: String {
        switch self {
        case .null: "VALUE_NULL"
        case .bool: "VALUE_BOOLEAN"
        case .int, .double: "VALUE_NUMBER"
        case .string: "VALUE_STRING"
        case .array: "START_ARRAY"
        case .object: "START_OBJECT"
        }
    }
}
