/// How much the inverted index records per field: keyword and id fields need only which documents
/// hold a term; scored text needs frequencies (BM25); phrase queries need positions.
package enum IndexOptions: UInt8, Sendable, Comparable {
    case docs = 0
    case docsAndFreqs = 1
    case docsFreqsAndPositions = 2

    package static func < (lhs: IndexOptions, rhs: IndexOptions) -> Bool { lhs.rawValue < rhs.rawValue }

    var hasFreqs: Bool { self != .docs }
    package var hasPositions: Bool { self == .docsFreqsAndPositions }
}
