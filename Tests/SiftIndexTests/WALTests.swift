import SiftIndex
import SiftTestSupport
import SystemPackage
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Record `i` of a test log: varying lengths (1...97 bytes) and content, so records are distinguishable.
private func record(_ i: Int) -> [UInt8] {
    (0...(i * 7 % 97)).map { UInt8(truncatingIfNeeded: i &* 31 &+ $0) }
}

private func replayAll(_ directory: FilePath, from generation: UInt64 = 0) throws -> ([[UInt8]], WALReplayReport) {
    var records: [[UInt8]] = []
    let report = try WriteAheadLog.replay(directory: directory, from: generation) { records.append(Array($0)) }
    return (records, report)
}

private func walFile(_ directory: FilePath, _ generation: UInt64) -> FilePath {
    directory.appending(WALFile.fileName(generation: generation))
}

private func readFile(_ path: FilePath) throws -> [UInt8] {
    try #require(try AtomicFile.read(path))
}

/// Replaces a file's content without syncing (tests simulate what a crash left behind).
private func overwrite(_ path: FilePath, with bytes: [UInt8]) throws {
    let fd = try FileDescriptor.open(path, .writeOnly, options: [.create, .truncate], permissions: [.ownerReadWrite])
    try fd.closeAfter { _ = try fd.writeAll(bytes) }
}

/// Writes records `range` into a fresh log in `directory` and closes it; returns the generation used.
@discardableResult
private func writeLog(_ directory: FilePath, records range: Range<Int>) async throws -> UInt64 {
    let wal = try WriteAheadLog(directory: directory)
    for i in range { _ = wal.append(record(i)) }
    try await wal.close()
    return wal.generation
}

@Suite("Write-ahead log") struct WALTests {
    @Test func fileNamesAreTwentyDigitGenerations() {
        #expect(WALFile.fileName(generation: 42) == "00000000000000000042.wal")
        #expect(WALFile.fileName(generation: .max) == "18446744073709551615.wal")
        #expect(WALFile.generation(fromFileName: "00000000000000000042.wal") == 42)
        #expect(WALFile.generation(fromFileName: "18446744073709551615.wal") == .max)
        #expect(WALFile.generation(fromFileName: "18446744073709551616.wal") == nil)
        #expect(WALFile.generation(fromFileName: "0000000000000000042.wal") == nil)
        #expect(WALFile.generation(fromFileName: "0000000000000000004x.wal") == nil)
        #expect(WALFile.generation(fromFileName: "00000000000000000042.wal.tmp") == nil)
    }

    @Test func recordsRoundTripAcrossGenerationsAndRolls() async throws {
        try await withTemporaryDirectory { root in
            let dir = root.appending("wal")
            let wal = try WriteAheadLog(directory: dir)
            #expect(wal.generation == 1)
            #expect(wal.appendPosition == WALPosition(generation: 1, offset: 16))
            var positions: [WALPosition] = []
            for i in 0..<10 { positions.append(wal.append(record(i))) }
            #expect(positions[0] == WALPosition(generation: 1, offset: 16 + 8 + record(0).count))
            #expect(positions[1] == WALPosition(generation: 1, offset: positions[0].offset + 8 + record(1).count))
            try await wal.sync(through: positions[4])
            #expect(wal.durablePosition >= positions[4])
            #expect(try await wal.roll() == 2)
            #expect(wal.durablePosition == WALPosition(generation: 2, offset: 16))
            for i in 10..<15 { _ = wal.append(record(i)) }
            #expect(try await wal.roll() == 3)
            for i in 15..<18 { positions.append(wal.append(record(i))) }
            try await wal.syncAll()
            let bytes = (0..<18).reduce(0) { $0 + 8 + record($1).count }
            #expect(wal.appendedBytes == bytes)
            try await wal.close()

            #expect(try WALFile.generations(in: dir) == [1, 2, 3])
            let header = Array(try readFile(walFile(dir, 2)).prefix(16))
            #expect(header == Array("SWAL".utf8) + [1, 0, 0, 0] + [2, 0, 0, 0, 0, 0, 0, 0])
            #expect(try readFile(walFile(dir, 3)).count == positions.last!.offset)

            let (all, report) = try replayAll(dir, from: 1)
            #expect(all == (0..<18).map(record))
            #expect(report == WALReplayReport(records: 18))
            let (fromTwo, _) = try replayAll(dir, from: 2)
            #expect(fromTwo == (10..<18).map(record))

            // A reopened log starts a new generation and never appends to an old file.
            #expect(try await writeLog(dir, records: 18..<20) == 4)
            #expect(try replayAll(dir, from: 1).0 == (0..<20).map(record))
            #expect(try replayAll(dir, from: 4).0 == (18..<20).map(record))
        }
    }

