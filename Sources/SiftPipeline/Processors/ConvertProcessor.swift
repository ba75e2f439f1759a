import SiftConfig
import SiftCore

/// `convert`: changes a field's type, as Elasticsearch's convert processor; lists convert element-wise.
///
/// Options: `field`, `type` (`integer`, `long`, `float`, `double`, `boolean`, `string`, `ip`,
/// `auto`; required), `target_field` (default: `field`), `ignore_missing` (default false).
/// Integers accept `0x` hexadecimal; `integer` must fit 32 bits. `float` keeps float precision but
/// is stored as the shortest decimal that round-trips (`"242.15"` → `242.15`). `auto` tries
/// boolean, integer, long, float in that order and leaves other strings alone.
struct ConvertProcessor: Processor {
    enum TargetType: String, Sendable, CaseIterable {
        case integer, long, float, double, boolean, string, ip, auto
    }

    let field: FieldPath
    let target: FieldPath
    let type: TargetType
    let ignoreMissing: Bool

    init(options: inout ComponentOptions) throws(ConfigError) {
        let name = try options.requiredString("field")
        field = FieldPath(name)
        target = FieldPath(try options.string("target_field") ?? name)
        let typeName = try options.requiredString("type")
        guard let type = TargetType(rawValue: typeName) else {
            let known = TargetType.allCases.map(\.rawValue).joined(separator: ", ")
            throw options.error("type", "type [\(typeName)] not supported, must be one of: \(known)")
        }
        self.type = type
        ignoreMissing = try options.bool("ignore_missing", default: false)
    }

    func process(_ document: inout Document) throws(ProcessorError) -> ProcessorOutcome {
        guard let value = document[field], !value.isNull else {
            if ignoreMissing { return .keep }
            if document[field] == nil { throw .missingField(field) }
            throw ProcessorError("Field [\(field)] is null, cannot be converted to type [\(type.rawValue)]")
        }
        let converted: JSONValue
        if case .array(let items) = value {
            var result: [JSONValue] = []
            result.reserveCapacity(items.count)
            for item in items { result.append(try convert(item)) }
            converted = .array(result)
        } else {
            converted = try convert(value)
        }
        document.set(target, to: converted)
        return .keep
    }

    func convert(_ value: JSONValue) throws(ProcessorError) -> JSONValue {
        // Built only on failure: the message renders the value, which costs more than converting it.
        func failure() -> ProcessorError { ProcessorError("unable to convert [\(Self.text(of: value))] to \(type.rawValue)") }
        switch type {
        case .integer:
            guard let number = Self.integer(value), number >= Int64(Int32.min), number <= Int64(Int32.max) else { throw failure() }
            return .int(number)
        case .long:
            guard let number = Self.integer(value) else { throw failure() }
            return .int(number)
        case .float:
            guard let number = Self.float(value) else { throw failure() }
            return .double(number)
        case .double:
            guard let number = Self.double(value) else { throw failure() }
            return .double(number)
        case .boolean:
            guard let flag = Self.boolean(value) else {
                throw ProcessorError("[\(Self.text(of: value))] is not a boolean value, cannot convert to boolean")
            }
            return .bool(flag)
        case .string:
            return .string(Self.text(of: value))
        case .ip:
            guard let text = value.stringValue, IPAddressSyntax.isValid(text) else {
                throw ProcessorError("'\(Self.text(of: value))' is not an IP string literal.")
            }
            return value
        case .auto:
            guard case .string = value else { return value }
            if let flag = Self.boolean(value) { return .bool(flag) }
            if let number = Self.integer(value) { return .int(number) }
            if let number = Self.float(value) { return .double(number) }
            return value
        }
    }

    /// The text Elasticsearch would convert from (`toString()` of the value).
    static func text(of value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return value.description
    }

    private static func integer(_ value: JSONValue) -> Int64? {
        switch value {
        case .int(let number): return number
        case .string(let text):
            var digits = Substring(text)
            let negative = digits.hasPrefix("-")
            if negative || digits.hasPrefix("+") { digits = digits.dropFirst() }
            if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
                guard let magnitude = Int64(digits.dropFirst(2), radix: 16) else { return nil }
                return negative ? -magnitude : magnitude
            }
            return Int64(text)
        default: return nil
        }
    }

    private static func double(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number
        case .string(let text):
            guard let number = Double(text), number.isFinite || text.lowercased().contains("inf") else { return nil }
            return number
        default: return nil
        }
    }

    /// Float precision, written back as the shortest decimal that round-trips through a `Float`.
    private static func float(_ value: JSONValue) -> Double? {
        guard let wide = double(value) else { return nil }
        let narrow = Float(wide)
        guard narrow.isFinite || !wide.isFinite else { return nil }
        return Double(narrow.description) ?? Double(narrow)
    }

    private static func boolean(_ value: JSONValue) -> Bool? {
        switch value {
        case .bool(let flag): return flag
        case .string(let text):
            switch text.lowercased() {
            case "true": return true
            case "false": return false
            default: return nil
            }
        default: return nil
        }
    }
}
