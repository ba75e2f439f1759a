import SiftIndex

/// How a field's values are read in one segment for aggregations: sortable integers from a numeric
/// column (long, double bits, date millis, boolean 0/1) or ordinals into the segment's sorted terms
/// (keyword, ip), with a `missing` substitute for documents without a value.
struct ValuesSource {
    enum Kind { case numeric(NumericKind), ordinals, unmapped }

    /// The field's kind, from the mappings of the index being read.
    let kind: Kind
    private var numeric: NumericColumn?
    private var ordinalColumn: OrdinalColumn?
    private(set) var terms: FieldTerms?
    private var scratch: [Int64] = []
    private var ordinalScratch: [UInt32] = []

    /// The values of `field` for an aggregation that reads numbers (dates included); keyword
    /// fields are refused as Elasticsearch refuses them.
    init(numericField field: String, context: SegmentContext, aggregation: String) throws(SearchError) {
        try self.init(field: field, context: context)
        if case .ordinals = kind {
            throw .illegalArgument("Field [\(field)] of type [keyword] is not supported for aggregation [\(aggregation)]")
        }
    }

    init(field: String, context: SegmentContext) throws(SearchError) {
        let reader = context.segment.reader
        guard let mapping = context.target.mappings.field(field) else {
            kind = .unmapped
            return
        }
        switch mapping.type {
        case .text:
            throw .illegalArgument(
                "Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead. Alternatively, set fielddata=true on [\(field)] in order to load field data by uninverting the inverted index. Note that this can use significant memory.")
        case .keyword, .ip:
            kind = .ordinals
            ordinalColumn = reader.ordinalColumn(field)
            terms = reader.terms(field)
        case .double, .float:
            kind = .numeric(.double)
            numeric = reader.numericColumn(field)
        case .date:
            kind = .numeric(.date)
            numeric = reader.numericColumn(field)
        case .boolean:
            kind = .numeric(.boolean)
            numeric = reader.numericColumn(field)
        case .long, .integer, .short, .byte:
            kind = .numeric(.long)
            numeric = reader.numericColumn(field)
        }
    }

    /// Calls `body` with each numeric value of `doc` (as a Double; dates as millis); returns the count.
    @inline(__always)
    mutating func forEachNumber(_ doc: Int32, _ body: (Double) -> Void) -> Int {
        let isDouble = numeric?.kind == .double
        return forEachRaw(doc) { body(isDouble ? SortableDouble.decode($0) : Double($0)) }
    }

    /// Each raw column value of `doc` (sortable integers); returns the count.
    @inline(__always)
    mutating func forEachRaw(_ doc: Int32, _ body: (Int64) -> Void) -> Int {
        guard let numeric else { return 0 }
        if numeric.isSingleValued {
            guard let raw = numeric.value(doc) else { return 0 }
            body(raw)
            return 1
        }
        numeric.values(doc, into: &scratch)
        for raw in scratch { body(raw) }
        return scratch.count
    }

    /// Each ordinal of `doc` into ``terms``; returns the count.
    @inline(__always)
    mutating func forEachOrdinal(_ doc: Int32, _ body: (UInt32) -> Void) -> Int {
        guard let ordinalColumn else { return 0 }
        if ordinalColumn.isSingleValued {
            guard let ordinal = ordinalColumn.ordinal(doc) else { return 0 }
            body(ordinal)
            return 1
        }
        ordinalColumn.ordinals(doc, into: &ordinalScratch)
        for ordinal in ordinalScratch { body(ordinal) }
        return ordinalScratch.count
    }

    /// Distinct terms of the segment, the size of an ordinal-indexed array.
    var ordinalCount: Int { ordinalColumn?.ordinalCount ?? 0 }
}
