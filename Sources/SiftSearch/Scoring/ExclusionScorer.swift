/// The documents of `required` that `excluded` does not match (`must_not`).
package final class ExclusionScorer: Scorer {
    private let required: any Scorer
    private let excluded: any Scorer

    package init(required: any Scorer, excluded: any Scorer) {
        self.required = required
        self.excluded = excluded
    }

    package var doc: Int32 { required.doc }
    package var cost: Int { required.cost }
    package func score() -> Float { required.score() }
    package func next() -> Int32 { skipExcluded(required.next()) }
    package func advance(to target: Int32) -> Int32 { skipExcluded(required.advance(to: target)) }

    private func skipExcluded(_ candidate: Int32) -> Int32 {
        var d = candidate
        while d != noMoreDocs {
            var e = excluded.doc
            if e < d { e = excluded.advance(to: d) }
            guard e == d else { return d }
            d = required.next()
        }
        return d
    }
}

/// The documents of `required`, with `optional`'s score added where it also matches (`should`
/// clauses beside `must` ones, which rank but do not restrict).
package final class RequiredOptionalScorer: Scorer {
    private let required: any Scorer
    private let optional: any Scorer

    package init(required: any Scorer, optional: any Scorer) {
        self.required = required
        self.optional = optional
    }

    package var doc: Int32 { required.doc }
    package var cost: Int { required.cost }
    package func next() -> Int32 { required.next() }
    package func advance(to target: Int32) -> Int32 { required.advance(to: target) }

    package func score() -> Float {
        let d = required.doc
        var o = optional.doc
        if o < d { o = optional.advance(to: d) }
        return o == d ? required.score() + optional.score() : required.score()
    }
}

/// Every document of `inner`, scored `score` (constant_score, filters) or `inner × factor` (boost).
package final class ScaledScorer: Scorer {
    private let inner: any Scorer
    private let constant: Float?
    private let factor: Float

    package init(_ inner: any Scorer, constant: Float) {
        self.inner = inner
        self.constant = constant
        factor = 1
    }

    package init(_ inner: any Scorer, factor: Float) {
        self.inner = inner
        constant = nil
        self.factor = factor
    }

    package var doc: Int32 { inner.doc }
    package var cost: Int { inner.cost }
    package func next() -> Int32 { inner.next() }
    package func advance(to target: Int32) -> Int32 { inner.advance(to: target) }
    package func score() -> Float { constant ?? inner.score() * factor }
}
