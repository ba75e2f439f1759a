/// Okapi BM25 as Lucene and Elasticsearch compute it (k1 = 1.2, b = 0.75, no (k1 + 1) factor):
/// `idf × freq / (freq + k1 × (1 − b + b × length / averageLength))`.
///
/// Statistics are per index (Elasticsearch's per shard, `query_then_fetch`), including deleted
/// documents as Lucene's are. Lengths are exact token counts: Lucene rounds them to one byte, so
/// scores can differ from Elasticsearch's in the low digits, never in the order of clearly different
/// matches.
package struct BM25: Sendable, Hashable {
    package static let k1: Float = 1.2
    package static let b: Float = 0.75

    /// `boost × idf`: the weight of one query term.
    package let weight: Float
    package let averageLength: Float

    /// - Parameters:
    ///   - docFreq: documents of the index with the term.
    ///   - docCount: documents of the index with a value in the field.
    ///   - sumTotalTermFreq: tokens of the field over the index (for the average length).
    package init(boost: Float, docFreq: Int, docCount: Int, sumTotalTermFreq: Int64) {
        self.init(weight: boost * Self.idf(docFreq: docFreq, docCount: docCount), docCount: docCount, sumTotalTermFreq: sumTotalTermFreq)
    }

    /// With a precomputed weight, such as a phrase's summed idf.
    package init(weight: Float, docCount: Int, sumTotalTermFreq: Int64) {
        self.weight = weight
        averageLength = docCount > 0 ? Float(Double(sumTotalTermFreq) / Double(docCount)) : 1
    }

    package static func idf(docFreq: Int, docCount: Int) -> Float {
        let n = Double(docFreq), total = Double(max(docCount, docFreq))
        return Float(log(1 + (total - n + 0.5) / (n + 0.5)))
    }

    @inline(__always)
    package func score(freq: Int32, length: Int64) -> Float {
        let f = Float(freq)
        let norm = Self.k1 * (1 - Self.b + Self.b * Float(length) / averageLength)
        return weight * f / (f + norm)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
