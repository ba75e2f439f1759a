import SiftCore

/// What coercion needs of a field, in a plain value that copies without reference counting
/// (the mapping walk reads it for every value of every document).
struct FieldPlan: Sendable, Hashable {
    var type: FieldType
    /// `ignore_above`, or `Int.max`.
    var ignoreAbove: Int
    var coerce: Bool
    /// False when the field is neither indexed nor has doc values: its values are checked, not emitted.
    var emits: Bool

    init(_ mapping: FieldMapping) {
        type = mapping.type
        ignoreAbove = mapping.ignoreAbove ?? .max
        coerce = mapping.coerce
        emits = mapping.index || mapping.docValues
    }
}

extension FieldPlan {
    /// The outcome of converting one JSON value to this field's type.
    enum Coerced {
        case value(MappedValue.Value)
        /// Valid but not indexed (a keyword over `ignore_above`).
        case skip
        /// Rejected; the cause is Elasticsearch's `caused_by`, if it gives one.
        case failure(MappingError.Cause?)
    }

    /// Converts a scalar (never null or an array; an object fails) as Elasticsearch does with
    /// `coerce` on: numeric strings into numbers, fractions truncated into integer types, numbers
    /// and booleans into their text for `keyword`/`text`, dates in the field's formats.
    func coerce(_ value: JSONValue, dateFormat: DateFormat?) -> Coerced {
        if case .object = value { return .failure(nil) }
        switch type {
        case .text:
            return Self.text(of: value).map { .value(.text($0)) } ?? .failure(nil)
        case .keyword:
            guard let string = Self.text(of: value) else { return .failure(nil) }
            // UTF-8 length bounds the UTF-16 length (Elasticsearch counts UTF-16), so most strings skip the count.
            if string.utf8.count > ignoreAbove, string.utf16.count > ignoreAbove { return .skip }
            return .value(.keyword(string))
        case .long, .integer, .short, .byte:
            return coerceInteger(value)
        case .double, .float:
            return coerceFloatingPoint(value)
        case .date:
            let format = dateFormat ?? .defaultFormat
            guard let text = Self.text(of: value), !value.isBool, let millis = format.parse(text) else {
                return .failure(.init(type: MappingError.illegalArgument,
                    reason: "failed to parse date field [\(MappingError.preview(value))] with format [\(format.text)]"))
            }
            return .value(.date(millis))
        case .boolean:
            switch value {
            case .bool(let b): return .value(.boolean(b))
            case .string("true"): return .value(.boolean(true))
            case .string("false"), .string(""): return .value(.boolean(false))
            default:
                return .failure(.init(type: MappingError.illegalArgument,
                    reason: "Failed to parse value [\(MappingError.preview(value))] as only [true] or [false] are allowed."))
            }
        case .ip:
            if case .string(let string) = value, let bytes = IPAddress.parse(string) { return .value(.ip(bytes)) }
            return .failure(.init(type: MappingError.illegalArgument,
                reason: "'\(MappingError.preview(value))' is not an IP string literal."))
        }
    }

    /// A scalar's text as Elasticsearch's `parser.text()` gives it.
    private static func text(of value: JSONValue) -> String? {
        switch value {
        case .string(let s): s
        case .int(let i): String(i)
        case .double: value.jsonString
        case .bool(let b): b ? "true" : "false"
        default: nil
        }
    }

    private func coerceInteger(_ value: JSONValue) -> Coerced {
        let range = type.integerRange
        func checked(_ i: Int64, _ shown: String) -> Coerced {
            guard i >= range.min, i <= range.max else {
                return .failure(.init(type: MappingError.illegalArgument, reason: "Value [\(shown)] is out of range for \(range.name)"))
            }
            return .value(.long(i))
        }
        func fromDouble(_ d: Double, _ shown: String) -> Coerced {
            guard d.isFinite else {
                return .failure(.init(type: MappingError.illegalArgument, reason: "Value [\(shown)] is out of range for \(range.name)"))
            }
            let whole = d.rounded(.towardZero)
            if !coerce, whole != d {
                return .failure(.init(type: MappingError.illegalArgument, reason: "Value [\(shown)] has a decimal part"))
            }
            // 2^63 is exactly representable; anything at or above it does not fit Int64.
            guard whole >= -9_223_372_036_854_775_808.0, whole < 9_223_372_036_854_775_808.0 else {
                return .failure(.init(type: MappingError.illegalArgument, reason: "Value [\(shown)] is out of range for \(range.name)"))
            }
            return checked(Int64(whole), shown)
        }
        switch value {
        case .int(let i):
            return checked(i, String(i))
        case .double(let d):
            return fromDouble(d, value.jsonString)
        case .string(let s):
            guard coerce else { return .failure(.init(type: MappingError.illegalArgument, reason: "[coerce] is false, strings are not accepted")) }
            let trimmed = s.trimmingASCIIWhitespace
            if let i = Int64(trimmed) { return checked(i, s) }
            if let d = Double(trimmed) { return fromDouble(d, s) }
            return .failure(.init(type: MappingError.illegalArgument, reason: "For input string: \"\(s)\""))
        default:
            return .failure(.init(type: MappingError.illegalArgument,
                reason: "Current token (\(value.isBool ? (value.boolValue == true ? "VALUE_TRUE" : "VALUE_FALSE") : "VALUE_NULL")) not numeric, can not use numeric value accessors"))
        }
    }

    private func coerceFloatingPoint(_ value: JSONValue) -> Coerced {
        var d: Double
        switch value {
        case .int(let i):
            d = Double(i)
        case .double(let v):
            d = v
        case .string(let s):
            guard coerce else { return .failure(.init(type: MappingError.illegalArgument, reason: "[coerce] is false, strings are not accepted")) }
            guard let parsed = Double(s.trimmingASCIIWhitespace) else {
                return .failure(.init(type: "number_format_exception", reason: "For input string: \"\(s)\""))
            }
            d = parsed
        default:
            return .failure(.init(type: MappingError.illegalArgument,
                reason: "Current token (\(value.boolValue == true ? "VALUE_TRUE" : "VALUE_FALSE")) not numeric, can not use numeric value accessors"))
        }
        if type == .float { d = Double(Float(d)) }
        guard d.isFinite else {
            return .failure(.init(type: MappingError.illegalArgument,
                reason: "[\(type.rawValue)] supports only finite values, but got [\(MappingError.preview(value))]"))
        }
        return .value(.double(d))
    }
}

extension JSONValue {
    var isBool: Bool {
        if case .bool = self { return true }
        return false
    }
}
