import SiftConfig
import SiftCore

/// `lowercase` and `uppercase`: change the case of a string field (or of each string in a list).
///
/// Options: `field` (required), `target_field` (default: `field`), `ignore_missing` (default false).
struct CaseProcessor: Processor {
    let field: FieldPath
    let target: FieldPath
    let ignoreMissing: Bool
    let upper: Bool

    init(options: inout ComponentOptions, upper: Bool) throws(ConfigError) {
        let name = try options.requiredString("field")
        field = FieldPath(name)
        target = FieldPath(try options.string("target_field") ?? name)
        ignoreMissing = try options.bool("ignore_missing", default: false)
        self.upper = upper
    }

    func process(_ document: inout Document) throws(ProcessorError) -> ProcessorOutcome {
        guard let value = try document.input(field, ignoreMissing: ignoreMissing) else { return .keep }
        let converted = try convert(value)
        if target == field && converted == value { return .keep }  // already in that case: nothing to write
        document.set(target, to: converted)
        return .keep
    }

    private func convert(_ value: JSONValue) throws(ProcessorError) -> JSONValue {
        switch value {
        case .string(let text): return .string(upper ? text.uppercased() : text.lowercased())
        case .array(let items):
            var converted: [JSONValue] = []
            converted.reserveCapacity(items.count)
            for item in items { converted.append(try convert(item)) }
            return .array(converted)
        default:
            throw ProcessorError("field [\(field)] of type [\(value.typeName)] cannot be cast to [string]")
        }
    }
}

extension JSONValue {
    /// A short type name for messages.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int: "long"
        case .double: "double"
        case .string: "string"
        case .array: "list"
        case .object: "object"
        }
    }
}
