import SiftIndex

/// One index a search reads: its name as hits report it, a snapshot of its segments and the
/// mappings that say how each field was indexed.
package struct SearchTarget: Sendable {
    package let name: String
    package let snapshot: IndexSnapshot
    package let mappings: Mappings

    package init(name: String, snapshot: IndexSnapshot, mappings: Mappings) {
        self.name = name
        self.snapshot = snapshot
        self.mappings = mappings
    }

    /// BM25 statistics of `field` over the whole index (Elasticsearch's per-shard statistics).
    func statistics(_ field: String) -> (docCount: Int, sumTotalTermFreq: Int64) {
        var docCount = 0, sum: Int64 = 0
        for view in snapshot.segments {
            guard let terms = view.reader.terms(field) else { continue }
            docCount += terms.docCount
            sum += terms.sumTotalTermFreq
        }
        return (docCount, sum)
    }

    /// Documents of the index holding `term` in `field`.
    func docFreq(_ field: String, _ term: [UInt8]) -> Int {
        var total = 0
        for view in snapshot.segments {
            if let info = view.reader.terms(field)?.lookup(term) { total += info.docFreq }
        }
        return total
    }
}
