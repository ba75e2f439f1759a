/// The field types Sift indexes, named as in Elasticsearch mappings (`"type": "keyword"`).
///
/// `integer`, `short` and `byte` are stored like `long` but reject values outside their range, and
/// `float` keeps single precision, so documents that Elasticsearch would reject are rejected here too.
package enum FieldType: String, Sendable, Hashable, CaseIterable {
    case text, keyword, long, integer, short, byte, double, float, date, boolean, ip

    /// Whether values are integers stored as ``MappedValue/Value/long(_:)``.
    package var isInteger: Bool {
        switch self {
        case .long, .integer, .short, .byte: true
        default: false
        }
    }

    /// Whether values are stored as ``MappedValue/Value/double(_:)``.
    package var isFloatingPoint: Bool { self == .double || self == .float }

    /// The range an integer type accepts, and the article Elasticsearch's range error uses.
    var integerRange: (min: Int64, max: Int64, name: String) {
        switch self {
        case .integer: (Int64(Int32.min), Int64(Int32.max), "an integer")
        case .short: (Int64(Int16.min), Int64(Int16.max), "a short")
        case .byte: (Int64(Int8.min), Int64(Int8.max), "a byte")
        default: (Int64.min, Int64.max, "a long")
        }
    }
}

/// What happens to fields that a document has and the mappings do not (Elasticsearch's `dynamic`).
package enum DynamicMode: String, Sendable, Hashable {
    /// Add a mapping for the new field, chosen from its JSON value.
    case `true`
    /// Keep the field in `_source` but do not index it.
    case `false`
    /// Reject the document (`strict_dynamic_mapping_exception`).
    case strict
}
