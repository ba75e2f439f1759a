import Metrics
import Prometheus
import SiftIndex

#if canImport(Glibc)
import Glibc
#endif

/// The server's own metrics, recorded through swift-metrics into one Prometheus registry.
///
/// The factory is passed explicitly instead of bootstrapping `MetricsSystem`, which can be done only once
/// per process: each server (and each test) owns its registry.
package final class ServerMetrics: Sendable {
    package let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    /// For metrics recorded beside the server's, such as the pipelines' event counters.
    package var metricsFactory: any MetricsFactory { factory }
    private let activeRequests: Meter
    private let residentMemory: Prometheus.Gauge

    /// Request duration buckets: 1 ms to 5 s, with the 0.1/0.5/1/2/5 s marks of a classic latency SLO.
    package static let requestDurationBuckets: [Duration] = [
        .milliseconds(1), .microseconds(2_500), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .seconds(2), .seconds(5),
    ]

    package init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["http_request_duration_seconds"] = Self.requestDurationBuckets
        self.factory = factory
        activeRequests = Meter(label: "http_requests_active", dimensions: [], factory: factory)
        residentMemory = registry.makeGauge(
            name: "process_resident_memory_bytes", labels: [], help: "Resident memory size in bytes."
        )
    }

    /// Marks a request as started; call ``requestFinished(route:method:status:duration:)`` when it ends.
    func requestStarted() {
        activeRequests.increment()
    }

    func requestFinished(route: String, method: String, status: Int, duration: Duration) {
        activeRequests.decrement()
        Timer(
            label: "http_request_duration_seconds",
            dimensions: [("route", route), ("method", method), ("status", String(status))],
            factory: factory
        ).recordNanoseconds(duration.nanoseconds)
    }

    /// Counts one bulk request's outcome.
    func bulkIndexed(documents: Int, failures: Int, bytes: Int) {
        Counter(label: "sift_bulk_documents_total", dimensions: [], factory: factory).increment(by: documents)
        Counter(label: "sift_bulk_item_failures_total", dimensions: [], factory: factory).increment(by: failures)
        Counter(label: "sift_bulk_bytes_total", dimensions: [], factory: factory).increment(by: bytes)
    }

    /// Counts a bulk refused with 429.
    func bulkRejected() {
        Counter(label: "sift_bulk_rejections_total", dimensions: [], factory: factory).increment()
    }

    /// Per-index gauges, set when `/metrics` is read.
    func recordIndex(name: String, documents: Int, sizeBytes: Int, segments: Int) {
        let labels = [("index", name)]
        Gauge(label: "sift_index_documents", dimensions: labels, factory: factory).record(documents)
        Gauge(label: "sift_index_size_bytes", dimensions: labels, factory: factory).record(sizeBytes)
        Gauge(label: "sift_index_segments", dimensions: labels, factory: factory).record(segments)
    }

    /// The Prometheus text exposition of every metric, with process gauges read at this moment.
    package func exposition() -> [UInt8] {
        if let bytes = Self.residentMemoryBytes() {
            residentMemory.set(to: Double(bytes))
        }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        Self.appendHistogram("sift_wal_fsync_duration_seconds", SyncTimings.wal, to: &buffer)
        return buffer
    }

    /// Writes a ``SyncTimings`` histogram in the Prometheus text format (cumulative buckets).
    static func appendHistogram(_ name: String, _ timings: SyncTimings, to buffer: inout [UInt8]) {
        let (buckets, count, sum) = timings.read()
        var text = "# TYPE \(name) histogram\n"
        var cumulative = 0
        for (bound, bucket) in zip(SyncTimings.bucketBounds, buckets) {
            cumulative += bucket
            text += "\(name)_bucket{le=\"\(bound)\"} \(cumulative)\n"
        }
        text += "\(name)_bucket{le=\"+Inf\"} \(count)\n\(name)_sum \(sum)\n\(name)_count \(count)\n"
        buffer += Array(text.utf8)
    }

    /// Resident set size from `/proc/self/statm` (second field, in pages); nil where there is no procfs.
    static func residentMemoryBytes() -> Int? {
        let fd = open("/proc/self/statm", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        let fields = buffer[..<count].split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return nil }
        return pages * sysconf(Int32(_SC_PAGESIZE))
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
