import SystemPackage

/// A segment's inverted index, opened once and shared by every search on the segment.
///
/// Opening maps `.terms`, `.postings` and `.positions`, verifies their headers and checksums, and
/// loads each field's sparse term index (one entry per block of 64 terms). Everything after that is
/// lookups in the mapped files; the instance is immutable.
package final class InvertedIndexReader: Sendable {
    private let files: InvertedIndexFiles
    private let byNumber: [UInt32: FieldData]

    /// Field numbers that have an inverted index in this segment, increasing.
    package let fields: [UInt32]

    /// - Throws: ``IndexError/corrupted(path:reason:)`` naming the damaged file, or
    ///   ``IndexError/io(path:reason:)`` when a file cannot be opened.
    package init(directory: FilePath, segmentName: String, segment: SegmentUUID) throws(IndexError) {
        let files = try InvertedIndexFiles(directory: directory, segmentName: segmentName, segment: segment)
        var byNumber: [UInt32: FieldData] = [:]
        var fields: [UInt32] = []
        do throws(CorruptData) {
            let bytes = files.termsBytes
            let bodyStart = SegmentFileWriter.headerSize
            guard bytes.count >= bodyStart + 8 else { throw CorruptData("no field directory") }
            var trailer = ByteReader(bytes, offset: bytes.count - 8)
            let directoryOffset = try trailer.readUInt64()
            guard directoryOffset >= UInt64(bodyStart), directoryOffset <= UInt64(bytes.count - 8) else {
                throw CorruptData("field directory offset \(directoryOffset) is outside the file")
            }
            let limit = Int(directoryOffset)
            var reader = ByteReader(UnsafeRawBufferPointer(rebasing: bytes[0..<(bytes.count - 8)]), offset: limit)
            let blockSize = try reader.readVIntAsInt(max: 1 << 16)
            guard blockSize > 0 else { throw CorruptData("term block size is 0") }
            let fieldCount = try reader.readVIntAsInt(max: reader.remaining)
            for _ in 0..<fieldCount {
                let number = try reader.readVInt()
                guard number <= UInt64(UInt32.max), fields.last.map({ UInt64($0) < number }) ?? true else {
                    throw CorruptData("field numbers out of order in the field directory")
                }
                guard let options = IndexOptions(rawValue: try reader.readUInt8()) else {
                    throw CorruptData("unknown index options in the field directory")
                }
                let termCount = try reader.readVIntAsInt(max: Int.max)
                let docCount = try reader.readVIntAsInt(max: Int.max)
                let sumDocFreq = try reader.readVInt()
                let sumTotalTermFreq = try reader.readVInt()
                let blocksStart = try reader.readVIntAsInt(max: limit)
                let sparseStart = try reader.readVIntAsInt(max: limit)
                let sparseLength = try reader.readVIntAsInt(max: limit)
                guard blocksStart >= bodyStart, blocksStart <= sparseStart, sparseLength <= limit - sparseStart,
                      sumDocFreq <= UInt64(Int64.max), sumTotalTermFreq <= UInt64(Int64.max)
                else { throw CorruptData("field \(number) points outside the term dictionary") }
                let data = try FieldData(
                    files: files, options: options, termCount: termCount, docCount: docCount,
                    sumDocFreq: Int64(sumDocFreq), sumTotalTermFreq: Int64(sumTotalTermFreq), blockSize: blockSize,
                    blocksStart: blocksStart, blocksEnd: sparseStart, sparseIndex: UnsafeRawBufferPointer(rebasing: bytes[sparseStart..<(sparseStart + sparseLength)]))
                byNumber[UInt32(number)] = data
                fields.append(UInt32(number))
            }
        } catch {
            throw .corrupted(path: files.terms.path.string, reason: error.reason)
        }
        self.files = files
        self.byNumber = byNumber
        self.fields = fields
    }

    /// The term dictionary of `field`, or nil when the segment has no terms index for it.
    package func terms(_ field: UInt32) -> FieldTerms? {
        byNumber[field].map { FieldTerms(data: $0) }
    }
}

/// The three mapped, verified files; every field, enum and iterator holds it so the mappings outlive them.
final class InvertedIndexFiles: Sendable {
    let terms: MappedFile
    let postings: MappedFile
    let positions: MappedFile
    private let termsEnd: Int
    private let postingsEnd: Int
    private let positionsEnd: Int

    init(directory: FilePath, segmentName: String, segment: SegmentUUID) throws(IndexError) {
        func open(_ ext: String, _ kind: FileKind) throws(IndexError) -> (MappedFile, Int) {
            let file = try MappedFile(path: directory.appending(PostingsFormat.fileName(segmentName, ext)))
            let body = try file.verify(kind: kind, versions: PostingsFormat.version...PostingsFormat.version, segment: segment)
            return (file, body.range.upperBound)
        }
        (terms, termsEnd) = try open("terms", PostingsFormat.termsKind)
        (postings, postingsEnd) = try open("postings", PostingsFormat.postingsKind)
        (positions, positionsEnd) = try open("positions", PostingsFormat.positionsKind)
    }

