/// Documents matched by every sub-scorer, found by leapfrogging: the rarest scorer leads and the
/// others ``Scorer/advance(to:)`` to it, so the cost is about that of the rarest.
///
/// The score is the sum of the `scoring` scorers' scores; `filters` only restrict.
package final class ConjunctionScorer: Scorer {
    private let all: [any Scorer]
    private let scoring: [any Scorer]
    package private(set) var doc: Int32 = -1

    /// Needs at least one scorer in `scoring` or `filters`.
    package init(scoring: [any Scorer], filters: [any Scorer]) {
        precondition(!scoring.isEmpty || !filters.isEmpty, "a conjunction needs a clause")
        all = (scoring + filters).sorted { $0.cost < $1.cost }
        self.scoring = scoring
    }

    package var cost: Int { all[0].cost }

    package func next() -> Int32 { align(all[0].next()) }

    package func advance(to target: Int32) -> Int32 { align(all[0].advance(to: target)) }

    /// From a candidate of the lead, moves everyone to the next document they all have.
    private func align(_ candidate: Int32) -> Int32 {
        var target = candidate
        outer: while target != noMoreDocs {
            for scorer in all.dropFirst() {
                var d = scorer.doc
                if d < target { d = scorer.advance(to: target) }
                if d > target {
                    target = all[0].advance(to: d)
                    continue outer
                }
            }
            break
        }
        doc = target
        return target
    }

    package func score() -> Float {
        var sum: Float = 0
        for scorer in scoring { sum += scorer.score() }
        return sum
    }
}
