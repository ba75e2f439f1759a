/// Documents matched by at least `minimumMatch` of the sub-scorers (1: a plain OR), scored by the
/// sum of the matching ones, or by `max + tieBreaker × the rest` for `dis_max` style queries.
///
/// Sub-scorers sit in a min-heap by their current doc, so each step costs O(log n).
package final class DisjunctionScorer: Scorer {
    /// Heap of the sub-scorers not yet exhausted, smallest ``Scorer/doc`` at index 0.
    private var heap: [any Scorer]
    /// The sub-scorers on ``doc`` (popped from the heap until the next move).
    private var matching: [any Scorer] = []
    private let minimumMatch: Int
    private let tieBreaker: Float?
    package let cost: Int
    package private(set) var doc: Int32 = -1

    /// - Parameter tieBreaker: nil sums the scores; a value takes the best plus that share of the others.
    package init(_ scorers: [any Scorer], minimumMatch: Int = 1, tieBreaker: Float? = nil) {
        heap = scorers
        self.minimumMatch = max(minimumMatch, 1)
        self.tieBreaker = tieBreaker
        cost = scorers.reduce(0) { $0 + $1.cost }
        matching.reserveCapacity(scorers.count)
    }

    package func next() -> Int32 {
        for scorer in matching { push(scorer, scorer.next()) }
        matching.removeAll(keepingCapacity: true)
        if doc == -1 {
            let started = heap
            heap.removeAll(keepingCapacity: true)
            for scorer in started { push(scorer, scorer.next()) }
        }
        return collectTop()
    }

    package func advance(to target: Int32) -> Int32 {
        for scorer in matching { push(scorer, scorer.advance(to: target)) }
        matching.removeAll(keepingCapacity: true)
        // Everything still below target moves up; the heap top tells when nothing is.
        while let top = heap.first, top.doc < target {
            popTop()
            push(top, top.advance(to: target))
        }
        return collectTop()
    }

    /// Pops every scorer on the smallest doc; if too few match there, advances them and retries.
    private func collectTop() -> Int32 {
        while let top = heap.first {
            let candidate = top.doc
            while let next = heap.first, next.doc == candidate {
                matching.append(next)
                popTop()
            }
            if matching.count >= minimumMatch {
                doc = candidate
                return candidate
            }
            for scorer in matching { push(scorer, scorer.next()) }
            matching.removeAll(keepingCapacity: true)
        }
        doc = noMoreDocs
        return noMoreDocs
    }

    package func score() -> Float {
        guard let tieBreaker else {
            var sum: Float = 0
            for scorer in matching { sum += scorer.score() }
            return sum
        }
        var best: Float = 0, sum: Float = 0
        for scorer in matching {
            let s = scorer.score()
            best = max(best, s)
            sum += s
        }
        return best + tieBreaker * (sum - best)
    }

    /// How many sub-scorers match ``doc``.
    package var matchCount: Int { matching.count }

    // MARK: - Heap

    private func push(_ scorer: any Scorer, _ at: Int32) {
        guard at != noMoreDocs else { return }
        heap.append(scorer)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].doc < heap[parent].doc else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private func popTop() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].doc < heap[smallest].doc { smallest = left }
            if right < heap.count, heap[right].doc < heap[smallest].doc { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
