import SiftIndex
import SiftTestSupport
import SystemPackage
import Testing

/// A column as the caller hands it to `ColumnWriter`: docCount + 1 offsets into sorted values.
private struct ColumnData<Value: Comparable> {
    var offsets: [UInt32] = [0]
    var values: [Value] = []
    var docCount: Int { offsets.count - 1 }

    /// `count(rng)` values per doc, each from `value(rng)`, sorted within the doc.
    init(docCount: Int, seed: UInt64, count: (inout SplitMix64) -> Int, value: (inout SplitMix64) -> Value) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<docCount {
            let n = count(&rng)
            values += (0..<n).map { _ in value(&rng) }.sorted()
            offsets.append(UInt32(values.count))
        }
    }

    func values(of doc: Int) -> [Value] { Array(values[Int(offsets[doc])..<Int(offsets[doc + 1])]) }
}

private let segment = SegmentUUID(bytes: Array(1...16))

/// The first position where `actual` and `expected` differ (nil when equal), so a failure names
/// one doc instead of printing thousands.
private func firstMismatch<T: Equatable>(_ actual: [T], _ expected: [T]) -> Int? {
    if actual.count != expected.count { return min(actual.count, expected.count) }
    return actual.indices.first { actual[$0] != expected[$0] }
}

private func writeNumeric(
    _ data: ColumnData<Int64>, kind: NumericKind = .long, field: UInt32 = 7, to path: FilePath
) throws -> Int {
    var writer = try ColumnWriter(path: path, segment: segment, docCount: data.docCount)
    try data.offsets.withUnsafeBufferPointer { offsets in
        try data.values.withUnsafeBufferPointer { values in
            try writer.addNumeric(field: field, kind: kind, offsets: offsets, values: values)
        }
    }
    return try writer.finish(sync: false)
}

/// Reads every doc and block back and compares with the data written, in a handful of expectations.
private func expectMatches(_ column: NumericColumn, _ data: ColumnData<Int64>, blockSize: Int = 512) {
    let docCount = data.docCount
    var expectedFirst: [Int64?] = []
    var actualFirst: [Int64?] = []
    var expectedAll: [[Int64]] = []
    var actualAll: [[Int64]] = []
    var scratch: [Int64] = [42]
    for doc in 0..<docCount {
        expectedFirst.append(data.values(of: doc).first)
        actualFirst.append(column.value(Int32(doc)))
        expectedAll.append(data.values(of: doc))
        column.values(Int32(doc), into: &scratch)
        actualAll.append(scratch)
    }
    #expect(firstMismatch(actualFirst, expectedFirst) == nil)
    #expect(firstMismatch(actualAll, expectedAll) == nil)
    #expect(column.docsWithValue == (0..<docCount).count { data.offsets[$0 + 1] > data.offsets[$0] })
    #expect(column.minValue == (data.values.min() ?? Int64.max))
    #expect(column.maxValue == (data.values.max() ?? Int64.min))
    #expect(column.isSingleValued == (0..<docCount).allSatisfy { data.offsets[$0 + 1] - data.offsets[$0] <= 1 })
    #expect(column.blockSize == blockSize)
    let blockCount = (docCount + blockSize - 1) / blockSize
    var expectedBounds: [[Int64]] = []
    var actualBounds: [[Int64]] = []
    for block in 0..<blockCount {
        let docs = (block * blockSize)..<min((block + 1) * blockSize, docCount)
        let values = data.values[Int(data.offsets[docs.lowerBound])..<Int(data.offsets[docs.upperBound])]
        expectedBounds.append(values.isEmpty ? [] : [values.min()!, values.max()!])
        actualBounds.append(column.blockBounds(block).map { [$0.min, $0.max] } ?? [])
    }
    #expect(firstMismatch(actualBounds, expectedBounds) == nil)
    #expect(column.blockBounds(blockCount) == nil)
    #expect(column.blockBounds(-1) == nil)
    #expect(column.value(Int32(docCount)) == nil)
    #expect(column.value(-1) == nil)
}

