import SiftConfig

/// Exponential backoff with full jitter: attempt n waits a random time up to
/// `min(maximum, initial * 2^n)`, so many senders retrying one server spread out.
package struct RetryBackoff: Sendable {
    var initial: Duration
    var maximum: Duration

    package init(initial: Duration, maximum: Duration) {
        self.initial = initial
        self.maximum = maximum
    }

    package func delay(attempt: Int) -> Duration {
        let ceiling = min(maximum, initial * (1 << min(attempt, 30)))
        return .nanoseconds(Int64.random(in: 0...max(1, TimeValue.nanoseconds(of: ceiling))))
    }
}
