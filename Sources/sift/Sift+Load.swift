import ArgumentParser
import Foundation
import SiftCore
import SiftIndex
import SystemPackage

extension Sift {
    /// Bulk-loads NDJSON straight into an index of a data directory, without a server: for seeding
    /// an index, reindexing from a dump, and the crash tests (`--print-acks`).
    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "load",
            abstract: "Load NDJSON documents into an index of a data directory (the server must not be using it)."
        )

        @Option(help: "The data directory.") var data = "data"
        @Option(help: "The index to load into (created if missing).") var index: String
        @Option(help: "Documents per write; each write is fsynced before the next.") var batch = 1000
        @Option(help: "Take each document's id from this top-level string field.") var idField: String?
        @Flag(help: "Print `ack <id>` for every document once its write is durable.") var printAcks = false
        @Argument(help: "NDJSON file, or - for standard input.") var file = "-"

        func validate() throws {
            guard batch > 0 else { throw ValidationError("--batch must be positive") }
            guard !index.isEmpty, !index.contains("/"), !index.hasPrefix(".") else {
                throw ValidationError("invalid index name '\(index)'")
            }
        }

        func run() async throws {
            let input = file == "-" ? FileHandle.standardInput : try FileHandle(forReadingFrom: URL(fileURLWithPath: file))
            let writer = try await IndexWriter(directory: FilePath(data).appending("indices").appending(index), name: index)
            var pending: [IndexRequest] = []
            var loaded = 0, failed = 0
            let start = ContinuousClock.now

            func request(_ source: [UInt8]) -> IndexRequest {
                var id: String?
                if let idField {
                    id = (try? Document(parsing: source))?[FieldPath(idField)]?.stringValue
                }
                return IndexRequest(id: id, source: source)
            }

            func write() async throws {
                let results = try await writer.index(pending)
                var acks = ""
                for result in results {
                    switch result {
                    case .created(let id, _, _), .updated(let id, _, _):
                        loaded += 1
                        if printAcks { acks += "ack \(id)\n" }
                    case .failed(let id, _, let type, let reason):
                        failed += 1
                        printToStandardError("document \(id ?? "(auto id)") failed: \(type): \(reason)")
                    case .deleted, .notFound:
                        break
                    }
                }
                if !acks.isEmpty { FileHandle.standardOutput.write(Data(acks.utf8)) }
                pending.removeAll(keepingCapacity: true)
            }

            var buffer: [UInt8] = []
            while true {
                let chunk = input.readData(ofLength: 1 << 20)
                buffer.append(contentsOf: chunk)
                var start = 0
                while let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                    let line = Array(buffer[start..<newline])
                    start = newline + 1
                    guard !line.isEmpty else { continue }
                    pending.append(request(line))
                    if pending.count >= batch { try await write() }
                }
                buffer.removeFirst(start)
                if chunk.isEmpty { break }
            }
            if !buffer.isEmpty { pending.append(request(buffer)) }
            if !pending.isEmpty { try await write() }
            try await writer.close()
            let elapsed = (ContinuousClock.now - start).components
            let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
            printToStandardError("loaded \(loaded) documents into \(index) (\(failed) failed) in \(String(format: "%.1f", seconds)) s")
        }
    }
}
