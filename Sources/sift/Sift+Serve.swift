import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SiftIndex
import SiftNode
import SiftServer
import SystemPackage
import UnixSignals

#if canImport(Glibc)
import Glibc
#endif

extension Sift {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the server: the Elasticsearch-compatible API, /metrics and the pipelines."
        )

        @Option(help: "Address to listen on.") var host = "127.0.0.1"
        @Option(help: "Port to listen on (0 picks a free one).") var port = 9200
        @Option(help: "Data directory (created if missing).") var data = "./data"
        @Option(help: "Directory of pipeline definitions (*.yaml).") var pipelines = "./pipelines"
        @Option(help: "Directory of index definitions (*.yaml).") var indexes = "./indexes"
        @Option(help: "File of allowed credentials, one `user:password` or `apikey:<encoded key>` per line; without it the API is open.")
        var authFile: String?
        @Option(help: "Log line format: json or logfmt.") var logFormat: LogFormat = .json
        @Option(help: "Lowest level logged: trace, debug, info, notice, warning, error, critical.")
        var logLevel: Logger.Level = .info

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        }

        func run() async throws {
            let (format, level) = (logFormat, logLevel)
            LoggingSystem.bootstrap { label in StructuredLogHandler(label: label, format: format, level: level) }
            let logger = Logger(label: "sift")

            var configuration = ServerConfiguration()
            configuration.host = host
            configuration.port = port
            configuration.dataDirectory = data
            if let authFile {
                configuration.credentials = try Credentials(file: try String(contentsOfFile: authFile, encoding: .utf8), name: authFile)
            }
            let definitions = try Self.indexDefinitions(indexes)
            let catalog = try await IndexCatalog(dataDirectory: FilePath(data), definitions: definitions)
            let (host, pipelines, indexes) = (host, pipelines, indexes)
            let server = try SiftServer.makeApplication(
                configuration: configuration, catalog: catalog, metrics: ServerMetrics(), logger: logger,
                onServerRunning: { port in
                logger.info(
                    "server listening",
                    metadata: [
                        "server.address": .string(host), "server.port": .stringConvertible(port),
                        "sift.version": .string(SiftVersion.current),
                        "sift.pipelines": .string(pipelines), "sift.indexes": .string(indexes),
                    ]
                )
            })
            let services = ServiceGroup(
                configuration: .init(services: [CatalogService(catalog: catalog), server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            )
            try await services.run()
            logger.info("server stopped")
        }

        /// The index definitions in `directory`; none when it does not exist.
        static func indexDefinitions(_ directory: String) throws -> [IndexDefinition] {
            var info = stat()
            guard stat(directory, &info) == 0 else { return [] }
            return try IndexDefinition.loadDirectory(directory)
        }
    }
}

extension LogFormat: ExpressibleByArgument {}
extension Logger.Level: @retroactive ExpressibleByArgument {}
