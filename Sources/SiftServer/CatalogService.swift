import ServiceLifecycle
import SiftNode

/// Runs the catalog's background work (refresh, WAL sync, commits, rollover, retention) for the
/// life of the process, and closes every index (a final commit) on graceful shutdown.
package struct CatalogService: Service {
    let catalog: IndexCatalog

    package init(catalog: IndexCatalog) { self.catalog = catalog }

    package func run() async throws {
        await catalog.startBackgroundTasks()
        try? await gracefulShutdown()
        try await catalog.close()
    }
}
