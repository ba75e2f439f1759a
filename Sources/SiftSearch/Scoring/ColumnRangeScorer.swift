import SiftIndex

/// Documents with a value in `lower...upper` in a numeric column (dates, numbers, booleans), constant
/// score: ranges and exact numeric terms read columns, as Elasticsearch's doc-value range queries do.
///
/// Blocks whose min/max miss the range are skipped without decoding; blocks wholly inside it only
/// check that a document has a value. A multi-valued document matches if any value does.
package final class ColumnRangeScorer: Scorer {
    private let column: NumericColumn
    private let lower: Int64
    private let upper: Int64
    private let constant: Float
    private let maxDoc: Int32
    private let blockShift: Int
    /// Block of the last decision, and whether every valued doc in it matches.
    private var checkedBlock = -1
    private var blockInside = false
    private var scratch: [Int64] = []
    package private(set) var doc: Int32 = -1

    /// Nil when no value of the segment can match, so whole segments (and indices) drop out.
    package init?(column: NumericColumn, lower: Int64, upper: Int64, maxDoc: Int, score: Float) {
        guard lower <= upper, column.docsWithValue > 0, column.maxValue >= lower, column.minValue <= upper else {
            return nil
        }
        self.column = column
        self.lower = lower
        self.upper = upper
        constant = score
        self.maxDoc = Int32(maxDoc)
        blockShift = column.blockSize.trailingZeroBitCount
    }

    package var cost: Int { column.docsWithValue }
    package func next() -> Int32 { advance(to: doc + 1) }
    package func score() -> Float { constant }

    package func advance(to target: Int32) -> Int32 {
        guard doc != noMoreDocs else { return doc }
        var d = target
        while d < maxDoc {
            let block = Int(d) >> blockShift
            if block != checkedBlock {
                checkedBlock = block
                guard let bounds = column.blockBounds(block), bounds.max >= lower, bounds.min <= upper else {
                    d = Int32((block + 1) << blockShift)
                    continue
                }
                blockInside = bounds.min >= lower && bounds.max <= upper
            }
            if matches(d) {
                doc = d
                return d
            }
            d += 1
        }
        doc = noMoreDocs
        return doc
    }

    @inline(__always)
    private func matches(_ d: Int32) -> Bool {
        guard let first = column.value(d) else { return false }
        if blockInside { return true }
        if first >= lower && first <= upper { return true }
        guard !column.isSingleValued, first < lower else { return false }
        column.values(d, into: &scratch)
        return scratch.contains { $0 >= lower && $0 <= upper }
    }
}
