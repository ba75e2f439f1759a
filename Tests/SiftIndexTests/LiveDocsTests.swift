import SiftIndex
import SiftTestSupport
import SystemPackage
import Testing

private let segment = SegmentUUID(bytes: Array(1...16))

@Suite struct LiveDocsTests {
    @Test func deleteMarksDocumentsAndCounts() {
        var live = LiveDocs(docCount: 130)
        #expect(live.liveCount == 130)
        #expect(!live.hasDeletions)
        #expect((0..<130).allSatisfy { live.isLive(Int32($0)) })
        let results = [live.delete(0), live.delete(64), live.delete(129), live.delete(64)]
        #expect(results == [true, true, true, false])
        #expect(live.deletedCount == 3)
        #expect(live.liveCount == 127)
        #expect(live.docCount == 130)
        #expect((0..<130).filter { !live.isLive(Int32($0)) } == [0, 64, 129])
    }

    @Test func documentsOutsideTheSegmentAreNotLive() {
        let live = LiveDocs(docCount: 70)
        #expect(!live.isLive(-1))
        #expect(!live.isLive(70))
        #expect(!live.isLive(127))
        #expect(!live.isLive(Int32.min))
        #expect(!live.isLive(Int32.max))
        #expect(!LiveDocs(docCount: 0).isLive(0))
    }

    @Test func nextLiveWalksLiveDocuments() {
        var live = LiveDocs(docCount: 200)
        for doc in 0..<200 where doc % 3 != 0 || (60..<140).contains(doc) { live.delete(Int32(doc)) }
        var walked: [Int32] = []
        var doc: Int32 = 0
        while let next = live.nextLive(atOrAfter: doc) {
            walked.append(next)
            doc = next + 1
        }
        let expected: [Int32] = (0..<200).filter { $0 % 3 == 0 && !(60..<140).contains($0) }
        #expect(walked == expected)
        #expect(live.nextLive(atOrAfter: -5) == 0)
        #expect(live.nextLive(atOrAfter: 200) == nil)
        #expect(LiveDocs(docCount: 0).nextLive(atOrAfter: 0) == nil)
    }

    @Test(arguments: [0, 1, 63, 64, 65, 1_000])
    func fileRoundTripsSparseAndDense(docCount: Int) async throws {
        try await withTemporaryDirectory { dir in
            var random = SplitMix64(seed: UInt64(docCount))
            var sparse = LiveDocs(docCount: docCount)
            if docCount > 0 { for _ in 0..<3 { sparse.delete(Int32.random(in: 0..<Int32(docCount), using: &random)) } }
            var dense = LiveDocs(docCount: docCount)
            for doc in 0..<docCount where Bool.random(using: &random) { dense.delete(Int32(doc)) }
            for (name, live) in [("sparse", sparse), ("dense", dense), ("none", LiveDocs(docCount: docCount))] {
                let path = dir.appending("_0.\(name).del")
                try live.write(to: path, segment: segment, sync: true)
                let read = try LiveDocs(path: path, segment: segment, docCount: docCount)
                #expect(read == live, "\(name), \(docCount) documents")
                #expect(read.deletedCount == live.deletedCount)
                #expect((0..<docCount).allSatisfy { read.isLive(Int32($0)) == live.isLive(Int32($0)) })
            }
        }
    }

    @Test func fileSizesMatchTheChosenEncoding() async throws {
        try await withTemporaryDirectory { dir in
            var sparse = LiveDocs(docCount: 1_000)
            sparse.delete(5)
            sparse.delete(900)  // ids 5, then gap 895 (2 bytes)
            try sparse.write(to: dir.appending("a.del"), segment: segment, sync: false)
            #expect(try AtomicFile.read(dir.appending("a.del"))?.count == 28 + 9 + 1 + 2 + 12)
            var dense = LiveDocs(docCount: 1_000)
            for doc in 0..<500 { dense.delete(Int32(doc * 2)) }
            try dense.write(to: dir.appending("b.del"), segment: segment, sync: false)
            #expect(try AtomicFile.read(dir.appending("b.del"))?.count == 28 + 9 + 16 * 8 + 12)
        }
    }

    @Test func fileNameNamesSegmentAndGeneration() {
        #expect(LiveDocs.fileName(segmentName: "_3", generation: 7) == "_3.7.del")
    }

    @Test func wrongDocumentCountOrSegmentIsCorruption() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appending("_0.1.del")
            try LiveDocs(docCount: 10).write(to: path, segment: segment, sync: false)
            expectCorrupted(path) { try LiveDocs(path: path, segment: segment, docCount: 11) }
            expectCorrupted(path) { try LiveDocs(path: path, segment: SegmentUUID(bytes: Array(2...17)), docCount: 10) }
            expectCorrupted(path) { try LiveDocs(path: path, segment: segment, docCount: -1) }
            expectCorrupted(path) { try LiveDocs(path: path, segment: segment, docCount: Int(Int32.max) + 1) }
        }
    }

    @Test func truncatedFileIsCorruption() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appending("_0.1.del")
            var live = LiveDocs(docCount: 300)
            for doc in stride(from: 0, to: 300, by: 2) { live.delete(Int32(doc)) }
            try live.write(to: path, segment: segment, sync: false)
            let bytes = try #require(try AtomicFile.read(path))
            for length in [0, 1, 27, 28, 40, bytes.count - 12, bytes.count - 1] {
                try AtomicFile.write(Array(bytes[..<length]), to: path)
                expectCorrupted(path) { try LiveDocs(path: path, segment: segment, docCount: 300) }
            }
        }
    }

    @Test func everyFlippedByteIsCorruption() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appending("_0.1.del")
            for live in [LiveDocs(docCount: 70), { var l = LiveDocs(docCount: 70); l.delete(3); return l }()] {
                try live.write(to: path, segment: segment, sync: false)
                let bytes = try #require(try AtomicFile.read(path))
                for index in bytes.indices {
                    var damaged = bytes
                    damaged[index] ^= 0x10
                    try AtomicFile.write(damaged, to: path)
                    expectCorrupted(path) { try LiveDocs(path: path, segment: segment, docCount: 70) }
                }
            }
        }
    }
}

private func expectCorrupted(_ path: FilePath, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> LiveDocs) {
    #expect(sourceLocation: sourceLocation) {
        _ = try body()
    } throws: { error in
        guard case .corrupted(let file, _) = error as? IndexError else { return false }
        return file == path.string
    }
}
