import Synchronization

/// A bounded hand-off between one producer that must never wait (the UDP receive loop: a
/// datagram not read in time is lost in the kernel anyway) and one consumer that takes everything
/// pending at once, so a burst becomes one batch.
final class PendingQueue<Element: Sendable>: Sendable {
    private struct State {
        var items: [Element] = []
        var waiter: CheckedContinuation<[Element]?, any Error>?
        var finished = false
    }

    /// The most elements held; ``append(_:)`` refuses more.
    let limit: Int
    private let state = Mutex(State())

    init(limit: Int) {
        precondition(limit > 0)
        self.limit = limit
    }

    /// Adds `item` unless the queue is full or finished; returns whether it was taken.
    func append(_ item: Element) -> Bool {
        let (taken, waiter): (Bool, CheckedContinuation<[Element]?, any Error>?) = state.withLock { state in
            guard !state.finished, state.items.count < limit else { return (false, nil) }
            if let waiter = state.waiter {
                state.waiter = nil
                return (true, waiter)
            }
            state.items.append(item)
            return (true, nil)
        }
        waiter?.resume(returning: [item])
        return taken
    }

    /// Everything pending, waiting for at least one element; nil once ``finish()`` was called and
    /// nothing is left.
    ///
    /// - Throws: `CancellationError` when the calling task is cancelled while waiting.
    func takeAll() async throws -> [Element]? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let result: Result<[Element]?, any Error>? = state.withLock { state in
                    if !state.items.isEmpty {
                        let items = state.items
                        state.items = []
                        return .success(items)
                    }
                    if state.finished { return .success(nil) }
                    // Checked under the lock: either the cancellation handler below already ran
                    // (and the flag is set) or it runs later and finds the waiter.
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiter = continuation
                    return nil
                }
                if let result { continuation.resume(with: result) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// No more elements will come; a waiting ``takeAll()`` returns what is left, then nil.
    func finish() {
        let waiter = state.withLock { state in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }
}
