import HTTPTypes
import SiftCore
import SiftIndex
import SiftNode
import SiftQuery
import SiftSearch

/// `_search`, `_count`, `_msearch` and scrolls: resolves the indices, runs the search over their
/// snapshots and renders Elasticsearch's response.
struct SearchService: Sendable {
    let catalog: IndexCatalog
    let scrolls: ScrollStore
    let clock: MillisecondClock

    /// One search; `expression` is the path's index part (`_all` when absent).
    func search(_ expression: String, _ request: SearchRequest) async throws -> [UInt8] {
        let start = ContinuousClock.now
        let resolved = try await catalog.resolve(
            expression, ignoreUnavailable: request.ignoreUnavailable, allowNoIndices: request.allowNoIndices)
        let targets = try await catalog.searchTargets(resolved)
        let now = clock()
        var parameters = SearchParameters(request)
        if request.scroll != nil { parameters.sort = ScrollStore.uniqueOrder(parameters.sort) }

        var aggregations: AggregationCollector?
        if let aggs = request.aggregations {
            let tree = try AggregationParser.parse(aggs)
            aggregations = AggregationCollector(try AggregationBuilder(targets: targets, now: now).build(tree))
        }
        let result = try Searcher(targets: targets, now: now).search(parameters, collector: aggregations)
        var scrollID: String?
        if let keepAlive = request.scroll {
            scrollID = try await scrolls.open(ScrollContext(
                targets: targets, parameters: parameters, request: request, last: result.hits.last?.sortValues,
                keepAliveMillis: try ScrollStore.millis(keepAlive), now: now))
        }
        return SearchResponse(
            result: result, request: request, shards: targets.count, tookMillis: start.elapsedMillis,
            aggregations: try aggregations?.results(), scrollID: scrollID
        ).bytes()
    }

    /// The next page of a scroll; `scroll_id` missing or expired is a 404 `search_context_missing_exception`.
    func scroll(id: String, keepAlive: String?) async throws -> [UInt8] {
        let start = ContinuousClock.now
        let now = clock()
        let context = try await scrolls.take(id, keepAliveMillis: try keepAlive.map(ScrollStore.millis), now: now)
        var parameters = context.parameters
        parameters.searchAfter = context.last
        parameters.from = 0
        let result = try Searcher(targets: context.targets, now: context.createdMillis).search(parameters)
        await scrolls.advance(id, last: result.hits.last?.sortValues ?? context.last)
        return SearchResponse(
            result: result, request: context.request, shards: context.targets.count, tookMillis: start.elapsedMillis,
            aggregations: nil, scrollID: id
        ).bytes()
    }

    /// `_count`: `{"count":N,"_shards":{…}}`.
    func count(_ expression: String, _ request: CountRequest) async throws -> JSONValue {
        let resolved = try await catalog.resolve(
            expression, ignoreUnavailable: request.ignoreUnavailable, allowNoIndices: request.allowNoIndices)
        let targets = try await catalog.searchTargets(resolved)
        let searcher = Searcher(targets: targets, now: clock())
        let count: Int
        if let minScore = request.minScore {
            var parameters = SearchParameters(query: request.query)
            parameters.size = 0
            parameters.minScore = minScore
            parameters.trackTotalHitsUpTo = .max
            count = try searcher.search(parameters).total?.value ?? 0
        } else {
            count = try searcher.count(request.query)
        }
        return ["count": .int(Int64(count)), "_shards": SearchResponse.shards(targets.count)]
    }

    /// `_msearch`: header and body lines in pairs; each search answers alone, failures included
    /// as `{"error":…,"status":N}` while the call itself succeeds.
    func msearch(_ body: [UInt8], defaultIndex: String?, parameters: [String: String]) async throws -> [UInt8] {
        let start = ContinuousClock.now
        var lines = LineReader(body)
        var responses: [[UInt8]] = []
        while let (number, headerLine) = lines.next() {
            guard let (_, bodyLine) = lines.next() else {
                throw ElasticsearchError.illegalArgument("msearch body line [\(number + 1)] is missing")
            }
            do {
                let header = try JSONReader.parseObject(Array(headerLine))
                var searchParameters: [String: String] = [:]
                var expression = defaultIndex ?? "_all"
                for (key, value) in header {
                    switch key {
                    case "index":
                        if let names = value.arrayValue {
                            expression = names.compactMap(\.stringValue).joined(separator: ",")
                        } else if let name = value.stringValue {
                            expression = name
                        }
                    case "ignore_unavailable", "allow_no_indices", "expand_wildcards", "search_type",
                         "preference", "routing", "request_cache":
                        searchParameters[key] = value.stringValue ?? value.jsonString
                    default:
                        continue
                    }
                }
                for key in ["typed_keys", "rest_total_hits_as_int"] { searchParameters[key] = parameters[key] }
                let request = try SearchRequest.parse(body: try JSONReader.parse(Array(bodyLine)), parameters: searchParameters)
                var response = try await search(expression, request)
                response.removeLast()  // `}`: the item carries its status too
                response += Array(#","status":200}"#.utf8)
                responses.append(response)
            } catch {
                let failure = ElasticsearchError(describing: error)
                responses.append(JSONValue.object(["error": failure.object, "status": .int(Int64(failure.status.code))]).jsonBytes())
            }
        }
        var out = Array(#"{"took":"#.utf8)
        JSONWriter.append(int: start.elapsedMillis, to: &out)
        out += Array(#","responses":["#.utf8)
        for (n, response) in responses.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            out += response
        }
        out += Array("]}".utf8)
        return out
    }
}

extension ContinuousClock.Instant {
    /// Whole milliseconds since this instant (Elasticsearch's `took`).
    var elapsedMillis: Int64 {
        let (seconds, attoseconds) = (ContinuousClock.now - self).components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
