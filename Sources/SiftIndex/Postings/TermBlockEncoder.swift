import SiftNative

/// Collects one field's terms into blocks of ``PostingsFormat/termsPerBlock`` and encodes each block
/// (prefix-compressed terms, suffixes raw / hex-nibble / LZ4, per-term metadata) plus the field's
/// sparse index entry for it. Buffers are reused from block to block and field to field.
struct TermBlockEncoder {
    private(set) var options: IndexOptions = .docs
    /// Terms of the pending block, concatenated.
    private var termBytes: [UInt8] = []
    private var termEnds: [Int] = []
    private var infos: [TermInfo] = []
    /// The last term added to the field, for the order check.
    private var lastTerm: [UInt8] = []
    private var hasLastTerm = false
    private var previousFirstTerm: [UInt8] = []

    /// The encoded block, valid after ``encodeBlock()``.
    private(set) var block = ByteWriter(capacity: 1 << 14)
    /// The field's sparse index so far.
    private(set) var sparseIndex = ByteWriter(capacity: 1 << 12)
    private var suffixes: [UInt8] = []
    private var compressed: [UInt8] = []
    private var prefixes: [UInt64] = []
    private var lengths: [UInt64] = []
    private var singletonDocs: [UInt64] = []

    var pendingCount: Int { infos.count }

    init() {
        termBytes.reserveCapacity(4096)
        termEnds.reserveCapacity(PostingsFormat.termsPerBlock)
        infos.reserveCapacity(PostingsFormat.termsPerBlock)
    }

    mutating func startField(options: IndexOptions) {
        self.options = options
        termBytes.removeAll(keepingCapacity: true)
        termEnds.removeAll(keepingCapacity: true)
        infos.removeAll(keepingCapacity: true)
        lastTerm.removeAll(keepingCapacity: true)
        previousFirstTerm.removeAll(keepingCapacity: true)
        hasLastTerm = false
        sparseIndex.removeAll()
    }

    /// Adds a term (strictly greater than the previous one); true when the block is full.
    mutating func add(_ term: UnsafeRawBufferPointer, info: TermInfo) -> Bool {
        if hasLastTerm {
            precondition(
                lastTerm.withUnsafeBytes { PostingsFormat.compare($0, term) } < 0,
                "terms must be added in strictly increasing byte order")
        }
        lastTerm.removeAll(keepingCapacity: true)
        lastTerm.append(contentsOf: term)
        hasLastTerm = true
        termBytes.append(contentsOf: term)
        termEnds.append(termBytes.count)
        infos.append(info)
        return infos.count == PostingsFormat.termsPerBlock
    }

