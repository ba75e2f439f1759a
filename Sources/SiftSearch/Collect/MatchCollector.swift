import SiftIndex

/// Where a segment's matches come from, for collectors that read its columns.
package struct SegmentContext {
    package let target: SearchTarget
    package let targetIndex: Int
    package let segment: SegmentView
    package let segmentIndex: Int
}

/// Sees every live match of a search, segment by segment (aggregations).
package protocol MatchCollector: AnyObject {
    func beginSegment(_ context: SegmentContext)
    func collect(_ doc: Int32, score: Float)
    func endSegment()
}
