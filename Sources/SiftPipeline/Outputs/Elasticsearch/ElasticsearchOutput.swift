import AsyncHTTPClient
import Logging
import SiftConfig
import SiftCore
import SystemPackage

/// The `elasticsearch` output: sends documents as `_bulk` requests to a remote cluster
/// (Elasticsearch, OpenSearch, or another Sift), batched by size and time.
///
/// Options: `hosts` (required: base URLs, tried in turn after a failure), `index` (required),
/// `op_type` (`create`, the default, which data streams require, or `index`), `pipeline` (a remote
/// ingest pipeline), `username` + `password` or `api_key`, `batch_size` (documents a bulk, default
/// 1000), `batch_bytes` (default `5mb`), `flush_interval` (how long a partial batch waits, default
/// `1s`), `timeout` (a request, default `30s`), `retry_initial_backoff` (`100ms`),
/// `retry_max_backoff` (`30s`), `dead_letter_path` (default beside the pipeline's offsets).
///
/// Connection errors, 429 and 5xx answers are retried (the whole request, or just the items that
/// got 429/5xx) with exponential backoff and jitter for as long as it takes; items the cluster
/// rejects for themselves go to the dead-letter file. `send` returns only once every document is
/// indexed or dead-lettered, so an input acknowledges nothing that could still be lost.
package final class ElasticsearchOutput: Output {
    private let batcher: BulkBatcher

    package init(options: inout ComponentOptions, context: ComponentContext) throws(ConfigError) {
        let settings = try BulkSender.Settings(options: &options)
        let deadLetterPath = try options.string("dead_letter_path").map { FilePath($0) } ?? DeadLetterFile.defaultPath(context)
        try options.finish()
        let sender = BulkSender(settings: settings, client: .shared,
                                deadLetter: DeadLetterFile(path: deadLetterPath, context: context), logger: context.logger)
        batcher = BulkBatcher(sender: sender, maxDocuments: settings.batchSize, maxBytes: settings.batchBytes,
                              flushInterval: settings.flushInterval)
    }

    package func send(_ documents: [Document]) async throws {
        try await batcher.submit(documents)
    }

    package func close() async {
        await batcher.close()
    }
}
