import Logging
import SiftConfig
import SiftCore
import SiftIndex
import SiftPipeline
import SystemPackage

/// The `index` output: writes a pipeline's documents to an index or data stream of this node.
///
/// Options: `index` (required; created on first write unless an `indexes/` definition or a `PUT`
/// made it) and `dead_letter_path` (default beside the pipeline's offsets). `send` returns once the
/// index has taken the batch with its durability (`request`: synced), so inputs acknowledge only
/// what a crash cannot lose. A document the index rejects (a value its mapping cannot take) is
/// dead-lettered; a failure of the index itself (a full disk) is retried until it clears.
package struct IndexOutput: Output {
    let catalog: IndexCatalog
    let index: String
    let deadLetter: DeadLetterFile
    let logger: Logger

    package init(options: inout ComponentOptions, context: ComponentContext, catalog: IndexCatalog) throws(ConfigError) {
        let index = try options.requiredString("index")
        if let problem = IndexName.problem(index, allowWildcards: false) {
            throw options.error("index", problem)
        }
        let path = try options.string("dead_letter_path").map { FilePath($0) } ?? DeadLetterFile.defaultPath(context)
        try options.finish()
        self.catalog = catalog
        self.index = index
        deadLetter = DeadLetterFile(path: path, context: context)
        logger = context.logger
    }

    /// Registers `index` in `registry`, writing to `catalog`.
    package static func register(in registry: inout ComponentRegistry, catalog: IndexCatalog) {
        registry.register(output: "index") { options, context throws(ConfigError) in
            try IndexOutput(options: &options, context: context, catalog: catalog)
        }
    }

    package func send(_ documents: [Document]) async throws {
        let requests = documents.map { IndexRequest(source: $0.jsonBytes()) }
        var failures = 0
        while true {
            try Task.checkCancellation()
            do {
                let results = try await catalog.writable(index).index(requests)
                var rejected: [(document: Document, status: Int, error: JSONValue)] = []
                for (document, result) in zip(documents, results) {
                    if case .failed(_, let status, let type, let reason) = result {
                        rejected.append((document, status, ["type": .string(type), "reason": .string(reason)]))
                    }
                }
                try deadLetter.write(rejected, now: .now())
                return
            } catch {
                let delay = Self.backoff.delay(attempt: failures)
                failures += 1
                logger.error("index output cannot write; retrying", metadata: [
                    "index": .string(index), "error": "\(error)", "retry_in_ms": .stringConvertible(TimeValue.milliseconds(of: delay)),
                ])
                try await Task.sleep(for: delay)
            }
        }
    }

    private static let backoff = RetryBackoff(initial: .milliseconds(100), maximum: .seconds(30))

    package func close() async {}
}
