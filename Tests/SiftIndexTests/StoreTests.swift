import SiftIndex
import SiftTestSupport
import SystemPackage
import Testing

private let segment = SegmentUUID(bytes: Array(17...32))

/// The first position where `actual` and `expected` differ (nil when equal), so a failure names
/// one doc instead of printing thousands.
private func firstMismatch<T: Equatable>(_ actual: [T], _ expected: [T]) -> Int? {
    if actual.count != expected.count { return min(actual.count, expected.count) }
    return actual.indices.first { actual[$0] != expected[$0] }
}

/// Documents shaped like log lines (compressible), of `0..<maxLength` bytes.
private func makeDocuments(count: Int, seed: UInt64, maxLength: Int = 300) -> [[UInt8]] {
    var rng = SplitMix64(seed: seed)
    let words = ["INFO", "WARN", "user", "order", "payment", "GET /api/v1/", "status", "200", "latency_ms"].map { Array($0.utf8) }
    return (0..<count).map { _ in
        let length = Int.random(in: 0..<maxLength, using: &rng)
        var doc: [UInt8] = []
        while doc.count < length {
            doc += words.randomElement(using: &rng)!
            doc.append(UInt8.random(in: 32...126, using: &rng))
        }
        return Array(doc.prefix(length))
    }
}

private func writeStore(_ docs: [[UInt8]], to path: FilePath, blockSize: Int = 64 << 10) throws -> Int {
    var writer = try StoreWriter(path: path, segment: segment, blockSize: blockSize)
    for doc in docs {
        try doc.withUnsafeBytes { try writer.append($0) }
    }
    #expect(writer.documentCount == docs.count)
    return try writer.finish(sync: false)
}

/// Every document by id (in order, then shuffled) and through `forEachDocument`.
private func expectDocuments(_ reader: StoreReader, _ docs: [[UInt8]]) throws {
    #expect(reader.documentCount == docs.count)
    #expect(firstMismatch(try (0..<docs.count).map { try reader.document(Int32($0)) }, docs) == nil)
    var rng = SplitMix64(seed: 99)
    let shuffled = Array(0..<docs.count).shuffled(using: &rng)
    #expect(firstMismatch(try shuffled.map { try reader.document(Int32($0)) }, shuffled.map { docs[$0] }) == nil)
    var visited: [[UInt8]] = []
    var ids: [Int32] = []
    try reader.forEachDocument(in: 0..<Int32(docs.count)) { id, bytes in
        ids.append(id)
        visited.append(Array(bytes))
    }
    #expect(ids == (0..<Int32(docs.count)).map { $0 })
    #expect(firstMismatch(visited, docs) == nil)
}

private func expectCorrupted<T>(_ path: FilePath, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> T) {
    let error = #expect(throws: IndexError.self, sourceLocation: sourceLocation) { _ = try body() }
    guard case .corrupted(let named, _)? = error else { return }
    #expect(named == path.string, sourceLocation: sourceLocation)
}

