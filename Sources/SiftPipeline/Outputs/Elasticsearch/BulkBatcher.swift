import SiftCore

/// Gathers documents from every input into bulks: a bulk leaves when it is full (documents or
/// bytes) or when its oldest document has waited `flushInterval`. Each submitter resumes when the
/// bulks holding its documents are done.
actor BulkBatcher {
    private struct Pending {
        var body: [UInt8] = []
        var documents: [Document] = []
        var waiters: [CheckedContinuation<Void, any Error>] = []
    }

    private let sender: BulkSender
    private let maxDocuments: Int
    private let maxBytes: Int
    private let flushInterval: Duration
    private var pending = Pending()
    /// Counts flushes, so a submitter can tell whether its last document already left.
    private var generation = 0
    private var timer: Task<Void, Never>?

    init(sender: BulkSender, maxDocuments: Int, maxBytes: Int, flushInterval: Duration) {
        self.sender = sender
        self.maxDocuments = maxDocuments
        self.maxBytes = maxBytes
        self.flushInterval = flushInterval
    }

    func submit(_ documents: [Document]) async throws {
        var generationOfLast = generation
        for document in documents {
            sender.appendBulkLines(document, to: &pending.body)
            pending.documents.append(document)
            generationOfLast = generation
            if pending.documents.count >= maxDocuments || pending.body.count >= maxBytes {
                try await flush()
            }
        }
        // Done unless the last document still waits in the pending bulk.
        guard !documents.isEmpty, generationOfLast == generation else { return }
        if timer == nil {
            timer = Task { [flushInterval] in
                try? await Task.sleep(for: flushInterval)
                guard !Task.isCancelled else { return }
                await self.flushFromTimer()
            }
        }
        try await withCheckedThrowingContinuation { pending.waiters.append($0) }
    }

    /// Sends what is pending; waits at most `deadline` for a cluster that does not answer, after
    /// which the waiting inputs get an error and do not acknowledge their batches.
    func close(deadline: Duration = .seconds(10)) async {
        timer?.cancel()
        timer = nil
        guard !pending.documents.isEmpty else { return }
        let sending = Task { try await self.flush() }
        let watchdog = Task {
            try await Task.sleep(for: deadline)
            sending.cancel()
        }
        _ = await sending.result
        watchdog.cancel()
    }

    private func flushFromTimer() async {
        timer = nil
        try? await flush()  // the error has reached every waiter
    }

    private func flush() async throws {
        let bulk = pending
        pending = Pending()
        generation += 1
        timer?.cancel()
        timer = nil
        guard !bulk.documents.isEmpty else { return }
        do {
            try await sender.ship(bulk.body, bulk.documents)
        } catch {
            for waiter in bulk.waiters { waiter.resume(throwing: error) }
            throw error
        }
        for waiter in bulk.waiters { waiter.resume() }
    }
}
