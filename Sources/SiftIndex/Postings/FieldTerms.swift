/// One field's term dictionary in a segment: statistics, exact lookup, ordinals, enumeration and postings.
///
/// A cheap `Sendable` value (one reference); get it from ``InvertedIndexReader/terms(_:)``. Reads never
/// throw: the files were checksum-verified at open, and a block that still fails to decode (a bug)
/// reads as "no such term" rather than trapping.
package struct FieldTerms: Sendable {
    let data: FieldData

    init(data: FieldData) { self.data = data }

    package var options: IndexOptions { data.options }
    /// Number of distinct terms; ordinals are `0..<termCount` in sorted order.
    package var termCount: Int { data.termCount }
    /// Documents with at least one term in the field, as given to the writer.
    package var docCount: Int { data.docCount }
    /// Sum of every term's docFreq.
    package var sumDocFreq: Int64 { data.sumDocFreq }
    /// Sum of every term's totalTermFreq: the field's total length, for BM25's average (equals
    /// ``sumDocFreq`` without freqs).
    package var sumTotalTermFreq: Int64 { data.sumTotalTermFreq }

    /// The term's statistics and postings location, or nil when the field does not contain it.
    /// One binary search of the in-memory sparse index, then one block decode.
    package func lookup(_ term: UnsafeRawBufferPointer) -> TermInfo? {
        let index = data.block(containing: term)
        guard index >= 0 else { return nil }
        var block = TermBlock()
        do throws(CorruptData) {
            try block.load(index, of: data)
            guard let position = block.withSuffixes({ find(term, in: block, suffixes: $0) }) else { return nil }
            var metadata = TermMetadataReader(block, field: data)
            try metadata.skip(position)
            return try metadata.next()
        } catch {
            return nil
        }
    }

    package func lookup(_ term: [UInt8]) -> TermInfo? {
        term.withUnsafeBytes { lookup($0) }
    }

    /// The bytes of the term with rank `ordinal`. Precondition: `0 <= ordinal < termCount`.
    package func term(at ordinal: Int) -> [UInt8] {
        precondition(ordinal >= 0 && ordinal < data.termCount, "term ordinal out of range")
        var block = TermBlock()
        do throws(CorruptData) {
            try block.load(ordinal / data.blockSize, of: data)
        } catch {
            return []
        }
        var term: [UInt8] = []
        for i in 0...(ordinal % data.blockSize) {
            term.removeLast(term.count - block.prefixes[i])
            term.append(contentsOf: block.suffixes[block.suffixRange(i)])
        }
        return term
    }

    /// An enumerator over the field's terms in order, positioned before the first.
    package func makeEnum() -> TermsEnum { TermsEnum(field: data) }

    /// The documents (and freqs, and positions when `positions` is true and the field has them) of a
    /// term found in this field.
    package func postings(_ info: TermInfo, positions: Bool) -> PostingsIterator {
        PostingsIterator(info: info, field: data, positions: positions && data.options.hasPositions)
    }

    /// Index in `block` of `target`, or nil. Walks the prefix-compressed terms without rebuilding them:
    /// `matched` is how many leading bytes the previous term shares with `target`, which is all a
    /// sorted list needs to decide each next term (Lucene's block-tree scan).
    private func find(_ target: UnsafeRawBufferPointer, in block: borrowing TermBlock, suffixes: UnsafeRawBufferPointer) -> Int? {
        var matched = 0
        for i in 0..<block.count {
            let prefix = block.prefixes[i]
            if prefix < matched { return nil }  // this term diverges upward where the previous one matched
            if prefix > matched { continue }  // keeps the previous term's smaller byte: still below target
            let suffix = UnsafeRawBufferPointer(rebasing: suffixes[block.suffixRange(i)])
            let rest = UnsafeRawBufferPointer(rebasing: target[matched...])
            let shared = PostingsFormat.commonPrefix(suffix, rest)
            if shared == suffix.count {
                if shared == rest.count { return i }
                matched += shared  // a proper prefix of target: smaller, go on
                continue
            }
            if shared == rest.count || suffix[shared] > rest[shared] { return nil }
            matched += shared
        }
        return nil
    }
}

extension TermBlock {
    func withSuffixes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        suffixes.withUnsafeBytes(body)
    }
}
