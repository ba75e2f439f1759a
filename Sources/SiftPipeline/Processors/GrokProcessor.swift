import SiftConfig
import SiftCore

/// `grok`: matches a text field against grok expressions, tried in order, and writes the named
/// captures of the first that matches, as Elasticsearch's grok processor.
///
/// Options: `field` (required), `patterns` (required, non-empty), `pattern_definitions` (extra or
/// overriding named patterns), `ignore_missing` (default false), `ecs_compatibility` (only `v1`:
/// the library uses ECS field names). Each expression is compiled once, at load, into one PCRE2
/// pattern. No match is a failure ("Provided Grok expressions do not match field value").
struct GrokProcessor: Processor {
    let field: FieldPath
    let expressions: [GrokExpression]
    let ignoreMissing: Bool

    init(options: inout ComponentOptions) throws(ConfigError) {
        field = FieldPath(try options.requiredString("field"))
        guard let patterns = try options.stringList("patterns"), !patterns.isEmpty else {
            throw options.error("patterns", "required property is missing; give at least one grok expression")
        }
        let definitions = try options.stringMap("pattern_definitions")
        ignoreMissing = try options.bool("ignore_missing", default: false)
        if let ecs = try options.string("ecs_compatibility"), ecs != "v1" {
            throw options.error("ecs_compatibility", "only v1 is supported: Sift's grok library uses ECS field names")
        }
        var expressions: [GrokExpression] = []
        for (index, pattern) in patterns.enumerated() {
            do {
                expressions.append(try GrokExpression(pattern, definitions: definitions))
            } catch {
                throw options.error("patterns[\(index)]", error.description)
            }
        }
        self.expressions = expressions
    }

    func process(_ document: inout Document) throws(ProcessorError) -> ProcessorOutcome {
        guard var text = try document.textInput(field, ignoreMissing: ignoreMissing) else { return .keep }
        let matched = text.withUTF8 { utf8 in
            Result { () throws(ProcessorError) -> Bool in
                let bytes = UnsafeRawBufferPointer(utf8)
                for expression in expressions where try expression.apply(to: bytes, document: &document) {
                    return true
                }
                return false
            }
        }
        guard try matched.get() else {
            throw ProcessorError("Provided Grok expressions do not match field value: [\(text)]")
        }
        return .keep
    }
}