    @Test func syncOfDurablePositionReturnsAtOnceAndRollOfEmptyLogWorks() async throws {
        try await withTemporaryDirectory { dir in
            let wal = try WriteAheadLog(directory: dir)
            try await wal.syncAll()
            try await wal.sync(through: WALPosition(generation: 1, offset: 0))
            #expect(wal.fsyncCount == 0)
            #expect(try await wal.roll() == 2)
            #expect(try await wal.roll() == 3)
            let position = wal.append([7])
            try await wal.sync(through: position)
            let rounds = wal.fsyncCount
            try await wal.sync(through: position)
            try await wal.syncAll()
            #expect(wal.fsyncCount == rounds)
            try await wal.close()
            #expect(try replayAll(dir).0 == [[7]])
            #expect(try readFile(walFile(dir, 1)).count == 16)
            #expect(try readFile(walFile(dir, 2)).count == 16)
        }
    }

    @Test func replayOfMissingDirectoryFindsNothing() throws {
        let (records, report) = try replayAll(FilePath("/nonexistent/sift-wal-test/wal"))
        #expect(records.isEmpty)
        #expect(report == WALReplayReport())
    }

    @Test func tornTailIsTruncatedAtEveryCutOffsetOfTheLastRecord() async throws {
        try await withTemporaryDirectory { root in
            let source = root.appending("source")
            try await writeLog(source, records: 0..<3)
            let original = try readFile(walFile(source, 1))
            let lastStart = original.count - 8 - record(2).count
            for cut in (lastStart + 1)..<original.count {
                let dir = root.appending("cut-\(cut)")
                try AtomicFile.createDirectory(dir)
                try overwrite(walFile(dir, 1), with: Array(original[..<cut]))

                let (records, report) = try replayAll(dir)
                #expect(records == [record(0), record(1)], "cut at \(cut)")
                #expect(report == WALReplayReport(records: 2, truncatedBytes: cut - lastStart), "cut at \(cut)")
                #expect(try readFile(walFile(dir, 1)) == Array(original[..<lastStart]))

                let (again, secondReport) = try replayAll(dir)
                #expect(again == [record(0), record(1)])
                #expect(secondReport == WALReplayReport(records: 2))

                #expect(try await writeLog(dir, records: 3..<4) == 2)
                let (afterReopen, thirdReport) = try replayAll(dir)
                #expect(afterReopen == [record(0), record(1), record(3)])
                #expect(thirdReport == WALReplayReport(records: 3))
            }
        }
    }

    @Test func tornTailIsTruncatedWhenTheNewLogWasOpenedBeforeReplay() async throws {
        try await withTemporaryDirectory { dir in
            try await writeLog(dir, records: 0..<3)
            let original = try readFile(walFile(dir, 1))
            try overwrite(walFile(dir, 1), with: Array(original.dropLast(5)))
            let wal = try WriteAheadLog(directory: dir)  // generation 2, header only
            let (records, report) = try replayAll(dir)
            #expect(records == [record(0), record(1)])
            #expect(report == WALReplayReport(records: 2, truncatedBytes: 8 + record(2).count - 5))
            _ = wal.append(record(3))
            try await wal.close()
            #expect(try replayAll(dir) == ([record(0), record(1), record(3)], WALReplayReport(records: 3)))
        }
    }

