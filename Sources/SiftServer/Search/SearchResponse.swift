import SiftCore
import SiftQuery
import SiftSearch

/// Elasticsearch's search response, written straight to bytes: stored sources are copied in as
/// they were indexed, not parsed and re-encoded, unless `_source` filtering asks for parts.
struct SearchResponse {
    let result: SearchResult
    let request: SearchRequest
    /// One shard per index searched.
    let shards: Int
    let tookMillis: Int64
    let aggregations: JSONObject?
    let scrollID: String?

    static func shards(_ count: Int) -> JSONValue {
        ["total": .int(Int64(count)), "successful": .int(Int64(count)), "skipped": 0, "failed": 0]
    }

    func bytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + result.hits.reduce(0) { $0 + $1.source.count + 96 })
        out.append(UInt8(ascii: "{"))
        if let scrollID {
            out += Array(#""_scroll_id":"#.utf8)
            JSONWriter.append(string: scrollID, to: &out)
            out.append(UInt8(ascii: ","))
        }
        out += Array(#""took":"#.utf8)
        JSONWriter.append(int: tookMillis, to: &out)
        out += Array(#","timed_out":false,"_shards":"#.utf8)
        JSONWriter.append(Self.shards(shards), to: &out)
        out += Array(#","hits":{"#.utf8)
        if let total = result.total {
            out += Array(#""total":"#.utf8)
            if request.restTotalHitsAsInt {
                JSONWriter.append(int: Int64(total.value), to: &out)
            } else {
                JSONWriter.append(JSONValue.object(["value": .int(Int64(total.value)), "relation": .string(total.isLowerBound ? "gte" : "eq")]), to: &out)
            }
            out.append(UInt8(ascii: ","))
        }
        out += Array(#""max_score":"#.utf8)
        writeScore(result.maxScore, to: &out)
        out += Array(#","hits":["#.utf8)
        let showSort = !request.sort.isEmpty || request.searchAfter != nil
        for (n, hit) in result.hits.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            write(hit, showSort: showSort, to: &out)
        }
        out += Array("]}".utf8)
        if let aggregations {
            out += Array(#","aggregations":"#.utf8)
            JSONWriter.append(aggregations, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    private func write(_ hit: SearchHit, showSort: Bool, to out: inout [UInt8]) {
        out += Array(#"{"_index":"#.utf8)
        JSONWriter.append(string: hit.index, to: &out)
        out += Array(#","_id":"#.utf8)
        JSONWriter.append(string: hit.id, to: &out)
        if request.version {
            out += Array(#","_version":"#.utf8)
            JSONWriter.append(int: hit.version, to: &out)
        }
        out += Array(#","_score":"#.utf8)
        writeScore(hit.score, to: &out)
        if request.source.fetch {
            out += Array(#","_source":"#.utf8)
            if request.source.isIdentity {
                out += hit.source
            } else if let object = try? JSONReader.parseObject(hit.source) {
                JSONWriter.append(request.source.apply(to: object), to: &out)
            } else {
                out += hit.source
            }
        }
        if showSort, let sortValues = hit.sortValues {
            out += Array(#","sort":"#.utf8)
            JSONWriter.append(JSONValue.array(Array(sortValues.prefix(max(request.sort.count, 1)))), to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    private func writeScore(_ score: Float?, to out: inout [UInt8]) {
        if let score, score.isFinite {
            JSONWriter.append(double: Double(score), to: &out)
        } else {
            out += Array("null".utf8)
        }
    }
}
