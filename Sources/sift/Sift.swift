import ArgumentParser
import Foundation

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

func printToStandardError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
