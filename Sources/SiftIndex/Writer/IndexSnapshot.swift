/// One segment as a snapshot sees it: the reader and the deletes as of the snapshot.
package struct SegmentView: Sendable {
    package let reader: SegmentReader
    /// nil when nothing in the segment is deleted.
    package let liveDocs: LiveDocs?

    package var liveCount: Int { liveDocs?.liveCount ?? reader.docCount }

    @inline(__always)
    package func isLive(_ doc: Int32) -> Bool { liveDocs?.isLive(doc) ?? true }

    /// The live document holding `id`, if this segment has one.
    package func liveDoc(withID id: String) -> Int32? {
        reader.docs(withID: id).first(where: isLive)
    }
}

/// A point-in-time view of an index: an immutable list of segments that searches read without
/// locks. Holding a snapshot keeps its segments' files (see ``SegmentReader``); dropping it lets
/// merged-away or retired segments go.
package final class IndexSnapshot: Sendable {
    package let segments: [SegmentView]
    /// Increases with every refresh, so callers can tell snapshots apart.
    package let generation: Int

    package init(segments: [SegmentView], generation: Int) {
        self.segments = segments
        self.generation = generation
    }

    /// Documents visible (deletes excluded).
    package var docCount: Int { segments.reduce(0) { $0 + $1.liveCount } }

    package var minTimestamp: Int64? { segments.compactMap(\.reader.meta.minTimestamp).min() }
    package var maxTimestamp: Int64? { segments.compactMap(\.reader.meta.maxTimestamp).max() }

    /// The live document with `id`, if any (newest segment first).
    package func document(id: String) throws(IndexError) -> StoredEntry? {
        for view in segments.reversed() {
            if let doc = view.liveDoc(withID: id) { return try view.reader.storedEntry(doc) }
        }
        return nil
    }
}
