/// A document id within one segment and its relevance score.
package struct ScoredDoc: Sendable, Hashable {
    package var doc: UInt32
    package var score: Float

    package init(doc: UInt32, score: Float) {
        self.doc = doc
        self.score = score
    }

    /// Ranking order: higher score first, then lower doc id, as Elasticsearch breaks ties by index order.
    package func ranksBefore(_ other: ScoredDoc) -> Bool {
        score != other.score ? score > other.score : doc < other.doc
    }
}

/// Keeps the `k` best-ranked documents seen so far in a bounded min-heap: O(log k) per hit, O(k) memory,
/// however many documents match.
package struct TopDocsCollector: Sendable {
    package let k: Int
    /// Heap ordered so that the worst kept document is at index 0.
    private var heap: [ScoredDoc] = []
    package private(set) var totalHits = 0

    package init(k: Int) {
        precondition(k >= 0, "k must not be negative")
        self.k = k
        heap.reserveCapacity(k)
    }

    package mutating func collect(doc: UInt32, score: Float) {
        totalHits += 1
        let hit = ScoredDoc(doc: doc, score: score)
        if heap.count < k {
            heap.append(hit)
            siftUp(heap.count - 1)
        } else if let worst = heap.first, hit.ranksBefore(worst) {
            heap[0] = hit
            siftDown(0)
        }
    }

    /// The kept documents, best first.
    package func topDocs() -> [ScoredDoc] {
        heap.sorted { $0.ranksBefore($1) }
    }

    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[parent].ranksBefore(heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            var worst = parent
            for child in [2 * parent + 1, 2 * parent + 2] where child < heap.count && heap[worst].ranksBefore(heap[child]) {
                worst = child
            }
            guard worst != parent else { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }
}
