import SiftNative

/// One decoded term-dictionary block: prefix lengths, suffixes (term 0 is the block's first term
/// from the sparse index) and where its metadata starts. Reused from block to block by enums.
struct TermBlock {
    private(set) var block = -1
    private(set) var count = 0
    /// Bytes term `i` shares with term `i - 1` (0 for term 0).
    private(set) var prefixes: [Int] = []
    /// End of term `i`'s suffix in ``suffixes``.
    private(set) var suffixEnds: [Int] = []
    private(set) var suffixes: [UInt8] = []
    /// Doc ids of the block's single-document terms, in term order.
    private(set) var singletonDocs: [Int32] = []
    private(set) var allSingletons = false
    private(set) var metadataOffset = 0
    private(set) var metadataEnd = 0
    private(set) var postingsBase = 0
    private(set) var positionsBase = 0

    init() {}

    /// Decodes block `index` of `field`.
    mutating func load(_ index: Int, of field: FieldData) throws(CorruptData) {
        block = -1
        let bytes = field.files.termsBytes
        let start = field.blockStarts[index]
        let end = field.blockStarts[index + 1]
        guard start <= end, end <= bytes.count else { throw CorruptData("term block \(index) lies outside the file") }
        var reader = ByteReader(UnsafeRawBufferPointer(rebasing: bytes[0..<end]), offset: start)
        let n = Swift.min(field.blockSize, field.termCount - index * field.blockSize)
        postingsBase = try reader.readVIntAsInt(max: Int.max)
        positionsBase = field.options.hasPositions ? try reader.readVIntAsInt(max: Int.max) : 0
        let flags = try reader.readUInt8()
        let codec = flags & 3
        let firstRange = field.firstTermRange(index)
        let firstLength = firstRange.count
        var equalLength = -1
        if flags & PostingsFormat.equalLengths != 0 {
            equalLength = try reader.readVIntAsInt(max: 1 << 20)
            guard equalLength == firstLength else { throw CorruptData("term block \(index): length does not match its first term") }
        }

        prefixes.removeAll(keepingCapacity: true)
        suffixEnds.removeAll(keepingCapacity: true)
        suffixes.removeAll(keepingCapacity: true)
        prefixes.reserveCapacity(n)
        suffixEnds.reserveCapacity(n)
        prefixes.append(0)
        suffixEnds.append(firstLength)
        if n > 1 {
            try PackedRun.read(&reader, count: n - 1, maxWidth: 20) { _, value in prefixes.append(Int(value)) }
            if equalLength < 0 {
                try PackedRun.read(&reader, count: n - 1, maxWidth: 20) { _, value in suffixEnds.append(Int(value)) }
            } else {
                for i in 1..<n { suffixEnds.append(equalLength &- prefixes[i]) }
            }
        }
        // Suffix lengths to ends, checking every prefix against the previous term's length.
        var total = firstLength
        var previousLength = firstLength
        for i in 1..<Swift.max(n, 1) {
            let prefix = prefixes[i]
            let suffix = suffixEnds[i]
            guard prefix <= previousLength, suffix >= 0 else { throw CorruptData("term block \(index): bad prefix length") }
            previousLength = prefix + suffix
            total += suffix
            suffixEnds[i] = total
        }
        let suffixTotal = total - firstLength

        suffixes.reserveCapacity(total)
        suffixes.append(contentsOf: field.firstTerms[firstRange])
        switch codec {
        case PostingsFormat.suffixRaw:
            suffixes.append(contentsOf: try reader.readSlice(suffixTotal))
        case PostingsFormat.suffixHex:
            let packed = try reader.readSlice((suffixTotal + 1) / 2)
            let digits = PostingsFormat.hexDigits
            for byte in packed {
                suffixes.append(digits[Int(byte >> 4)])
                suffixes.append(digits[Int(byte & 0xF)])
            }
            if suffixTotal & 1 == 1 { suffixes.removeLast() }
        case PostingsFormat.suffixLZ4:
            let compressed = try reader.readLengthPrefixed()
            do {
                try LZ4Block.decompress(compressed, decompressedSize: suffixTotal, into: &suffixes)
            } catch {
                throw CorruptData("term block \(index): \(error)")
            }
        default:
            throw CorruptData("term block \(index): unknown suffix codec \(codec)")
        }

        // Doc ids of the single-document terms.
        allSingletons = flags & PostingsFormat.allSingletons != 0
        let singletons = allSingletons ? n : try reader.readVIntAsInt(max: n)
        singletonDocs.removeAll(keepingCapacity: true)
        if singletons > 0 {
            singletonDocs.reserveCapacity(singletons)
            if flags & PostingsFormat.singletonDeltas != 0 {
                var doc = Int64(try reader.readVIntAsInt(max: Int(Int32.max)))
                singletonDocs.append(Int32(doc))
                var bad = false
                try PackedRun.read(&reader, count: singletons - 1, maxWidth: 40) { _, value in
                    doc &+= Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
                    if doc < 0 || doc >= Int64(Int32.max) { bad = true }
                    singletonDocs.append(Int32(truncatingIfNeeded: doc))
                }
                guard !bad else { throw CorruptData("term block \(index): doc id out of range") }
            } else {
                try PackedRun.read(&reader, count: singletons, maxWidth: 31) { _, value in
                    singletonDocs.append(Int32(truncatingIfNeeded: value))
                }
            }
        }
        count = n
        metadataOffset = reader.offset
        metadataEnd = end
        block = index
    }

