import SiftCore
import SiftIndex

/// Reads one sort key for the documents of one segment as an `Int64` that orders like the
/// search-wide value: sortable numbers, a float score's ordered bits, or twice a keyword's
/// ordinal (so a `search_after` term absent from the segment falls at an odd number between two).
struct SegmentSortKey {
    enum Source {
        case score
        case doc(base: Int64)
        case numeric(NumericColumn)
        case ordinals(OrdinalColumn, FieldTerms)
        case none
    }

    let field: SortField
    let source: Source
    private let missing: Int64
    private var scratch: [Int64] = []
    private var ordinalScratch: [UInt32] = []

    init(field: SortField, source: Source, missing: Int64?) {
        self.field = field
        self.source = source
        self.missing = missing ?? field.missingSentinel
    }

    /// The key of `doc` (`score` is the scorer's current score).
    mutating func key(_ doc: Int32, score: Float) -> Int64 {
        switch source {
        case .score:
            return Self.orderedBits(score)
        case .doc(let base):
            return base + Int64(doc)
        case .numeric(let column):
            guard let first = column.value(doc) else { return missing }
            guard field.descending, !column.isSingleValued else { return first }
            column.values(doc, into: &scratch)  // descending sorts multi-valued docs by their largest
            return scratch.last ?? first
        case .ordinals(let column, _):
            if field.descending, !column.isSingleValued {
                column.ordinals(doc, into: &ordinalScratch)
                guard let last = ordinalScratch.last else { return missing }
                return Int64(last) * 2
            }
            guard let ordinal = column.ordinal(doc) else { return missing }
            return Int64(ordinal) * 2
        case .none:
            return missing
        }
    }

    /// The search-wide value of a local key.
    func value(_ key: Int64) -> SortValue {
        if key == field.missingSentinel, case .none = source { return .missing }
        switch source {
        case .ordinals(_, let terms):
            guard key != field.missingSentinel, key >= 0, key % 2 == 0 else { return .missing }
            return .bytes(terms.term(at: Int(key / 2)))
        case .none:
            return .missing
        default:
            return key == field.missingSentinel && field.missingValue == nil ? .missing : .number(key)
        }
    }

    /// The local key of a search-wide value (for `search_after`).
    func localKey(_ value: SortValue) -> Int64 {
        switch (value, source) {
        case (.missing, _):
            return field.missingSentinel
        case (.bytes(let bytes), .ordinals(_, let terms)):
            var termsEnum = terms.makeEnum()
            switch bytes.withUnsafeBytes({ termsEnum.seek(atLeast: $0) }) {
            case .found: return Int64(termsEnum.info.ordinal) * 2
            case .notFound: return Int64(termsEnum.info.ordinal) * 2 - 1
            case .end: return Int64(terms.termCount) * 2 - 1
            }
        case (.number(let n), _):
            return n
        default:
            return field.missingSentinel
        }
    }

    /// A float's bits as an integer with the same order (negative values flipped).
    static func orderedBits(_ score: Float) -> Int64 {
        let bits = Int32(bitPattern: score.bitPattern)
        return Int64(bits < 0 ? bits ^ Int32.max : bits)
    }

    static func score(fromOrderedBits key: Int64) -> Float {
        let bits = Int32(truncatingIfNeeded: key)
        return Float(bitPattern: UInt32(bitPattern: bits < 0 ? bits ^ Int32.max : bits))
    }
}
