/// What the term dictionary records for one term: statistics for scoring and where its postings are.
///
/// Obtained from ``FieldTerms/lookup(_:)-(UnsafeRawBufferPointer)`` or ``TermsEnum/info`` and passed
/// back to ``FieldTerms/postings(_:positions:)`` of the same field.
package struct TermInfo: Sendable, Hashable {
    /// Rank of the term in the field's sorted term list, `0..<termCount`.
    package var ordinal: Int
    /// Number of documents containing the term.
    package var docFreq: Int
    /// Sum of the term's frequencies over those documents (`docFreq` when the field has no freqs).
    package var totalTermFreq: Int64
    /// Absolute offset of the term's postings in `.postings`; for a term in one document
    /// (`docFreq == 1`), that document's id instead (nothing is stored in `.postings`).
    var postingsOffset: Int
    /// Absolute offset of the term's positions in `.positions`; for a term occurring once in total
    /// (`totalTermFreq == 1`), that single position instead. Unused without positions.
    var positionsOffset: Int

    init(ordinal: Int, docFreq: Int, totalTermFreq: Int64, postingsOffset: Int, positionsOffset: Int) {
        self.ordinal = ordinal
        self.docFreq = docFreq
        self.totalTermFreq = totalTermFreq
        self.postingsOffset = postingsOffset
        self.positionsOffset = positionsOffset
    }
}
