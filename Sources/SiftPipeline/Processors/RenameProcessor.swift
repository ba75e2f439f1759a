import SiftConfig
import SiftCore

/// `rename`: moves `field` to `target_field`, as Elasticsearch's rename processor.
///
/// Options: `field`, `target_field` (both required), `ignore_missing` (default false), `override`
/// (default false: fail when the target already holds a non-null value).
struct RenameProcessor: Processor {
    let field: FieldPath
    let target: FieldPath
    let ignoreMissing: Bool
    let override: Bool

    init(options: inout ComponentOptions) throws(ConfigError) {
        field = FieldPath(try options.requiredString("field"))
        target = FieldPath(try options.requiredString("target_field"))
        ignoreMissing = try options.bool("ignore_missing", default: false)
        override = try options.bool("override", default: false)
    }

    func process(_ document: inout Document) throws(ProcessorError) -> ProcessorOutcome {
        guard document[field] != nil else {
            if ignoreMissing { return .keep }
            throw .missingField(field)
        }
        if field == target { return .keep }
        if !override, let existing = document[target], !existing.isNull {
            throw ProcessorError("field [\(target)] already exists")
        }
        guard let value = document.remove(field) else { throw .missingField(field) }
        document.set(target, to: value)
        return .keep
    }
}
