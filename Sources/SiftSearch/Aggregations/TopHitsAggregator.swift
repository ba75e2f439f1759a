import SiftCore
import SiftIndex
import SiftQuery

/// `top_hits`: the best documents of each bucket by score or by one numeric/date sort key, fetched
/// from the store when the response is built.
package final class TopHitsAggregator: Aggregator {
    private struct Candidate {
        var key: Double
        var score: Float
        var index: String
        var reader: SegmentReader
        var doc: Int32
    }

    private let size: Int
    private let from: Int
    /// nil sorts by score.
    private let sortField: String?
    private let descending: Bool
    private let source: SourceFilter
    private var kept: [[Candidate]] = []
    private var column: NumericColumn?
    private var isDouble = false
    private var context: SegmentContext?

    package init(size: Int, from: Int, sort: [SortSpec], source: SourceFilter) {
        self.size = size
        self.from = from
        let first = sort.first { !$0.isDocumentOrder }
        sortField = first.flatMap { $0.isScore ? nil : $0.field }
        descending = first.map { $0.order == .desc } ?? true
        self.source = source
    }

    package func beginSegment(_ context: SegmentContext) throws(SearchError) {
        self.context = context
        column = sortField.flatMap { context.segment.reader.numericColumn($0) }
        isDouble = column?.kind == .double
    }

    package func collect(_ doc: Int32, score: Float, owner: Int) {
        guard let context else { return }
        if owner >= kept.count { kept += Array(repeating: [], count: owner + 1 - kept.count) }
        var key = Double(score)
        if sortField != nil {
            if let raw = column?.value(doc) {
                key = isDouble ? SortableDouble.decode(raw) : Double(raw)
            } else {
                key = descending ? -.infinity : .infinity
            }
        }
        kept[owner].append(Candidate(key: key, score: score, index: context.target.name, reader: context.segment.reader, doc: doc))
        if kept[owner].count > 4 * (size + from) + 64 { trim(owner) }
    }

    private func trim(_ owner: Int) {
        kept[owner].sort { descending ? $0.key > $1.key : $0.key < $1.key }
        if kept[owner].count > size + from { kept[owner].removeLast(kept[owner].count - size - from) }
    }

    package func result(owner: Int) throws(SearchError) -> JSONValue {
        guard owner < kept.count else { return Self.hits(total: 0, maxScore: nil, []) }
        let total = kept[owner].count
        trim(owner)
        var hits: [JSONValue] = []
        for candidate in kept[owner].dropFirst(from) {
            let entry: StoredEntry
            do {
                entry = try candidate.reader.storedEntry(candidate.doc)
            } catch {
                throw SearchError(type: "corrupt_index_exception", reason: "\(error)", index: candidate.index, status: 500)
            }
            var hit: JSONObject = ["_index": .string(candidate.index), "_id": .string(entry.id)]
            hit.append(key: "_score", value: sortField == nil ? .double(Double(candidate.score)) : .null)
            if source.fetch, let json = try? JSONReader.parse(entry.source), let filtered = source.apply(to: json) {
                hit.append(key: "_source", value: filtered)
            }
            if sortField != nil { hit.append(key: "sort", value: [.double(candidate.key)]) }
            hits.append(.object(hit))
        }
        let best = sortField == nil ? kept[owner].first.map { Double($0.score) } : nil
        return Self.hits(total: total, maxScore: best, hits)
    }

    private static func hits(total: Int, maxScore: Double?, _ hits: [JSONValue]) -> JSONValue {
        let totalObject: JSONValue = ["value": .int(Int64(total)), "relation": "eq"]
        return ["hits": ["total": totalObject, "max_score": maxScore.map { .double($0) } ?? .null, "hits": .array(hits)]]
    }
}
