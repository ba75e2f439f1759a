#if canImport(Glibc)
import Glibc
#endif
import Logging
import SiftCore
import Synchronization
import SystemPackage

/// Where an output puts documents the destination rejected for themselves (a mapping conflict, a
/// value of the wrong type): one NDJSON line each with the reason, appended and synced before the
/// batch is acknowledged, so a rejected document is never lost, only set aside.
package final class DeadLetterFile: Sendable {
    /// The file; nil keeps no file, and each rejected document is logged whole instead.
    package let path: FilePath?
    private let pipeline: String
    private let output: String
    private let logger: Logger
    private let lock = Mutex(())

    package init(path: FilePath?, context: ComponentContext) {
        self.path = path
        pipeline = context.pipeline
        output = context.id
        logger = context.logger
    }

    /// The default file of an output, beside the pipeline's offsets: `<state>/<pipeline>.<id>.dead-letter.ndjson`.
    package static func defaultPath(_ context: ComponentContext) -> FilePath? {
        context.stateDirectory?.appending("\(context.pipeline).\(context.id).dead-letter.ndjson")
    }

    /// Records rejected documents with their status and error (an Elasticsearch `error` object or text).
    package func write(_ rejections: [(document: Document, status: Int, error: JSONValue)], now: Timestamp) throws {
        guard !rejections.isEmpty else { return }
        var buffer: [UInt8] = []
        for rejection in rejections {
            let entry: JSONObject = [
                "@timestamp": .string(now.iso8601()),
                "pipeline": .string(pipeline),
                "output": .string(output),
                "status": .int(Int64(rejection.status)),
                "error": rejection.error,
                "document": .object(rejection.document.fields),
            ]
            JSONWriter.append(entry, to: &buffer)
            buffer.append(UInt8(ascii: "\n"))
        }
        logger.warning("documents rejected by the output", metadata: [
            "pipeline": .string(pipeline), "output": .string(output), "count": .stringConvertible(rejections.count),
            "first_error": .string(rejections[0].error.jsonString),
            "dead_letter": .string(path?.string ?? "(none: logged below)"),
        ])
        guard let path else {
            for rejection in rejections {
                logger.error("rejected document", metadata: ["document": .string(JSONValue.object(rejection.document.fields).jsonString)])
            }
            return
        }
        try lock.withLock { _ in
            let file = try FileDescriptor.open(path, .writeOnly, options: [.append, .create], permissions: [.ownerReadWrite, .groupRead])
            try file.closeAfter {
                _ = try buffer.withUnsafeBytes { try file.writeAll($0) }
                guard fsync(file.rawValue) == 0 else { throw Errno(rawValue: errno) }
            }
        }
    }
}
