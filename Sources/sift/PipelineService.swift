import Logging
import ServiceLifecycle
import SiftIndex
import SiftPipeline
import SystemPackage

/// Runs one pipeline as a service: until its inputs end (stdin) or the process is asked to stop.
struct PipelineService: Service {
    let pipeline: Pipeline

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await pipeline.run() }
        } catch is CancellationError {
            // Stopped on request: inputs acknowledged only what the outputs took.
        }
    }
}

enum PipelineState {
    /// `<data>/pipelines`, where inputs save their offsets; created when missing.
    static func directory(data: String) throws -> FilePath {
        let directory = FilePath(data).appending("pipelines")
        try AtomicFile.createDirectory(directory)
        return directory
    }
}
