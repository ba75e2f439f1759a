import SiftCore
import SiftIndex
import SiftTestSupport
import SystemPackage
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The IndexWriter over real files: writes, refresh, commit, reopen, recovery, merges.
@Suite("Index writer")
struct IndexWriterTests {
    static func source(_ i: Int, level: String = "INFO") -> [UInt8] {
        let millis = 1_709_510_400_000 + Int64(i) * 1000
        let doc: JSONValue = [
            "@timestamp": .string(Timestamp(epochMillis: millis).iso8601()),
            "level": .string(level),
            "message": .string("request \(i) completed with status \(200 + i % 3)"),
            "http": ["status": .int(Int64(200 + i % 3))],
            "latency_ms": .double(Double(i) / 4),
        ]
        return doc.jsonBytes()
    }

    static func requests(_ range: Range<Int>) -> [IndexRequest] {
        range.map { IndexRequest(id: "doc-\($0)", source: source($0)) }
    }

    static func ids(_ snapshot: IndexSnapshot) throws -> [String] {
        var ids: [String] = []
        for view in snapshot.segments {
            for doc in 0..<Int32(view.reader.docCount) where view.isLive(doc) {
                ids.append(try view.reader.storedEntry(doc).id)
            }
        }
        return ids.sorted()
    }

    static func config() -> IndexWriterConfiguration {
        var configuration = IndexWriterConfiguration()
        configuration.refreshInterval = nil
        return configuration
    }

