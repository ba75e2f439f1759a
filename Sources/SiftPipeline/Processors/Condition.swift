import SiftCore

/// A processor's `if`: the common subset of Elasticsearch's Painless conditions, parsed once at load.
///
/// Grammar: `||`, `&&`, `!`, parentheses; `==`, `!=` on any values; `<`, `>`, `<=`, `>=` on numbers;
/// literals (`'text'`, `"text"`, numbers, `true`, `false`, `null`); fields as `ctx.a.b`, `ctx.a?.b`
/// or `ctx['a.b']`; methods `contains`, `startsWith`, `endsWith`, `equals`, `equalsIgnoreCase`,
/// `toLowerCase`, `toUpperCase`, `trim`, `isEmpty`, `length`, `size`, `containsKey`.
///
/// Unlike Painless, evaluation never throws: a missing field or a method on null yields null, as if
/// every access were null-safe (`?.`), and a comparison of unlike types is false. A condition that
/// is not `true` skips the processor.
package struct Condition: Sendable {
    /// The source text, for messages.
    package let source: String
    let expression: ConditionExpression

    /// Parses `source`.
    ///
    /// - Throws: ``ConditionSyntaxError`` with the offset of the problem.
    package init(_ source: String) throws(ConditionSyntaxError) {
        var parser = ConditionParser(source)
        expression = try parser.parse()
        self.source = source
    }

    /// Whether the condition holds for `document`.
    package func evaluate(_ document: Document) -> Bool {
        expression.evaluate(document) == .bool(true)
    }
}

/// A condition that does not parse.
package struct ConditionSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    package var message: String
    /// Character offset into the condition.
    package var offset: Int

    package var description: String { "\(message) at offset \(offset)" }
}

enum ComparisonOperator: Sendable {
    case equal, notEqual, less, greater, lessOrEqual, greaterOrEqual
}

indirect enum ConditionExpression: Sendable {
    case literal(JSONValue)
    /// `ctx.a.b`: looked up with ``FieldPath`` rules, so nested and dotted keys both resolve.
    case field(FieldPath)
    /// `.name` or `['name']` on something other than `ctx` (such as a method's result).
    case member(ConditionExpression, String)
    case not(ConditionExpression)
    case and(ConditionExpression, ConditionExpression)
    case or(ConditionExpression, ConditionExpression)
    case compare(ComparisonOperator, ConditionExpression, ConditionExpression)
    case call(ConditionExpression, method: String, arguments: [ConditionExpression])

    /// The value, or nil for "null" (missing fields included).
    func evaluate(_ document: Document) -> JSONValue? {
        switch self {
        case .literal(let value):
            // Not a ternary: with JSONValue nil-literal-expressible, `cond ? nil : value` would make `.null`.
            if value.isNull { return nil }
            return value
        case .field(let path):
            guard let value = document[path], !value.isNull else { return nil }
            return value
        case .member(let base, let key):
            guard let value = base.evaluate(document)?.objectValue?[key], !value.isNull else { return nil }
            return value
        case .not(let operand):
            return .bool(operand.evaluate(document) != .bool(true))
        case .and(let lhs, let rhs):
            guard lhs.evaluate(document) == .bool(true) else { return .bool(false) }
            return .bool(rhs.evaluate(document) == .bool(true))
        case .or(let lhs, let rhs):
            if lhs.evaluate(document) == .bool(true) { return .bool(true) }
            return .bool(rhs.evaluate(document) == .bool(true))
        case .compare(let op, let lhs, let rhs):
            return .bool(Self.compare(op, lhs.evaluate(document), rhs.evaluate(document)))
        case .call(let receiver, let method, let arguments):
            guard let value = receiver.evaluate(document) else { return nil }
            return Self.call(method, on: value, arguments.map { $0.evaluate(document) })
        }
    }

    private static func compare(_ op: ComparisonOperator, _ lhs: JSONValue?, _ rhs: JSONValue?) -> Bool {
        switch op {
        case .equal: return equal(lhs, rhs)
        case .notEqual: return !equal(lhs, rhs)
        default:
            guard let a = lhs?.doubleValue, let b = rhs?.doubleValue else { return false }
            switch op {
            case .less: return a < b
            case .greater: return a > b
            case .lessOrEqual: return a <= b
            default: return a >= b
            }
        }
    }

    /// Numbers compare by value (`1 == 1.0`, as Painless widens), everything else structurally.
    private static func equal(_ lhs: JSONValue?, _ rhs: JSONValue?) -> Bool {
        switch (lhs, rhs) {
        case (nil, nil): return true
        case (nil, _), (_, nil): return false
        case (.int(let a)?, .int(let b)?): return a == b
        case let (a?, b?):
            if let x = a.doubleValue, let y = b.doubleValue { return x == y }
            return a == b
        }
    }

    private static func call(_ method: String, on value: JSONValue, _ arguments: [JSONValue?]) -> JSONValue? {
        let argument: JSONValue? = arguments.isEmpty ? Optional.none : arguments[0]
        switch (value, method) {
        case (.string(let s), "contains"): return argument?.stringValue.map { .bool(s.contains($0)) }
        case (.string(let s), "startsWith"): return argument?.stringValue.map { .bool(s.hasPrefix($0)) }
        case (.string(let s), "endsWith"): return argument?.stringValue.map { .bool(s.hasSuffix($0)) }
        case (.string(let s), "equalsIgnoreCase"): return .bool(argument?.stringValue?.lowercased() == s.lowercased())
        case (.string(let s), "toLowerCase"): return .string(s.lowercased())
        case (.string(let s), "toUpperCase"): return .string(s.uppercased())
        case (.string(let s), "trim"): return .string(trimmed(s))
        case (.string(let s), "isEmpty"): return .bool(s.isEmpty)
        case (.string(let s), "length"): return .int(Int64(s.utf16.count))
        case (.array(let items), "contains"):
            return .bool(items.contains { item in item.isNull ? argument == nil : equal(item, argument) })
        case (.array(let items), "isEmpty"): return .bool(items.isEmpty)
        case (.array(let items), "size"): return .int(Int64(items.count))
        case (.object(let object), "containsKey"):
            return argument?.stringValue.map { .bool(object[$0] != nil) }
        case (.object(let object), "isEmpty"): return .bool(object.isEmpty)
        case (.object(let object), "size"): return .int(Int64(object.count))
        case (_, "equals"): return .bool(equal(value, argument))
        default: return nil
        }
    }

    /// Java's `String.trim()`: strips code points up to U+0020.
    private static func trimmed(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { $0.value > 0x20 }),
              let last = scalars.lastIndex(where: { $0.value > 0x20 }) else { return "" }
        return String(scalars[first...last])
    }
}
