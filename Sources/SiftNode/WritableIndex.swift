import SiftIndex

/// Where writes to a name go: a plain index, or a data stream's current write index.
package enum WritableIndex: Sendable {
    case index(IndexWriter)
    case stream(DataStream)

    /// Indexes documents in order, each with its own result (see ``IndexWriter/index(_:)``).
    package func index(_ requests: [IndexRequest]) async throws(IndexError) -> [WriteResult] {
        switch self {
        case .index(let writer): try await writer.index(requests)
        case .stream(let stream): try await stream.index(requests)
        }
    }

    /// The plain index's writer; nil for a data stream, which is append-only (Elasticsearch updates
    /// and deletes documents of a stream through its backing indices).
    package var writer: IndexWriter? {
        if case .index(let writer) = self { return writer }
        return nil
    }

    package var isDataStream: Bool {
        if case .stream = self { return true }
        return false
    }
}
