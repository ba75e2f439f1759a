import SiftIndex
import SiftTestSupport
import SystemPackage
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Inverted index files")
struct PostingsTests {
    let segment = SegmentUUID(bytes: Array(0..<16))

    @Test func randomFieldsRoundTripThroughLookupEnumOrdinalsAndPostings() async throws {
        try await withTemporaryDirectory { dir in
            var rng = SplitMix64(seed: 42)
            let fields = [
                ModelField.random(number: 1, options: .docs, termCount: 1_500, docCount: 4_000, using: &rng),
                ModelField.random(number: 3, options: .docsAndFreqs, termCount: 1_200, docCount: 4_000, using: &rng),
                ModelField(number: 4, options: .docsFreqsAndPositions, terms: []),
                ModelField.random(number: 7, options: .docsFreqsAndPositions, termCount: 1_200, docCount: 4_000, using: &rng),
            ]
            let size = try write(fields, to: dir)
            #expect(size == fileSizes(dir).reduce(0, +))
            let reader = try InvertedIndexReader(directory: dir, segmentName: "seg", segment: segment)
            #expect(reader.fields == [1, 3, 4, 7])
            #expect(reader.terms(2) == nil)
            for field in fields {
                let terms = try #require(reader.terms(field.number))
                try check(field, terms, using: &rng)
            }
        }
    }

    @Test func emptyFieldAndEmptySegmentOpen() async throws {
        try await withTemporaryDirectory { dir in
            let writer = try InvertedIndexWriter(directory: dir, segmentName: "empty", segment: segment)
            _ = try writer.finish(sync: true)
            let none = try InvertedIndexReader(directory: dir, segmentName: "empty", segment: segment)
            #expect(none.fields == [])

            _ = try write([ModelField(number: 5, options: .docsAndFreqs, terms: [])], to: dir)
            let reader = try InvertedIndexReader(directory: dir, segmentName: "seg", segment: segment)
            let terms = try #require(reader.terms(5))
            #expect(terms.termCount == 0)
            #expect(terms.docCount == 0)
            #expect(terms.sumDocFreq == 0)
            #expect(terms.lookup([UInt8]()) == nil)
            #expect(terms.lookup(Array("a".utf8)) == nil)
            var termsEnum = terms.makeEnum()
            let moved = termsEnum.next()
            #expect(!moved)
            #expect(seek(&termsEnum, []) == .end)
        }
    }

