/// What `_cat/indices` and `/_sift/indices` report about one index.
package struct IndexStats: Sendable, Hashable {
    package var name: String
    /// Live documents, including ones written but not yet refreshed.
    package var docCount: Int
    /// Deleted documents still taking space in segments (until a merge drops them).
    package var deletedCount: Int
    /// Bytes of segment files.
    package var sizeBytes: Int
    package var segmentCount: Int
    /// Oldest and newest `@timestamp` of refreshed documents; nil without timestamps.
    package var minTimestamp: Int64?
    package var maxTimestamp: Int64?
    package var createdAtMillis: Int64
    /// Damage found in the index (named files, reasons); the rest of the index keeps serving.
    package var problems: [String]
}

extension IndexWriter {
    package var stats: IndexStats {
        let snapshot = snapshot()
        let deleted = segments.reduce(0) { $0 + $1.reader.docCount - ($1.liveDocs?.liveCount ?? $1.reader.docCount) }
        return IndexStats(
            name: metadata.name, docCount: docCount, deletedCount: deleted, sizeBytes: sizeBytes,
            segmentCount: segments.count, minTimestamp: snapshot.minTimestamp, maxTimestamp: snapshot.maxTimestamp,
            createdAtMillis: metadata.createdAtMillis, problems: problems)
    }

    /// The live document with `id` as of now, refreshed or not (Elasticsearch's real-time get):
    /// the writer's own view, which already has deletes and updates that searches see only after
    /// the next refresh; a document still in the buffer is refreshed first.
    package func document(id: String) throws(IndexError) -> StoredEntry? {
        switch try locate(id) {
        case nil:
            // Auto ids are not tracked in the buffer; one the client learned from a response may be there.
            guard let builder, builder.docCount > 0 else { return nil }
            try refresh()
            return try snapshot().document(id: id)
        case .builder:
            try refresh()
            return try snapshot().document(id: id)
        case .segment(let name, let doc, _):
            return try segments.first { $0.reader.name == name }?.reader.storedEntry(doc)
        }
    }
}