    /// Encodes the pending terms into ``block``, appends the sparse index entry and empties the pending list.
    mutating func encodeBlock() {
        let n = infos.count
        precondition(n > 0)
        block.removeAll()
        suffixes.removeAll(keepingCapacity: true)
        let hasFreqs = options.hasFreqs
        let hasPositions = options.hasPositions

        // Bases: the first stored postings / positions offsets of the block.
        var postingsBase = 0
        var positionsBase = 0
        if let first = infos.first(where: { $0.docFreq > 1 }) { postingsBase = first.postingsOffset }
        if hasPositions, let first = infos.first(where: { $0.totalTermFreq > 1 }) { positionsBase = first.positionsOffset }
        block.writeVInt(postingsBase)
        if hasPositions { block.writeVInt(positionsBase) }

        let firstLength = termEnds[0]
        var equal = true
        for i in 1..<n where termEnds[i] - termEnds[i - 1] != firstLength {
            equal = false
            break
        }

        // Prefix lengths (term i against term i-1) and suffix lengths as packed runs, and the suffix
        // bytes; term 0 lives in the sparse index.
        prefixes.removeAll(keepingCapacity: true)
        lengths.removeAll(keepingCapacity: true)
        termBytes.withUnsafeBytes { all in
            for i in 1..<n {
                let previousStart = i >= 2 ? termEnds[i - 2] : 0
                let start = termEnds[i - 1]
                let end = termEnds[i]
                let shared = PostingsFormat.commonPrefix(
                    UnsafeRawBufferPointer(rebasing: all[previousStart..<start]), UnsafeRawBufferPointer(rebasing: all[start..<end]))
                prefixes.append(UInt64(shared))
                lengths.append(UInt64(end - start - shared))
                suffixes.append(contentsOf: UnsafeRawBufferPointer(rebasing: all[(start + shared)..<end]))
            }
        }

        // Suffix codec: hex nibbles when every byte is a lowercase hex digit, LZ4 when it saves 20%.
        var codec = PostingsFormat.suffixRaw
        var bestSize = suffixes.count
        let hexValue = PostingsFormat.hexValue
        if !suffixes.isEmpty {
            var allHex: UInt8 = 0
            for byte in suffixes { allHex |= hexValue[Int(byte)] }
            if allHex & 0xF0 == 0 {
                codec = PostingsFormat.suffixHex
                bestSize = (suffixes.count + 1) / 2
            }
        }
        compressed.removeAll(keepingCapacity: true)
        if suffixes.count >= 64 {
            let size = suffixes.withUnsafeBytes { source in (try? LZ4Block.compress(source, into: &compressed)) ?? Int.max }
            if size < Int.max, (size + 3) * 5 <= bestSize * 4 { codec = PostingsFormat.suffixLZ4 }
        }

        // Single-document terms: their doc ids as a packed run, absolute or as deltas (ids made in
        // order, like auto-generated `_id`s, differ by a few).
        singletonDocs.removeAll(keepingCapacity: true)
        for info in infos where info.docFreq == 1 { singletonDocs.append(UInt64(info.postingsOffset)) }
        let singletons = singletonDocs.count
        let allSingletons = singletons == n
        var useDeltas = false
        if singletons > 1 {
            var absoluteBits: UInt64 = 0
            var deltaBits: UInt64 = 0
            for i in 0..<singletons {
                absoluteBits |= singletonDocs[i]
                if i > 0 { deltaBits |= zigzag(Int64(singletonDocs[i]) - Int64(singletonDocs[i - 1])) }
            }
            let absolute = BitPacking.byteCount(count: singletons, bitWidth: BitPacking.bitWidth(absoluteBits))
            let delta = vintSize(singletonDocs[0]) + BitPacking.byteCount(count: singletons - 1, bitWidth: BitPacking.bitWidth(deltaBits))
            useDeltas = delta < absolute
        }

        var flags = codec
        if equal { flags |= PostingsFormat.equalLengths }
        if allSingletons { flags |= PostingsFormat.allSingletons }
        if useDeltas { flags |= PostingsFormat.singletonDeltas }
        block.writeUInt8(flags)
        if equal { block.writeVInt(firstLength) }
        if n > 1 {
            prefixes.withUnsafeBufferPointer { PackedRun.write($0, into: &block) }
            if !equal { lengths.withUnsafeBufferPointer { PackedRun.write($0, into: &block) } }
        }
        switch codec {
        case PostingsFormat.suffixHex:
            var i = 0
            let count = suffixes.count
            while i < count {
                let high = hexValue[Int(suffixes[i])]
                let low = i + 1 < count ? hexValue[Int(suffixes[i + 1])] : 0
                block.writeUInt8(high << 4 | low)
                i += 2
            }
        case PostingsFormat.suffixLZ4:
            block.writeVInt(compressed.count)
            block.writeBytes(compressed)
        default:
            block.writeBytes(suffixes)
        }

        if !allSingletons { block.writeVInt(singletons) }
        if singletons > 0 {
            if useDeltas {
                block.writeVInt(singletonDocs[0])
                for i in stride(from: singletons - 1, to: 0, by: -1) {
                    singletonDocs[i] = zigzag(Int64(singletonDocs[i]) - Int64(singletonDocs[i - 1]))
                }
                singletonDocs.withUnsafeBufferPointer { PackedRun.write(UnsafeBufferPointer(rebasing: $0[1...]), into: &block) }
            } else {
                singletonDocs.withUnsafeBufferPointer { PackedRun.write($0, into: &block) }
            }
        }

        var previousPostings = postingsBase
        var previousPositions = positionsBase
        for info in infos {
            if !allSingletons { block.writeVInt(info.docFreq - 1) }
            if hasFreqs { block.writeVInt(UInt64(info.totalTermFreq - Int64(info.docFreq))) }
            if info.docFreq > 1 {
                block.writeVInt(info.postingsOffset - previousPostings)
                previousPostings = info.postingsOffset
            }
            if hasPositions {
                if info.totalTermFreq == 1 {
                    block.writeVInt(info.positionsOffset)
                } else {
                    block.writeVInt(info.positionsOffset - previousPositions)
                    previousPositions = info.positionsOffset
                }
            }
        }

        // Sparse index entry: the block's first term (prefix-compressed against the previous block's) and length.
        termBytes.withUnsafeBytes { all in
            let first = UnsafeRawBufferPointer(rebasing: all[0..<firstLength])
            let shared = previousFirstTerm.withUnsafeBytes { PostingsFormat.commonPrefix($0, first) }
            sparseIndex.writeVInt(shared)
            sparseIndex.writeLengthPrefixed(UnsafeRawBufferPointer(rebasing: first[shared...]))
            previousFirstTerm.removeAll(keepingCapacity: true)
            previousFirstTerm.append(contentsOf: first)
        }
        sparseIndex.writeVInt(block.count)

        termBytes.removeAll(keepingCapacity: true)
        termEnds.removeAll(keepingCapacity: true)
        infos.removeAll(keepingCapacity: true)
    }
}

@inline(__always)
private func zigzag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }

@inline(__always)
private func vintSize(_ value: UInt64) -> Int { (64 - (value | 1).leadingZeroBitCount + 6) / 7 }

