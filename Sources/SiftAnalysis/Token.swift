/// One term produced by analysis, with where it came from.
///
/// Invariants kept by every built-in tokenizer except `keyword` (see ``KeywordTokenizer``):
/// `term` is non-empty valid UTF-8 of at most the tokenizer's maximum length (255 bytes by
/// default); `startOffset..<endOffset` is a byte range of the analysed input (not of `term`,
/// which may differ in length after lowercasing); positions start at 0 for each analysed value
/// and grow by one per token, so phrase queries can check adjacency.
package struct Token: Sendable, Hashable {
    /// UTF-8 bytes of the normalised term, as stored in the term dictionary.
    package var term: [UInt8]
    /// Index of the token within its value: 0, 1, 2, … (filters that drop tokens keep the gaps).
    package var position: Int32
    /// Byte offset of the token's first byte in the input.
    package var startOffset: Int32
    /// Byte offset just past the token's last byte in the input.
    package var endOffset: Int32

    /// Creates a token; offsets are byte offsets into the analysed input.
    package init(term: [UInt8], position: Int32, startOffset: Int32, endOffset: Int32) {
        self.term = term
        self.position = position
        self.startOffset = startOffset
        self.endOffset = endOffset
    }
}
