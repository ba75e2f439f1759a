import Synchronization

/// The port a listening input was bound to, published once `run` has bound its socket, so that
/// whoever configured port 0 (tests, mostly) can find out which port to connect to.
final class ListenerPort: Sendable {
    private enum State {
        case waiting([CheckedContinuation<Int, any Error>])
        case bound(Int)
        case failed(any Error)
    }

    private let state = Mutex(State.waiting([]))

    /// Waits until ``bind(_:)`` or ``fail(_:)`` is called.
    func value() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            let result: Result<Int, any Error>? = state.withLock { state in
                switch state {
                case .waiting(var waiters):
                    waiters.append(continuation)
                    state = .waiting(waiters)
                    return nil
                case .bound(let port): return .success(port)
                case .failed(let error): return .failure(error)
                }
            }
            if let result { continuation.resume(with: result) }
        }
    }

    /// Publishes the bound port; later calls are ignored.
    func bind(_ port: Int) {
        settle(.bound(port), .success(port))
    }

    /// Wakes waiters with `error` if the port was never bound (binding failed, or `run` ended first).
    func fail(_ error: any Error) {
        settle(.failed(error), .failure(error))
    }

    private func settle(_ final: State, _ result: Result<Int, any Error>) {
        let waiters: [CheckedContinuation<Int, any Error>] = state.withLock { state in
            guard case .waiting(let waiters) = state else { return [] }
            state = final
            return waiters
        }
        for waiter in waiters { waiter.resume(with: result) }
    }
}
