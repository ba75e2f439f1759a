import Foundation
import SiftCore
import SiftIndex
import SystemPackage

/// Issue 3's benchmark: the whole corpus through `IndexWriter.index` in bulk-sized batches, with
/// durability `request` (an fsync per batch) and a refresh every second of wall time, as a
/// searched Elasticsearch index does; then a commit and the merges it triggers.
enum IndexingWorkload {
    struct Report {
        var documents: Int
        var rawBytes: Int
        var wallSeconds: Double
        var cpuSeconds: Double
        var diskBytes: Int
        var segments: Int
        var refreshMillis: [Double]
        var bytesByKind: [String: Int]
    }

    /// What a user would write in `indexes/*.yaml` for this corpus: ids and enums as keywords,
    /// the message as text only (no `.keyword` copy), numbers and time typed.
    static let explicitMappings: JSONValue = [
        "dynamic": "true",
        "properties": [
            "@timestamp": ["type": "date"],
            "level": ["type": "keyword"], "service": ["type": "keyword"], "host": ["type": "keyword"],
            "message": ["type": "text"],
            "trace_id": ["type": "keyword"], "span_id": ["type": "keyword"],
            "http.method": ["type": "keyword"], "http.status": ["type": "long"],
            "url.path": ["type": "keyword"], "latency_ms": ["type": "double"], "user.id": ["type": "keyword"],
        ],
    ]

    static func run(_ corpus: Corpus, directory: String, explicit: Bool, batch: Int = 1000) async throws -> Report {
        let path = FilePath(directory).appending("bench-\(getpid())")
        defer { try? FileManager.default.removeItem(atPath: path.string) }
        let mappings = explicit ? try Mappings(json: explicitMappings) : Mappings()
        let writer = try await IndexWriter(directory: path, name: "logs", mappings: mappings)
        let cpuStart = cpuSeconds()
        let start = ContinuousClock.now
        var lastRefresh = start
        var refreshMillis: [Double] = []
        var requests: [IndexRequest] = []
        requests.reserveCapacity(batch)
        var indexed = 0
        for line in corpus.lines {
            requests.append(IndexRequest(source: Array(corpus.bytes[line])))
            if requests.count == batch {
                let results = try await writer.index(requests)
                indexed += results.count { if case .created = $0 { true } else { false } }
                requests.removeAll(keepingCapacity: true)
                if ContinuousClock.now - lastRefresh >= .seconds(1) {
                    let began = ContinuousClock.now
                    try await writer.refresh()
                    refreshMillis.append(seconds(ContinuousClock.now - began) * 1000)
                    lastRefresh = ContinuousClock.now
                }
            }
        }
        if !requests.isEmpty {
            let results = try await writer.index(requests)
            indexed += results.count { if case .created = $0 { true } else { false } }
        }
        try await writer.commit()
        await writer.waitForMerges()
        let wall = seconds(ContinuousClock.now - start)
        let cpu = cpuSeconds() - cpuStart
        precondition(indexed == corpus.lines.count, "indexed \(indexed) of \(corpus.lines.count) documents")
        precondition(writer.snapshot().docCount == corpus.lines.count, "snapshot holds \(writer.snapshot().docCount) documents")
        let segments = await writer.segmentCount
        try await writer.close()
        return Report(
            documents: indexed, rawBytes: corpus.bytes.count, wallSeconds: wall, cpuSeconds: cpu,
            diskBytes: directorySize(path.string), segments: segments, refreshMillis: refreshMillis,
            bytesByKind: sizesByExtension(path.appending("segments").string)
        )
    }

    static func print(_ report: Report, mappings: String) {
        let sorted = report.refreshMillis.sorted()
        func percentile(_ p: Double) -> Double {
            sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
        }
        Swift.print("""
        index 1 document at a time in batches of 1000 (durability request, refresh every 1 s, \(mappings) mappings):
          documents:            \(report.documents)
          wall:                 \(String(format: "%.2f", report.wallSeconds)) s  → \(String(format: "%.0f", Double(report.documents) / report.wallSeconds)) docs/s, \(String(format: "%.1f", Double(report.rawBytes) / 1e6 / report.wallSeconds)) MB/s
          CPU (user+sys):       \(String(format: "%.2f", report.cpuSeconds)) s  → \(String(format: "%.0f", Double(report.documents) / report.cpuSeconds)) docs per CPU-second
          on disk after commit: \(formatMB(report.diskBytes)) MB of \(formatMB(report.rawBytes)) MB raw = \(String(format: "%.3f", Double(report.diskBytes) / Double(report.rawBytes)))× (\(report.segments) segments)
          refresh latency:      \(report.refreshMillis.count) refreshes, p50 \(String(format: "%.1f", percentile(0.5))) ms, p99 \(String(format: "%.1f", percentile(0.99))) ms, max \(String(format: "%.1f", sorted.last ?? 0)) ms
        """)
        let parts = report.bytesByKind.sorted { $0.value > $1.value }.map { "\($0.key) \(String(format: "%.3f", Double($0.value) / Double(report.rawBytes)))×" }
        Swift.print("  segment files by kind: " + parts.joined(separator: ", "))
    }

    private static func sizesByExtension(_ path: String) -> [String: Int] {
        var sizes: [String: Int] = [:]
        for file in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/" + file)
            sizes[String(file.split(separator: ".").last ?? ""), default: 0] += (attributes?[.size] as? Int) ?? 0
        }
        return sizes
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    private static func directorySize(_ path: String) -> Int {
        guard let enumerator = FileManager.default.enumerator(atPath: path) else { return 0 }
        var total = 0
        while let file = enumerator.nextObject() as? String {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/" + file)
            if (attributes?[.type] as? FileAttributeType) == .typeRegular {
                total += (attributes?[.size] as? Int) ?? 0
            }
        }
        return total
    }
}
