import SiftSearch
import Testing

@Suite struct TopDocsCollectorTests {
    /// A small deterministic generator (SplitMix64) so failures reproduce.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test(arguments: [0, 1, 10, 100, 5_000])
    func keepsExactlyTheBestRankedDocuments(k: Int) {
        var random = SplitMix(state: UInt64(k))
        // Few distinct scores so that ties (broken by doc id) are common.
        let hits = (0..<3_000).map { ScoredDoc(doc: UInt32($0), score: Float(Int.random(in: 0..<50, using: &random))) }
        var collector = TopDocsCollector(k: k)
        for hit in hits.shuffled(using: &random) { collector.collect(doc: hit.doc, score: hit.score) }
        let expected = Array(hits.sorted { $0.score != $1.score ? $0.score > $1.score : $0.doc < $1.doc }.prefix(k))
        #expect(collector.topDocs() == expected)
        #expect(collector.totalHits == hits.count)
    }
}
