import SiftConfig
import SiftCore

/// `json`: parses a string field as JSON, as Elasticsearch's json processor.
///
/// Options: `field` (required); `target_field` (default: `field`, replaced by the parsed value); or
/// `add_to_root: true` to put the parsed object's keys at the top level of the document, with
/// `add_to_root_conflict_strategy` `replace` (default: a key already there is replaced) or `merge`
/// (objects present on both sides are merged recursively, other values replaced). Duplicate keys
/// are an error, as with Elasticsearch's default `allow_duplicate_keys: false`.
struct JSONProcessor: Processor {
    enum Strategy: String, Sendable {
        case replace, merge
    }

    let field: FieldPath
    let target: FieldPath
    let addToRoot: Bool
    let strategy: Strategy

    init(options: inout ComponentOptions) throws(ConfigError) {
        let name = try options.requiredString("field")
        field = FieldPath(name)
        let targetName = try options.string("target_field")
        addToRoot = try options.bool("add_to_root", default: false)
        let strategyName = try options.string("add_to_root_conflict_strategy")
        if addToRoot && targetName != nil {
            throw options.error("target_field", "Cannot set a target field while also setting `add_to_root` to true")
        }
        if let strategyName {
            guard addToRoot else {
                throw options.error("add_to_root_conflict_strategy", "Cannot set `add_to_root_conflict_strategy` if `add_to_root` is false")
            }
            guard let strategy = Strategy(rawValue: strategyName) else {
                throw options.error("add_to_root_conflict_strategy", "conflict strategy [\(strategyName)] not supported, cannot convert field.")
            }
            self.strategy = strategy
        } else {
            strategy = .replace
        }
        if try options.bool("allow_duplicate_keys", default: false) {
            throw options.error("allow_duplicate_keys", "duplicate keys are always rejected in Sift")
        }
        target = FieldPath(targetName ?? name)
    }

    func process(_ document: inout Document) throws(ProcessorError) -> ProcessorOutcome {
        guard let value = document[field] else { throw .missingField(field) }
        guard case .string(var text) = value else {
            throw ProcessorError("field [\(field)] of type [\(value.typeName)] cannot be parsed as JSON; it must be a string")
        }
        let parsed = text.withUTF8 { utf8 in
            Result { () throws(JSONError) -> JSONValue in try JSONReader.parse(UnsafeRawBufferPointer(utf8)) }
        }
        let json: JSONValue
        switch parsed {
        case .success(let value): json = value
        case .failure(let error): throw ProcessorError("cannot parse field [\(field)] as JSON: \(error)")
        }
        guard addToRoot else {
            document.set(target, to: json)
            return .keep
        }
        guard case .object(let object) = json else {
            throw ProcessorError("cannot add non-map fields to root of document")
        }
        // Keys of one JSON object are distinct, so only the keys the document had before can clash;
        // the others are appended without searching the growing object for them.
        let existingKeys = document.fields.keys
        document.fields.reserveCapacity(existingKeys.count + object.count)
        for (key, value) in object {
            guard existingKeys.contains(key) else {
                document.fields.append(key: key, value: value)
                continue
            }
            if strategy == .merge, case .object(let existing)? = document.fields[key], case .object(let incoming) = value {
                document.fields[key] = .object(Self.merge(existing, incoming))
            } else {
                document.fields[key] = value
            }
        }
        return .keep
    }

    /// `incoming` laid over `existing`: shared object keys merge recursively, other keys are replaced or added.
    static func merge(_ existing: JSONObject, _ incoming: JSONObject) -> JSONObject {
        var result = existing
        for (key, value) in incoming {
            if case .object(let left)? = result[key], case .object(let right) = value {
                result[key] = .object(merge(left, right))
            } else {
                result[key] = value
            }
        }
        return result
    }
}
