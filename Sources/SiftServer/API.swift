import Hummingbird
import SiftCore
import SiftIndex
import SiftNode
import Synchronization

/// What the route handlers share: the indices, ingest pipelines, search, open scrolls, limits and metrics.
struct API: Sendable {
    let catalog: IndexCatalog
    let pipelines: IngestPipelines
    let configuration: ServerConfiguration
    let identity: NodeIdentity
    let metrics: ServerMetrics
    let search: SearchService
    let bulkAdmission: BulkAdmission

    init(catalog: IndexCatalog, pipelines: IngestPipelines, configuration: ServerConfiguration, identity: NodeIdentity,
         metrics: ServerMetrics, clock: @escaping MillisecondClock) {
        self.catalog = catalog
        self.pipelines = pipelines
        self.configuration = configuration
        self.identity = identity
        self.metrics = metrics
        search = SearchService(catalog: catalog, scrolls: ScrollStore(), clock: clock)
        bulkAdmission = BulkAdmission(limit: configuration.maxBulkBytesInFlight)
    }

    var bodyLimit: Int { configuration.maxContentLength }
}

/// Counts bulk bytes being indexed; refuses a bulk that would pass the limit while others run.
package final class BulkAdmission: Sendable {
    private let inFlight = Mutex(0)
    package let limit: Int

    package init(limit: Int) { self.limit = limit }

    /// Reserves `bytes`; false when the node is already busy with as much as it takes.
    package func admit(_ bytes: Int) -> Bool {
        inFlight.withLock { current in
            guard current == 0 || current + bytes <= limit else { return false }
            current += bytes
            return true
        }
    }

    package func release(_ bytes: Int) {
        inFlight.withLock { $0 -= bytes }
    }
}
