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
        // Nothing moves when the field is its own target or the target is taken; otherwise the
        // removal itself tells whether the field exists (one lookup fewer per document).
        if field == target || (!override && document[target].map { !$0.isNull } == true) {
            guard document[field] != nil else {
                if ignoreMissing { return .keep }
                throw .missingField(field)
            }
            if field == target { return .keep }
            throw ProcessorError("field [\(target)] already exists")
        }
        guard let value = document.remove(field) else {
            if ignoreMissing { return .keep }
            throw .missingField(field)
        }
        document.set(target, to: value)
        return .keep
    }
}
