import SiftSearch
import SiftTestSupport
import Testing

@Suite struct TopDocsCollectorTests {
    @Test(arguments: [0, 1, 10, 100, 5_000])
    func keepsExactlyTheBestRankedDocuments(k: Int) {
        var random = SplitMix64(seed: UInt64(k))
        // Few distinct scores so that ties (broken by doc id) are common.
        let hits = (0..<3_000).map { ScoredDoc(doc: UInt32($0), score: Float(Int.random(in: 0..<50, using: &random))) }
        var collector = TopDocsCollector(k: k)
        for hit in hits.shuffled(using: &random) { collector.collect(doc: hit.doc, score: hit.score) }
        let expected = Array(hits.sorted { $0.score != $1.score ? $0.score > $1.score : $0.doc < $1.doc }.prefix(k))
        #expect(collector.topDocs() == expected)
        #expect(collector.totalHits == hits.count)
    }
}