    /// Each file from its first byte up to its footer, so absolute offsets index it directly.
    var termsBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: terms.bytes[0..<termsEnd]) }
    var postingsBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: postings.bytes[0..<postingsEnd]) }
    var positionsBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: positions.bytes[0..<positionsEnd]) }
}

/// One field's statistics and sparse term index, decoded at open.
final class FieldData: Sendable {
    let files: InvertedIndexFiles
    let options: IndexOptions
    let termCount: Int
    let docCount: Int
    let sumDocFreq: Int64
    let sumTotalTermFreq: Int64
    let blockSize: Int
    /// First term of every block, concatenated; block `b`'s is `firstTerms[firstTermEnds[b-1]..<firstTermEnds[b]]`.
    let firstTerms: [UInt8]
    let firstTermEnds: [Int]
    /// ``sortKey(_:)`` of every block's first term, for the binary search.
    let firstKeys: [UInt64]
    /// Absolute `.terms` offsets of the blocks, plus the end of the last one.
    let blockStarts: [Int]

    init(
        files: InvertedIndexFiles, options: IndexOptions, termCount: Int, docCount: Int, sumDocFreq: Int64,
        sumTotalTermFreq: Int64, blockSize: Int, blocksStart: Int, blocksEnd: Int, sparseIndex: UnsafeRawBufferPointer
    ) throws(CorruptData) {
        let (blockCount, remainder) = termCount.quotientAndRemainder(dividingBy: blockSize)
        let blocks = blockCount + (remainder > 0 ? 1 : 0)
        // Every sparse entry takes at least three bytes: a larger count is damage, refused before allocating.
        guard blocks <= sparseIndex.count / 3 else { throw CorruptData("term count \(termCount) does not fit the sparse index") }
        var firstTerms: [UInt8] = []
        var firstTermEnds: [Int] = []
        var blockStarts: [Int] = [blocksStart]
        firstTermEnds.reserveCapacity(blocks)
        blockStarts.reserveCapacity(blocks + 1)
        var reader = ByteReader(sparseIndex)
        var previousStart = 0
        var position = blocksStart
        for _ in 0..<blocks {
            let shared = try reader.readVIntAsInt(max: firstTerms.count - previousStart)
            let suffix = try reader.readLengthPrefixed()
            let start = firstTerms.count
            firstTerms.append(contentsOf: firstTerms[previousStart..<(previousStart + shared)])
            firstTerms.append(contentsOf: suffix)
            firstTermEnds.append(firstTerms.count)
            previousStart = start
            position += try reader.readVIntAsInt(max: blocksEnd - position)
            blockStarts.append(position)
        }
        guard reader.isAtEnd, position == blocksEnd else { throw CorruptData("sparse term index does not match the term blocks") }
        self.files = files
        self.options = options
        self.termCount = termCount
        self.docCount = docCount
        self.sumDocFreq = sumDocFreq
        self.sumTotalTermFreq = sumTotalTermFreq
        self.blockSize = blockSize
        self.firstTerms = firstTerms
        self.firstTermEnds = firstTermEnds
        self.blockStarts = blockStarts
        var start = 0
        firstKeys = firstTerms.withUnsafeBytes { all in
            firstTermEnds.map { end in
                defer { start = end }
                return sortKey(UnsafeRawBufferPointer(rebasing: all[start..<end]))
            }
        }
    }

    var blockCount: Int { firstTermEnds.count }

    func firstTermRange(_ block: Int) -> Range<Int> {
        (block == 0 ? 0 : firstTermEnds[block - 1])..<firstTermEnds[block]
    }

    /// Index of the last block whose first term is <= `term`, or -1 when `term` sorts before every term.
    /// Compares 8-byte keys first (one small array, so the search touches few cache lines) and the
    /// full first terms only on equal keys.
    func block(containing term: UnsafeRawBufferPointer) -> Int {
        let key = sortKey(term)
        var low = 0
        var high = blockCount
        firstTerms.withUnsafeBytes { all in
            firstKeys.withUnsafeBufferPointer { keys in
                while low < high {
                    let mid = (low &+ high) &>> 1
                    let blockKey = keys[mid]
                    let belowOrEqual = blockKey != key
                        ? blockKey < key
                        : PostingsFormat.compare(UnsafeRawBufferPointer(rebasing: all[firstTermRange(mid)]), term) <= 0
                    if belowOrEqual { low = mid &+ 1 } else { high = mid }
                }
            }
        }
        return low - 1
    }
}

/// The first 8 bytes of `term`, big-endian and zero-padded: keys order like the terms, ties aside.
@inline(__always)
private func sortKey(_ term: UnsafeRawBufferPointer) -> UInt64 {
    var key: UInt64 = 0
    let n = Swift.min(term.count, 8)
    for i in 0..<n { key |= UInt64(term[i]) &<< UInt64(56 &- 8 &* i) }
    return key
}