@Suite("Document store") struct StoreTests {
    @Test(arguments: [1, 64, 4_096, 64 << 10])
    func everyDocumentReadsBack(blockSize: Int) async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appending("s.store")
            var docs = makeDocuments(count: 2_000, seed: UInt64(blockSize))
            docs.insert([], at: 0)
            docs.insert(Array(repeating: UInt8(ascii: "x"), count: 3 * blockSize + 7), at: 1_000)  // bigger than a block
            docs.append([])
            _ = try writeStore(docs, to: path, blockSize: blockSize)
            try expectDocuments(try StoreReader(path: path, segment: segment), docs)
        }
    }

    @Test func partialRangesVisitOnlyTheirDocuments() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appending("s.store")
            let docs = makeDocuments(count: 1_000, seed: 2)
            _ = try writeStore(docs, to: path, blockSize: 1_000)
            let reader = try StoreReader(path: path, segment: segment)
            for range: Range<Int32> in [0..<0, 0..<1, 5..<6, 17..<503, 999..<1_000, 400..<1_000, 1_000..<1_000] {
                var visited: [[UInt8]] = []
                var ids: [Int32] = []
                try reader.forEachDocument(in: range) { id, bytes in
                    ids.append(id)
                    visited.append(Array(bytes))
                }
                #expect(ids == Array(range))
                #expect(firstMismatch(visited, range.map { docs[Int($0)] }) == nil)
            }
            expectCorrupted(path) { try reader.forEachDocument(in: 990..<1_001) { _, _ in } }
            expectCorrupted(path) { try reader.document(1_000) }
            expectCorrupted(path) { try reader.document(-1) }
        }
    }

    @Test func emptyDocumentsAndEmptyStores() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appending("s.store")
            let empties = [[UInt8]](repeating: [], count: 300)
            _ = try writeStore(empties, to: path, blockSize: 16)
            try expectDocuments(try StoreReader(path: path, segment: segment), empties)

            _ = try writeStore([], to: path)
            let reader = try StoreReader(path: path, segment: segment)
            #expect(reader.documentCount == 0)
            try reader.forEachDocument(in: 0..<0) { _, _ in Issue.record("no documents to visit") }
        }
    }

    @Test func incompressibleDocumentsAreStoredRaw() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appending("s.store")
            var rng = SplitMix64(seed: 3)
            let docs = (0..<200).map { _ in (0..<Int.random(in: 0..<2_000, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) } }
            let length = try writeStore(docs, to: path, blockSize: 8_192)
            let raw = docs.reduce(0) { $0 + $1.count }
            #expect(length < raw + raw / 50 + 1_000)  // no LZ4 expansion: header and lengths only
            try expectDocuments(try StoreReader(path: path, segment: segment), docs)
        }
    }

    @Test func logLinesCompress() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appending("s.store")
            let docs = makeDocuments(count: 5_000, seed: 4)
            let length = try writeStore(docs, to: path)
            #expect(length * 2 < docs.reduce(0) { $0 + $1.count })
        }
    }

    @Test func appendingBlocksOfTwoStoresConcatenatesThem() async throws {
        try await withTemporaryDirectory { dir in
            let first = makeDocuments(count: 700, seed: 5)
            let second = makeDocuments(count: 1_300, seed: 6)
            let own = makeDocuments(count: 33, seed: 7)
            _ = try writeStore(first, to: dir.appending("a.store"), blockSize: 4_096)
            _ = try writeStore(second, to: dir.appending("b.store"), blockSize: 10_000)
            _ = try writeStore([], to: dir.appending("c.store"))
            let a = try StoreReader(path: dir.appending("a.store"), segment: segment)
            let b = try StoreReader(path: dir.appending("b.store"), segment: segment)
            let c = try StoreReader(path: dir.appending("c.store"), segment: segment)

            let merged = dir.appending("m.store")
            var writer = try StoreWriter(path: merged, segment: segment, blockSize: 4_096)
            try writer.appendBlocks(of: a)
            #expect(writer.documentCount == 700)
            try writer.appendBlocks(of: c)
            for doc in own { try doc.withUnsafeBytes { try writer.append($0) } }  // a partial block in between
            try writer.appendBlocks(of: b)
            #expect(writer.documentCount == 2_033)
            _ = try writer.finish(sync: true)
            try expectDocuments(try StoreReader(path: merged, segment: segment), first + own + second)
        }
    }

    @Test func concurrentReadersShareTheBlockCache() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appending("s.store")
            let docs = makeDocuments(count: 3_000, seed: 8)
            _ = try writeStore(docs, to: path, blockSize: 2_048)
            let reader = try StoreReader(path: path, segment: segment)
            let mismatches = try await withThrowingTaskGroup(of: Int.self) { group in
                for task in 0..<4 {
                    group.addTask {
                        var rng = SplitMix64(seed: UInt64(task))
                        var wrong = 0
                        for _ in 0..<2_000 {
                            let id = Int.random(in: 0..<docs.count, using: &rng)
                            if try reader.document(Int32(id)) != docs[id] { wrong += 1 }
                        }
                        return wrong
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(mismatches == 0)
        }
    }

    @Test func truncatedFileIsReportedAsCorruption() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appending("s.store")
            _ = try writeStore(makeDocuments(count: 500, seed: 9), to: path, blockSize: 4_096)
            let bytes = try #require(try AtomicFile.read(path))
            for cut in [1, 12, 13, bytes.count / 2, bytes.count - 1, bytes.count] {
                try AtomicFile.write(Array(bytes.dropLast(cut)), to: path)
                expectCorrupted(path) { try StoreReader(path: path, segment: segment) }
            }
        }
    }

    @Test func flippedByteIsReportedAsCorruption() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appending("s.store")
            _ = try writeStore(makeDocuments(count: 500, seed: 10), to: path, blockSize: 4_096)
            let bytes = try #require(try AtomicFile.read(path))
            for position in [0, 4, 8, 12, 27, 28, bytes.count / 3, bytes.count - 30, bytes.count - 13, bytes.count - 1] {
                var damaged = bytes
                damaged[position] ^= 0x01
                try AtomicFile.write(damaged, to: path)
                expectCorrupted(path) { try StoreReader(path: path, segment: segment) }
            }
        }
    }

    @Test func damagedBlockWithAValidChecksumFailsOnRead() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appending("s.store")
            let docs = makeDocuments(count: 500, seed: 11)
            _ = try writeStore(docs, to: path, blockSize: 64 << 10)
            var bytes = try #require(try AtomicFile.read(path))
            // Zero a stretch of the single LZ4 block's payload, then fix up the checksum, so only
            // decompression can notice.
            for i in 3_000..<3_400 { bytes[i] = 0xFF }
            var crc = CRC32C()
            bytes.withUnsafeBytes { crc.update(UnsafeRawBufferPointer(rebasing: $0[..<(bytes.count - 4)])) }
            withUnsafeBytes(of: crc.value.littleEndian) { for i in 0..<4 { bytes[bytes.count - 4 + i] = $0[i] } }
            try AtomicFile.write(bytes, to: path)
            let reader = try StoreReader(path: path, segment: segment)
            expectCorrupted(path) { try reader.document(0) }
            expectCorrupted(path) { try reader.forEachDocument(in: 0..<1) { _, _ in } }
        }
    }
}
