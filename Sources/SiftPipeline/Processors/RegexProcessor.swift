import SiftConfig
import SiftCore
import SiftNative

/// `regex` (Sift's own): matches a text field against one PCRE2 pattern; each named group becomes a
/// field.
///
/// PCRE2 group names allow only letters, digits and `_`, so `__` in a name stands for a dot:
/// `(?<http__response__status_code>[0-9]+)` writes `http.response.status_code`. Values are strings.
/// Options: `field` (default `message`), `pattern` (required), `ignore_missing` (default false).
/// No match is a failure.
struct RegexProcessor: Processor {
    let field: FieldPath
    let matchers: MatcherPool
    let fields: CaptureFields
    let ignoreMissing: Bool

    init(options: inout ComponentOptions) throws(ConfigError) {
        field = FieldPath(try options.string("field") ?? "message")
        let source = try options.requiredString("pattern")
        ignoreMissing = try options.bool("ignore_missing", default: false)
        let pattern: PCRE2Pattern
        do {
            pattern = try PCRE2Pattern(source)
        } catch {
            throw options.error("pattern", error.description)
        }
        guard !pattern.captureNames.isEmpty else {
            throw options.error("pattern", "has no named groups (?<name>...), so it would extract nothing")
        }
        var captures: [(group: Int, field: String, type: CaptureType)] = []
        for name in pattern.captureNames {
            guard let group = pattern.captureIndex(named: name) else { continue }
            captures.append((group, Self.fieldName(forGroup: name), .string))
        }
        matchers = MatcherPool(pattern)
        fields = CaptureFields(captures)
    }

    /// `a__b` → `a.b`.
    static func fieldName(forGroup name: String) -> String {
        name.replacing("__", with: ".")
    }

    func process(_ document: inout Document) throws(ProcessorError) -> ProcessorOutcome {
        guard var text = try document.textInput(field, ignoreMissing: ignoreMissing) else { return .keep }
        let matched = text.withUTF8 { utf8 in
            Result { () throws(ProcessorError) -> Bool in
                let bytes = UnsafeRawBufferPointer(utf8)
                let match: PCRE2Match?
                do {
                    match = try matchers.withMatcher { (matcher) throws(PCRE2Error) in try matcher.firstMatch(in: bytes) }
                } catch {
                    throw ProcessorError("regex [\(matchers.pattern.pattern)]: \(error)")
                }
                guard let match else { return false }
                try fields.write(match, subject: bytes, into: &document)
                return true
            }
        }
        guard try matched.get() else {
            throw ProcessorError("regex [\(matchers.pattern.pattern)] does not match field [\(field)]: [\(text)]")
        }
        return .keep
    }
}
