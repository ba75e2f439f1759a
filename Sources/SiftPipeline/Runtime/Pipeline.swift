import Logging
import Metrics
import SiftConfig
import SiftCore
import SystemPackage

/// A pipeline built and ready to run: its inputs, its processors and its outputs.
///
/// Every input runs in a task of its own and hands its batches to one shared ``PipelineSink``,
/// which runs the processors and sends what is kept to every output.
package struct Pipeline: Sendable {
    package let name: String
    package let processors: ProcessorChain
    let inputs: [(id: String, input: any Input)]
    let outputs: [(id: String, output: any Output)]
    let logger: Logger
    let metrics: any MetricsFactory

    /// Builds every component of `definition`.
    ///
    /// - Parameters:
    ///   - file: Names the pipeline file in errors.
    ///   - registry: The input and output kinds available.
    ///   - stateDirectory: Where inputs keep offsets; nil to keep none.
    ///   - metrics: Receives the event counters (`sift_pipeline_events_*_total{pipeline}`).
    /// - Throws: `ConfigError` naming the file and the component's path for an unknown kind or
    ///   option, a bad value, or a pipeline with inputs and no outputs.
    package init(
        _ definition: PipelineDefinition, file: String, registry: ComponentRegistry,
        stateDirectory: FilePath?, logger: Logger, metrics: any MetricsFactory = NOOPMetricsHandler.instance,
        environment: ProcessorEnvironment = .live
    ) throws(ConfigError) {
        name = definition.name
        self.logger = logger
        self.metrics = metrics
        processors = try ProcessorChain(definition.processors, onFailure: definition.onFailure, file: file, environment: environment)
        if !definition.inputs.isEmpty, definition.outputs.isEmpty {
            throw .invalid(file: file, path: "outputs", reason: "a pipeline with inputs needs at least one output")
        }
        let context = { (id: String) in
            ComponentContext(pipeline: definition.name, id: id, stateDirectory: stateDirectory, logger: logger)
        }
        let inputs = try Self.build(definition.inputs, section: "inputs", kind: "input", registry.inputs, file: file, context: context)
        let outputs = try Self.build(definition.outputs, section: "outputs", kind: "output", registry.outputs, file: file, context: context)
        self.inputs = inputs.map { ($0.id, $0.component) }
        self.outputs = outputs.map { ($0.id, $0.component) }
    }

    /// Builds each of `specs` with the builder its kind names in `builders`.
    private static func build<Component>(
        _ specs: [ComponentSpec], section: String, kind: String,
        _ builders: [String: @Sendable (inout ComponentOptions, ComponentContext) throws(ConfigError) -> Component],
        file: String, context: (String) -> ComponentContext
    ) throws(ConfigError) -> [(id: String, component: Component)] {
        var components: [(String, Component)] = []
        for spec in specs {
            guard let build = builders[spec.kind] else {
                throw .invalid(file: file, path: "\(section).\(spec.id).type", reason:
                    "unknown \(kind) type [\(spec.kind)]; expected one of \(builders.keys.sorted().joined(separator: ", "))")
            }
            var options = ComponentOptions(spec.options, file: file, path: "\(section).\(spec.id)")
            components.append((spec.id, try build(&options, context(spec.id))))
        }
        return components
    }

    /// Whether the pipeline reads anything itself; one without inputs only serves `?pipeline=`.
    package var hasInputs: Bool { !inputs.isEmpty }

    /// Runs every input until the task is cancelled or every input has ended (stdin at its end),
    /// then closes the outputs, which flush what they buffer.
    ///
    /// - Throws: The first error that stops an input (the others are then cancelled).
    package func run() async throws {
        let sink = PipelineSink(pipeline: name, processors: processors, outputs: outputs.map(\.output),
                                logger: logger, metrics: metrics)
        defer { logger.info("pipeline stopped", metadata: ["pipeline": .string(name)]) }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (id, input) in inputs {
                    group.addTask {
                        do {
                            try await input.run(into: sink)
                        } catch is CancellationError {
                            throw CancellationError()
                        } catch {
                            logger.error("input failed", metadata: ["pipeline": .string(name), "input": .string(id), "error": "\(error)"])
                            throw error
                        }
                    }
                }
                try await group.waitForAll()
            }
        } catch {
            await closeOutputs()
            throw error
        }
        await closeOutputs()
    }

    private func closeOutputs() async {
        for (_, output) in outputs { await output.close() }
    }
}