    @Test func denseAndSingleDocTermsUseBlocksSkipsAndInlining() async throws {
        try await withTemporaryDirectory { dir in
            // All 1000 docs (bit width 0 blocks), every third doc, and single-doc terms with 1 and 3 positions.
            let all = ModelTerm(term: Array("all".utf8), docs: (0..<1000).map { UInt32($0) },
                                freqs: Array(repeating: 1, count: 1000), positions: Array(repeating: 0, count: 1000))
            let third = ModelTerm(term: Array("third".utf8), docs: stride(from: 0, to: 1000, by: 3).map { UInt32($0) },
                                  freqs: Array(repeating: 2, count: 334), positions: Array(repeating: [4, 9], count: 334).flatMap { $0 })
            let once = ModelTerm(term: Array("unique".utf8), docs: [999], freqs: [1], positions: [77])
            let thrice = ModelTerm(term: Array("unique3".utf8), docs: [5], freqs: [3], positions: [1, 1, 400])
            let field = ModelField(number: 0, options: .docsFreqsAndPositions, terms: [all, third, once, thrice])
            _ = try write([field], to: dir)
            let reader = try InvertedIndexReader(directory: dir, segmentName: "seg", segment: segment)
            let terms = try #require(reader.terms(0))
            #expect(terms.docCount == 1000)
            #expect(terms.sumDocFreq == 1000 + 334 + 1 + 1)
            #expect(terms.sumTotalTermFreq == 1000 + 668 + 1 + 3)
            var postings = terms.postings(try #require(terms.lookup(Array("third".utf8))), positions: true)
            #expect(postings.advance(to: 500) == 501)
            #expect(postings.freq == 2)
            #expect([postings.nextPosition(), postings.nextPosition()] == [4, 9])
            #expect(postings.advance(to: 998) == 999)
            #expect(postings.next() == PostingsIterator.noMoreDocs)
            var single = terms.postings(try #require(terms.lookup(Array("unique3".utf8))), positions: true)
            #expect(single.next() == 5)
            #expect([single.nextPosition(), single.nextPosition(), single.nextPosition()] == [1, 1, 400])
            #expect(single.next() == PostingsIterator.noMoreDocs)
            var rng = SplitMix64(seed: 7)
            try check(field, terms, using: &rng)
        }
    }

    @Test func sequentialIDsAndRepetitiveTermsRoundTrip() async throws {
        try await withTemporaryDirectory { dir in
            // `_id`-like terms (time-ordered, constant node suffix) in doc order: delta-coded singleton
            // docs and LZ4 suffixes; a few out-of-order docs break the runs.
            let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
            var ids: [ModelTerm] = []
            for i in 0..<3_000 {
                var term = Array("AY5x".utf8)
                var value = i * 7 + 1_000_000
                for _ in 0..<6 {
                    term.append(alphabet[value & 63])
                    value >>= 6
                }
                term.reverse()
                term += Array("-node-7f3a91c2e5d4".utf8)
                let doc = i % 500 == 499 ? UInt32(10_000 + i) : UInt32(i)
                ids.append(ModelTerm(term: term, docs: [doc], freqs: [], positions: []))
            }
            ids.sort { $0.term.lexicographicallyPrecedes($1.term) }
            let messages = (0..<400).map { i in
                ModelTerm(
                    term: Array("connection refused by upstream service number \(i * 13 % 400 + 1000)".utf8),
                    docs: [UInt32(i), UInt32(i + 7)], freqs: [1, 2], positions: [3, 5, 9])
            }.sorted { $0.term.lexicographicallyPrecedes($1.term) }
            let fields = [
                ModelField(number: 0, options: .docs, terms: ids),
                ModelField(number: 2, options: .docsFreqsAndPositions, terms: messages),
            ]
            let size = try write(fields, to: dir)
            #expect(size < 3_000 * 8 + 400 * 16)  // about 3 bytes per id, a few per message term
            let reader = try InvertedIndexReader(directory: dir, segmentName: "seg", segment: segment)
            var rng = SplitMix64(seed: 11)
            for field in fields { try check(field, try #require(reader.terms(field.number)), using: &rng) }
        }
    }

    @Test(arguments: ["terms", "postings", "positions"])
    func truncatedFileIsReportedAsCorruption(ext: String) async throws {
        try await withTemporaryDirectory { dir in
            var rng = SplitMix64(seed: 3)
            _ = try write([ModelField.random(number: 1, options: .docsFreqsAndPositions, termCount: 300, docCount: 500, using: &rng)], to: dir)
            let path = dir.appending("seg.\(ext)")
            #expect(truncate(path.string, off_t(fileSize(path) - 3)) == 0)
            expectCorrupted(dir, path)
        }
    }

    @Test(arguments: ["terms", "postings", "positions"])
    func flippedByteIsReportedAsCorruption(ext: String) async throws {
        try await withTemporaryDirectory { dir in
            var rng = SplitMix64(seed: 4)
            _ = try write([ModelField.random(number: 1, options: .docsFreqsAndPositions, termCount: 300, docCount: 500, using: &rng)], to: dir)
            let path = dir.appending("seg.\(ext)")
            let size = fileSize(path)
            let fd = open(path.string, O_RDWR)
            #expect(fd >= 0)
            var byte: UInt8 = 0
            let offset = off_t(size / 2)
            #expect(pread(fd, &byte, 1, offset) == 1)
            byte ^= 0x10
            #expect(pwrite(fd, &byte, 1, offset) == 1)
            close(fd)
            expectCorrupted(dir, path)
        }
    }

    @Test func fileOfAnotherSegmentIsRejected() async throws {
        try await withTemporaryDirectory { dir in
            _ = try write([ModelField(number: 1, options: .docs, terms: [ModelTerm(term: [1], docs: [0], freqs: [], positions: [])])], to: dir)
            #expect {
                _ = try InvertedIndexReader(directory: dir, segmentName: "seg", segment: SegmentUUID(bytes: Array(repeating: 9, count: 16)))
            } throws: { error in
                guard case .corrupted(let path, _) = error as? IndexError else { return false }
                return path == dir.appending("seg.terms").string
            }
        }
    }

    // MARK: - Helpers

    private func expectCorrupted(_ dir: FilePath, _ path: FilePath) {
        #expect {
            _ = try InvertedIndexReader(directory: dir, segmentName: "seg", segment: segment)
        } throws: { error in
            guard case .corrupted(let reported, _) = error as? IndexError else { return false }
            return reported == path.string
        }
    }

    func write(_ fields: [ModelField], to dir: FilePath) throws -> Int {
        var writer = try InvertedIndexWriter(directory: dir, segmentName: "seg", segment: segment)
        for field in fields {
            try writer.startField(field.number, options: field.options)
            for term in field.terms {
                try term.term.withUnsafeBytes { bytes in
                    try term.docs.withUnsafeBufferPointer { docs in
                        try term.freqs.withUnsafeBufferPointer { freqs in
                            try term.positions.withUnsafeBufferPointer { positions in
                                try writer.addTerm(bytes, docs: docs, freqs: freqs, positions: positions)
                            }
                        }
                    }
                }
            }
            try writer.finishField(docCount: field.docCount)
        }
        return try writer.finish(sync: false)
    }

    private func fileSizes(_ dir: FilePath) -> [Int] {
        ["terms", "postings", "positions"].map { fileSize(dir.appending("seg.\($0)")) }
    }

    private func fileSize(_ path: FilePath) -> Int {
        var info = stat()
        return stat(path.string, &info) == 0 ? Int(info.st_size) : -1
    }
}
