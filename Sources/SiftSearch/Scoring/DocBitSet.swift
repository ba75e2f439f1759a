/// A fixed-size set of doc ids of one segment, one bit each: where multi-term queries (prefix,
/// wildcard, ranges over terms, long `terms` lists) gather their postings before iterating.
package struct DocBitSet: Sendable {
    package private(set) var words: [UInt64]
    package let capacity: Int

    package init(capacity: Int) {
        self.capacity = capacity
        words = [UInt64](repeating: 0, count: (capacity + 63) >> 6)
    }

    @inline(__always)
    package mutating func insert(_ doc: Int32) {
        words[Int(doc) >> 6] |= 1 << UInt64(doc & 63)
    }

    @inline(__always)
    package func contains(_ doc: Int32) -> Bool {
        words[Int(doc) >> 6] & (1 << UInt64(doc & 63)) != 0
    }

    package var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// The first member >= `doc`, or ``noMoreDocs``.
    package func nextMember(atOrAfter doc: Int32) -> Int32 {
        guard doc < capacity else { return noMoreDocs }
        let start = max(doc, 0)
        var index = Int(start >> 6)
        var word = words[index] & (~0 << UInt64(start & 63))
        while true {
            if word != 0 { return Int32(index << 6 + word.trailingZeroBitCount) }
            index += 1
            guard index < words.count else { return noMoreDocs }
            word = words[index]
        }
    }
}

/// Iterates a ``DocBitSet`` with a constant score.
package final class BitSetScorer: Scorer {
    private let set: DocBitSet
    private let constant: Float
    package let cost: Int
    package private(set) var doc: Int32 = -1

    package init(_ set: DocBitSet, score: Float) {
        self.set = set
        constant = score
        cost = set.count
    }

    package func next() -> Int32 { advance(to: doc + 1) }

    package func advance(to target: Int32) -> Int32 {
        guard doc != noMoreDocs else { return doc }
        doc = set.nextMember(atOrAfter: target)
        return doc
    }

    package func score() -> Float { constant }
}

/// Every document of a segment (match_all), constant score.
package final class AllDocsScorer: Scorer {
    private let maxDoc: Int32
    private let constant: Float
    package private(set) var doc: Int32 = -1

    package init(maxDoc: Int, score: Float) {
        self.maxDoc = Int32(maxDoc)
        constant = score
    }

    package var cost: Int { Int(maxDoc) }
    package func next() -> Int32 { advance(to: doc + 1) }

    package func advance(to target: Int32) -> Int32 {
        guard doc != noMoreDocs else { return doc }
        doc = target < maxDoc ? target : noMoreDocs
        return doc
    }

    package func score() -> Float { constant }
}
