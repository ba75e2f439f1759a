import SystemPackage

extension IndexWriter {
    /// Records in `index.json` that the index stopped being its data stream's write index, so
    /// retention can age it from then (its newest data is about that old).
    package func markRolledOver(atMillis millis: Int64) throws(IndexError) {
        metadata.rolledOverAtMillis = millis
        try metadata.write(in: directory)
    }

    /// Retires the index for retention: stops background work, waits for a running merge, marks
    /// every segment obsolete and forgets it, and publishes an empty snapshot. Segment files are
    /// unlinked by the last ``SegmentReader`` to go, so a search still holding a snapshot keeps
    /// reading. Call after ``close()`` (nothing is committed here); the writer takes no writes after.
    package func retire() async {
        background?.cancel()
        background = nil
        await waitForMerges()
        builder = nil
        builderIDs.removeAll()
        for segment in segments { segment.reader.markObsolete() }
        segments.removeAll()
        publish()
    }
}
