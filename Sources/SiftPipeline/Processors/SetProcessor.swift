import SiftConfig
import SiftCore

/// `set`: writes `value` (strings may hold `{{field}}` templates, also inside lists and objects) or
/// a copy of `copy_from` into `field`, as Elasticsearch's set processor.
///
/// Options: `field` (required), exactly one of `value` and `copy_from`, `override` (default true:
/// replace an existing non-null value), `ignore_empty_value` (default false: skip when the value is
/// null or renders to an empty string).
struct SetProcessor: Processor {
    /// A value with its templates parsed once.
    indirect enum Source: Sendable {
        case constant(JSONValue)
        case template(ValueTemplate)
        case array([Source])
        case object([(String, Source)])
        case copy(FieldPath)
    }

    let field: FieldPath
    let source: Source
    let override: Bool
    let ignoreEmptyValue: Bool
    let now: @Sendable () -> Timestamp

    init(options: inout ComponentOptions, environment: ProcessorEnvironment) throws(ConfigError) {
        field = FieldPath(try options.requiredString("field"))
        let value = options.value("value")
        let copyFrom = try options.string("copy_from")
        switch (value, copyFrom) {
        case (let value?, nil): source = Self.compile(value)
        case (nil, let copyFrom?): source = .copy(FieldPath(copyFrom))
        case (nil, nil): throw options.error("value", "required property is missing (or give copy_from)")
        case (_?, _?): throw options.error("copy_from", "cannot be used together with value")
        }
        override = try options.bool("override", default: true)
        ignoreEmptyValue = try options.bool("ignore_empty_value", default: false)
        _ = try options.string("media_type")  // Elasticsearch's mustache escaping; templates here are never escaped
        now = environment.now
    }

    private static func compile(_ value: JSONValue) -> Source {
        switch value {
        case .string(let text):
            let template = ValueTemplate(text)
            return template.isConstant ? .constant(value) : .template(template)
        case .array(let items):
            let sources = items.map(compile)
            if sources.allSatisfy({ if case .constant = $0 { true } else { false } }) { return .constant(value) }
            return .array(sources)
        case .object(let object):
            let sources = object.map { ($0.key, compile($0.value)) }
            if sources.allSatisfy({ if case .constant = $0.1 { true } else { false } }) { return .constant(value) }
            return .object(sources)
        default:
            return .constant(value)
        }
    }

    func process(_ document: inout Document) throws(ProcessorError) -> ProcessorOutcome {
        if !override, let existing = document[field], !existing.isNull { return .keep }
        let value: JSONValue
        if case .copy(let from) = source {
            guard let copied = document[from] else { throw .missingField(from) }
            value = copied
        } else {
            value = render(source, document)
        }
        if ignoreEmptyValue && (value.isNull || value == .string("")) { return .keep }
        document.set(field, to: value)
        return .keep
    }

    private func render(_ source: Source, _ document: Document) -> JSONValue {
        switch source {
        case .constant(let value): return value
        case .template(let template): return .string(template.render(document, now: now))
        case .array(let items): return .array(items.map { render($0, document) })
        case .object(let entries): return .object(JSONObject(entries.map { (key: $0.0, value: render($0.1, document)) }))
        case .copy(let path): return document[path] ?? .null
        }
    }
}
