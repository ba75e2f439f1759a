import SiftIndex

/// One term's postings, scored by BM25 with the document's field length from the norms column;
/// without `similarity` every document scores `constant` (a filter or a keyword field).
package final class TermScorer: Scorer {
    private var postings: PostingsIterator
    private let similarity: BM25?
    private let norms: NumericColumn?
    private let constant: Float

    package init(postings: PostingsIterator, similarity: BM25?, norms: NumericColumn?, constant: Float = 1) {
        self.postings = postings
        self.similarity = similarity
        self.norms = norms
        self.constant = constant
    }

    package var doc: Int32 { postings.doc }
    package var cost: Int { postings.docFreq }
    package func next() -> Int32 { postings.next() }
    package func advance(to target: Int32) -> Int32 { postings.advance(to: target) }

    package func score() -> Float {
        guard let similarity else { return constant }
        return similarity.score(freq: postings.freq, length: norms?.value(postings.doc) ?? 1)
    }
}
