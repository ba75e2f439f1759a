import SiftCore

/// Where processed documents go: the local index, a remote cluster, stdout.
package protocol Output: Sendable {
    /// Takes `documents` durably: indexed and synced, accepted by the remote cluster, or written.
    ///
    /// Transient failures (a 429, a lost connection) are retried inside, for as long as it takes;
    /// a document the destination rejects for itself (a mapping conflict) is set aside (logged,
    /// counted, written to a dead-letter file) rather than failing the batch.
    ///
    /// - Throws: `CancellationError` when the pipeline is stopping before the batch was taken.
    func send(_ documents: [Document]) async throws

    /// Flushes whatever is buffered and releases resources; called once, after the last `send`.
    func close() async
}
