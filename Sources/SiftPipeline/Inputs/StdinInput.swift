import SiftConfig
import SiftCore
import SystemPackage

/// Reads standard input one event per line until it ends: `sift ship --stdin`, or `type: stdin`.
package struct StdinInput: Input {
    let maxLineBytes: Int
    let batchSize: Int
    let descriptor: FileDescriptor

    /// Options: `max_line_size` (default `1mb`; longer lines are cut and tagged `_truncated`) and
    /// `batch_size` (default 2048 lines a batch at most).
    package init(options: inout ComponentOptions, context: ComponentContext) throws(ConfigError) {
        try self.init(options: &options, descriptor: .standardInput)
    }

    /// Reads `descriptor` instead of standard input (tests, `--stdin` from a pipe).
    package init(options: inout ComponentOptions, descriptor: FileDescriptor) throws(ConfigError) {
        maxLineBytes = try options.byteSize("max_line_size") ?? 1 << 20
        batchSize = try options.int("batch_size", minimum: 1) ?? 2048
        self.descriptor = descriptor
        try options.finish()
    }

    package func run(into sink: any EventSink) async throws {
        let reader = DescriptorReader(descriptor)
        var splitter = LineSplitter(maxLineBytes: maxLineBytes)
        var batch: [Document] = []
        func collect(_ line: LineSplitter.Line) {
            batch.append(EventDocument.line(line.bytes, truncated: line.truncated))
        }
        while true {
            try Task.checkCancellation()
            let chunk = try await reader.read(maxBytes: 1 << 20)
            if chunk.isEmpty {
                splitter.flush(collect)
            } else {
                splitter.append(chunk, collect)
            }
            while !batch.isEmpty {
                let count = min(batch.count, batchSize)
                try await sink.deliver(Array(batch.prefix(count)))
                batch.removeFirst(count)
            }
            if chunk.isEmpty { return }
        }
    }
}