    /// Term `i`'s suffix (the bytes after its shared prefix).
    func suffixRange(_ i: Int) -> Range<Int> { (i == 0 ? 0 : suffixEnds[i - 1])..<suffixEnds[i] }
}

/// Reads a block's per-term metadata in order, turning offset deltas back into absolute offsets.
struct TermMetadataReader {
    private var reader: ByteReader
    private var postings: Int
    private var positions: Int
    private let hasFreqs: Bool
    private let hasPositions: Bool
    private let allSingletons: Bool
    private let singletonDocs: [Int32]
    private var singleton = 0
    private var ordinal: Int

    init(_ block: borrowing TermBlock, field: FieldData) {
        reader = ByteReader(UnsafeRawBufferPointer(rebasing: field.files.termsBytes[0..<block.metadataEnd]), offset: block.metadataOffset)
        postings = block.postingsBase
        positions = block.positionsBase
        hasFreqs = field.options.hasFreqs
        hasPositions = field.options.hasPositions
        allSingletons = block.allSingletons
        singletonDocs = block.singletonDocs
        ordinal = block.block * field.blockSize
    }

    mutating func next() throws(CorruptData) -> TermInfo {
        let docFreq = allSingletons ? 1 : try reader.readVIntAsInt(max: Int(Int32.max) - 1) + 1
        var totalTermFreq = Int64(docFreq)
        if hasFreqs {
            let extra = try reader.readVInt()
            guard extra < UInt64(Int64.max) - UInt64(docFreq) else { throw CorruptData("term frequency out of range") }
            totalTermFreq += Int64(extra)
        }
        let postingsOffset: Int
        if docFreq == 1 {
            guard singleton < singletonDocs.count else { throw CorruptData("more single-document terms than doc ids") }
            postingsOffset = Int(singletonDocs[singleton])
            singleton += 1
        } else {
            postings += try reader.readVIntAsInt(max: 1 << 40)
            postingsOffset = postings
        }
        var positionsOffset = 0
        if hasPositions {
            if totalTermFreq == 1 {
                positionsOffset = try reader.readVIntAsInt(max: Int(Int32.max))
            } else {
                positions += try reader.readVIntAsInt(max: 1 << 40)
                positionsOffset = positions
            }
        }
        defer { ordinal += 1 }
        return TermInfo(
            ordinal: ordinal, docFreq: docFreq, totalTermFreq: totalTermFreq,
            postingsOffset: postingsOffset, positionsOffset: positionsOffset)
    }

    mutating func skip(_ n: Int) throws(CorruptData) {
        for _ in 0..<n { _ = try next() }
    }
}
