import SiftConfig

/// When the write index of a rolled-over index is full: the first limit reached starts a new
/// backing index. Limits are inclusive, as Elasticsearch's rollover conditions (`max_docs: 1000`
/// rolls over at the 1000th document).
package struct RolloverPolicy: Sendable, Hashable {
    /// Bytes on disk of the write index.
    package var maxSize: Int64?
    /// Time since the write index was created.
    package var maxAge: Duration?
    /// Documents in the write index.
    package var maxDocs: Int?

    package init(maxSize: Int64? = nil, maxAge: Duration? = nil, maxDocs: Int? = nil) {
        self.maxSize = maxSize
        self.maxAge = maxAge
        self.maxDocs = maxDocs
    }

    /// Why the write index should roll over now, e.g. `max_docs [1000] reached`; nil to keep writing.
    /// An empty index never rolls over (Elasticsearch skips empty indices too), whatever its age.
    /// Limits are checked in the order size, docs, age; the clock is a parameter, so this is pure.
    package func reason(sizeBytes: Int64, docCount: Int, createdAtMillis: Int64, nowMillis: Int64) -> String? {
        guard docCount > 0 else { return nil }
        if let maxSize, sizeBytes >= maxSize {
            return "max_size [\(ByteSize(bytes: maxSize))] reached"
        }
        if let maxDocs, docCount >= maxDocs {
            return "max_docs [\(maxDocs)] reached"
        }
        if let maxAge, nowMillis - createdAtMillis >= TimeValue.milliseconds(of: maxAge) {
            return "max_age [\(TimeValue.format(maxAge))] reached"
        }
        return nil
    }
}
