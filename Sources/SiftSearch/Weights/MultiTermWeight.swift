import SiftIndex
import SiftNative

/// Which terms of a field a multi-term query takes.
package enum TermSelection {
    /// Terms starting with these bytes.
    case prefix([UInt8])
    /// Terms between two bounds (bytewise order, as the dictionary sorts them); nil is open.
    case range(lower: [UInt8]?, lowerInclusive: Bool, upper: [UInt8]?, upperInclusive: Bool)
    /// Terms a compiled pattern matches (wildcard, regexp, case-insensitive forms); the terms before
    /// `literalPrefix` cannot match, so enumeration starts there.
    case pattern(PCRE2Pattern, literalPrefix: [UInt8])
    /// Exactly these terms (`terms` query).
    case exact([[UInt8]])
}

/// The documents holding any selected term of one inverted field, gathered into a bit set per
/// segment and iterated with a constant score, as Lucene rewrites prefix, wildcard, regexp and
/// range-over-terms queries.
package struct MultiTermWeight: Weight {
    let field: String
    let selection: TermSelection
    let score: Float

    package func scorer(_ segment: SegmentReader) -> (any Scorer)? {
        guard let terms = segment.terms(field) else { return nil }
        var docs = DocBitSet(capacity: segment.docCount)
        var matched = false
        func add(_ info: TermInfo) {
            var postings = terms.postings(info, positions: false)
            while postings.next() != PostingsIterator.noMoreDocs { docs.insert(postings.doc) }
            matched = true
        }
        switch selection {
        case .exact(let values):
            for value in values {
                if let info = terms.lookup(value) { add(info) }
            }
        case .prefix(let prefix):
            Self.enumerate(terms, from: prefix) { term, info in
                guard term.starts(with: prefix) else { return false }
                add(info)
                return true
            }
        case .range(let lower, let lowerInclusive, let upper, let upperInclusive):
            Self.enumerate(terms, from: lower ?? []) { term, info in
                if let lower, !lowerInclusive, term == lower { return true }
                if let upper {
                    let order = Self.compare(term, upper)
                    if order > 0 || (order == 0 && !upperInclusive) { return false }
                }
                add(info)
                return true
            }
        case .pattern(let pattern, let literalPrefix):
            let matcher = pattern.makeMatcher()
            Self.enumerate(terms, from: literalPrefix) { term, info in
                guard term.starts(with: literalPrefix) else { return false }
                if (try? matcher.matches(term)) == true { add(info) }
                return true
            }
        }
        return matched ? BitSetScorer(docs, score: score) : nil
    }

    /// Visits terms from the first >= `start` while `body` returns true.
    static func enumerate(_ terms: FieldTerms, from start: [UInt8], _ body: ([UInt8], TermInfo) -> Bool) {
        var termsEnum = terms.makeEnum()
        let positioned = start.withUnsafeBytes { termsEnum.seek(atLeast: $0) }
        guard positioned != .end else { return }
        repeat {
            guard body(termsEnum.term, termsEnum.info) else { return }
        } while termsEnum.next()
    }

    /// Bytewise comparison, the dictionary's order.
    static func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
        for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }
}

/// Documents with any value in a field: the column's documents for numbers and dates, the union of
/// all terms otherwise (keyword ordinals or text norms when present, which is faster).
package struct ExistsWeight: Weight {
    let field: String

    package func scorer(_ segment: SegmentReader) -> (any Scorer)? {
        guard let info = segment.field(field) else { return nil }
        if info.numericKind != nil, let column = segment.numericColumn(field) {
            return ColumnRangeScorer(column: column, lower: .min, upper: .max, maxDoc: segment.docCount, score: 1)
        }
        if let norms = segment.norms(field) {
            return ColumnRangeScorer(column: norms, lower: .min, upper: .max, maxDoc: segment.docCount, score: 1)
        }
        return MultiTermWeight(field: field, selection: .prefix([]), score: 1).scorer(segment)
    }
}

/// Live or not, the documents with these `_id`s (the collector drops deleted ones).
package struct IDsWeight: Weight {
    let ids: [String]

    package func scorer(_ segment: SegmentReader) -> (any Scorer)? {
        let values = ids.map { Array($0.utf8) }
        return MultiTermWeight(field: FieldInfo.idPath, selection: .exact(values), score: 1).scorer(segment)
    }
}
