import SiftIndex

/// A phrase of an analysed text field: terms at relative positions, optionally with the last one
/// a prefix expanded per segment (`match_phrase_prefix`).
package struct PhraseWeight: Weight {
    let field: String
    /// The phrase's terms and their positions relative to the first.
    let terms: [(term: [UInt8], offset: Int32)]
    /// `match_phrase_prefix`: the last slot's prefix, at this offset, expanded to `maxExpansions` terms.
    let prefix: (bytes: [UInt8], offset: Int32, maxExpansions: Int)?
    let slop: Int
    let similarity: BM25

    package func scorer(_ segment: SegmentReader) -> (any Scorer)? {
        guard let fieldTerms = segment.terms(field), fieldTerms.options.hasPositions else { return nil }
        var slots: [PhraseScorer.Slot] = []
        for (term, offset) in terms {
            guard let info = fieldTerms.lookup(term) else { return nil }
            slots.append(PhraseScorer.Slot(postings: [fieldTerms.postings(info, positions: true)], offset: offset))
        }
        if let prefix {
            var expansions: [PostingsIterator] = []
            MultiTermWeight.enumerate(fieldTerms, from: prefix.bytes) { term, info in
                guard term.starts(with: prefix.bytes), expansions.count < prefix.maxExpansions else { return false }
                expansions.append(fieldTerms.postings(info, positions: true))
                return true
            }
            guard !expansions.isEmpty else { return nil }
            slots.append(PhraseScorer.Slot(postings: expansions, offset: prefix.offset))
        }
        guard !slots.isEmpty else { return nil }
        return PhraseScorer(slots: slots, slop: slop, similarity: similarity, norms: segment.norms(field))
    }
}