    @Test(arguments: [1, 7, 8, 9, 100, 5_000])
    func garbageTailIsTruncated(garbageLength: Int) async throws {
        try await withTemporaryDirectory { dir in
            try await writeLog(dir, records: 0..<2)
            try await writeLog(dir, records: 2..<5)
            let original = try readFile(walFile(dir, 2))
            var random = SplitMix64(seed: UInt64(garbageLength))
            let garbage = (0..<garbageLength).map { _ in UInt8.random(in: 0...255, using: &random) }
            try overwrite(walFile(dir, 2), with: original + garbage)
            let (records, report) = try replayAll(dir)
            #expect(records == (0..<5).map(record))
            #expect(report == WALReplayReport(records: 5, truncatedBytes: garbageLength))
            #expect(try readFile(walFile(dir, 2)) == original)
            #expect(try replayAll(dir).1 == WALReplayReport(records: 5))
        }
    }

    @Test func zeroFilledTailIsTruncated() async throws {
        try await withTemporaryDirectory { dir in
            try await writeLog(dir, records: 0..<3)
            let original = try readFile(walFile(dir, 1))
            try overwrite(walFile(dir, 1), with: original + [UInt8](repeating: 0, count: 4096))
            #expect(try replayAll(dir) == ((0..<3).map(record), WALReplayReport(records: 3, truncatedBytes: 4096)))
            #expect(try readFile(walFile(dir, 1)) == original)
        }
    }

    @Test(arguments: [false, true])
    func lastFileWithTornHeaderGetsAFreshHeader(newLogOpenedFirst: Bool) async throws {
        try await withTemporaryDirectory { dir in
            try await writeLog(dir, records: 0..<2)
            try overwrite(walFile(dir, 2), with: Array(WALFile.header(generation: 2).prefix(7)))
            let wal = newLogOpenedFirst ? try WriteAheadLog(directory: dir) : nil
            #expect(try replayAll(dir) == ([record(0), record(1)], WALReplayReport(records: 2, truncatedBytes: 7)))
            #expect(try readFile(walFile(dir, 2)) == WALFile.header(generation: 2))
            #expect(try replayAll(dir) == ([record(0), record(1)], WALReplayReport(records: 2)))
            try await wal?.close()
            #expect(try WALFile.generations(in: dir) == (newLogOpenedFirst ? [1, 2, 3] : [1, 2]))
        }
    }

