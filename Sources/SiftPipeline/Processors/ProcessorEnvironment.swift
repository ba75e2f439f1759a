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
    package static let live = ProcessorEnvironment(now: { Timestamp.now() })

    /// A clock stuck at `time`, for tests.
    package static func fixed(_ time: Timestamp) -> ProcessorEnvironment {
        ProcessorEnvironment(now: { time })
    }

}
