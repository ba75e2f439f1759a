#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SiftCore

/// What processors may take from outside the document: the wall clock.
///
/// Injected so tests can pin "now" (the `date` processor infers missing years from it, `set`
/// renders `{{_ingest.timestamp}}` with it).
package struct ProcessorEnvironment: Sendable {
    /// The current time.
    package var now: @Sendable () -> Timestamp

    package init(now: @escaping @Sendable () -> Timestamp) {
        self.now = now
    }

    /// The system's real-time clock.
    package static let live = ProcessorEnvironment(now: { systemNow() })

    /// A clock stuck at `time`, for tests.
    package static func fixed(_ time: Timestamp) -> ProcessorEnvironment {
        ProcessorEnvironment(now: { time })
    }

    private static func systemNow() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(seconds: Int64(spec.tv_sec), nanoseconds: Int32(spec.tv_nsec))
    }
}