    /// `write.lock`: a second writer on the same directory is refused until the first closes.
    @Test func secondWriterIsRefusedUntilTheFirstCloses() async throws {
        try await withTemporaryDirectory { dir in
            let first = try await IndexWriter(directory: dir.appending("logs"), name: "logs", configuration: Self.config())
            await #expect {
                _ = try await IndexWriter(directory: dir.appending("logs"), name: "logs", configuration: Self.config())
            } throws: { error in
                guard case .locked(let path, _) = error as? IndexError else { return false }
                return path.hasSuffix("logs/write.lock")
            }
            _ = try await first.index(Self.requests(0..<3))
            try await first.close()
            let second = try await IndexWriter(directory: dir.appending("logs"), name: "logs", configuration: Self.config())
            #expect(second.snapshot().docCount == 3)
            try await second.close()
        }
    }

    @Test func documentsAreSearchableAfterRefreshAndSurviveReopen() async throws {
        try await withTemporaryDirectory { dir in
            let writer = try await IndexWriter(directory: dir.appending("logs"), name: "logs", configuration: Self.config())
            let results = try await writer.index(Self.requests(0..<100))
            #expect(results.allSatisfy { if case .created(_, 1, _) = $0 { true } else { false } })
            #expect(writer.snapshot().docCount == 0)  // not refreshed yet
            try await writer.refresh()
            let snapshot = writer.snapshot()
            #expect(snapshot.docCount == 100)
            #expect(try snapshot.document(id: "doc-42")?.source == Self.source(42))
            #expect(snapshot.minTimestamp == 1_709_510_400_000)
            #expect(snapshot.maxTimestamp == Int64(1_709_510_499_000))
            let terms = try #require(snapshot.segments[0].reader.terms("message"))
            #expect(terms.lookup(Array("completed".utf8))?.docFreq == 100)
            #expect(terms.lookup(Array("201".utf8))?.docFreq == 33)
            let keyword = try #require(snapshot.segments[0].reader.terms("level.keyword"))
            #expect(keyword.lookup(Array("INFO".utf8))?.docFreq == 100)
            try await writer.close()

            let reopened = try await IndexWriter(directory: dir.appending("logs"), name: "logs", configuration: Self.config())
            #expect(reopened.snapshot().docCount == 100)
            #expect(try Self.ids(reopened.snapshot()) == (0..<100).map { "doc-\($0)" }.sorted())
            #expect(await reopened.mappings.field("http.status")?.type == .long)
            try await reopened.close()
        }
    }

    @Test func updatesBumpTheVersionAndCreateConflicts() async throws {
        try await withTemporaryDirectory { dir in
            let writer = try await IndexWriter(directory: dir, name: "logs", configuration: Self.config())
            _ = try await writer.index([IndexRequest(id: "a", source: Array(#"{"n":1}"#.utf8))])
            try await writer.refresh()
            let second = try await writer.index([IndexRequest(id: "a", source: Array(#"{"n":2}"#.utf8))])
            #expect(second == [.updated(id: "a", version: 2, seqNo: 1)])
            let third = try await writer.index([IndexRequest(id: "a", source: Array(#"{"n":3}"#.utf8))])  // in the buffer
            #expect(third == [.updated(id: "a", version: 3, seqNo: 2)])
            let conflict = try await writer.index([IndexRequest(id: "a", source: Array(#"{"n":4}"#.utf8), opType: .create)])
            guard case .failed(_, 409, "version_conflict_engine_exception", _) = conflict[0] else {
                Issue.record("expected a 409, got \(conflict)")
                return
            }
            try await writer.refresh()
            #expect(writer.snapshot().docCount == 1)
            #expect(try writer.snapshot().document(id: "a").map { String(decoding: $0.source, as: UTF8.self) } == #"{"n":3}"#)
            #expect(try writer.snapshot().document(id: "a")?.version == 3)
            #expect(try await writer.delete(id: "a") == .deleted(id: "a", version: 4, seqNo: 3))
            #expect(try await writer.delete(id: "a") == .notFound(id: "a"))
            try await writer.refresh()
            #expect(writer.snapshot().docCount == 0)
            try await writer.close()
        }
    }

    @Test func aBadDocumentFailsAloneAndAddsNoMapping() async throws {
        try await withTemporaryDirectory { dir in
            let writer = try await IndexWriter(directory: dir, name: "logs", configuration: Self.config())
            let results = try await writer.index([
                IndexRequest(id: "1", source: Array(#"{"status":200}"#.utf8)),
                IndexRequest(id: "2", source: Array(#"{"status":"oops","extra":"x"}"#.utf8)),
                IndexRequest(id: "3", source: Array(#"{"status": 201"#.utf8)),
                IndexRequest(id: "4", source: Array(#"{"status":"404"}"#.utf8)),
            ])
            #expect(results[0] == .created(id: "1", version: 1, seqNo: 0))
            // Elasticsearch 8 answers both with document_parsing_exception.
            #expect(results[1] == .failed(
                id: "2", status: 400, type: "document_parsing_exception",
                reason: "failed to parse field [status] of type [long] in document with id '2'. Preview of field's value: 'oops'"
            ))
            guard case .failed("3", 400, "document_parsing_exception", let reason) = results[2] else { Issue.record("\(results[2])"); return }
            #expect(reason.hasPrefix("failed to parse: "))
            #expect(results[3] == .created(id: "4", version: 1, seqNo: 1))
            #expect(await writer.mappings.field("extra") == nil)
            try await writer.refresh()
            #expect(try Self.ids(writer.snapshot()) == ["1", "4"])
            try await writer.close()
        }
    }

    @Test func unrefreshedWritesAreReplayedFromTheWALAfterACrash() async throws {
        try await withTemporaryDirectory { dir in
            do {
                let writer = try await IndexWriter(directory: dir, name: "logs", configuration: Self.config())
                _ = try await writer.index(Self.requests(0..<50))
                try await writer.commit()
                _ = try await writer.index(Self.requests(50..<80))
                try await writer.refresh()  // a segment on disk that no commit lists
                _ = try await writer.index(Self.requests(80..<90))
                _ = try await writer.delete(id: "doc-3")
                _ = try await writer.index([IndexRequest(id: "doc-60", source: Self.source(600))])
                // No close: the writer is dropped as a crash would leave it (WAL synced per request).
            }
            let reopened = try await IndexWriter(directory: dir, name: "logs", configuration: Self.config())
            let snapshot = try await reopened.searcher()
            var expected = (0..<90).map { "doc-\($0)" }
            expected.removeAll { $0 == "doc-3" }
            #expect(try Self.ids(snapshot) == expected.sorted())
            #expect(try snapshot.document(id: "doc-60")?.source == Self.source(600))
            #expect(try snapshot.document(id: "doc-60")?.version == 2)
            #expect(await reopened.problems == [])
            try await reopened.close()
        }
    }

    @Test func aCorruptSegmentIsReportedAndTheRestStaysReadable() async throws {
        try await withTemporaryDirectory { dir in
            let writer = try await IndexWriter(directory: dir, name: "logs", configuration: Self.config())
            _ = try await writer.index(Self.requests(0..<10))
            try await writer.commit()
            _ = try await writer.index(Self.requests(10..<20))
            try await writer.close()
            let names = writer.snapshot().segments.map(\.reader.name)
            #expect(names.count == 2)
            // Flip one byte in the middle of the first segment's postings file.
            let path = dir.appending("segments").appending("\(names[0]).store")
            let fd = open(path.string, O_RDWR)
            var byte: UInt8 = 0
            pread(fd, &byte, 1, 40)
            byte ^= 0xFF
            pwrite(fd, &byte, 1, 40)
            close(fd)

            let reopened = try await IndexWriter(directory: dir, name: "logs", configuration: Self.config())
            let problems = await reopened.problems
            #expect(problems.count == 1)
            #expect(problems.first?.contains("\(names[0]).store") == true)
            #expect(problems.first?.contains("checksum mismatch") == true)
            #expect(try Self.ids(reopened.snapshot()) == (10..<20).map { "doc-\($0)" }.sorted())
        }
    }

    @Test func mergesKeepEveryLiveDocumentWhileSnapshotsRead() async throws {
        try await withTemporaryDirectory { dir in
            var configuration = Self.config()
            configuration.mergeFactor = 3
            let writer = try await IndexWriter(directory: dir, name: "logs", configuration: configuration)
            let held = writer.snapshot()
            var expected: Set<String> = []
            for round in 0..<9 {
                let range = (round * 30)..<(round * 30 + 30)
                _ = try await writer.index(Self.requests(range))
                expected.formUnion(range.map { "doc-\($0)" })
                _ = try await writer.delete(id: "doc-\(round * 30 + 7)")
                expected.remove("doc-\(round * 30 + 7)")
                try await writer.refresh()
                // A reader of an older snapshot keeps working while merges replace its segments.
                let snapshot = writer.snapshot()
                #expect(Set(try Self.ids(snapshot)) == expected)
                await writer.waitForMerges()
            }
            await writer.waitForMerges()
            let merged = writer.snapshot()
            #expect(merged.segments.count < 9)
            #expect(Set(try Self.ids(merged)) == expected)
            #expect(held.docCount == 0)
            // Keyword ordinals and numeric columns survive the merge.
            for view in merged.segments {
                let column = try #require(view.reader.numericColumn("http.status"))
                for doc in 0..<Int32(view.reader.docCount) where view.isLive(doc) {
                    let entry = try view.reader.storedEntry(doc)
                    let number = Int(entry.id.dropFirst(4))!
                    #expect(column.value(doc) == Int64(200 + number % 3))
                    let ordinals = try #require(view.reader.ordinalColumn("level.keyword"))
                    let terms = try #require(view.reader.terms("level.keyword"))
                    #expect(terms.term(at: Int(ordinals.ordinal(doc)!)) == Array("INFO".utf8))
                }
            }
            try await writer.close()
            let reopened = try await IndexWriter(directory: dir, name: "logs", configuration: configuration)
            #expect(Set(try Self.ids(reopened.snapshot())) == expected)
            // Files of merged-away segments are gone once nothing holds them.
            let files = try dirEntries(dir.appending("segments"))
            let live = Set(reopened.snapshot().segments.map(\.reader.name))
            #expect(Set(files.map { String($0.prefix { $0 != "." }) }) == live)
            try await reopened.close()
        }
    }
}

func dirEntries(_ path: FilePath) throws -> [String] {
    guard let dir = opendir(path.string) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name != "." && name != ".." { names.append(name) }
    }
    return names
}
