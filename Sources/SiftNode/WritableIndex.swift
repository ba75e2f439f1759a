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
}
