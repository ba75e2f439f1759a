import ArgumentParser
import Logging
import SiftConfig
import SiftCore
import SiftIndex
import SiftNode
import SiftPipeline
import ServiceLifecycle
import SiftServer
import UnixSignals
import SystemPackage

extension Sift {
    /// Runs one pipeline alone, in the foreground: to ship a host's logs to a Sift or Elasticsearch
    /// server, or, with `--stdin --stdout`, to see what a pipeline makes of some lines.
    struct Ship: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ship",
            abstract: "Run one pipeline in the foreground: its inputs, processors and outputs.",
            discussion: """
            Example: sift ship --pipeline pipelines/openssh.yaml --stdin --stdout < auth.log
            """
        )

        @Option(help: "The pipeline file to run.") var pipeline: String
        @Flag(help: "Read events from standard input, one per line, instead of the pipeline's inputs; stop at its end.")
        var stdin = false
        @Flag(help: "Write documents to standard output as NDJSON instead of the pipeline's outputs.")
        var stdout = false
        @Option(help: "Data directory, for an `index` output and for saved input offsets.") var data = "./data"
        @Option(help: "Directory of index definitions (*.yaml), for an `index` output.") var indexes = "./indexes"
        @Option(help: "Log line format (to standard error): json or logfmt.") var logFormat: LogFormat = .logfmt
        @Option(help: "Lowest level logged.") var logLevel: Logger.Level = .warning

        func run() async throws {
            let (format, level) = (logFormat, logLevel)
            LoggingSystem.bootstrap { label in StructuredLogHandler(label: label, format: format, level: level) }
            let logger = Logger(label: "sift.ship")
            try await reportingConfigErrors("ship") { try await ship(logger: logger) }
        }

        private func ship(logger: Logger) async throws {
            var definition = try PipelineDefinition(yaml: try ConfigDirectory.read(pipeline), file: pipeline)
            if stdin { definition.inputs = [ComponentSpec(id: "stdin", kind: "stdin", options: [:])] }
            if stdout { definition.outputs = [ComponentSpec(id: "stdout", kind: "stdout", options: [:])] }
            if definition.inputs.isEmpty {
                throw ConfigError.invalid(file: pipeline, path: "inputs",
                                          reason: "the pipeline has no inputs; give it some, or read standard input with --stdin")
            }
            if definition.outputs.isEmpty {
                throw ConfigError.invalid(file: pipeline, path: "outputs",
                                          reason: "the pipeline has no outputs; give it some, or write standard output with --stdout")
            }
            // The data directory is opened only when an output writes to it.
            let catalog: IndexCatalog? = definition.outputs.contains { $0.kind == "index" }
                ? try await IndexCatalog(dataDirectory: FilePath(data), definitions: try IndexDefinition.loadDirectory(indexes))
                : nil
            var registry = ComponentRegistry.builtIn
            if let catalog { IndexOutput.register(in: &registry, catalog: catalog) }
            let stateDirectory = stdin ? nil : try PipelineState.directory(data: data)
            let running = try Pipeline(definition, file: pipeline, registry: registry, stateDirectory: stateDirectory, logger: logger)
            let service = ServiceGroupConfiguration.ServiceConfiguration(
                service: PipelineService(pipeline: running), successTerminationBehavior: .gracefullyShutdownGroup
            )
            let group = ServiceGroup(configuration: .init(services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
            try await catalog?.close()
        }
    }
}
