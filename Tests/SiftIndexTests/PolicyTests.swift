import SiftIndex
import Testing

@Suite("Rollover and retention") struct PolicyTests {
    private static let day: Int64 = 86_400_000

    @Test func rolloverLimitsAreInclusive() {
        let docs = RolloverPolicy(maxDocs: 1000)
        #expect(docs.reason(sizeBytes: 1, docCount: 999, createdAtMillis: 0, nowMillis: 0) == nil)
        #expect(docs.reason(sizeBytes: 1, docCount: 1000, createdAtMillis: 0, nowMillis: 0) == "max_docs [1000] reached")

        let size = RolloverPolicy(maxSize: 1 << 30)
        #expect(size.reason(sizeBytes: (1 << 30) - 1, docCount: 5, createdAtMillis: 0, nowMillis: 0) == nil)
        #expect(size.reason(sizeBytes: 1 << 30, docCount: 5, createdAtMillis: 0, nowMillis: 0) == "max_size [1gb] reached")
        #expect(RolloverPolicy(maxSize: 1536 << 20).reason(sizeBytes: 1 << 40, docCount: 1, createdAtMillis: 0, nowMillis: 0)
            == "max_size [1536mb] reached")

        let age = RolloverPolicy(maxAge: .seconds(86_400))
        #expect(age.reason(sizeBytes: 1, docCount: 1, createdAtMillis: 1_000, nowMillis: 1_000 + Self.day - 1) == nil)
        #expect(age.reason(sizeBytes: 1, docCount: 1, createdAtMillis: 1_000, nowMillis: 1_000 + Self.day) == "max_age [1d] reached")
        #expect(RolloverPolicy(maxAge: .milliseconds(1500)).reason(sizeBytes: 1, docCount: 1, createdAtMillis: 0, nowMillis: 1500)
            == "max_age [1500ms] reached")
        // A clock that went backwards is not an old index.
        #expect(age.reason(sizeBytes: 1, docCount: 1, createdAtMillis: Self.day * 5, nowMillis: 0) == nil)
    }

    @Test func emptyIndexNeverRollsOverAndSizeIsCheckedFirst() {
        let all = RolloverPolicy(maxSize: 100, maxAge: .seconds(1), maxDocs: 10)
        #expect(all.reason(sizeBytes: 1_000, docCount: 0, createdAtMillis: 0, nowMillis: Self.day) == nil)
        #expect(all.reason(sizeBytes: 1_000, docCount: 10, createdAtMillis: 0, nowMillis: Self.day) == "max_size [100b] reached")
        #expect(all.reason(sizeBytes: 99, docCount: 10, createdAtMillis: 0, nowMillis: Self.day) == "max_docs [10] reached")
        #expect(all.reason(sizeBytes: 99, docCount: 9, createdAtMillis: 0, nowMillis: Self.day) == "max_age [1s] reached")
        #expect(all.reason(sizeBytes: 99, docCount: 9, createdAtMillis: 0, nowMillis: 999) == nil)
        #expect(RolloverPolicy().reason(sizeBytes: .max, docCount: .max, createdAtMillis: 0, nowMillis: .max) == nil)
    }

    /// Three generations: two rolled over a day apart, the third being written.
    private static let generations = [
        BackingIndexInfo(name: "logs-000001", createdAtMillis: 0, rolledOverAtMillis: day, sizeBytes: 10),
        BackingIndexInfo(name: "logs-000002", createdAtMillis: day, rolledOverAtMillis: 2 * day, sizeBytes: 20),
        BackingIndexInfo(name: "logs-000003", createdAtMillis: 2 * day, rolledOverAtMillis: nil, sizeBytes: 30),
    ]

    @Test func retentionByAgeCountsFromRolloverAndIsStrict() {
        let policy = RetentionPolicy(maxAge: .seconds(15 * 86_400))
        let limit = 15 * Self.day
        #expect(policy.indicesToDelete(Self.generations, nowMillis: Self.day + limit) == [])
        #expect(policy.indicesToDelete(Self.generations, nowMillis: Self.day + limit + 1) == ["logs-000001"])
        #expect(policy.indicesToDelete(Self.generations, nowMillis: 2 * Self.day + limit) == ["logs-000001"])
        #expect(policy.indicesToDelete(Self.generations, nowMillis: 2 * Self.day + limit + 1) == ["logs-000001", "logs-000002"])
        #expect(policy.indicesToDelete(Self.generations, nowMillis: .max / 2) == ["logs-000001", "logs-000002"])
    }

    @Test func retentionBySizeDeletesOldestUntilTotalFits() {
        func delete(_ maxTotalSize: Int64) -> [String] {
            RetentionPolicy(maxTotalSize: maxTotalSize).indicesToDelete(Self.generations, nowMillis: 3 * Self.day)
        }
        #expect(delete(60) == [])
        #expect(delete(59) == ["logs-000001"])
        #expect(delete(50) == ["logs-000001"])
        #expect(delete(49) == ["logs-000001", "logs-000002"])
        #expect(delete(1) == ["logs-000001", "logs-000002"])  // the write index stays, even alone too big
    }

    @Test func retentionAppliesAgeThenSizeOnWhatRemains() {
        let policy = RetentionPolicy(maxAge: .seconds(86_400), maxTotalSize: 45)
        // At 2d+1ms only logs-000001 is too old; the remaining 50 bytes still exceed 45.
        #expect(policy.indicesToDelete(Self.generations, nowMillis: 2 * Self.day + 1) == ["logs-000001", "logs-000002"])
        #expect(RetentionPolicy(maxAge: .seconds(86_400), maxTotalSize: 50)
            .indicesToDelete(Self.generations, nowMillis: 2 * Self.day + 1) == ["logs-000001"])
        #expect(RetentionPolicy().indicesToDelete(Self.generations, nowMillis: .max) == [])
        #expect(policy.indicesToDelete([], nowMillis: 0) == [])
    }

    @Test func retentionOrdersByCreationThenGeneration() {
        let shuffled = [
            BackingIndexInfo(name: "logs-000010", createdAtMillis: 5, rolledOverAtMillis: 6, sizeBytes: 1),
            BackingIndexInfo(name: "logs-000009", createdAtMillis: 5, rolledOverAtMillis: 6, sizeBytes: 1),
            BackingIndexInfo(name: "logs-000011", createdAtMillis: 7, rolledOverAtMillis: nil, sizeBytes: 1),
            BackingIndexInfo(name: "logs-000002", createdAtMillis: 1, rolledOverAtMillis: 5, sizeBytes: 1),
        ]
        #expect(RetentionPolicy(maxTotalSize: 2).indicesToDelete(shuffled, nowMillis: 10) == ["logs-000002", "logs-000009"])
        #expect(RetentionPolicy(maxAge: .milliseconds(3)).indicesToDelete(shuffled, nowMillis: 10)
            == ["logs-000002", "logs-000009", "logs-000010"])
    }

    @Test func backingIndexNamesHaveSixDigitGenerations() {
        #expect(BackingIndexName.make("logs", generation: 1) == "logs-000001")
        #expect(BackingIndexName.make("logs", generation: 42) == "logs-000042")
        #expect(BackingIndexName.make("logs", generation: 999_999) == "logs-999999")
        #expect(BackingIndexName.make("logs", generation: 1_234_567) == "logs-1234567")
        #expect(BackingIndexName.parse("logs-000042")! == ("logs", 42))
        #expect(BackingIndexName.parse("my-app-logs-000003")! == ("my-app-logs", 3))
        #expect(BackingIndexName.parse("logs-1234567")! == ("logs", 1_234_567))
        for name in ["logs", "logs-1", "logs-000000", "-000001", "logs-00001x", "logs-0001234", "logs-", "logs-+00001"] {
            #expect(BackingIndexName.parse(name) == nil, "\(name)")
        }
    }
}
