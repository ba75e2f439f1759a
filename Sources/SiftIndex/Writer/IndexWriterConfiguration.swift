/// How an ``IndexWriter`` buffers, makes writes durable and searchable, and merges.
package struct IndexWriterConfiguration: Sendable, Hashable {
    package enum Durability: String, Sendable, Hashable {
        /// fsync the WAL before a write is acknowledged (group commit across concurrent writers).
        case request
        /// fsync the WAL every ``IndexWriterConfiguration/syncInterval``; a crash may lose that much.
        case async
    }

    package var durability: Durability = .request
    package var syncInterval: Duration = .seconds(5)
    /// How soon new documents become searchable; nil turns periodic refresh off.
    package var refreshInterval: Duration? = .seconds(1)
    /// Periodic refreshes are skipped while nobody searches the index (Elasticsearch's
    /// `search.idle.after`); a search of an idle index refreshes first.
    package var searchIdleAfter: Duration = .seconds(30)
    /// In-memory buffer; a full buffer becomes a segment.
    package var indexingBufferBytes: Int = 64 << 20
    /// A commit (segments synced, WAL trimmed) happens when the WAL grows past this…
    package var commitWALBytes: Int = 512 << 20
    /// …or this long after the last one, if anything changed.
    package var commitInterval: Duration = .seconds(300)
    /// Segments of a similar size merged at once (tiered merging).
    package var mergeFactor: Int = 10
    /// Segments larger than this are not merged further.
    package var maxMergedSegmentBytes: Int = 5 << 30

    package init() {}
}

/// What one write did, in the terms of Elasticsearch's bulk item responses.
package enum WriteResult: Sendable, Hashable {
    case created(id: String, version: Int64, seqNo: Int64)
    case updated(id: String, version: Int64, seqNo: Int64)
    case deleted(id: String, version: Int64, seqNo: Int64)
    case notFound(id: String)
    /// The write was rejected and nothing was changed; `status` and `type` as Elasticsearch answers.
    case failed(id: String?, status: Int, type: String, reason: String)
}

/// One document to index.
package struct IndexRequest: Sendable {
    package enum OpType: Sendable { case index, create }

    /// nil: an id is generated (and no lookup of an older version is needed).
    package var id: String?
    /// The JSON source, stored as given.
    package var source: [UInt8]
    package var opType: OpType

    package init(id: String? = nil, source: [UInt8], opType: OpType = .index) {
        self.id = id
        self.source = source
        self.opType = opType
    }
}
