import SystemPackage

/// Writes a segment's inverted index: `<segment>.terms` (term dictionary), `<segment>.postings`
/// (doc ids and freqs) and `<segment>.positions`. Layout in FORMAT.md, "Inverted index".
///
/// Call order: for each field in increasing field number, ``startField(_:options:)``, then
/// ``addTerm(_:docs:freqs:positions:)`` for its terms in increasing byte order, then
/// ``finishField(docCount:)``; finally ``finish(sync:)`` once. Single owner; a writer dropped without
/// `finish` leaves files without footers, which no reader accepts.
package struct InvertedIndexWriter: ~Copyable {
    /// Longest term ``addTerm(_:docs:freqs:positions:)`` accepts, in bytes; callers drop or cut
    /// longer ones (as Elasticsearch's `ignore_above` does) before they get here.
    package static let maxTermLength = PostingsFormat.maxTermLength

    private var termsFile: SegmentFileWriter
    private var postingsFile: SegmentFileWriter
    private var positionsFile: SegmentFileWriter
    private var encoder = PostingsEncoder()
    private var blocks = TermBlockEncoder()
    private var directory = ByteWriter(capacity: 256)
    private var scratch = ByteWriter(capacity: 16)
    private var fieldCount = 0

    private var field: UInt32 = 0
    private var fieldOpen = false
    private var hasField = false
    private var options: IndexOptions = .docs
    private var termCount = 0
    private var sumDocFreq: Int64 = 0
    private var sumTotalTermFreq: Int64 = 0
    private var blocksStart = 0

    /// Creates (or truncates) the three files in `directory`.
    ///
    /// - Throws: ``IndexError/io(path:reason:)`` when a file cannot be created.
    package init(directory: FilePath, segmentName: String, segment: SegmentUUID) throws(IndexError) {
        let version = PostingsFormat.version
        let terms = try SegmentFileWriter(
            creating: directory.appending(PostingsFormat.fileName(segmentName, "terms")),
            kind: PostingsFormat.termsKind, version: version, segment: segment)
        let postings = try SegmentFileWriter(
            creating: directory.appending(PostingsFormat.fileName(segmentName, "postings")),
            kind: PostingsFormat.postingsKind, version: version, segment: segment)
        let positions = try SegmentFileWriter(
            creating: directory.appending(PostingsFormat.fileName(segmentName, "positions")),
            kind: PostingsFormat.positionsKind, version: version, segment: segment)
        termsFile = terms
        postingsFile = postings
        positionsFile = positions
    }

    /// Begins a field. Field numbers must strictly increase from call to call.
    package mutating func startField(_ field: UInt32, options: IndexOptions) throws(IndexError) {
        precondition(!fieldOpen, "finishField must be called before the next startField")
        precondition(!hasField || field > self.field, "fields must be added in strictly increasing number order")
        self.field = field
        self.options = options
        fieldOpen = true
        hasField = true
        termCount = 0
        sumDocFreq = 0
        sumTotalTermFreq = 0
        blocksStart = termsFile.offset
        blocks.startField(options: options)
    }

    /// Adds one term of the current field with its postings.
    ///
    /// - Parameters:
    ///   - term: Strictly greater (unsigned byte order) than the field's previous term, at most
    ///     ``maxTermLength`` bytes.
    ///   - docs: Strictly increasing doc ids below `Int32.max`, at least one.
    ///   - freqs: One per doc (each at least 1) when the field records freqs, else empty.
    ///   - positions: With positions, `freqs[i]` non-decreasing positions per doc, concatenated; else empty.
    package mutating func addTerm(
        _ term: UnsafeRawBufferPointer, docs: UnsafeBufferPointer<UInt32>,
        freqs: UnsafeBufferPointer<UInt32>, positions: UnsafeBufferPointer<UInt32>
    ) throws(IndexError) {
        precondition(fieldOpen, "addTerm outside startField/finishField")
        precondition(!docs.isEmpty, "a term needs at least one document")
        precondition(options.hasFreqs ? freqs.count == docs.count : freqs.isEmpty, "freqs do not match the field's options")
        precondition(options.hasPositions || positions.isEmpty, "positions given for a field without positions")
        precondition(term.count <= Self.maxTermLength, "term longer than maxTermLength")
        precondition(docs[docs.count - 1] < UInt32(Int32.max), "doc ids must be below Int32.max")

        var info: TermInfo
        if docs.count == 1 {
            // Inline: the doc id (and a lone position) go into the term dictionary, nothing into .postings.
            let freq = options.hasFreqs ? freqs[0] : 1
            precondition(freq >= 1, "freqs must be at least 1")
            info = TermInfo(ordinal: termCount, docFreq: 1, totalTermFreq: Int64(freq), postingsOffset: Int(docs[0]), positionsOffset: 0)
            if options.hasPositions {
                precondition(positions.count == Int(freq), "positions must hold freqs[i] entries per doc")
                if freq == 1 {
                    info.positionsOffset = Int(positions[0])
                } else {
                    encoder.reset()
                    encoder.encodeSingletonPositions(freq: freq, positions: positions)
                    info.positionsOffset = positionsFile.offset
                    try positionsFile.write(encoder.positions)
                }
            }
        } else {
            encoder.reset()
            let totalTermFreq = encoder.encode(docs: docs, freqs: freqs, positions: positions, options: options)
            info = TermInfo(
                ordinal: termCount, docFreq: docs.count, totalTermFreq: totalTermFreq,
                postingsOffset: postingsFile.offset, positionsOffset: positionsFile.offset)
            if encoder.skip.count > 0 {
                scratch.removeAll()
                scratch.writeVInt(encoder.skip.count)
                try postingsFile.write(scratch)
                try postingsFile.write(encoder.skip)
            }
            try postingsFile.write(encoder.blocks)
            if options.hasPositions { try positionsFile.write(encoder.positions) }
        }
        termCount += 1
        sumDocFreq += Int64(docs.count)
        sumTotalTermFreq += info.totalTermFreq
        if blocks.add(term, info: info) { try flushBlock() }
    }

    private mutating func flushBlock() throws(IndexError) {
        blocks.encodeBlock()
        try termsFile.write(blocks.block)
    }

    /// Ends the current field: writes its last block and sparse index and records its statistics.
    ///
    /// - Parameter docCount: Documents with at least one term in this field.
    package mutating func finishField(docCount: Int) throws(IndexError) {
        precondition(fieldOpen, "finishField without startField")
        precondition(docCount >= 0)
        if blocks.pendingCount > 0 { try flushBlock() }
        let sparseStart = termsFile.offset
        try termsFile.write(blocks.sparseIndex)
        directory.writeVInt(UInt64(field))
        directory.writeUInt8(options.rawValue)
        directory.writeVInt(termCount)
        directory.writeVInt(docCount)
        directory.writeVInt(UInt64(sumDocFreq))
        directory.writeVInt(UInt64(sumTotalTermFreq))
        directory.writeVInt(blocksStart)
        directory.writeVInt(sparseStart)
        directory.writeVInt(blocks.sparseIndex.count)
        fieldCount += 1
        fieldOpen = false
    }

    /// Writes the field directory and the three footers and closes the files (fsyncing them when
    /// `sync`). Returns the total size of the three files in bytes.
    package consuming func finish(sync: Bool) throws(IndexError) -> Int {
        precondition(!fieldOpen, "finishField must be called before finish")
        var tail = ByteWriter(capacity: directory.count + 16)
        let directoryOffset = termsFile.offset
        tail.writeVInt(PostingsFormat.termsPerBlock)
        tail.writeVInt(fieldCount)
        tail.writeBytes(directory.bytes)
        tail.writeUInt64(UInt64(directoryOffset))
        try termsFile.write(tail)
        let terms = try termsFile.finish(sync: sync)
        let postings = try postingsFile.finish(sync: sync)
        let positions = try positionsFile.finish(sync: sync)
        return terms + postings + positions
    }
}
