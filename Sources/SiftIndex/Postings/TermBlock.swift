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
        postingsBase = try reader.readVIntAsInt(max: 1 << 48)
        positionsBase = field.options.hasPositions ? try reader.readVIntAsInt(max: 1 << 48) : 0
        let flags = try reader.readUInt8()
        let codec = flags & 3
        let firstRange = field.firstTermRange(index)
        let firstLength = firstRange.count
        var equalLength = -1
        if flags & PostingsFormat.equalLengths != 0 {
            equalLength = try reader.readVIntAsInt(max: 1 << 20)
            guard equalLength == firstLength else { throw CorruptData("term block \(index): length does not match its first term") }
        }

        // Prefix and suffix lengths, then suffix lengths turned into ends, checking every prefix
        // against the previous term's length.
        resize(&prefixes, to: n)
        resize(&suffixEnds, to: n)
        var total = firstLength
        var packedLengths: PackedRun.Run?
        let packedPrefixes = n > 1 ? try PackedRun.open(&reader, count: n - 1, maxWidth: 20) : nil
        if n > 1 && equalLength < 0 { packedLengths = try PackedRun.open(&reader, count: n - 1, maxWidth: 20) }
        let ok = prefixes.withUnsafeMutableBufferPointer { prefixes in
            suffixEnds.withUnsafeMutableBufferPointer { ends in
                prefixes[0] = 0
                ends[0] = firstLength
                guard let packedPrefixes else { return true }
                var previousLength = firstLength
                for i in 1..<n {
                    let prefix = Int(packedPrefixes[i &- 1])
                    let suffix = packedLengths.map { Int($0[i &- 1]) } ?? (equalLength &- prefix)
                    guard prefix <= previousLength, suffix >= 0 else { return false }
                    previousLength = prefix &+ suffix
                    total &+= suffix
                    prefixes[i] = prefix
                    ends[i] = total
                }
                return true
            }
        }
        guard ok else { throw CorruptData("term block \(index): bad prefix length") }
        let suffixTotal = total - firstLength
        // No codec expands more than LZ4's 255 times: a larger total is damage, refused before allocating.
        guard suffixTotal <= reader.remaining * 255 else { throw CorruptData("term block \(index): suffix lengths exceed the block") }

        suffixes.removeAll(keepingCapacity: true)
        suffixes.reserveCapacity(total)
        suffixes.append(contentsOf: field.firstTerms[firstRange])
        switch codec {
        case PostingsFormat.suffixRaw:
            suffixes.append(contentsOf: try reader.readSlice(suffixTotal))
        case PostingsFormat.suffixHex:
            let packed = try reader.readSlice((suffixTotal + 1) / 2)
            suffixes.append(contentsOf: repeatElement(0, count: suffixTotal))
            suffixes.withUnsafeMutableBufferPointer { out in
                PostingsFormat.hexDigits.withUnsafeBufferPointer { digits in
                    var o = firstLength
                    for byte in packed {
                        out[o] = digits[Int(byte >> 4)]
                        if o &+ 1 < total { out[o &+ 1] = digits[Int(byte & 0xF)] }
                        o &+= 2
                    }
                }
            }
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
        resize(&singletonDocs, to: singletons)
        if singletons > 0 {
            if flags & PostingsFormat.singletonDeltas != 0 {
                let first = try reader.readVIntAsInt(max: Int(Int32.max) - 1)
                let deltas = try PackedRun.open(&reader, count: singletons - 1, maxWidth: 40)
                let ok = singletonDocs.withUnsafeMutableBufferPointer { docs in
                    var doc = Int64(first)
                    docs[0] = Int32(first)
                    for i in 1..<singletons {
                        let value = deltas[i &- 1]
                        doc &+= Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
                        guard doc >= 0 && doc < Int64(Int32.max) else { return false }
                        docs[i] = Int32(truncatingIfNeeded: doc)
                    }
                    return true
                }
                guard ok else { throw CorruptData("term block \(index): doc id out of range") }
            } else {
                let docs = try PackedRun.open(&reader, count: singletons, maxWidth: 31)
                singletonDocs.withUnsafeMutableBufferPointer { out in
                    for i in 0..<singletons { out[i] = Int32(truncatingIfNeeded: docs[i]) }
                }
            }
        }
        count = n
        metadataOffset = reader.offset
        metadataEnd = end
        block = index
    }

    private func resize<T: FixedWidthInteger>(_ array: inout [T], to count: Int) {
        if array.count != count {
            array.removeAll(keepingCapacity: true)
            array.append(contentsOf: repeatElement(0, count: count))
        }
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

    /// A reader of no block (every read throws).
    init() {
        reader = ByteReader(UnsafeRawBufferPointer(start: nil, count: 0))
        postings = 0
        positions = 0
        hasFreqs = false
        hasPositions = false
        allSingletons = false
        singletonDocs = []
        ordinal = 0
    }

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
            postings &+= try reader.readVIntAsInt(max: 1 << 40)
            postingsOffset = postings
        }
        var positionsOffset = 0
        if hasPositions {
            if totalTermFreq == 1 {
                positionsOffset = try reader.readVIntAsInt(max: Int(Int32.max))
            } else {
                positions &+= try reader.readVIntAsInt(max: 1 << 40)
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
