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
package func sharedDataDirectory(file: StaticString = #filePath) -> FilePath {
    // <repo>/Tests/<Target>/<File>.swift → <repo>/../shared/data
    var repository = FilePath("\(file)")
    for _ in 0..<3 { repository.removeLastComponent() }
    return repository.removingLastComponent().appending("shared").appending("data")
}
