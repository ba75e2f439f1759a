import SiftCore

extension JSONValue {
    /// What Elasticsearch's `parser.text()` reads from a scalar: strings as they are, numbers and
    /// booleans as their JSON text; nil for null, arrays and objects.
    var scalarText: String? {
        switch self {
        case .string(let text): text
        case .int, .double, .bool: jsonString
        case .null, .array, .object: nil
        }
    }
}

/// Reads a clause's option values with Elasticsearch's coercions (numbers from numeric strings,
/// booleans from `"true"`/`"false"`), reporting bad values against the clause's name.
struct OptionReader {
    let query: String

    func text(_ key: String, _ value: JSONValue) throws(QueryError) -> String {
        guard let text = value.scalarText else { throw bad(key, value, "a string") }
        return text
    }

    /// Like ``text(_:_:)``, with JSON `null` meaning "not set".
    func optionalText(_ key: String, _ value: JSONValue) throws(QueryError) -> String? {
        value.isNull ? nil : try text(key, value)
    }

    func bool(_ key: String, _ value: JSONValue) throws(QueryError) -> Bool {
        switch value {
        case .bool(let flag): return flag
        case .string("true"): return true
        case .string("false"): return false
        default: throw bad(key, value, "a boolean")
        }
    }

    func int(_ key: String, _ value: JSONValue) throws(QueryError) -> Int {
        switch value {
        case .int(let number) where Int32(exactly: number) != nil: return Int(number)
        case .double(let number) where number.rounded(.towardZero) == number && abs(number) < 2_147_483_648: return Int(number)
        case .string(let text):
            if let number = Int32(text) { return Int(number) }
        default: break
        }
        throw bad(key, value, "an integer")
    }

    func float(_ key: String, _ value: JSONValue) throws(QueryError) -> Float {
        switch value {
        case .int(let number): return Float(number)
        case .double(let number): return Float(number)
        case .string(let text):
            if let number = Float(text), number.isFinite { return number }
        default: break
        }
        throw bad(key, value, "a number")
    }

    /// `boost`: a number, never negative (Elasticsearch: "negative [boost] are not allowed.").
    func boost(_ value: JSONValue) throws(QueryError) -> Float {
        let boost = try float("boost", value)
        guard boost >= 0 else { throw .illegalArgument(reason: "negative [boost] are not allowed.") }
        return boost
    }

    /// `_name` is accepted and ignored, but must be text.
    func name(_ value: JSONValue) throws(QueryError) {
        _ = try text("_name", value)
    }

    /// `operator`: `and` or `or`, any case.
    func booleanOperator(_ key: String, _ value: JSONValue) throws(QueryError) -> BooleanOperator {
        switch try text(key, value).lowercased() {
        case "and": return .and
        case "or": return .or
        default: throw .malformed(query: query, reason: "[\(key)] must be [and] or [or], found [\(value.scalarText ?? "")]")
        }
    }

    /// `zero_terms_query`: `none` or `all`; true for `all`.
    func zeroTermsMatchAll(_ value: JSONValue) throws(QueryError) -> Bool {
        switch try text("zero_terms_query", value).lowercased() {
        case "none": return false
        case "all": return true
        default: throw .malformed(query: query, reason: "[zero_terms_query] must be [none] or [all], found [\(value.scalarText ?? "")]")
        }
    }

    func minimumShouldMatch(_ value: JSONValue) throws(QueryError) -> MinimumShouldMatch? {
        value.isNull ? nil : try MinimumShouldMatch(json: value, query: query)
    }

    func slop(_ key: String, _ value: JSONValue) throws(QueryError) -> Int {
        let slop = try int(key, value)
        guard slop >= 0 else { throw .illegalArgument(reason: "No negative slop allowed.") }
        return slop
    }

    /// `fuzziness` is only accepted when it asks for exact matching (`0`): fuzzy matching is not implemented.
    func noFuzziness(_ value: JSONValue) throws(QueryError) {
        guard let text = value.scalarText, text == "0" || text == "0.0" else {
            throw .unsupported(feature: "[\(query)] fuzzy matching ([fuzziness] \(value))")
        }
    }

    /// `fields`: a list of names, each optionally boosted as `name^2`; a single string is a list of one.
    func fields(_ value: JSONValue) throws(QueryError) -> [FieldBoost] {
        let items: [JSONValue]
        switch value {
        case .array(let array): items = array
        case .string: items = [value]
        default: throw bad("fields", value, "an array of field names")
        }
        var fields: [FieldBoost] = []
        for item in items {
            guard case .string(let spec) = item else { throw bad("fields", item, "a field name") }
            fields.append(try fieldBoost(spec))
        }
        return fields
    }

    /// `name^boost`, as Elasticsearch's `QueryParserHelper.parseFieldsAndWeights` reads it.
    func fieldBoost(_ spec: String) throws(QueryError) -> FieldBoost {
        guard let caret = spec.firstIndex(of: "^") else { return FieldBoost(field: spec) }
        let boostText = spec[spec.index(after: caret)...]
        guard let boost = Float(boostText), boost.isFinite else {
            throw .malformed(query: query, reason: "[fields] has an invalid boost in [\(spec)]")
        }
        return FieldBoost(field: String(spec[..<caret]), boost: boost)
    }

    func object(_ key: String, _ value: JSONValue) throws(QueryError) -> JSONObject {
        guard case .object(let object) = value else { throw bad(key, value, "an object") }
        return object
    }

    private func bad(_ key: String, _ value: JSONValue, _ expected: String) -> QueryError {
        .malformed(query: query, reason: "[\(key)] must be \(expected), found [\(value)]")
    }
}