    @Test func midFileCorruptionIsReportedAndLaterFilesStillReplay() async throws {
        try await withTemporaryDirectory { root in
            let dir = root.appending("wal")
            try await writeLog(dir, records: 0..<3)  // generation 1
            try await writeLog(dir, records: 3..<6)  // generation 2
            try await writeLog(dir, records: 6..<9)  // generation 3, the last
            var first = try readFile(walFile(dir, 1))
            let secondRecord = 16 + 8 + record(0).count
            first[secondRecord + 8 + 2] ^= 0x40  // inside record 1's payload
            try overwrite(walFile(dir, 1), with: first)
            // In the last file a damaged record followed by a valid one is damage, not a torn tail.
            var last = try readFile(walFile(dir, 3))
            let lastSecond = 16 + 8 + record(6).count
            last[lastSecond + 5] ^= 0x01  // record 7's checksum
            try overwrite(walFile(dir, 3), with: last)

            let (records, report) = try replayAll(dir)
            #expect(records == [record(0), record(3), record(4), record(5), record(6)])
            let skippedFirst = first.count - secondRecord
            let skippedLast = last.count - lastSecond
            #expect(report.problems == [
                "wal/00000000000000000001.wal: bad checksum at offset \(secondRecord); \(skippedFirst) bytes skipped",
                "wal/00000000000000000003.wal: bad checksum at offset \(lastSecond); \(skippedLast) bytes skipped",
            ])
            #expect(report.records == 5)
            #expect(report.truncatedBytes == 0)
            #expect(try readFile(walFile(dir, 1)) == first)
            #expect(try readFile(walFile(dir, 3)) == last)
        }
    }

    @Test func shortRecordInAnEarlierFileIsAProblemNotATornTail() async throws {
        try await withTemporaryDirectory { root in
            let dir = root.appending("wal")
            try await writeLog(dir, records: 0..<2)
            try await writeLog(dir, records: 2..<3)
            let first = try readFile(walFile(dir, 1))
            try overwrite(walFile(dir, 1), with: Array(first.dropLast(3)))
            let secondRecord = 16 + 8 + record(0).count
            let (records, report) = try replayAll(dir)
            #expect(records == [record(0), record(2)])
            #expect(report.problems == [
                "wal/00000000000000000001.wal: record of \(record(1).count) bytes runs past the end at offset \(secondRecord); \(first.count - 3 - secondRecord) bytes skipped"
            ])
            #expect(report.truncatedBytes == 0)
        }
    }

    @Test func badHeaderAndMissingGenerationsAreProblems() async throws {
        try await withTemporaryDirectory { root in
            let dir = root.appending("wal")
            try await writeLog(dir, records: 0..<1)  // 1
            try await writeLog(dir, records: 1..<2)  // 2
            try await writeLog(dir, records: 2..<3)  // 3
            try await writeLog(dir, records: 3..<4)  // 4
            var second = try readFile(walFile(dir, 2))
            second[0] = UInt8(ascii: "X")
            try overwrite(walFile(dir, 2), with: second)
            #expect(unlink(walFile(dir, 3).string) == 0)
            let (records, report) = try replayAll(dir)
            #expect(records == [record(0), record(3)])
            #expect(report.problems == [
                "wal/00000000000000000002.wal: not a WAL file (bad magic); \(second.count) bytes skipped",
                "wal/00000000000000000004.wal: generations 3..<4 are missing",
            ])
        }
    }

    @Test func groupCommitBatchesConcurrentWaiters() async throws {
        try await withTemporaryDirectory { dir in
            let wal = try WriteAheadLog(directory: dir)
            let tasks = 50
            let positions = await withTaskGroup(of: WALPosition?.self) { group in
                for i in 0..<tasks {
                    group.addTask {
                        let position = wal.append(record(i))
                        do { try await wal.sync(through: position) } catch { return nil }
                        return wal.durablePosition >= position ? position : nil
                    }
                }
                var positions: [WALPosition?] = []
                for await position in group { positions.append(position) }
                return positions
            }
            #expect(positions.count == tasks)
            #expect(positions.allSatisfy { $0 != nil })
            #expect(wal.fsyncCount < tasks)
            #expect(wal.fsyncCount >= 1)
            try await wal.close()
            let (records, report) = try replayAll(dir)
            #expect(Set(records) == Set((0..<tasks).map(record)))
            #expect(report == WALReplayReport(records: tasks))
        }
    }

    @Test func writersThatKeepSyncingShareRounds() async throws {
        try await withTemporaryDirectory { dir in
            let wal = try WriteAheadLog(directory: dir)
            let (writers, perWriter) = (16, 25)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        for i in 0..<perWriter {
                            let position = wal.append(record(writer * perWriter + i))
                            try await wal.sync(through: position)
                            #expect(wal.durablePosition >= position)
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(wal.fsyncCount < writers * perWriter)
            #expect(wal.syncStats.rounds == wal.fsyncCount)
            try await wal.close()
            let (records, report) = try replayAll(dir)
            #expect(Set(records) == Set((0..<(writers * perWriter)).map(record)))
            #expect(report == WALReplayReport(records: writers * perWriter))
        }
    }

    @Test func largeBufferIsWrittenInTheBackgroundWithoutAWaiter() async throws {
        try await withTemporaryDirectory { dir in
            let wal = try WriteAheadLog(directory: dir)
            let chunk = [UInt8](repeating: 0xAB, count: 64 << 10)
            var count = 0
            while wal.appendedBytes < WriteAheadLog.backgroundWriteThreshold {
                _ = wal.append(chunk)
                count += 1
            }
            let deadline = ContinuousClock.now + .seconds(30)
            while wal.fsyncCount == 0, ContinuousClock.now < deadline { await Task.yield() }
            #expect(wal.fsyncCount >= 1)
            #expect(wal.durablePosition.offset > 16)
            try await wal.close()
            #expect(try replayAll(dir) == ([[UInt8]](repeating: chunk, count: count), WALReplayReport(records: count)))
        }
    }

    @Test func removeGenerationsDeletesOnlyOlderFiles() async throws {
        try await withTemporaryDirectory { dir in
            let wal = try WriteAheadLog(directory: dir)
            for generation in 0..<4 {
                _ = wal.append(record(generation))
                if generation < 3 { _ = try await wal.roll() }
            }
            try await wal.syncAll()
            #expect(try WALFile.generations(in: dir) == [1, 2, 3, 4])
            try wal.removeGenerations(below: 3)
            #expect(try WALFile.generations(in: dir) == [3, 4])
            #expect(try replayAll(dir) == ([record(2), record(3)], WALReplayReport(records: 2)))
            try wal.removeGenerations(below: .max)  // never the file being appended to
            #expect(try WALFile.generations(in: dir) == [4])
            _ = wal.append(record(9))
            try await wal.close()
            #expect(try replayAll(dir).0 == [record(3), record(9)])
        }
    }

    @Test func randomBytesNeverTrapReplay() async throws {
        try await withTemporaryDirectory { root in
            let source = root.appending("source")
            try await writeLog(source, records: 0..<20)
            let original = try readFile(walFile(source, 1))
            let known = Set((0..<20).map(record))
            var random = SplitMix64(seed: 0x5EED)
            for round in 0..<300 {
                var bytes: [UInt8]
                switch round % 3 {
                case 0:  // a valid log with a few bytes changed
                    bytes = original
                    for _ in 0...Int.random(in: 0..<4, using: &random) {
                        bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                    }
                case 1:  // a valid header, then noise
                    bytes = Array(original.prefix(16))
                        + (0..<Int.random(in: 0..<600, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                default:  // noise, possibly cut short
                    bytes = (0..<Int.random(in: 0..<300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                }
                let cut = Int.random(in: 0...bytes.count, using: &random)
                if round % 2 == 1 { bytes = Array(bytes[..<cut]) }
                let dir = root.appending("fuzz-\(round)")
                try AtomicFile.createDirectory(dir)
                try overwrite(walFile(dir, 1), with: bytes)
                let (records, report) = try replayAll(dir)
                #expect(records.allSatisfy { known.contains($0) }, "round \(round)")
                #expect(report.records == records.count)
                let remaining = try readFile(walFile(dir, 1))
                if bytes.count < 16 {  // a torn header is replaced by a fresh one
                    #expect(report.truncatedBytes == bytes.count && remaining == WALFile.header(generation: 1))
                } else {
                    #expect(report.truncatedBytes + remaining.count == bytes.count, "round \(round)")
                    #expect(remaining == Array(bytes.prefix(remaining.count)), "round \(round)")
                }
                // Whatever was truncated, a second replay delivers the same records and truncates nothing.
                let (again, secondReport) = try replayAll(dir)
                #expect(again == records, "round \(round)")
                #expect(secondReport.truncatedBytes == 0, "round \(round)")
            }
        }
    }
}
