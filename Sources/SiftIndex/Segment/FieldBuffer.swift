import SiftAnalysis

/// One field's share of a segment being built: its interned terms, one postings entry per token
/// (term id, doc, position) and its column values, all in flat arrays appended in doc order.
///
/// Flat arrays instead of per-term lists: appending costs no allocation per term, and at flush a
/// counting sort by term id puts every term's entries together, still in doc and position order.
struct FieldBuffer {
    var info: FieldInfo
    /// The analyzer of a text field.
    var analyzer: Analyzer?

    var terms = TermHash()
    var postingTerms: [UInt32] = []
    var postingDocs: [UInt32] = []
    /// Only for text fields: the position of each entry.
    var postingPositions: [UInt32] = []

    /// Column entries: doc and value (numbers as Int64, keyword values as term ids).
    var columnDocs: [UInt32] = []
    var columnValues: [Int64] = []

    /// Text fields: tokens per doc, for BM25 length normalisation.
    var normDocs: [UInt32] = []
    var normLengths: [Int64] = []
    /// Docs with at least one term in this field.
    var docsWithTerms = 0
    private var lastTermDoc: Int32 = -1
    /// Next position in the current doc: values of a multi-valued text field are 100 positions apart
    /// (Elasticsearch's position_increment_gap), so a phrase never spans two values.
    private var nextPosition: UInt32 = 0

    init(info: FieldInfo, analyzer: Analyzer?) {
        self.info = info
        self.analyzer = analyzer
    }

    var memoryBytes: Int {
        terms.memoryBytes
            + (postingTerms.capacity + postingDocs.capacity + postingPositions.capacity + columnDocs.capacity + normDocs.capacity) * 4
            + (columnValues.capacity + normLengths.capacity) * 8
    }

    private mutating func startTerms(doc: Int32) {
        if doc != lastTermDoc {
            lastTermDoc = doc
            docsWithTerms += 1
            nextPosition = 0
        } else {
            nextPosition += 100
        }
    }

    /// Adds one analyzed text value.
    mutating func addText(_ text: String, doc: Int32, tokens: inout [Token]) {
        guard let analyzer else { return }
        var text = text
        text.withUTF8 { analyzer.analyze(UnsafeRawBufferPointer($0), into: &tokens) }
        guard !tokens.isEmpty else { return }
        startTerms(doc: doc)
        let base = nextPosition
        var last: UInt32 = base
        for token in tokens {
            let id = terms.intern(token.term)
            postingTerms.append(id)
            postingDocs.append(UInt32(doc))
            last = base + UInt32(token.position)
            postingPositions.append(last)
        }
        nextPosition = last
        if normDocs.last == UInt32(doc) {
            normLengths[normLengths.count - 1] += Int64(tokens.count)
        } else {
            normDocs.append(UInt32(doc))
            normLengths.append(Int64(tokens.count))
        }
    }

    /// Adds one exact term (keyword, ip, _id), and its ordinal column entry when the field has one.
    mutating func addTerm(_ term: UnsafeRawBufferPointer, doc: Int32) {
        startTerms(doc: doc)
        let id = terms.intern(term)
        postingTerms.append(id)
        postingDocs.append(UInt32(doc))
        if info.hasOrdinals {
            columnDocs.append(UInt32(doc))
            columnValues.append(Int64(id))
        }
    }

    mutating func addNumber(_ value: Int64, doc: Int32) {
        columnDocs.append(UInt32(doc))
        columnValues.append(value)
    }
}
