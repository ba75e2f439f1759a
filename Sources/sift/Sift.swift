import ArgumentParser
import Foundation
import SiftConfig

/// The `sift` command: one binary for the server, the shipper and the query tools.
@main
struct Sift: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sift",
        abstract: "A small, fast log pipeline and indexer that speaks the Elasticsearch API.",
        version: SiftVersion.current,
        subcommands: [Serve.self, Load.self, Ship.self, Search.self, Indices.self],
        defaultSubcommand: nil
    )
}

/// Sift's own version, distinct from the Elasticsearch version it reports for client compatibility.
enum SiftVersion {
    static let current = "0.1.0"
}

/// Runs `body`; a configuration error is printed as `sift <verb>: file:line: path: reason` and ends
/// the process with status 1, so a bad pipeline or index file fails at start, saying where.
func reportingConfigErrors(_ verb: String, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ConfigError {
        printToStandardError("sift \(verb): \(YAMLConfig.describe(error))")
        throw ExitCode(1)
    }
}

func printToStandardError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
