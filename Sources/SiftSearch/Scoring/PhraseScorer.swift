import SiftIndex

/// Documents where the phrase's terms occur in order (`slop` 0) or within `slop` position moves,
/// as `match_phrase` and quoted query_string phrases mean.
///
/// Each slot of the phrase holds the postings of one term, or of several (the expansions of
/// `match_phrase_prefix`'s last term): the slots leapfrog on doc ids, then positions decide.
/// Scored by BM25 with the phrase frequency (sloppy matches count `1 / (1 + distance)`) and the sum
/// of the terms' idf, as Lucene does.
package final class PhraseScorer: Scorer {
    /// One position of the phrase: its postings and the term's offset within the phrase.
    package struct Slot {
        package var postings: [PostingsIterator]
        package var offset: Int32

        package init(postings: [PostingsIterator], offset: Int32) {
            self.postings = postings
            self.offset = offset
        }
    }

    private var slots: [Slot]
    private let slop: Int32
    private let similarity: BM25
    private let norms: NumericColumn?
    /// Per slot, the positions of the current doc minus the slot's offset, sorted.
    private var positions: [[Int32]]
    private var frequency: Float = 0
    package let cost: Int
    package private(set) var doc: Int32 = -1

    /// Every slot needs at least one postings iterator opened with positions.
    package init(slots: [Slot], slop: Int, similarity: BM25, norms: NumericColumn?) {
        precondition(!slots.isEmpty && slots.allSatisfy { !$0.postings.isEmpty }, "a phrase needs terms")
        self.slots = slots.sorted { $0.postings.reduce(0) { $0 + $1.docFreq } < $1.postings.reduce(0) { $0 + $1.docFreq } }
        self.slop = Int32(clamping: slop)
        self.similarity = similarity
        self.norms = norms
        positions = Array(repeating: [], count: slots.count)
        cost = self.slots[0].postings.reduce(0) { $0 + $1.docFreq }
    }

    package func next() -> Int32 { search(from: doc + 1) }
    package func advance(to target: Int32) -> Int32 { search(from: target) }

    /// BM25 with the (possibly fractional) phrase frequency: weight × f / (f + norm).
    package func score() -> Float {
        let length = Float(norms?.value(doc) ?? 1)
        let norm = BM25.k1 * (1 - BM25.b + BM25.b * length / similarity.averageLength)
        return similarity.weight * frequency / (frequency + norm)
    }

    private func search(from start: Int32) -> Int32 {
        guard doc != noMoreDocs else { return doc }
        var target = start
        while true {
            // Leapfrog: every slot to the first doc >= target; restart when one overshoots.
            var agreed = true
            for s in slots.indices {
                let d = moveSlot(s, to: target)
                if d == noMoreDocs { return finish() }
                if d > target {
                    target = d
                    agreed = false
                    break
                }
            }
            guard agreed else { continue }
            if matchPositions(target) {
                doc = target
                return target
            }
            target += 1
        }
    }

    private func finish() -> Int32 {
        doc = noMoreDocs
        return doc
    }

    /// Moves slot `s`'s postings to at least `target`; returns the slot's smallest doc.
    private func moveSlot(_ s: Int, to target: Int32) -> Int32 {
        var smallest = noMoreDocs
        for p in slots[s].postings.indices {
            var d = slots[s].postings[p].doc
            if d < target { d = slots[s].postings[p].advance(to: target) }
            smallest = min(smallest, d)
        }
        return smallest
    }

    /// Reads every slot's positions at `target` and computes the phrase frequency; false if none.
    private func matchPositions(_ target: Int32) -> Bool {
        for s in slots.indices {
            positions[s].removeAll(keepingCapacity: true)
            let offset = slots[s].offset
            for p in slots[s].postings.indices where slots[s].postings[p].doc == target {
                let freq = slots[s].postings[p].freq
                for _ in 0..<freq {
                    let position = slots[s].postings[p].nextPosition()
                    if position >= 0 { positions[s].append(position - offset) }
                }
            }
            if slots[s].postings.count > 1 { positions[s].sort() }
            if positions[s].isEmpty { return false }
        }
        frequency = slop == 0 ? exactMatches() : sloppyMatches()
        return frequency > 0
    }

    /// Number of starts present in every slot's list (sorted intersection).
    private func exactMatches() -> Float {
        var cursors = [Int](repeating: 0, count: positions.count)
        var count: Float = 0
        var candidate = positions[0][0]
        while true {
            var all = true
            for s in positions.indices {
                while cursors[s] < positions[s].count, positions[s][cursors[s]] < candidate { cursors[s] += 1 }
                guard cursors[s] < positions[s].count else { return count }
                let p = positions[s][cursors[s]]
                if p > candidate {
                    candidate = p
                    all = false
                    break
                }
            }
            if all {
                count += 1
                candidate += 1
            }
        }
    }

    /// Sweeps the smallest windows holding one start from every slot: a window of width w ≤ slop is
    /// a match worth `1 / (1 + w)`.
    private func sloppyMatches() -> Float {
        var cursors = [Int](repeating: 0, count: positions.count)
        var total: Float = 0
        while true {
            var low = Int32.max, high = Int32.min, lowSlot = 0
            for s in positions.indices {
                let p = positions[s][cursors[s]]
                if p < low { (low, lowSlot) = (p, s) }
                high = max(high, p)
            }
            let width = high - low
            if width <= slop { total += 1 / Float(1 + width) }
            cursors[lowSlot] += 1
            if cursors[lowSlot] == positions[lowSlot].count { return total }
        }
    }
}
