import SiftIndex

/// A hit found by the query phase: where it is, its sort values and score.
package struct RankedHit: Sendable {
    package var target: Int
    package var segment: Int
    package var doc: Int32
    package var score: Float
    package var sortValues: [SortValue]
}

/// Keeps the `k` best hits of a search under a sort: per segment in a bounded heap of local integer
/// keys (cheap comparisons, keyword ordinals instead of bytes), then merged across segments and
/// indices by search-wide values, Lucene's `TopFieldCollector` in small.
package struct TopHitsCollector {
    package let k: Int
    let fields: [SortField]
    /// Search-wide values hits must sort strictly after (`search_after`).
    let after: [SortValue]?

    // The current segment.
    private var keys: [SegmentSortKey] = []
    private var afterKeys: [Int64]?
    private var heapKeys: [Int64] = []
    private var heapDocs: [Int32] = []
    private var heapScores: [Float] = []
    private var candidate: [Int64] = []
    private var target = 0
    private var segment = 0

    private var merged: [RankedHit] = []

    package init(k: Int, fields: [SortField], after: [SortValue]?) {
        self.k = k
        self.fields = fields
        self.after = after
        candidate = [Int64](repeating: 0, count: fields.count)
    }

    /// Starts collecting the documents of one segment with its key readers.
    mutating func beginSegment(target: Int, segment: Int, keys: [SegmentSortKey]) {
        self.target = target
        self.segment = segment
        self.keys = keys
        afterKeys = after.map { values in zip(keys, values).map { $0.localKey($1) } }
        heapKeys.removeAll(keepingCapacity: true)
        heapDocs.removeAll(keepingCapacity: true)
        heapScores.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    mutating func collect(_ doc: Int32, score: Float) {
        guard k > 0 else { return }
        for i in 0..<keys.count { candidate[i] = keys[i].key(doc, score: score) }
        if let afterKeys, compareKeys(candidate, 0, afterKeys, 0) <= 0 { return }
        let n = keys.count
        if heapDocs.count < k {
            heapKeys.append(contentsOf: candidate)
            heapDocs.append(doc)
            heapScores.append(score)
            siftUp(heapDocs.count - 1)
        } else if compareKeys(candidate, 0, heapKeys, 0) < 0 {
            // Better than the worst kept (ties keep the earlier doc, as index order breaks them).
            for i in 0..<n { heapKeys[i] = candidate[i] }
            heapDocs[0] = doc
            heapScores[0] = score
            siftDown(0)
        }
    }

    /// Moves the segment's kept hits, with search-wide sort values, into the merged list.
    mutating func endSegment() {
        let n = keys.count
        for slot in heapDocs.indices {
            let values = (0..<n).map { keys[$0].value(heapKeys[slot * n + $0]) }
            merged.append(RankedHit(target: target, segment: segment, doc: heapDocs[slot], score: heapScores[slot], sortValues: values))
        }
        if merged.count > 4 * max(k, 64) { trim() }
    }

    /// The best `k` hits, best first.
    package mutating func topHits() -> [RankedHit] {
        trim()
        return merged
    }

    private mutating func trim() {
        merged.sort(by: ranksBefore)
        if merged.count > k { merged.removeLast(merged.count - k) }
    }

    /// Search-wide order: sort values in each field's direction (missing first or last), then index,
    /// segment and doc order.
    func ranksBefore(_ a: RankedHit, _ b: RankedHit) -> Bool {
        for (i, field) in fields.enumerated() {
            let order = Self.compare(a.sortValues[i], b.sortValues[i], field)
            if order != 0 { return order < 0 }
        }
        return (a.target, a.segment, a.doc) < (b.target, b.segment, b.doc)
    }

    static func compare(_ a: SortValue, _ b: SortValue, _ field: SortField) -> Int {
        switch (a, b) {
        case (.missing, .missing): return 0
        case (.missing, _): return field.missingFirst ? -1 : 1
        case (_, .missing): return field.missingFirst ? 1 : -1
        case (.number(let x), .number(let y)):
            return x == y ? 0 : ((x < y) != field.descending ? -1 : 1)
        case (.bytes(let x), .bytes(let y)):
            let order = MultiTermWeight.compare(x, y)
            return field.descending ? -order : order
        default:
            return 0
        }
    }

    /// Compares local key tuples at offsets of two flat buffers: < 0 when `a` ranks first.
    @inline(__always)
    private func compareKeys(_ a: [Int64], _ i: Int, _ b: [Int64], _ j: Int) -> Int {
        for f in 0..<keys.count {
            let x = a[i + f], y = b[j + f]
            if x != y { return (x < y) != fields[f].descending ? -1 : 1 }
        }
        return 0
    }

    /// Heap order: the worst kept hit at slot 0 (higher doc is worse among equal keys).
    private func worse(_ s: Int, _ t: Int) -> Bool {
        let n = keys.count
        let order = compareKeys(heapKeys, s * n, heapKeys, t * n)
        return order != 0 ? order > 0 : heapDocs[s] > heapDocs[t]
    }

    private mutating func swapSlots(_ s: Int, _ t: Int) {
        let n = keys.count
        for f in 0..<n { heapKeys.swapAt(s * n + f, t * n + f) }
        heapDocs.swapAt(s, t)
        heapScores.swapAt(s, t)
    }

    private mutating func siftUp(_ slot: Int) {
        var child = slot
        while child > 0 {
            let parent = (child - 1) / 2
            guard worse(child, parent) else { return }
            swapSlots(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ slot: Int) {
        var parent = slot
        while true {
            let left = 2 * parent + 1, right = left + 1
            var worst = parent
            if left < heapDocs.count, worse(left, worst) { worst = left }
            if right < heapDocs.count, worse(right, worst) { worst = right }
            guard worst != parent else { return }
            swapSlots(parent, worst)
            parent = worst
        }
    }
}
