import Foundation
import SiftCore
import SiftIndex
import SiftTestSupport
import SystemPackage
import Testing

/// `sift load` with durability `request`, SIGKILLed at random points: after reopening, every
/// acknowledged document is there exactly once, and nothing half-written appears.
@Suite("Crash recovery")
struct CrashRecoveryTests {
    static func document(_ n: Int) -> String {
        #"{"id":"d\#(n)","@timestamp":"2024-03-04T00:00:\#(String(format: "%02d", n % 60)).000Z","level":"\#(n % 7 == 0 ? "ERROR" : "INFO")","message":"event \#(n) from worker \#(n % 13)","n":\#(n)}"#
    }

    @Test func killedLoadsLoseNoAcknowledgedDocument() async throws {
        try await withTemporaryDirectory { dir in
            var random = SplitMix64(seed: 7)
            var acknowledged: Set<String> = []
            var sent: Set<String> = []
            for run in 0..<6 {
                let process = Process()
                process.executableURL = try siftExecutable()
                process.arguments = ["load", "--data", dir.string, "--index", "crash", "--batch", "25", "--id-field", "id", "--print-acks", "-"]
                let input = Pipe(), output = Pipe()
                process.standardInput = input
                process.standardOutput = output
                process.standardError = FileHandle.nullDevice
                try process.run()

                // Feed documents from a background thread; the pipe blocks when the loader is slow.
                let first = run * 100_000
                let count = 4_000
                for n in first..<(first + count) { sent.insert("d\(n)") }
                let feeder = Thread {
                    let handle = input.fileHandleForWriting
                    for n in first..<(first + count) {
                        do { try handle.write(contentsOf: Data((Self.document(n) + "\n").utf8)) } catch { return }
                    }
                    try? handle.close()
                }
                feeder.start()

                // Kill after a random number of acknowledgements.
                let killAfter = Int.random(in: 30...2_000, using: &random)
                var buffer = Data()
                var acksThisRun = 0
                let reader = output.fileHandleForReading
                while acksThisRun < killAfter {
                    let chunk = reader.availableData
                    if chunk.isEmpty { break }  // loader finished before the kill point
                    buffer.append(chunk)
                    while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                        let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                        buffer.removeSubrange(buffer.startIndex...newline)
                        if line.hasPrefix("ack ") {
                            acknowledged.insert(String(line.dropFirst(4)))
                            acksThisRun += 1
                        }
                    }
                }
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                try? input.fileHandleForWriting.close()
                #expect(acksThisRun > 0, "run \(run) acknowledged nothing")
            }

            let writer = try await IndexWriter(directory: dir.appending("indices").appending("crash"), name: "crash")
            let snapshot = try await writer.searcher()
            var seen: [String: Int] = [:]
            for view in snapshot.segments {
                for doc in 0..<Int32(view.reader.docCount) where view.isLive(doc) {
                    let entry = try view.reader.storedEntry(doc)
                    seen[entry.id, default: 0] += 1
                    // Whole documents only: the stored source is exactly what was sent.
                    let n = Int(entry.id.dropFirst())!
                    #expect(String(decoding: entry.source, as: UTF8.self) == Self.document(n))
                }
            }
            #expect(acknowledged.count > 0)
            #expect(acknowledged.subtracting(seen.keys).isEmpty, "acknowledged but missing: \(acknowledged.subtracting(seen.keys).sorted().prefix(10))")
            #expect(seen.values.allSatisfy { $0 == 1 }, "duplicated: \(seen.filter { $0.value > 1 }.keys.sorted().prefix(10))")
            #expect(Set(seen.keys).isSubset(of: sent))
            #expect(await writer.problems.allSatisfy { !$0.contains("unreadable") })
            try await writer.close()
        }
    }
}
