import SiftConfig
import SiftCore
import Synchronization
import SystemPackage

/// Writes each document as one line of JSON (NDJSON) to standard output: `sift ship --stdout`.
package final class StdoutOutput: Output {
    private let descriptor: FileDescriptor
    /// Batches from concurrent inputs are written whole, one after another.
    private let lock = Mutex(())

    /// No options.
    package convenience init(options: inout ComponentOptions, context: ComponentContext) throws(ConfigError) {
        try options.finish()
        self.init(descriptor: .standardOutput)
    }

    /// Writes to `descriptor` instead of standard output.
    package init(descriptor: FileDescriptor) {
        self.descriptor = descriptor
    }

    package func send(_ documents: [Document]) async throws {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(documents.count * 256)
        for document in documents {
            document.write(to: &buffer)
            buffer.append(UInt8(ascii: "\n"))
        }
        try lock.withLock { _ in
            _ = try buffer.withUnsafeBytes { try descriptor.writeAll($0) }
        }
    }

    package func close() async {}
}
