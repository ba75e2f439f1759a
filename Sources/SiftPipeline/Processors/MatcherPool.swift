import SiftNative
import Synchronization

/// Lends ``PCRE2Matcher``s of one pattern to whichever task is processing a document.
///
/// A matcher owns mutable match data and must not be used by two threads at once, but processors
/// are shared `Sendable` values. Matchers are kept in a small locked free list: a match takes one
/// (or makes one, the first time on each concurrent task) and gives it back, so steady state costs
/// a lock round trip and no allocation.
final class MatcherPool: Sendable {
    /// A matcher that is only ever used by the one task that took it out of the pool.
    private final class Lease: @unchecked Sendable {
        let matcher: PCRE2Matcher
        init(_ matcher: PCRE2Matcher) { self.matcher = matcher }
    }

    let pattern: PCRE2Pattern
    private let idle = Mutex<[Lease]>([])

    init(_ pattern: PCRE2Pattern) {
        self.pattern = pattern
    }

    /// Runs `body` with a matcher no other task is using.
    func withMatcher<R, E: Error>(_ body: (PCRE2Matcher) throws(E) -> R) throws(E) -> R {
        let lease = idle.withLock { $0.popLast() } ?? Lease(pattern.makeMatcher())
        defer { idle.withLock { $0.append(lease) } }
        return try body(lease.matcher)
    }
}
