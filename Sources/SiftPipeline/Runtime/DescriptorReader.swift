import Dispatch
import SystemPackage

/// Reads a file descriptor on a dispatch queue of its own, so a read that blocks (a pipe, a
/// terminal) never holds one of Swift's few cooperative threads.
struct DescriptorReader: Sendable {
    let descriptor: FileDescriptor
    private let queue = DispatchQueue(label: "sift.descriptor-reader")

    init(_ descriptor: FileDescriptor) {
        self.descriptor = descriptor
    }

    /// The next bytes available, up to `maxBytes`; empty at the end of input.
    func read(maxBytes: Int) async throws -> [UInt8] {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result {
                    try [UInt8](unsafeUninitializedCapacity: maxBytes) { buffer, count in
                        count = try descriptor.read(into: UnsafeMutableRawBufferPointer(buffer))
                    }
                })
            }
        }
    }
}
