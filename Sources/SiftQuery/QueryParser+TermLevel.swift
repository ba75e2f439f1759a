import SiftCore

extension QueryParser {
    /// `{"term": {"level": "ERROR"}}` or `{"term": {"level": {"value": "ERROR", "case_insensitive": true}}}`.
    static func parseTerm(_ clause: JSONObject) throws(QueryError) -> Query {
        let reader = OptionReader(query: "term")
        let (field, body) = try singleField(clause, query: "term")
        switch body {
        case .string, .int, .double, .bool:
            return .term(TermQuery(field: field, value: body))
        case .array:
            throw .parsing(reason: "[term] query does not support array of values")
        case .null:
            throw .illegalArgument(reason: "value cannot be null")
        case .object(let options):
            var value: JSONValue?
            var caseInsensitive = false
            var boost: Float = 1
            for (key, option) in options {
                switch key {
                case "value":
                    guard option.scalarText != nil else {
                        throw .parsing(reason: "[term] query does not support [value] with a \(option.tokenName)")
                    }
                    value = option
                case "case_insensitive": caseInsensitive = try reader.bool(key, option)
                case "boost": boost = try reader.boost(option)
                case "_name": try reader.name(option)
                default: throw .unknownOption(query: "term", option: key)
                }
            }
            guard let value else { throw .illegalArgument(reason: "value cannot be null") }
            return boosted(.term(TermQuery(field: field, value: value, caseInsensitive: caseInsensitive)), boost)
        }
    }

    /// `{"terms": {"level": ["ERROR", "FATAL"], "boost": 2}}`. Terms lookup (an object) is not supported.
    static func parseTerms(_ clause: JSONObject) throws(QueryError) -> Query {
        let reader = OptionReader(query: "terms")
        var field: String?
        var values: [JSONValue] = []
        var boost: Float = 1
        for (key, value) in clause {
            switch (key, value) {
            case ("boost", _): boost = try reader.boost(value)
            case ("_name", _): try reader.name(value)
            case (_, .array(let list)):
                guard field == nil else { throw .parsing(reason: "[terms] query does not support multiple fields") }
                for item in list {
                    guard item.scalarText != nil else {
                        throw .parsing(reason: item.isNull ? "No value specified for terms query" : "[terms] query does not support [\(key)] with a \(item.tokenName) element")
                    }
                }
                (field, values) = (key, list)
            case (_, .object):
                throw .unsupported(feature: "the [terms] lookup (terms from another document)")
            default:
                throw .unknownOption(query: "terms", option: key)
            }
        }
        guard let field else {
            throw .parsing(reason: "[terms] query requires a field name, followed by array of terms or a document lookup specification")
        }
        return boosted(.terms(field: field, values: values), boost)
    }

    /// `{"ids": {"values": ["a", "b"]}}`; numeric ids are read as their text.
    static func parseIDs(_ clause: JSONObject) throws(QueryError) -> Query {
        let reader = OptionReader(query: "ids")
        var ids: [String] = []
        var boost: Float = 1
        for (key, value) in clause {
            switch key {
            case "values":
                guard case .array(let list) = value else { throw .parsing(reason: "[ids] query does not support [values] with a \(value.tokenName)") }
                for item in list {
                    guard case .string(let id) = item else {
                        guard case .int(let number) = item else { throw .parsing(reason: "[ids] values must be strings, found [\(item)]") }
                        ids.append(String(number))
                        continue
                    }
                    ids.append(id)
                }
            case "boost": boost = try reader.boost(value)
            case "_name": try reader.name(value)
            default: throw .unknownOption(query: "ids", option: key)
            }
        }
        return boosted(.ids(ids), boost)
    }

    /// `{"exists": {"field": "http.status"}}`.
    static func parseExists(_ clause: JSONObject) throws(QueryError) -> Query {
        let reader = OptionReader(query: "exists")
        var field: String?
        var boost: Float = 1
        for (key, value) in clause {
            switch key {
            case "field": field = try reader.text(key, value)
            case "boost": boost = try reader.boost(value)
            case "_name": try reader.name(value)
            default: throw .unknownOption(query: "exists", option: key)
            }
        }
        guard let field, !field.isEmpty else { throw .parsing(reason: "[exists] must be provided with a [field]") }
        return boosted(.exists(field: field), boost)
    }

    /// `prefix`, `wildcard` and `regexp`, short (`{"host": "web*"}`) or long (`value`, `case_insensitive`,
    /// `rewrite`; `wildcard` also takes its pattern as `wildcard`, `prefix` as `prefix`; `regexp` takes
    /// `flags`, `flags_value`, `max_determinized_states`).
    static func parsePattern(_ clause: JSONObject, name: String) throws(QueryError) -> Query {
        let reader = OptionReader(query: name)
        let (field, body) = try singleField(clause, query: name)
        let make: (PatternQuery) -> Query = { pattern in
            switch name {
            case "prefix": .prefix(pattern)
            case "wildcard": .wildcard(pattern)
            default: .regexp(pattern)
            }
        }
        guard case .object(let options) = body else {
            guard let pattern = body.scalarText else { throw .parsing(reason: "No value specified for \(name) query") }
            return make(PatternQuery(field: field, pattern: pattern))
        }
        var pattern: String?
        var caseInsensitive = false
        var boost: Float = 1
        for (key, value) in options {
            switch key {
            case "value": pattern = value.scalarText
            case "prefix" where name == "prefix", "wildcard" where name == "wildcard": pattern = value.scalarText
            case "case_insensitive": caseInsensitive = try reader.bool(key, value)
            case "rewrite": _ = try reader.optionalText(key, value)
            case "flags" where name == "regexp": try validateRegexpFlags(try reader.text(key, value))
            case "flags_value" where name == "regexp", "max_determinized_states" where name == "regexp":
                _ = try reader.int(key, value)
            case "boost": boost = try reader.boost(value)
            case "_name": try reader.name(value)
            default: throw .unknownOption(query: name, option: key)
            }
        }
        guard let pattern else { throw .parsing(reason: "No value specified for \(name) query") }
        return boosted(make(PatternQuery(field: field, pattern: pattern, caseInsensitive: caseInsensitive)), boost)
    }

    /// Lucene `RegExp` flag names joined by `|`, any case.
    private static func validateRegexpFlags(_ flags: String) throws(QueryError) {
        let known: Set<String> = ["ALL", "ANYSTRING", "AUTOMATON", "COMPLEMENT", "EMPTY", "INTERSECTION", "INTERVAL", "NONE"]
        for flag in flags.split(separator: "|") where !known.contains(flag.uppercased()) {
            throw .illegalArgument(reason: "Unknown regexp flag [\(flag)]")
        }
    }
}
