import SiftCore
import SiftIndex
import SiftTestSupport
import Synchronization
import SystemPackage
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Data streams over real files with an injected clock: rollover by docs and age, retention by age
/// and total size, deletes that wait for held snapshots, time ranges per backing index.
@Suite("Data streams")
struct DataStreamTests {
    static let base: Int64 = 1_709_510_400_000
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000

    /// A clock the test moves by hand.
    final class FakeClock: Sendable {
        let millis: Atomic<Int64>
        init(_ start: Int64 = DataStreamTests.base) { millis = Atomic(start) }
        func advance(_ delta: Int64) { millis.add(delta, ordering: .relaxed) }
        var now: Int64 { millis.load(ordering: .relaxed) }
        var clock: MillisecondClock { { [self] in millis.load(ordering: .relaxed) } }
    }

    static func source(_ i: Int) -> [UInt8] {
        let doc: JSONValue = [
            "@timestamp": .string(Timestamp(epochMillis: base + Int64(i) * 1000).iso8601()),
            "message": .string("request \(i) completed"),
            "http": ["status": .int(Int64(200 + i % 3))],
            "first_only": i == 0 ? .int(5) : .null,  // a field only the first document has
        ]
        return doc.jsonBytes()
    }

    static func requests(_ range: Range<Int>) -> [IndexRequest] {
        range.map { IndexRequest(id: "doc-\($0)", source: source($0)) }
    }

    static func definition(rollover: RolloverPolicy? = nil, retention: RetentionPolicy? = nil) -> IndexDefinition {
        var definition = IndexDefinition(name: "logs")
        definition.refreshInterval = nil
        definition.durability = .async
        definition.rollover = rollover
        definition.retention = retention
        return definition
    }

    /// Live ids of a snapshot, read from the stored entries, sorted.
    static func ids(_ snapshot: IndexSnapshot) throws -> [String] {
        var ids: [String] = []
        for view in snapshot.segments {
            for doc in 0..<Int32(view.reader.docCount) where view.isLive(doc) {
                ids.append(try view.reader.storedEntry(doc).id)
            }
        }
        return ids.sorted()
    }

    static func expectedIDs(_ range: Range<Int>) -> [String] { range.map { "doc-\($0)" }.sorted() }

    static func counts(_ stream: DataStream) async throws -> [Int] {
        try await stream.snapshots().map(\.snapshot.docCount)
    }

