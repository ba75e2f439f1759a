import Foundation
import SystemPackage

/// Runs `body` with a fresh, empty directory under the system's temporary directory and removes it afterwards.
package func withTemporaryDirectory<T>(_ body: (FilePath) async throws -> T) async throws -> T {
    var template = Array((NSTemporaryDirectory() + "sift-test-XXXXXX").utf8CString)
    guard let created = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
        throw POSIXError(.init(rawValue: errno) ?? .EIO)
    }
    let path = FilePath(String(cString: created))
    defer { try? FileManager.default.removeItem(atPath: path.string) }
    return try await body(path)
}

/// The project's shared test data (`../shared/data` beside the repository root).
///
/// Tests that need it fail when it is missing instead of skipping, so a broken checkout cannot pass.
package func sharedDataPath(_ relativePath: String) -> String {
    // <repo>/Sources/SiftTestSupport/<this file> → <repo>/../shared/data
    var repository = FilePath("\(#filePath)")
    for _ in 0..<3 { repository.removeLastComponent() }
    return repository.removingLastComponent().appending("shared/data").appending(relativePath).string
}

/// SplitMix64: a tiny seeded generator, so "random" test inputs are the same on every run.
package struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
