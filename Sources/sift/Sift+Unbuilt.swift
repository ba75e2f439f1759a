import ArgumentParser

/// Verbs whose implementation lands with a later issue. Each says so and exits with status 2,
/// so scripts can tell "not available" apart from a failed run.
protocol UnbuiltCommand: AsyncParsableCommand {}

extension UnbuiltCommand {
    func run() async throws {
        printToStandardError("sift \(Self.configuration.commandName!): not built yet in this version of Sift")
        throw ExitCode(2)
    }
}

extension Sift {
    struct Search: UnbuiltCommand {
        static let configuration = CommandConfiguration(
            commandName: "search",
            abstract: "Search a running Sift server and print matching documents (not built yet)."
        )
        @Argument(help: "A query in query_string syntax.") var query: String?
    }

    struct Indices: UnbuiltCommand {
        static let configuration = CommandConfiguration(
            commandName: "indices",
            abstract: "List indices with document counts, sizes and time spans (not built yet)."
        )
    }
}
