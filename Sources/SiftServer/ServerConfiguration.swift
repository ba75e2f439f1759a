/// How `sift serve` is set up; every field has a default that works out of the box.
package struct ServerConfiguration: Sendable {
    /// Address to bind; loopback by default so nothing is exposed until the operator says so.
    package var host: String = "127.0.0.1"
    /// TCP port; 0 picks a free one (tests).
    package var port: Int = 9200
    /// Root of everything Sift stores (`indices/`, node identity); created if missing.
    package var dataDirectory: String = "./data"
    /// Name reported as `cluster_name`.
    package var clusterName: String = "sift"
    /// Name reported as the node's `name`; the host name by default.
    package var nodeName: String = hostName()
    /// The Elasticsearch version reported by `GET /`. Clients gate features on its major:
    /// rsyslog needs ≥ 8 for typeless bulk actions, elasticsearch-py 7.x requires a parsable number.
    package var elasticsearchVersion: String = "8.17.0"
    /// Largest request body accepted (Elasticsearch's `http.max_content_length`); larger ones get 413.
    package var maxContentLength: Int = 100 << 20
    /// Bulk bytes being indexed at once before new bulks are refused with 429 (back-pressure that
    /// shippers retry); one bulk is always admitted, however large.
    package var maxBulkBytesInFlight: Int = 256 << 20

    /// Users and API keys allowed to call the API; empty leaves it open (it listens on loopback).
    package var credentials = Credentials()

    package init() {}
}

#if canImport(Glibc)
import Glibc
#endif

func hostName() -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count) == 0 else { return "sift" }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
