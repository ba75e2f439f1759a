/// Iterates the matching documents of one segment in increasing doc id order and scores them,
/// Lucene style: ``doc`` is -1 before the first ``next()`` and ``noMoreDocs`` at the end.
///
/// Scorers are built per segment and per search, used by one thread, and thrown away: classes, so
/// a tree of them (bool over phrases over postings) advances without copying iterator state.
package protocol Scorer: AnyObject {
    /// The current document, -1 before the first ``next()``, ``noMoreDocs`` when exhausted.
    var doc: Int32 { get }
    /// Moves to the next matching document and returns it.
    func next() -> Int32
    /// Moves to the first matching document >= `target` (`target` > ``doc``) and returns it.
    func advance(to target: Int32) -> Int32
    /// An upper bound on the documents this scorer matches, so conjunctions lead with the rarest.
    var cost: Int { get }
    /// The current document's score (constant for filters).
    func score() -> Float
}

/// ``Scorer/doc`` once a scorer is exhausted (the same sentinel as the postings).
package let noMoreDocs = Int32.max
