import Logging
import Metrics
import SiftCore

/// Runs a pipeline's processors over each batch and hands what is kept to every output at once.
struct PipelineSink: EventSink {
    let processors: ProcessorChain
    let outputs: [any Output]
    let logger: Logger
    private let received: Counter
    private let dropped: Counter
    private let sent: Counter

    init(pipeline: String, processors: ProcessorChain, outputs: [any Output], logger: Logger, metrics: any MetricsFactory) {
        self.processors = processors
        self.outputs = outputs
        self.logger = logger
        let dimensions = [("pipeline", pipeline)]
        received = Counter(label: "sift_pipeline_events_received_total", dimensions: dimensions, factory: metrics)
        dropped = Counter(label: "sift_pipeline_events_dropped_total", dimensions: dimensions, factory: metrics)
        sent = Counter(label: "sift_pipeline_events_sent_total", dimensions: dimensions, factory: metrics)
    }

    func deliver(_ documents: [Document]) async throws {
        received.increment(by: documents.count)
        var kept: [Document] = []
        kept.reserveCapacity(documents.count)
        for var document in documents {
            if processors.run(&document) == .keep { kept.append(document) }
        }
        dropped.increment(by: documents.count - kept.count)
        guard !kept.isEmpty else { return }
        if outputs.count == 1 {
            try await outputs[0].send(kept)
        } else {
            let batch = kept
            try await withThrowingDiscardingTaskGroup { group in
                for output in outputs {
                    group.addTask { try await output.send(batch) }
                }
            }
        }
        sent.increment(by: kept.count)
    }
}
