import SiftCore

/// Reads one aggregation's options: typed getters that accept what Elasticsearch's parsers coerce
/// (numbers as strings, `"true"`), and ``finish()`` rejecting any key no getter asked for.
struct AggregationOptions {
    /// The aggregation type (`terms`), for messages.
    let type: String
    /// The aggregation's name, for messages.
    let name: String
    let object: JSONObject
    private var read: Set<String> = []

    init(type: String, name: String, body: JSONValue) throws(QueryError) {
        guard let object = body.objectValue else {
            throw .malformed(query: type, reason: "expected an object for aggregation [\(name)], got [\(body)]")
        }
        self.type = type
        self.name = name
        self.object = object
    }

    func has(_ key: String) -> Bool { object[key] != nil }

    func failure(_ reason: String) -> QueryError { .malformed(query: type, reason: reason) }

    private func wrongType(_ key: String, _ value: JSONValue, expected: String) -> QueryError {
        failure("failed to parse field [\(key)]: expected \(expected), got [\(value)]")
    }

    /// Any JSON value, as written.
    mutating func value(_ key: String) -> JSONValue? {
        read.insert(key)
        guard let value = object[key], !value.isNull else { return nil }
        return value
    }

    mutating func string(_ key: String) throws(QueryError) -> String? {
        guard let value = value(key) else { return nil }
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .bool(let b): return String(b)
        default: throw wrongType(key, value, expected: "a string")
        }
    }

    mutating func int(_ key: String) throws(QueryError) -> Int64? {
        guard let value = value(key) else { return nil }
        switch value {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9.2e18: return Int64(d)
        case .string(let s):
            if let i = Int64(trimmingSpaces(s)) { return i }
        default: break
        }
        throw wrongType(key, value, expected: "an integer")
    }

    mutating func double(_ key: String) throws(QueryError) -> Double? {
        guard let value = value(key) else { return nil }
        if let number = Self.number(value) { return number }
        throw wrongType(key, value, expected: "a number")
    }

    mutating func bool(_ key: String) throws(QueryError) -> Bool? {
        guard let value = value(key) else { return nil }
        switch value {
        case .bool(let b): return b
        case .string("true"): return true
        case .string("false"): return false
        default: throw wrongType(key, value, expected: "a boolean")
        }
    }

    mutating func object(_ key: String) throws(QueryError) -> JSONObject? {
        guard let value = value(key) else { return nil }
        guard let object = value.objectValue else { throw wrongType(key, value, expected: "an object") }
        return object
    }

    /// `field`, which every aggregation but `filter(s)` and `top_hits` requires.
    mutating func field() throws(QueryError) -> String {
        guard let field = try string("field"), !field.isEmpty else {
            throw failure("Required one of fields [field, script], but none were specified.")
        }
        return field
    }

    /// Rejects `script` (Sift runs no scripts) and any key no getter read.
    func finish() throws(QueryError) {
        for key in object.keys where !read.contains(key) {
            if key == "script" { throw .unsupported(feature: "[script] in aggregation [\(name)]") }
            throw failure("unknown field [\(key)]")
        }
    }

    /// A number, or a string holding one (Elasticsearch coerces both).
    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let i): Double(i)
        case .double(let d): d
        case .string(let s): Double(trimmingSpaces(s)).flatMap { $0.isFinite ? $0 : nil }
        default: nil
        }
    }
}

private func trimmingSpaces(_ text: String) -> Substring {
    guard let first = text.firstIndex(where: { $0 != " " }), let last = text.lastIndex(where: { $0 != " " }) else {
        return ""
    }
    return text[first...last]
}
