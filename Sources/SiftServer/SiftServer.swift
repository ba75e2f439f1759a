import Hummingbird
import Logging
import NIOCore
import SiftCore
import SystemPackage

/// Builds Sift's HTTP server: the Elasticsearch-compatible API plus `/metrics`.
package enum SiftServer {
    /// Makes the application; run it directly or inside a `ServiceGroup`.
    ///
    /// - Parameter onServerRunning: called with the bound port once the server listens (useful with port 0).
    /// - Throws: when the data directory cannot be created or its node identity cannot be read.
    package static func makeApplication(
        configuration: ServerConfiguration,
        metrics: ServerMetrics,
        logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let identity = try NodeIdentity.loadOrCreate(in: FilePath(configuration.dataDirectory))
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: RequestObservationMiddleware(metrics: metrics))
        router.add(middleware: ElasticProductMiddleware())
        addRoutes(to: router, configuration: configuration, identity: identity, metrics: metrics)

        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }

    static func addRoutes(
        to router: Router<BasicRequestContext>,
        configuration: ServerConfiguration,
        identity: NodeIdentity,
        metrics: ServerMetrics
    ) {
        let info = Response.json(clusterInfo(configuration: configuration, identity: identity))
        router.get("/") { _, _ in info }
        router.head("/") { _, _ in
            // The body is dropped but its length is kept, as Elasticsearch answers HEAD.
            Response(status: .ok, headers: info.headers, body: .init())
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition()))
            )
        }
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
