import SiftCore

/// One key of a search's sort, resolved from the request's `sort`.
package struct SortField: Sendable, Hashable {
    package enum Key: Sendable, Hashable {
        case score
        /// Index order (Elasticsearch's `_doc`).
        case doc
        case field(String)
    }

    package var key: Key
    package var descending: Bool
    /// Documents without a value sort first instead of last.
    package var missingFirst: Bool
    /// A value documents without one sort as (`"missing": 0`); numeric and date fields only.
    package var missingValue: JSONValue?
    /// Sort indices lacking the field as if it had this type and no values; nil makes them an error.
    package var unmappedType: String?

    package init(_ key: Key, descending: Bool? = nil, missingFirst: Bool = false, missingValue: JSONValue? = nil, unmappedType: String? = nil) {
        self.key = key
        self.descending = descending ?? (key == .score)
        self.missingFirst = missingFirst
        self.missingValue = missingValue
        self.unmappedType = unmappedType
    }

    /// Elasticsearch's default: by score, best first.
    package static let byScore = [SortField(.score)]

    /// The local key of a document without a value: sorts last (or first) in this key's direction.
    var missingSentinel: Int64 { descending == missingFirst ? .max : .min }
}

/// A sort key in its search-wide form: numbers (sortable integers), keyword bytes, or nothing.
package enum SortValue: Sendable, Hashable {
    case number(Int64)
    case bytes([UInt8])
    case missing
}
