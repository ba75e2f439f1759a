import Hummingbird
import Logging
import NIOCore
import SiftCore
import SiftIndex
import SiftNode
import SystemPackage

/// Builds Sift's HTTP server: the Elasticsearch-compatible API plus `/metrics`.
package enum SiftServer {
    /// Makes the application over an opened catalog; run it directly or inside a `ServiceGroup`
    /// (after the catalog's service, so the catalog closes once the server has stopped).
    ///
    /// - Parameter onServerRunning: called with the bound port once the server listens (useful with port 0).
    /// - Throws: when the data directory cannot be created or its node identity cannot be read.
    package static func makeApplication(
        configuration: ServerConfiguration,
        catalog: IndexCatalog,
        pipelines: IngestPipelines? = nil,
        metrics: ServerMetrics,
        logger: Logger,
        clock: @escaping MillisecondClock = systemClock,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let identity = try NodeIdentity.loadOrCreate(in: FilePath(configuration.dataDirectory))
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: RequestObservationMiddleware(metrics: metrics))
        router.add(middleware: ElasticProductMiddleware())
        router.add(middleware: AuthenticationMiddleware(credentials: configuration.credentials))
        let pipelines = try pipelines ?? IngestPipelines(dataDirectory: FilePath(configuration.dataDirectory), files: [])
        let api = API(catalog: catalog, pipelines: pipelines, configuration: configuration, identity: identity, metrics: metrics, clock: clock)
        api.addClusterRoutes(to: router)
        api.addIndexRoutes(to: router)
        api.addDocumentRoutes(to: router)
        api.addSearchRoutes(to: router)
        api.addIngestRoutes(to: router)

        return Application(
            router: router,
            server: .http1(configuration: .init(additionalChannelHandlers: [ExpectContinueHandler()])),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }

    /// The body of `GET /`, field for field what Elasticsearch answers; clients read `version.number`,
    /// `version.build_flavor` and `tagline`.
    static func clusterInfo(configuration: ServerConfiguration, identity: NodeIdentity) -> JSONValue {
        [
            "name": .string(configuration.nodeName),
            "cluster_name": .string(configuration.clusterName),
            "cluster_uuid": .string(identity.clusterUUID),
            "version": [
                "number": .string(configuration.elasticsearchVersion),
                "build_flavor": "default",
                "build_type": "tar",
                "build_hash": "sift",
                "build_date": "2024-12-11T12:08:05.663969764Z",
                "build_snapshot": false,
                "lucene_version": "9.12.0",
                "minimum_wire_compatibility_version": "7.17.0",
                "minimum_index_compatibility_version": "7.0.0",
            ],
            "tagline": "You Know, for Search",
        ]
    }
}
