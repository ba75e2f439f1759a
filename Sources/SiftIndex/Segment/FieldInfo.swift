/// How one field is stored in a segment. Fields are numbered per segment (0, 1, 2, … in order of
/// first appearance); the manifest lists them, so a reader finds a field's number by its path.
package struct FieldInfo: Sendable, Hashable {
    /// What the segment holds for the field.
    package enum Storage: String, Sendable, Hashable {
        /// Analyzed terms with positions, and a norms column (tokens per document) for BM25.
        case text
        /// Exact terms (docs only) and, with doc values, an ordinal column.
        case keyword
        /// 16-byte addresses as exact terms, with an ordinal column.
        case ip
        /// A numeric column only: ranges and sorting read columns, not terms.
        case long, double, date, boolean
    }

    package var number: UInt32
    package var path: String
    package var storage: Storage
    /// Whether the ordinal column exists (keyword/ip with doc values).
    package var hasOrdinals: Bool

    package init(number: UInt32, path: String, storage: Storage, hasOrdinals: Bool) {
        self.number = number
        self.path = path
        self.storage = storage
        self.hasOrdinals = hasOrdinals
    }

    /// Whether the field has a term dictionary and postings.
    package var isInverted: Bool {
        switch storage {
        case .text, .keyword, .ip: true
        case .long, .double, .date, .boolean: false
        }
    }

    package var indexOptions: IndexOptions { storage == .text ? .docsFreqsAndPositions : .docs }

    package var numericKind: NumericKind? {
        switch storage {
        case .long: .long
        case .double: .double
        case .date: .date
        case .boolean: .boolean
        case .text, .keyword, .ip: nil
        }
    }

    /// Column key of a text field's norms (token count per document); columns of values use `number`.
    package var normsColumn: UInt32 { number | 0x8000_0000 }

    /// The field holding document ids; every segment has it, as field 0.
    package static let idPath = "_id"
    /// The numeric column of per-document versions.
    package static let versionPath = "_version"
}
