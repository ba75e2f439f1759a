import Synchronization

/// How long the write-ahead log's fsyncs take, for every index of the process: a histogram with
/// fixed buckets, updated by the WAL's sync rounds (at most one per round, so a lock costs nothing
/// next to the fsync) and read by `/metrics`.
///
/// Process-wide on purpose: fsync latency is a property of the disk, and the WAL's sync queue sits
/// below every index writer, where no server object reaches.
package final class SyncTimings: Sendable {
    /// Upper bounds of the buckets, in seconds: 100 µs to 1 s.
    package static let bucketBounds: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1]

    /// The WAL's fsyncs.
    package static let wal = SyncTimings()

    private struct State {
        var buckets = [Int](repeating: 0, count: SyncTimings.bucketBounds.count)
        var count = 0
        var totalNanoseconds = 0
    }

    private let state = Mutex(State())

    func record(nanoseconds: Int) {
        let seconds = Double(nanoseconds) / 1e9
        let bucket = Self.bucketBounds.firstIndex { seconds <= $0 }
        state.withLock { state in
            if let bucket { state.buckets[bucket] += 1 }
            state.count += 1
            state.totalNanoseconds += nanoseconds
        }
    }

    /// The counts so far: per bucket (not cumulative), in all, and the summed time in seconds.
    package func read() -> (buckets: [Int], count: Int, sumSeconds: Double) {
        state.withLock { ($0.buckets, $0.count, Double($0.totalNanoseconds) / 1e9) }
    }
}
