import ArgumentParser
import Foundation
import SiftCore
import SiftIndex

/// Release-mode benchmarks over the deterministic corpus of `../shared/bench/genlogs.py`.
/// Every workload runs on one core; each figure is the best of `--iterations` runs.
@main
struct SiftBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sift-bench")

    @Option(help: "NDJSON corpus (genlogs.py --kind json --count 1000000 --seed 42).") var corpus: String
    @Option(help: "Runs per workload; the best is reported.") var iterations = 3
    @Option(help: "Workloads to run: json, index, index-dynamic, search (comma-separated).") var workloads = "json,index,index-dynamic,search"
    @Option(help: "Directory for the indexing workload's index.") var scratch = ".corpus"

    func run() async throws {
        let selected = Set(workloads.split(separator: ",").map(String.init))
        let corpus = try Corpus(path: corpus)
        print("corpus: \(corpus.lines.count) lines, \(formatMB(corpus.bytes.count)) MB")
        if selected.contains("json") {
            var table = ResultTable()
            table.add(try JSONWorkloads.parse(corpus, iterations: iterations))
            table.add(try JSONWorkloads.serialise(corpus, iterations: iterations))
            table.print()
        }
        if selected.contains("index") {
            IndexingWorkload.print(try await IndexingWorkload.run(corpus, directory: scratch, explicit: true), mappings: "explicit")
        }
        if selected.contains("index-dynamic") {
            IndexingWorkload.print(try await IndexingWorkload.run(corpus, directory: scratch, explicit: false), mappings: "dynamic")
        }
        if selected.contains("search") {
            try await SearchWorkload.run(corpus, directory: scratch, iterations: max(iterations, 30))
        }
        print("peak resident memory: \(formatMB(peakResidentBytes())) MB")
    }
}

/// The corpus in memory, split into line ranges once so the workloads time only their own work.
struct Corpus {
    let bytes: [UInt8]
    let lines: [Range<Int>]

    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read corpus \(path); `make bench` generates it")
        }
        bytes = [UInt8](data)
        var lines: [Range<Int>] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            if index > start { lines.append(start..<index) }
            start = index + 1
        }
        if start < bytes.count { lines.append(start..<bytes.count) }
        self.lines = lines
    }
}

/// One row of results: how many documents and bytes a workload handled and its best time.
struct Measurement {
    var name: String
    var documents: Int
    var bytes: Int
    var seconds: Double
}

/// Runs `body` `iterations` times and returns the fastest wall-clock time in seconds.
func bestTime(iterations: Int, _ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<max(1, iterations) {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
    return best
}

struct ResultTable {
    private var rows: [Measurement] = []
    mutating func add(_ row: Measurement) { rows.append(row) }

    func print() {
        let header = ["workload", "docs", "MB", "best s", "MB/s", "docs/s"]
        let cells = rows.map { row in
            [
                row.name, String(row.documents), formatMB(row.bytes), String(format: "%.3f", row.seconds),
                String(format: "%.0f", Double(row.bytes) / 1e6 / row.seconds),
                String(format: "%.0f", Double(row.documents) / row.seconds),
            ]
        }
        let widths = header.indices.map { column in ([header] + cells).map { $0[column].count }.max() ?? 0 }
        for line in [header] + cells {
            Swift.print(line.indices.map { line[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  "))
        }
    }
}

func formatMB(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1e6) }

/// Peak resident set size of this process (Linux reports `ru_maxrss` in KiB).
func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss * 1024
}
