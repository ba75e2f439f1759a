import SiftConfig
import SiftCore

/// `remove`: deletes one field or a list of fields, as Elasticsearch's remove processor.
///
/// Options: `field` (a string or a list, required), `ignore_missing` (default false: a missing
/// field is a failure, reported after the others are removed).
struct RemoveProcessor: Processor {
    let fields: [FieldPath]
    let ignoreMissing: Bool

    init(options: inout ComponentOptions) throws(ConfigError) {
        guard let names = try options.stringList("field"), !names.isEmpty else {
            throw options.error("field", "required property is missing")
        }
        fields = names.map { FieldPath($0) }
        ignoreMissing = try options.bool("ignore_missing", default: false)
    }

    func process(_ document: inout Document) throws(ProcessorError) -> ProcessorOutcome {
        var missing: FieldPath?
        for field in fields where document.remove(field) == nil {
            missing = missing ?? field
        }
        if let missing, !ignoreMissing { throw .missingField(missing) }
        return .keep
    }
}
