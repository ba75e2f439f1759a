import SiftCore
import SiftQuery
import SiftTestSupport

/// A query as the tests generate it, with its own evaluation over ``LogDoc`` values: the
/// independent brute force the engine's answers are checked against.
indirect enum TestQuery: CustomStringConvertible {
    case level(String)
    case service(String)
    case word(String)
    case words([String], and: Bool)
    case phrase([String], slop: Int)
    case status(ClosedRange<Int64>)
    case latencyAbove(Double)
    case timeRange(from: Int64, to: Int64)
    case hasLatency
    case servicePrefix(String)
    case tag(String)
    case clientInSubnet(Int)
    case bool(must: [TestQuery], filter: [TestQuery], should: [TestQuery], mustNot: [TestQuery], minimumShouldMatch: Int?)

    func matches(_ doc: LogDoc) -> Bool {
        switch self {
        case .level(let v): return doc.level == v
        case .service(let v): return doc.service == v
        case .word(let w): return doc.words.contains(w)
        case .words(let ws, let and): return and ? ws.allSatisfy(doc.words.contains) : ws.contains(where: doc.words.contains)
        case .phrase(let ws, let slop): return Self.phraseMatches(ws, in: doc.words, slop: slop)
        case .status(let range): return doc.status.map(range.contains) ?? false
        case .latencyAbove(let v): return doc.latency.map { $0 > v } ?? false
        case .timeRange(let from, let to): return doc.timestamp >= from && doc.timestamp < to
        case .hasLatency: return doc.latency != nil
        case .servicePrefix(let p): return doc.service.hasPrefix(p)
        case .tag(let t): return doc.tags.contains(t)
        case .clientInSubnet(let third): return doc.client?.hasPrefix("10.0.\(third).") ?? false
        case .bool(let must, let filter, let should, let mustNot, let msm):
            guard must.allSatisfy({ $0.matches(doc) }), filter.allSatisfy({ $0.matches(doc) }),
                  !mustNot.contains(where: { $0.matches(doc) }) else { return false }
            // Lucene: with no must or filter clause a document has to match some should clause,
            // whatever minimum_should_match says.
            let onlyShould = must.isEmpty && filter.isEmpty && !should.isEmpty
            let required = onlyShould ? max(msm ?? 1, 1) : (msm ?? 0)
            return should.filter { $0.matches(doc) }.count >= required
        }
    }

    /// Brute-force phrase check: some choice of one position per phrase word, each `position - offset`
    /// within a window of width ≤ slop (exact order when slop is 0).
    static func phraseMatches(_ phrase: [String], in words: [String], slop: Int) -> Bool {
        if slop == 0 {
            guard words.count >= phrase.count else { return false }
            return (0...(words.count - phrase.count)).contains { start in
                phrase.indices.allSatisfy { words[start + $0] == phrase[$0] }
            }
        }
        let lists = phrase.enumerated().map { offset, word in words.indices.filter { words[$0] == word }.map { $0 - offset } }
        guard lists.allSatisfy({ !$0.isEmpty }) else { return false }
        func search(_ i: Int, _ low: Int, _ high: Int) -> Bool {
            if i == lists.count { return high - low <= slop }
            return lists[i].contains { search(i + 1, min(low, $0), max(high, $0)) }
        }
        return search(0, .max, .min)
    }

    var query: Query {
        switch self {
        case .level(let v): return .term(TermQuery(field: "level", value: .string(v)))
        case .service(let v): return .term(TermQuery(field: "service", value: .string(v)))
        case .word(let w): return .match(MatchQuery(field: "message", text: w))
        case .words(let ws, let and):
            var match = MatchQuery(field: "message", text: ws.joined(separator: " "))
            match.operator = and ? .and : .or
            return .match(match)
        case .phrase(let ws, let slop):
            var phrase = PhraseQuery(field: "message", text: ws.joined(separator: " "))
            phrase.slop = slop
            return .matchPhrase(phrase)
        case .status(let range):
            var r = RangeQuery(field: "http.status")
            r.gte = .int(range.lowerBound)
            r.lte = .int(range.upperBound)
            return .range(r)
        case .latencyAbove(let v):
            var r = RangeQuery(field: "latency_ms")
            r.gt = .double(v)
            return .range(r)
        case .timeRange(let from, let to):
            var r = RangeQuery(field: "@timestamp")
            r.gte = .string(Timestamp(epochMillis: from).iso8601())
            r.lt = .int(to)
            return .range(r)
        case .hasLatency: return .exists(field: "latency_ms")
        case .servicePrefix(let p): return .prefix(PatternQuery(field: "service", pattern: p))
        case .tag(let t): return .terms(field: "tags", values: [.string(t)])
        case .clientInSubnet(let third): return .term(TermQuery(field: "client.ip", value: .string("10.0.\(third).0/24")))
        case .bool(let must, let filter, let should, let mustNot, let msm):
            var bool = BoolQuery()
            bool.must = must.map(\.query)
            bool.filter = filter.map(\.query)
            bool.should = should.map(\.query)
            bool.mustNot = mustNot.map(\.query)
            bool.minimumShouldMatch = msm.map { MinimumShouldMatch(spec: String($0)) }
            return .bool(bool)
        }
    }

    var description: String { "\(query)" }

    static func randomLeaf(_ rng: inout SplitMix64) -> TestQuery {
        let vocabulary = SearchFixture.vocabulary
        switch Int.random(in: 0..<12, using: &rng) {
        case 0: return .level(SearchFixture.levels.randomElement(using: &rng)!)
        case 1: return .service(SearchFixture.services.randomElement(using: &rng)!)
        case 2: return .word(vocabulary.randomElement(using: &rng)!)
        case 3: return .words((0..<Int.random(in: 2...3, using: &rng)).map { _ in vocabulary.randomElement(using: &rng)! }, and: Bool.random(using: &rng))
        case 4: return .phrase((0..<Int.random(in: 2...3, using: &rng)).map { _ in vocabulary.randomElement(using: &rng)! }, slop: [0, 0, 1, 2].randomElement(using: &rng)!)
        case 5:
            let low = Int64.random(in: 150...520, using: &rng)
            return .status(low...(low + Int64.random(in: 0...320, using: &rng)))
        case 6: return .latencyAbove(Double(Int.random(in: 0..<1250, using: &rng)))
        case 7:
            let from = SearchFixture.baseMillis + Int64.random(in: 0..<3000, using: &rng) * 60_000
            return .timeRange(from: from, to: from + Int64.random(in: 1...1500, using: &rng) * 60_000)
        case 8: return .hasLatency
        case 9: return .servicePrefix(["a", "au", "b", "p", "s", "se", "x"].randomElement(using: &rng)!)
        case 10: return .tag(SearchFixture.tagValues.randomElement(using: &rng)!)
        default: return .clientInSubnet(Int.random(in: 0..<5, using: &rng))
        }
    }

    static func random(_ rng: inout SplitMix64, depth: Int) -> TestQuery {
        guard depth > 0, Int.random(in: 0..<3, using: &rng) != 0 else { return randomLeaf(&rng) }
        func clauses(_ max: Int) -> [TestQuery] {
            (0..<Int.random(in: 0...max, using: &rng)).map { _ in random(&rng, depth: depth - 1) }
        }
        let should = clauses(3)
        let msm: Int? = should.isEmpty || Bool.random(using: &rng) ? nil : Int.random(in: 0...should.count, using: &rng)
        return .bool(must: clauses(2), filter: clauses(2), should: should, mustNot: clauses(1), minimumShouldMatch: msm)
    }
}
