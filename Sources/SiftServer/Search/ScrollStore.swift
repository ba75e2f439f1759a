import HTTPTypes
import SiftConfig
import SiftCore
import SiftIndex
import SiftQuery
import SiftSearch

/// A scroll in progress: the snapshots it reads (held, so merges and deletes do not change its
/// pages), its request, and where the last page ended.
struct ScrollContext: Sendable {
    let targets: [SearchTarget]
    let parameters: SearchParameters
    let request: SearchRequest
    var last: [JSONValue]?
    var keepAliveMillis: Int64
    var expiresMillis: Int64
    let createdMillis: Int64

    init(targets: [SearchTarget], parameters: SearchParameters, request: SearchRequest, last: [JSONValue]?, keepAliveMillis: Int64, now: Int64) {
        self.targets = targets
        self.parameters = parameters
        self.request = request
        self.last = last
        self.keepAliveMillis = keepAliveMillis
        expiresMillis = now + keepAliveMillis
        createdMillis = now
    }
}

/// Open scrolls by id. Each page is a `search_after` from the previous page's last hit over the
/// scroll's own snapshots, so a scroll costs no memory beyond them; expired scrolls are dropped.
actor ScrollStore {
    private var contexts: [String: ScrollContext] = [:]
    private var generator = SystemRandomNumberGenerator()
    /// Elasticsearch's `search.max_keep_alive` (24h) and `search.max_open_scroll_context` (500).
    static let maxKeepAliveMillis: Int64 = 24 * 3_600_000
    static let maxOpen = 500

    func open(_ context: ScrollContext) throws -> String {
        expire(now: context.createdMillis)
        guard contexts.count < Self.maxOpen else {
            throw ElasticsearchError(
                status: .tooManyRequests, type: "exception",
                reason: "Trying to create too many scroll contexts. Must be less than or equal to: [\(Self.maxOpen)].")
        }
        var bytes: [UInt8] = []
        for _ in 0..<3 { withUnsafeBytes(of: generator.next()) { bytes += $0 } }
        let id = Base64URL.encode(bytes)
        contexts[id] = context
        return id
    }

    func take(_ id: String, keepAliveMillis: Int64?, now: Int64) throws -> ScrollContext {
        expire(now: now)
        guard var context = contexts[id] else {
            throw ElasticsearchError(
                status: .notFound, type: "search_context_missing_exception", reason: "No search context found for id [\(id)]")
        }
        if let keepAliveMillis { context.keepAliveMillis = keepAliveMillis }
        context.expiresMillis = now + context.keepAliveMillis
        contexts[id] = context
        return context
    }

    func advance(_ id: String, last: [JSONValue]?) {
        contexts[id]?.last = last
    }

    /// Closes scrolls; returns how many existed. `_all` closes every one.
    func clear(_ ids: [String]) -> Int {
        if ids == ["_all"] {
            defer { contexts.removeAll() }
            return contexts.count
        }
        return ids.reduce(0) { $0 + (contexts.removeValue(forKey: $1) == nil ? 0 : 1) }
    }

    private func expire(now: Int64) {
        for (id, context) in contexts where context.expiresMillis < now { contexts[id] = nil }
    }

    /// A sort whose last key is unique, so `search_after` pages neither skip nor repeat hits.
    static func uniqueOrder(_ sort: [SortField]) -> [SortField] {
        sort.contains { $0.key == .doc } ? sort : sort + [SortField(.doc)]
    }

    /// A keep-alive such as `5m` in milliseconds.
    static func millis(_ text: String) throws -> Int64 {
        guard let duration = TimeValue.parse(text), case let millis = TimeValue.milliseconds(of: duration), millis > 0 else {
            throw ElasticsearchError.illegalArgument("failed to parse setting [scroll] with value [\(text)] as a time value")
        }
        guard millis <= maxKeepAliveMillis else {
            throw ElasticsearchError.illegalArgument(
                "Keep alive for request (\(text)) is too large. It must be less than (1d). This limit can be set by changing the [search.max_keep_alive] cluster level setting.")
        }
        return millis
    }
}