@Suite("Column files") struct ColumnTests {
    @Test func denseSingleValuedColumnRoundTrips() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appending("s.columns")
            let data = ColumnData<Int64>(docCount: 5_000, seed: 1, count: { _ in 1 }) { Int64.random(in: -1_000_000...1_000_000, using: &$0) }
            _ = try writeNumeric(data, to: path)
            let reader = try ColumnReader(path: path, segment: segment)
            #expect(reader.docCount == 5_000)
            let column = try #require(reader.numeric(7))
            #expect(column.kind == .long)
            #expect(column.isSingleValued)
            #expect(column.docsWithValue == 5_000)
            expectMatches(column, data)
            #expect(reader.numeric(8) == nil)
            #expect(reader.ordinals(7) == nil)
        }
    }

    @Test(arguments: [1, 50, 99])
    func sparseSingleValuedColumnRoundTrips(percent: Int) async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appending("s.columns")
            let data = ColumnData<Int64>(docCount: 20_011, seed: UInt64(percent), count: { Int.random(in: 0..<100, using: &$0) < percent ? 1 : 0 }) {
                Int64.random(in: 1_700_000_000_000...1_700_000_900_000, using: &$0)
            }
            _ = try writeNumeric(data, kind: .date, to: path)
            let column = try #require(try ColumnReader(path: path, segment: segment).numeric(7))
            #expect(column.kind == .date)
            #expect(column.isSingleValued)
            expectMatches(column, data)
        }
    }

    @Test func multiValuedColumnRoundTrips() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appending("s.columns")
            let data = ColumnData<Int64>(docCount: 3_000, seed: 3, count: { Int.random(in: 0...5, using: &$0) }) {
                Int64.random(in: -50...50, using: &$0)
            }
            _ = try writeNumeric(data, to: path)
            let column = try #require(try ColumnReader(path: path, segment: segment).numeric(7))
            #expect(!column.isSingleValued)
            expectMatches(column, data)
        }
    }

    @Test func allEqualValuesNeedNoBits() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appending("s.columns")
            let data = ColumnData<Int64>(docCount: 100_000, seed: 4, count: { _ in 1 }) { _ in 1_234_567_890_123 }
            let length = try writeNumeric(data, to: path)
            // 196 blocks of 32 bytes plus headers: no per-value bits at all.
            #expect(length < 196 * 32 + 200)
            let column = try #require(try ColumnReader(path: path, segment: segment).numeric(7))
            expectMatches(column, data)
        }
    }

    @Test func extremeValuesRoundTrip() async throws {
        let extremes: [Int64] = [.min, .min + 1, -1, 0, 1, .max - 1, .max]
        for (seed, perDoc) in [(5, 1...1), (6, 0...3)] {
            try await withTemporaryDirectory { dir in
                let path = dir.appending("s.columns")
                let data = ColumnData<Int64>(docCount: 2_000, seed: UInt64(seed), count: { Int.random(in: perDoc, using: &$0) }) {
                    extremes.randomElement(using: &$0)!
                }
                _ = try writeNumeric(data, to: path)
                let column = try #require(try ColumnReader(path: path, segment: segment).numeric(7))
                #expect(column.minValue == .min)
                #expect(column.maxValue == .max)
                expectMatches(column, data)
            }
        }
    }

    @Test func commonFactorsOfABlockAreDividedOut() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appending("s.columns")
            // Dates at whole seconds, in milliseconds: the gcd of 1000 saves 10 bits per value.
            let data = ColumnData<Int64>(docCount: 51_200, seed: 7, count: { _ in 1 }) {
                1_700_000_000_000 + 1_000 * Int64.random(in: 0..<1_000, using: &$0)
            }
            let length = try writeNumeric(data, kind: .date, to: path)
            // 10 bits per value (not 20) plus 32 bytes per block.
            #expect(length < 51_200 * 10 / 8 + 100 * 32 + 200)
            let column = try #require(try ColumnReader(path: path, segment: segment).numeric(7))
            expectMatches(column, data)
        }
    }

    @Test func sortableDoublesKeepTheirOrderAndBits() {
        let doubles: [Double] = [
            -.infinity, -.greatestFiniteMagnitude, -1e10, -1.5, -1, -.leastNormalMagnitude,
            -.leastNonzeroMagnitude, -0.0, 0.0, .leastNonzeroMagnitude, .leastNormalMagnitude, 0.1, 1, 3.962,
            1e300, .greatestFiniteMagnitude, .infinity,
        ]
        let encoded = doubles.map(SortableDouble.encode)
        #expect(encoded == encoded.sorted())
        #expect(Set(encoded).count == doubles.count)
        #expect(encoded.map(SortableDouble.decode).map(\.bitPattern) == doubles.map(\.bitPattern))
        #expect(SortableDouble.encode(0.0) == 0)
        #expect(SortableDouble.encode(-0.0) == -1)
        #expect(SortableDouble.encode(.infinity) == 0x7FF0_0000_0000_0000)
        #expect(SortableDouble.decode(SortableDouble.encode(.nan)).isNaN)
        var rng = SplitMix64(seed: 8)
        let randomDoubles = (0..<10_000).map { _ in Double(bitPattern: rng.next()) }.filter { !$0.isNaN }
        let pairs = zip(randomDoubles, randomDoubles.dropFirst())
        #expect(pairs.allSatisfy { ($0 < $1) == (SortableDouble.encode($0) < SortableDouble.encode($1)) || ($0 == 0 && $1 == 0) })
    }

    @Test func doubleColumnRoundTrips() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appending("s.columns")
            let specials: [Double] = [-.infinity, -2.5, -0.0, 0.0, 0.001, 409.72, .infinity]
            let data = ColumnData<Int64>(docCount: 4_000, seed: 9, count: { Int.random(in: 0...2, using: &$0) }) {
                SortableDouble.encode(Bool.random(using: &$0) ? specials.randomElement(using: &$0)! : Double.random(in: -1e6...1e6, using: &$0))
            }
            _ = try writeNumeric(data, kind: .double, to: path)
            let column = try #require(try ColumnReader(path: path, segment: segment).numeric(7))
            #expect(column.kind == .double)
            expectMatches(column, data)
            #expect(SortableDouble.decode(column.minValue) == -.infinity)
            #expect(SortableDouble.decode(column.maxValue) == .infinity)
        }
    }

    @Test func booleanColumnUsesOneBitPerDoc() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appending("s.columns")
            let data = ColumnData<Int64>(docCount: 65_536, seed: 10, count: { _ in 1 }) { Int64.random(in: 0...1, using: &$0) }
            let length = try writeNumeric(data, kind: .boolean, to: path)
            #expect(length < 65_536 / 8 + 128 * 32 + 200)
            let column = try #require(try ColumnReader(path: path, segment: segment).numeric(7))
            #expect(column.kind == .boolean)
            expectMatches(column, data)
        }
    }

    @Test func columnsWithoutValuesAndSegmentsWithoutDocs() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appending("s.columns")
            let none = ColumnData<Int64>(docCount: 700, seed: 11, count: { _ in 0 }) { _ in 0 }
            _ = try writeNumeric(none, to: path)
            let column = try #require(try ColumnReader(path: path, segment: segment).numeric(7))
            #expect(column.docsWithValue == 0)
            expectMatches(column, none)

            let empty = ColumnData<Int64>(docCount: 0, seed: 12, count: { _ in 0 }) { _ in 0 }
            _ = try writeNumeric(empty, to: path)
            let reader = try ColumnReader(path: path, segment: segment)
            #expect(reader.docCount == 0)
            let emptyColumn = try #require(reader.numeric(7))
            #expect(emptyColumn.value(0) == nil)
            #expect(emptyColumn.blockBounds(0) == nil)
        }
    }

    @Test(arguments: [1, 2, 5, 1_000, 70_000])
    func ordinalColumnsRoundTrip(ordinalCount: Int) async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appending("s.columns")
            let shapes: [(field: UInt32, count: (inout SplitMix64) -> Int)] = [
                (1, { _ in 1 }),
                (2, { Int.random(in: 0..<10, using: &$0) == 0 ? 1 : 0 }),
                (3, { Int.random(in: 0...4, using: &$0) }),
            ]
            let columns = shapes.map { shape in
                ColumnData<UInt32>(docCount: 3_333, seed: UInt64(ordinalCount) &+ UInt64(shape.field), count: shape.count) {
                    UInt32.random(in: 0..<UInt32(ordinalCount), using: &$0)
                }
            }.map { column in  // several values of a doc are distinct ordinals
                var unique = ColumnData<UInt32>(docCount: 0, seed: 0, count: { _ in 0 }) { _ in 0 }
                for doc in 0..<column.docCount {
                    unique.values += Array(Set(column.values(of: doc))).sorted()
                    unique.offsets.append(UInt32(unique.values.count))
                }
                return unique
            }
            var writer = try ColumnWriter(path: path, segment: segment, docCount: 3_333)
            for (shape, column) in zip(shapes, columns) {
                try column.offsets.withUnsafeBufferPointer { offsets in
                    try column.values.withUnsafeBufferPointer { ordinals in
                        try writer.addOrdinals(field: shape.field, ordinalCount: ordinalCount, offsets: offsets, ordinals: ordinals)
                    }
                }
            }
            let numeric = ColumnData<Int64>(docCount: 3_333, seed: 13, count: { _ in 1 }) { Int64.random(in: 0...9, using: &$0) }
            try numeric.offsets.withUnsafeBufferPointer { offsets in
                try numeric.values.withUnsafeBufferPointer { try writer.addNumeric(field: 1, kind: .long, offsets: offsets, values: $0) }
            }
            _ = try writer.finish(sync: true)

            let reader = try ColumnReader(path: path, segment: segment)
            expectMatches(try #require(reader.numeric(1)), numeric)
            var scratch: [UInt32] = [99]
            for (shape, column) in zip(shapes, columns) {
                let ordinals = try #require(reader.ordinals(shape.field))
                #expect(ordinals.ordinalCount == ordinalCount)
                #expect(ordinals.isSingleValued == (shape.field != 3 || ordinalCount == 1))
                var first: [UInt32?] = []
                var all: [[UInt32]] = []
                for doc in 0..<column.docCount {
                    first.append(ordinals.ordinal(Int32(doc)))
                    ordinals.ordinals(Int32(doc), into: &scratch)
                    all.append(scratch)
                }
                #expect(firstMismatch(first, (0..<column.docCount).map { column.values(of: $0).first }) == nil)
                #expect(firstMismatch(all, (0..<column.docCount).map { column.values(of: $0) }) == nil)
                #expect(ordinals.ordinal(3_333) == nil)
            }
        }
    }

    @Test func truncatedFileIsReportedAsCorruption() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appending("s.columns")
            let data = ColumnData<Int64>(docCount: 1_000, seed: 14, count: { _ in 1 }) { Int64.random(in: 0...1_000, using: &$0) }
            _ = try writeNumeric(data, to: path)
            let bytes = try #require(try AtomicFile.read(path))
            for cut in [1, 12, bytes.count / 2, bytes.count - 1] {
                try AtomicFile.write(Array(bytes.dropLast(cut)), to: path)
                expectCorrupted(path) { try ColumnReader(path: path, segment: segment) }
            }
        }
    }

    @Test func flippedByteIsReportedAsCorruption() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appending("s.columns")
            let data = ColumnData<Int64>(docCount: 1_000, seed: 15, count: { _ in 1 }) { Int64.random(in: 0...1_000, using: &$0) }
            _ = try writeNumeric(data, to: path)
            let bytes = try #require(try AtomicFile.read(path))
            for position in [0, 5, 30, bytes.count / 2, bytes.count - 20, bytes.count - 1] {
                var damaged = bytes
                damaged[position] ^= 0x10
                try AtomicFile.write(damaged, to: path)
                expectCorrupted(path) { try ColumnReader(path: path, segment: segment) }
            }
            try AtomicFile.write(bytes, to: path)
            expectCorrupted(path) { try ColumnReader(path: path, segment: SegmentUUID(bytes: Array(repeating: 0, count: 16))) }
        }
    }
}

/// Expects `body` to throw `IndexError.corrupted` naming `path`.
private func expectCorrupted<T>(_ path: FilePath, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> T) {
    let error = #expect(throws: IndexError.self, sourceLocation: sourceLocation) { _ = try body() }
    guard case .corrupted(let named, _)? = error else { return }
    #expect(named == path.string, sourceLocation: sourceLocation)
}
