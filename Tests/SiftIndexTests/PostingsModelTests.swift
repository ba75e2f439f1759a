import SiftIndex
import SiftTestSupport
import Testing

/// One term with its expected postings.
struct ModelTerm {
    var term: [UInt8]
    var docs: [UInt32]
    var freqs: [UInt32]
    var positions: [UInt32]
}

/// One field as the writer receives it, and what the reader must give back.
struct ModelField {
    var number: UInt32
    var options: IndexOptions
    var terms: [ModelTerm]

    var docCount: Int { Set(terms.flatMap(\.docs)).count }

    /// Terms of four shapes (hex ids, shared-prefix words, arbitrary bytes, digits) with docFreqs from
    /// 1 to the whole segment, so inlining, VInt tails, packed blocks and skip entries all occur.
    static func random(
        number: UInt32, options: IndexOptions, termCount: Int, docCount: Int, using rng: inout SplitMix64
    ) -> ModelField {
        var seen = Set<[UInt8]>()
        if number == 7 { seen.insert([]) }  // the empty term sorts first
        let hex = Array("0123456789abcdef".utf8)
        let words = ["error", "errors", "erroneous", "warn", "warning", "timeout", "time", "user", "users", "gateway"]
        while seen.count < termCount {
            var term: [UInt8]
            switch rng.next() % 4 {
            case 0: term = (0..<(rng.next() % 2 == 0 ? 16 : 32)).map { _ in hex[Int(rng.next() % 16)] }
            case 1: term = Array((words.randomElement(using: &rng)! + String(rng.next() % 500)).utf8)
            case 2: term = (0..<Int(rng.next() % 13)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            default: term = Array(String(rng.next() % 10_000_000).utf8)
            }
            seen.insert(term)
        }
        let sorted = seen.sorted { $0.lexicographicallyPrecedes($1) }
        var terms: [ModelTerm] = []
        for term in sorted {
            let roll = rng.next() % 100
            var docFreq: Int
            switch roll {
            case ..<55: docFreq = 1
            case ..<80: docFreq = Int(2 + rng.next() % 20)
            case ..<93: docFreq = Int(22 + rng.next() % 300)
            case ..<98: docFreq = Int(322 + rng.next() % 900)
            default: docFreq = docCount / 3 + Int(rng.next() % UInt64(docCount - docCount / 3))
            }
            docFreq = min(docFreq, docCount)
            var docs = Set<UInt32>()
            while docs.count < docFreq { docs.insert(UInt32(rng.next() % UInt64(docCount))) }
            let sortedDocs = docs.sorted()
            var freqs: [UInt32] = []
            var positions: [UInt32] = []
            if options != .docs {
                for _ in sortedDocs {
                    let freq: UInt32 = rng.next() % 50 == 0 ? UInt32(100 + rng.next() % 300) : UInt32(1 + rng.next() % 3)
                    freqs.append(freq)
                    if options == .docsFreqsAndPositions {
                        var position = UInt32(rng.next() % 50)
                        for _ in 0..<freq {
                            positions.append(position)
                            position += rng.next() % 40 == 0 ? 10_000 : UInt32(rng.next() % 20)
                        }
                    }
                }
            }
            terms.append(ModelTerm(term: term, docs: sortedDocs, freqs: freqs, positions: positions))
        }
        return ModelField(number: number, options: options, terms: terms)
    }
}

extension PostingsTests {
    /// Checks statistics, every term by lookup, enum and ordinal, every posting, advance and seek.
    func check(_ field: ModelField, _ terms: FieldTerms, using rng: inout SplitMix64) throws {
        let hasFreqs = field.options != .docs
        #expect(terms.options == field.options)
        #expect(terms.termCount == field.terms.count)
        #expect(terms.docCount == field.docCount)
        #expect(terms.sumDocFreq == Int64(field.terms.reduce(0) { $0 + $1.docs.count }))
        let total = field.terms.reduce(Int64(0)) { $0 + (hasFreqs ? $1.freqs.reduce(0) { $0 + Int64($1) } : Int64($1.docs.count)) }
        #expect(terms.sumTotalTermFreq == total)

        // Enumeration order, ordinals and lookup agree with the model.
        var termsEnum = terms.makeEnum()
        var enumerated: [[UInt8]] = []
        var infos: [TermInfo] = []
        while termsEnum.next() {
            enumerated.append(termsEnum.term)
            infos.append(termsEnum.info)
        }
        let movedPastEnd = termsEnum.next()
        #expect(!movedPastEnd)
        #expect(enumerated == field.terms.map(\.term))
        #expect(infos.map(\.ordinal) == Array(0..<field.terms.count))
        #expect(infos.map(\.docFreq) == field.terms.map(\.docs.count))
        let ordinalTerms = (0..<terms.termCount).map { terms.term(at: $0) }
        #expect(ordinalTerms == enumerated)
        let looked = field.terms.map { terms.lookup($0.term) }
        #expect(looked == infos.map { Optional($0) })

        // Absent terms: a byte appended, the last byte bumped, random bytes.
        let present = Set(field.terms.map(\.term))
        for model in field.terms.prefix(300) {
            var longer = model.term
            longer.append(0)
            if !present.contains(longer) { #expect(terms.lookup(longer) == nil) }
            if var bumped = Optional(model.term), let last = bumped.last, last < 255 {
                bumped[bumped.count - 1] = last + 1
                if !present.contains(bumped) { #expect(terms.lookup(bumped) == nil) }
            }
        }

        // seek(atLeast:) to present terms, to absent ones, past the end.
        let sorted = field.terms.map(\.term)
        for _ in 0..<300 where !sorted.isEmpty {
            var target = sorted.randomElement(using: &rng)!
            if rng.next() % 2 == 0 { target.append(UInt8(truncatingIfNeeded: rng.next())) }
            let expectedIndex = sorted.firstIndex { !$0.lexicographicallyPrecedes(target) }
            let result = seek(&termsEnum, target)
            if let index = expectedIndex {
                #expect(result == (sorted[index] == target ? .found : .notFound))
                #expect(termsEnum.term == sorted[index])
                #expect(termsEnum.info.ordinal == index)
                if index + 1 < sorted.count {
                    let moved = termsEnum.next()
                    #expect(moved)
                    #expect(termsEnum.term == sorted[index + 1])
                }
            } else {
                #expect(result == .end)
            }
        }
        if let last = sorted.last {
            #expect(seek(&termsEnum, last + [0xFF, 0xFF]) == .end)
            #expect(seek(&termsEnum, []) == (sorted[0].isEmpty ? .found : .notFound))
            #expect(termsEnum.term == sorted[0])
        }

        // Every posting, with freqs and positions.
        for (model, info) in zip(field.terms, infos) {
            var postings = terms.postings(info, positions: true)
            #expect(postings.doc == -1)
            #expect(postings.docFreq == model.docs.count)
            var docs: [UInt32] = []
            var freqs: [UInt32] = []
            var positions: [UInt32] = []
            while postings.next() != PostingsIterator.noMoreDocs {
                docs.append(UInt32(postings.doc))
                freqs.append(UInt32(postings.freq))
                if field.options == .docsFreqsAndPositions {
                    for _ in 0..<postings.freq { positions.append(UInt32(postings.nextPosition())) }
                } else {
                    #expect(postings.nextPosition() == -1)
                }
            }
            #expect(docs == model.docs)
            #expect(freqs == (hasFreqs ? model.freqs : Array(repeating: 1, count: model.docs.count)))
            #expect(positions == model.positions)
            #expect(postings.next() == PostingsIterator.noMoreDocs)
        }

        // advance(to:) against brute force, reading positions of some landed docs.
        for (model, info) in zip(field.terms, infos) where model.docs.count > 1 || rng.next() % 8 == 0 {
            var offsets: [Int] = [0]
            for freq in model.freqs { offsets.append(offsets.last! + Int(freq)) }
            var postings = terms.postings(info, positions: rng.next() % 2 == 0)
            var expected: [Int32] = []
            var actual: [Int32] = []
            var current: Int32 = -1
            let last = Int(model.docs.last!)
            while current != PostingsIterator.noMoreDocs {
                let useNext = rng.next() % 4 == 0
                let jump = Int32(1 + rng.next() % UInt64(max(2, rng.next() % 3 == 0 ? last / 4 : 40)))
                let target = current &+ jump
                let index = model.docs.firstIndex { Int32($0) >= (useNext ? current + 1 : target) }
                current = useNext ? postings.next() : postings.advance(to: target)
                expected.append(index.map { Int32(model.docs[$0]) } ?? PostingsIterator.noMoreDocs)
                actual.append(current)
                if let index, current == Int32(model.docs[index]), field.options == .docsFreqsAndPositions, rng.next() % 3 == 0 {
                    let got = (0..<postings.freq).map { _ in postings.nextPosition() }
                    let want = model.positions[offsets[index]..<offsets[index + 1]].map { Int32($0) }
                    if got.first != -1 { #expect(got == want) }
                }
            }
            #expect(actual == expected)
        }
    }

    func seek(_ termsEnum: inout TermsEnum, _ target: [UInt8]) -> TermsEnum.SeekResult {
        target.withUnsafeBytes { termsEnum.seek(atLeast: $0) }
    }
}
