import SiftConfig

/// What retention knows of one backing index.
package struct BackingIndexInfo: Sendable, Hashable {
    package var name: String
    package var createdAtMillis: Int64
    /// When it stopped taking writes; nil for the write index.
    package var rolledOverAtMillis: Int64?
    package var sizeBytes: Int64

    package init(name: String, createdAtMillis: Int64, rolledOverAtMillis: Int64?, sizeBytes: Int64) {
        self.name = name
        self.createdAtMillis = createdAtMillis
        self.rolledOverAtMillis = rolledOverAtMillis
        self.sizeBytes = sizeBytes
    }
}

/// Which backing indices to delete: too old, or the oldest while all together are too big.
/// The write index is never deleted, so the newest data always stays.
package struct RetentionPolicy: Sendable, Hashable {
    /// Delete an index once this long has passed since it rolled over (its newest data is this old).
    package var maxAge: Duration?
    /// Delete the oldest indices while the total size of all of them, the write index included, exceeds this.
    package var maxTotalSize: Int64?

    package init(maxAge: Duration? = nil, maxTotalSize: Int64? = nil) {
        self.maxAge = maxAge
        self.maxTotalSize = maxTotalSize
    }

    /// Names to delete, oldest first: those whose age (`now - rolledOverAt`) exceeds ``maxAge``
    /// (strictly), then the oldest remaining while the total size exceeds ``maxTotalSize``
    /// (strictly). Never an index with `rolledOverAtMillis == nil`. Oldest means created first;
    /// ties go by generation, then name.
    package func indicesToDelete(_ indices: [BackingIndexInfo], nowMillis: Int64) -> [String] {
        let ordered = indices.sorted { a, b in
            if a.createdAtMillis != b.createdAtMillis { return a.createdAtMillis < b.createdAtMillis }
            let ga = BackingIndexName.parse(a.name)?.generation ?? 0
            let gb = BackingIndexName.parse(b.name)?.generation ?? 0
            return ga != gb ? ga < gb : a.name < b.name
        }
        var delete = [Bool](repeating: false, count: ordered.count)
        if let maxAge {
            let limit = TimeValue.milliseconds(of: maxAge)
            for (i, index) in ordered.enumerated() {
                if let rolledOver = index.rolledOverAtMillis, nowMillis - rolledOver > limit { delete[i] = true }
            }
        }
        if let maxTotalSize {
            var total: Int64 = 0
            for (i, index) in ordered.enumerated() where !delete[i] { total += index.sizeBytes }
            for (i, index) in ordered.enumerated() where total > maxTotalSize && !delete[i] && index.rolledOverAtMillis != nil {
                delete[i] = true
                total -= index.sizeBytes
            }
        }
        return ordered.indices.filter { delete[$0] }.map { ordered[$0].name }
    }
}
