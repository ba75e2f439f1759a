import SiftIndex
import SiftTestSupport
import SystemPackage
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension PostingsTests {
    /// Damage that the checksum cannot see (bytes changed and the footer's CRC recomputed, as a
    /// writer bug would produce) must never trap: opening throws `.corrupted` or reads finish with
    /// wrong but bounded results.
    @Test(arguments: ["terms", "postings", "positions"])
    func damageBehindAValidChecksumNeverTraps(ext: String) async throws {
        try await withTemporaryDirectory { dir in
            var rng = SplitMix64(seed: 99)
            let field = ModelField.random(number: 1, options: .docsFreqsAndPositions, termCount: 250, docCount: 1_500, using: &rng)
            _ = try write([field], to: dir)
            let path = dir.appending("seg.\(ext)")
            let original = try #require(try AtomicFile.read(path))
            var opened = 0
            var rejected = 0
            for round in 0..<60 {
                var bytes = original
                let body = 28..<(bytes.count - 12)
                for _ in 0..<(1 + round % 4) {
                    let at = body.lowerBound + Int(rng.next() % UInt64(body.count))
                    bytes[at] = round % 3 == 0 ? UInt8(truncatingIfNeeded: rng.next()) : bytes[at] ^ (1 << UInt8(rng.next() % 8))
                }
                let crc = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[..<(bytes.count - 4)])) }
                withUnsafeBytes(of: crc.littleEndian) { for i in 0..<4 { bytes[bytes.count - 4 + i] = $0[i] } }
                try AtomicFile.write(bytes, to: path)
                do {
                    let reader = try InvertedIndexReader(directory: dir, segmentName: "seg", segment: segment)
                    opened += 1
                    if let terms = reader.terms(1) { exercise(terms, field) }
                } catch let error as IndexError {
                    guard case .corrupted(let reported, _) = error else {
                        Issue.record("unexpected error \(error)")
                        continue
                    }
                    #expect(reported == dir.appending("seg.terms").string)
                    rejected += 1
                }
            }
            #expect(opened + rejected == 60)
        }
    }

    /// Reads everything reachable, with every loop bounded.
    private func exercise(_ terms: FieldTerms, _ field: ModelField) {
        var termsEnum = terms.makeEnum()
        var steps = 0
        while termsEnum.next() && steps < 10_000 {
            steps += 1
            var postings = terms.postings(termsEnum.info, positions: true)
            var docs = 0
            while postings.next() != PostingsIterator.noMoreDocs && docs < 100_000 {
                docs += 1
                for _ in 0..<min(max(postings.freq, 0), 1_000) { _ = postings.nextPosition() }
            }
            var skipping = terms.postings(termsEnum.info, positions: steps % 2 == 0)
            var target: Int32 = 0
            while skipping.advance(to: target) != PostingsIterator.noMoreDocs && docs < 200_000 {
                docs += 1
                target = skipping.doc &+ 37
                if steps % 2 == 0 { _ = skipping.nextPosition() }
            }
        }
        for model in field.terms.prefix(100) { _ = terms.lookup(model.term) }
        for ordinal in stride(from: 0, to: min(terms.termCount, 5_000), by: 7) { _ = terms.term(at: ordinal) }
        for model in field.terms.prefix(50) { _ = seek(&termsEnum, model.term + [1]) }
    }
}
