/// Decides when a repeated warning (a dropped datagram, a refused connection) may be logged
/// again: at most once per `interval`, reporting how many occurrences it stands for, so a flood
/// of events cannot flood the log too.
struct WarningThrottle {
    let interval: Duration
    private var lastLogged: ContinuousClock.Instant?
    private var count = 0

    init(interval: Duration = .seconds(10)) {
        self.interval = interval
    }

    /// Counts one occurrence; returns the count to log when it is time to log, else nil.
    mutating func record() -> Int? {
        count += 1
        let now = ContinuousClock.now
        if let lastLogged, now - lastLogged < interval { return nil }
        lastLogged = now
        defer { count = 0 }
        return count
    }
}