    /// Entries of a directory, sorted; nil when it does not exist.
    static func list(_ path: FilePath) -> [String]? {
        guard let dir = opendir(path.string) else { return nil }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    static func metadata(_ dir: FilePath, _ index: String) throws -> IndexMetadata {
        try #require(try IndexMetadata.read(in: dir.appending("indices").appending(index)))
    }

    @Test func rolloverByMaxDocsSplitsBatchesExactlyAndSurvivesReopen() async throws {
        try await withTemporaryDirectory { dir in
            let clock = FakeClock()
            let definition = Self.definition(rollover: RolloverPolicy(maxDocs: 100))
            let stream = try await DataStream(dataDirectory: dir, definition: definition, clock: clock.clock)
            #expect(await stream.backingIndices == ["logs-000001"])
            let results = try await stream.index(Self.requests(0..<250))
            #expect(results.count == 250)
            #expect(results.enumerated().allSatisfy { i, result in result == .created(id: "doc-\(i)", version: 1, seqNo: Int64(i % 100)) })
            #expect(await stream.backingIndices == ["logs-000001", "logs-000002", "logs-000003"])
            #expect(await stream.writeIndex == "logs-000003")
            let snapshots = try await stream.snapshots()
            #expect(snapshots.map(\.index) == ["logs-000001", "logs-000002", "logs-000003"])
            #expect(snapshots.map(\.snapshot.docCount) == [100, 100, 50])
            #expect(try Self.ids(snapshots[0].snapshot) == Self.expectedIDs(0..<100))
            #expect(try Self.ids(snapshots[1].snapshot) == Self.expectedIDs(100..<200))
            #expect(try Self.ids(snapshots[2].snapshot) == Self.expectedIDs(200..<250))
            // Rolled-over indices record when; dynamic fields learned so far carry over.
            #expect(try Self.metadata(dir, "logs-000001").rolledOverAtMillis == Self.base)
            #expect(try Self.metadata(dir, "logs-000002").rolledOverAtMillis == Self.base)
            #expect(try Self.metadata(dir, "logs-000003").rolledOverAtMillis == nil)
            #expect(try Self.metadata(dir, "logs-000003").mappings.field("first_only")?.type == .long)
            #expect(try await stream.rolloverIfNeeded() == nil)
            try await stream.close()
            await #expect(throws: IndexError.self) { try await stream.index(Self.requests(250..<251)) }

            let reopened = try await DataStream(dataDirectory: dir, definition: definition, clock: clock.clock)
            #expect(await reopened.backingIndices == ["logs-000001", "logs-000002", "logs-000003"])
            #expect(try await Self.counts(reopened) == [100, 100, 50])
            _ = try await reopened.index(Self.requests(250..<300))
            #expect(await reopened.backingIndices == ["logs-000001", "logs-000002", "logs-000003"])
            _ = try await reopened.index(Self.requests(300..<301))
            #expect(await reopened.backingIndices == ["logs-000001", "logs-000002", "logs-000003", "logs-000004"])
            try await reopened.refresh()
            let after = try await reopened.snapshots()
            #expect(after.map(\.snapshot.docCount) == [100, 100, 100, 1])
            #expect(try Self.ids(after[2].snapshot) == Self.expectedIDs(200..<300))
            #expect(try Self.ids(after[3].snapshot) == ["doc-300"])
            try await reopened.close()
        }
    }

    @Test func rolloverByMaxAgeFollowsTheClockAndSkipsEmptyIndices() async throws {
        try await withTemporaryDirectory { dir in
            let clock = FakeClock()
            let definition = Self.definition(rollover: RolloverPolicy(maxAge: .seconds(3600)))
            let stream = try await DataStream(dataDirectory: dir, definition: definition, clock: clock.clock)
            clock.advance(2 * Self.hour)
            #expect(try await stream.rolloverIfNeeded() == nil)  // empty: never rolls over, whatever its age
            _ = try await stream.index(Self.requests(0..<1))
            #expect(await stream.backingIndices == ["logs-000001"])
            _ = try await stream.index(Self.requests(1..<2))  // now non-empty and 2h old: rolls over first
            #expect(await stream.backingIndices == ["logs-000001", "logs-000002"])
            #expect(try Self.metadata(dir, "logs-000001").rolledOverAtMillis == Self.base + 2 * Self.hour)
            #expect(try Self.metadata(dir, "logs-000002").createdAtMillis == Self.base + 2 * Self.hour)

            clock.advance(Self.hour - 1)
            _ = try await stream.index(Self.requests(2..<3))
            #expect(await stream.writeIndex == "logs-000002")
            clock.advance(1)  // exactly max_age: inclusive
            _ = try await stream.index(Self.requests(3..<4))
            #expect(await stream.backingIndices == ["logs-000001", "logs-000002", "logs-000003"])
            #expect(try Self.metadata(dir, "logs-000002").rolledOverAtMillis == Self.base + 3 * Self.hour)
            #expect(try await Self.counts(stream) == [1, 2, 1])
            // A forced rollover ignores the policy.
            #expect(try await stream.rollover() == "logs-000004")
            #expect(await stream.writeIndex == "logs-000004")
            try await stream.close()
        }
    }

    /// Three backing indices, rolled over an hour apart: 000001 at base+1h, 000002 at base+2h.
    static func threeIndices(_ dir: FilePath, _ clock: FakeClock, _ definition: IndexDefinition) async throws -> DataStream {
        let stream = try await DataStream(dataDirectory: dir, definition: definition, clock: clock.clock)
        for generation in 0..<3 {
            _ = try await stream.index(Self.requests(generation * 20..<generation * 20 + 20))
            if generation < 2 {
                clock.advance(Self.hour)
                _ = try await stream.rollover()
            }
        }
        try await stream.refresh()
        return stream
    }

    @Test func retentionByMaxAgeDeletesByRolloverTimeAndNeverTheWriteIndex() async throws {
        try await withTemporaryDirectory { dir in
            let clock = FakeClock()
            let stream = try await Self.threeIndices(dir, clock, Self.definition(retention: RetentionPolicy(maxAge: .seconds(86_400))))
            let indices = dir.appending("indices")
            clock.advance(Self.day - Self.hour)  // now = base+1h+1d: 000001 exactly max_age old, kept
            #expect(try await stream.applyRetention() == [])
            clock.advance(1)
            #expect(try await stream.applyRetention() == ["logs-000001"])
            #expect(await stream.backingIndices == ["logs-000002", "logs-000003"])
            #expect(Self.list(indices) == ["logs-000002", "logs-000003"])
            clock.advance(100 * Self.day)
            #expect(try await stream.applyRetention() == ["logs-000002"])
            #expect(await stream.backingIndices == ["logs-000003"])
            #expect(Self.list(indices) == ["logs-000003"])
            #expect(try await Self.counts(stream) == [20])
            try await stream.close()
            let reopened = try await DataStream(dataDirectory: dir, definition: Self.definition(), clock: clock.clock)
            #expect(await reopened.backingIndices == ["logs-000003"])
            try await reopened.close()
        }
    }

    @Test func retentionByTotalSizeDeletesOldestFirst() async throws {
        try await withTemporaryDirectory { dir in
            let clock = FakeClock()
            let stream = try await Self.threeIndices(dir, clock, Self.definition())
            let sizes = try await stream.snapshots().map { $0.snapshot.segments.reduce(0) { $0 + $1.reader.meta.sizeBytes } }
            #expect(sizes.count == 3 && sizes.allSatisfy { $0 > 0 })
            #expect(try await stream.applyRetention() == [])  // no policy
            try await stream.close()

            // Exactly the size of the two newest: only the oldest goes (limits are strict).
            let limit = Int64(sizes[1] + sizes[2])
            let bounded = try await DataStream(
                dataDirectory: dir, definition: Self.definition(retention: RetentionPolicy(maxTotalSize: limit)), clock: clock.clock
            )
            #expect(try await bounded.applyRetention() == ["logs-000001"])
            #expect(await bounded.backingIndices == ["logs-000002", "logs-000003"])
            #expect(try await bounded.applyRetention() == [])
            try await bounded.close()

            let tiny = try await DataStream(
                dataDirectory: dir, definition: Self.definition(retention: RetentionPolicy(maxTotalSize: 1)), clock: clock.clock
            )
            #expect(try await tiny.applyRetention() == ["logs-000002"])  // the write index stays, even over the limit
            #expect(await tiny.backingIndices == ["logs-000003"])
            #expect(Self.list(dir.appending("indices")) == ["logs-000003"])
            try await tiny.close()
        }
    }

    @Test func heldSnapshotKeepsReadingADeletedIndexUntilReleased() async throws {
        try await withTemporaryDirectory { dir in
            let clock = FakeClock()
            let stream = try await Self.threeIndices(dir, clock, Self.definition(retention: RetentionPolicy(maxAge: .seconds(3600))))
            var held: [(index: String, snapshot: IndexSnapshot, mappings: Mappings)]? = try await stream.snapshots()
            clock.advance(1)  // now = base+2h+1: 000001 (rolled over at base+1h) is too old, 000002 not
            #expect(try await stream.applyRetention() == ["logs-000001"])
            #expect(await stream.backingIndices == ["logs-000002", "logs-000003"])
            let deleted = dir.appending("indices").appending("logs-000001")
            #expect(Self.list(deleted) == ["deleted", "segments"])
            #expect(Self.list(deleted.appending("segments"))?.isEmpty == false)

            do {  // scoped, so no local outlives `held`
                let snapshot = try #require(held?.first { $0.index == "logs-000001" }?.snapshot)
                #expect(try Self.ids(snapshot) == Self.expectedIDs(0..<20))
                for view in snapshot.segments {
                    for doc in 0..<Int32(view.reader.docCount) {
                        let entry = try view.reader.storedEntry(doc)
                        let i = try #require(Int(entry.id.dropFirst(4)))
                        #expect(entry.source == Self.source(i))
                    }
                }
                #expect(try snapshot.document(id: "doc-7")?.source == Self.source(7))
            }

            held = nil  // the last reader goes: the segment files with it
            #expect(Self.list(deleted.appending("segments")) == [])
            #expect(try await stream.applyRetention() == [])  // finishes the removal
            #expect(Self.list(deleted) == nil)
            try await stream.close()
        }
    }

    @Test func interruptedDeleteIsFinishedByTheNextOpen() async throws {
        try await withTemporaryDirectory { dir in
            let clock = FakeClock()
            let stream = try await Self.threeIndices(dir, clock, Self.definition(retention: RetentionPolicy(maxAge: .seconds(3600))))
            var held: [(index: String, snapshot: IndexSnapshot, mappings: Mappings)]? = try await stream.snapshots()
            clock.advance(2 * Self.hour + 1)
            #expect(try await stream.applyRetention() == ["logs-000001", "logs-000002"])
            try await stream.close()  // a snapshot still holds the files: directories stay, marked
            let indices = dir.appending("indices")
            #expect(Self.list(indices) == ["logs-000001", "logs-000002", "logs-000003"])
            #expect(try held.map { try Self.ids($0[1].snapshot) } == Self.expectedIDs(20..<40))
            held = nil
            let reopened = try await DataStream(dataDirectory: dir, definition: Self.definition(), clock: clock.clock)
            #expect(Self.list(indices) == ["logs-000003"])
            #expect(await reopened.backingIndices == ["logs-000003"])
            try await reopened.close()
        }
    }

    @Test func timeRangesPerBackingIndexAreExact() async throws {
        try await withTemporaryDirectory { dir in
            let clock = FakeClock()
            let stream = try await DataStream(
                dataDirectory: dir, definition: Self.definition(rollover: RolloverPolicy(maxDocs: 10)), clock: clock.clock
            )
            _ = try await stream.index(Array(Self.requests(0..<25).reversed()))
            try await stream.refresh()
            let ranges = await stream.timeRanges()
            #expect(ranges.map(\.index) == ["logs-000001", "logs-000002", "logs-000003"])
            #expect(ranges.map(\.min) == [Self.base + 15_000, Self.base + 5_000, Self.base])
            #expect(ranges.map(\.max) == [Self.base + 24_000, Self.base + 14_000, Self.base + 4_000])
            _ = try await stream.rollover()
            let withEmpty = await stream.timeRanges()
            #expect(withEmpty.count == 4 && withEmpty[3].index == "logs-000004" && withEmpty[3].min == nil && withEmpty[3].max == nil)
            try await stream.close()
        }
    }

    @Test func interruptedRolloverIsRepairedByTheNextOpen() async throws {
        try await withTemporaryDirectory { dir in
            let clock = FakeClock()
            let indices = dir.appending("indices")
            let stream = try await DataStream(dataDirectory: dir, definition: Self.definition(), clock: clock.clock)
            _ = try await stream.index(Self.requests(0..<5))
            try await stream.close()
            // Crash after the next index was created, before the old one was marked rolled over.
            clock.advance(Self.hour)
            let created = try await IndexWriter(directory: indices.appending("logs-000002"), name: "logs-000002", clock: clock.clock)
            try await created.close()
            clock.advance(Self.hour)
            let repaired = try await DataStream(dataDirectory: dir, definition: Self.definition(), clock: clock.clock)
            #expect(await repaired.backingIndices == ["logs-000001", "logs-000002"])
            #expect(try Self.metadata(dir, "logs-000001").rolledOverAtMillis == Self.base + Self.hour)
            #expect(try Self.metadata(dir, "logs-000002").rolledOverAtMillis == nil)
            try await repaired.close()

            // Crash after the old one was marked, before its successor existed.
            #expect(try await { () async throws(IndexError) in
                let again = try await DataStream(dataDirectory: dir, definition: Self.definition(), clock: clock.clock)
                let name = try await again.rollover()
                try await again.close()
                return name
            }() == "logs-000003")
            try IndexFilesForTests.remove(indices.appending("logs-000003"))
            let resumed = try await DataStream(dataDirectory: dir, definition: Self.definition(), clock: clock.clock)
            #expect(await resumed.backingIndices == ["logs-000001", "logs-000002", "logs-000003"])
            #expect(try Self.metadata(dir, "logs-000003").createdAtMillis == Self.base + 2 * Self.hour)
            #expect(try await Self.counts(resumed) == [5, 0, 0])
            try await resumed.close()
        }
    }

    @Test func concurrentWritesAcrossRolloversLoseNothing() async throws {
        try await withTemporaryDirectory { dir in
            let clock = FakeClock()
            let stream = try await DataStream(
                dataDirectory: dir, definition: Self.definition(rollover: RolloverPolicy(maxDocs: 30)), clock: clock.clock
            )
            let created = try await withThrowingTaskGroup(of: Int.self) { group in
                for batch in 0..<4 {
                    group.addTask {
                        var count = 0
                        for part in 0..<5 {
                            let start = batch * 25 + part * 5
                            let results = try await stream.index(Self.requests(start..<start + 5))
                            count += results.filter { if case .created = $0 { true } else { false } }.count
                        }
                        return count
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(created == 100)
            try await stream.refresh()
            let snapshots = try await stream.snapshots()
            #expect(snapshots.count >= 4)
            #expect(snapshots.dropLast().allSatisfy { $0.snapshot.docCount >= 30 })
            #expect(try snapshots.flatMap { try Self.ids($0.snapshot) }.sorted() == Self.expectedIDs(0..<100))
            try await stream.close()
        }
    }
}

/// `rm -r` for simulating a crash's aftermath.
enum IndexFilesForTests {
    static func remove(_ path: FilePath) throws {
        var info = stat()
        guard lstat(path.string, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            for entry in DataStreamTests.list(path) ?? [] { try remove(path.appending(entry)) }
            rmdir(path.string)
        } else {
            unlink(path.string)
        }
    }
}
