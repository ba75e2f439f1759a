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
        func context(_ id: String) -> ComponentContext {
            ComponentContext(pipeline: definition.name, id: id, stateDirectory: stateDirectory, logger: logger)
        }
        var inputs: [(String, any Input)] = []
        for spec in definition.inputs {
            guard let build = registry.inputs[spec.kind] else {
                throw .invalid(file: file, path: "inputs.\(spec.id).type",
                               reason: "unknown input type [\(spec.kind)]; expected one of \(registry.inputs.keys.sorted().joined(separator: ", "))")
            }
            var options = ComponentOptions(spec.options, file: file, path: "inputs.\(spec.id)")
            inputs.append((spec.id, try build(&options, context(spec.id))))
        }
        var outputs: [(String, any Output)] = []
        for spec in definition.outputs {
            guard let build = registry.outputs[spec.kind] else {
                throw .invalid(file: file, path: "outputs.\(spec.id).type",
                               reason: "unknown output type [\(spec.kind)]; expected one of \(registry.outputs.keys.sorted().joined(separator: ", "))")
            }
            var options = ComponentOptions(spec.options, file: file, path: "outputs.\(spec.id)")
            outputs.append((spec.id, try build(&options, context(spec.id))))
        }
        self.inputs = inputs
        self.outputs = outputs
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
