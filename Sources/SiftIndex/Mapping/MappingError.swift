import SiftCore

/// A mapping definition or a document that the mappings reject, shaped like the Elasticsearch error
/// that a client would get (`{"type": ..., "reason": ..., "caused_by": ...}`).
package struct MappingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The underlying problem, as Elasticsearch's `caused_by`.
    package struct Cause: Sendable, Hashable {
        package var type: String
        package var reason: String

        package init(type: String, reason: String) {
            self.type = type
            self.reason = reason
        }
    }

    /// Elasticsearch's error type, one of the constants below.
    package var type: String
    /// Elasticsearch's message, e.g. `failed to parse field [http.status] of type [long] in document
    /// with id '1'. Preview of field's value: 'abc'`. Elasticsearch prefixes document errors with the
    /// JSON position (`[1:15] `); Sift has no positions and leaves that out.
    package var reason: String
    /// The detail Elasticsearch reports as `caused_by`, when it reports one.
    package var cause: Cause?

    package init(type: String, reason: String, cause: Cause? = nil) {
        self.type = type
        self.reason = reason
        self.cause = cause
    }

    package var description: String {
        if let cause { return "\(type): \(reason) (caused by \(cause.type): \(cause.reason))" }
        return "\(type): \(reason)"
    }

    /// A document that does not fit the mappings. Elasticsearch 8.8 and later use this type where
    /// older versions said `mapper_parsing_exception`.
    package static let documentParsing = "document_parsing_exception"
    /// A mapping definition that cannot be used (unknown type or parameter, bad value).
    package static let mapperParsing = "mapper_parsing_exception"
    /// A new field under `"dynamic": "strict"`.
    package static let strictDynamicMapping = "strict_dynamic_mapping_exception"
    /// A mapping update that conflicts with an existing field.
    package static let illegalArgument = "illegal_argument_exception"

    /// `Failed to parse mapping: <detail>`, as Elasticsearch reports a bad mapping definition.
    static func badMapping(_ detail: String) -> MappingError {
        MappingError(type: mapperParsing, reason: "Failed to parse mapping: \(detail)",
                     cause: Cause(type: mapperParsing, reason: detail))
    }

    /// A value that cannot be coerced to its field's type.
    static func badValue(field: FieldMapping, id: String, value: JSONValue, cause: Cause?) -> MappingError {
        MappingError(
            type: documentParsing,
            reason: "failed to parse field [\(field.path)] of type [\(field.type.rawValue)] in document with id '\(id)'. "
                + "Preview of field's value: '\(preview(value))'",
            cause: cause)
    }

    /// The value as Elasticsearch previews it: strings bare, objects as Java maps (`{a=1, b=x}`).
    static func preview(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .double: value.jsonString
        case .string(let s): s
        case .array(let elements): "[" + elements.map(preview).joined(separator: ", ") + "]"
        case .object(let object): "{" + object.map { "\($0.key)=\(preview($0.value))" }.joined(separator: ", ") + "}"
        }
    }
}
