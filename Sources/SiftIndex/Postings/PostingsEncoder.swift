/// Encodes one term's doc ids, freqs and positions into the bytes of `.postings` and `.positions`:
/// packed blocks of 128 docs, a VInt tail, skip entries in front when there is more than one block.
///
/// Holds its scratch buffers across terms so the ingest path does not allocate per term.
struct PostingsEncoder {
    /// Skip entries of the current term (one per full block), written before its blocks.
    private(set) var skip = ByteWriter(capacity: 1 << 12)
    /// Doc/freq blocks and the VInt tail of the current term.
    private(set) var blocks = ByteWriter(capacity: 1 << 16)
    /// Positions of the current term.
    private(set) var positions = ByteWriter(capacity: 1 << 16)
    private var values = [UInt64](repeating: 0, count: PostingsFormat.blockSize)
    private var positionRun = [UInt64](repeating: 0, count: PostingsFormat.blockSize)
    private var positionRunCount = 0

    init() {}

    mutating func reset() {
        skip.removeAll()
        blocks.removeAll()
        positions.removeAll()
    }

    /// Encodes a term present in two or more documents into ``skip``, ``blocks`` and ``positions``.
    /// Returns the total term frequency. Freqs are stored only when some freq is above 1: a term's
    /// `totalTermFreq == docFreq` (in its dictionary entry) tells the reader they are all 1.
    mutating func encode(
        docs: UnsafeBufferPointer<UInt32>, freqs: UnsafeBufferPointer<UInt32>, positions input: UnsafeBufferPointer<UInt32>,
        options: IndexOptions
    ) -> Int64 {
        let hasPositions = options.hasPositions
        let count = docs.count
        var totalTermFreq = Int64(count)
        if options.hasFreqs {
            totalTermFreq = 0
            for freq in freqs {
                precondition(freq >= 1, "freqs must be at least 1")
                totalTermFreq &+= Int64(freq)
            }
        }
        let writesFreqs = totalTermFreq != Int64(count)
        let blockSize = PostingsFormat.blockSize
        let fullBlocks = count / blockSize
        var previous: Int64 = -1  // last doc written
        var positionIndex = 0

        for block in 0..<fullBlocks {
            let base = block * blockSize
            let blockStart = blocks.count
            let positionsStart = positions.count
            let blockFirstPrevious = previous
            var bits: UInt64 = 0
            values.withUnsafeMutableBufferPointer { out in
                for i in 0..<blockSize {
                    let doc = Int64(docs[base &+ i])
                    precondition(doc > previous, "doc ids must be strictly increasing")
                    let value = UInt64(doc &- previous &- 1)
                    out[i] = value
                    bits |= value
                    previous = doc
                }
            }
            packValues(count: blockSize, bits: bits)
            if writesFreqs {
                bits = 0
                values.withUnsafeMutableBufferPointer { out in
                    for i in 0..<blockSize {
                        let value = UInt64(freqs[base &+ i] &- 1)
                        out[i] = value
                        bits |= value
                    }
                }
                packValues(count: blockSize, bits: bits)
            }
            if hasPositions {
                positionIndex = encodePositions(
                    freqs: UnsafeBufferPointer(rebasing: freqs[base..<(base + blockSize)]), positions: input, from: positionIndex)
            }
            skip.writeVInt(UInt64(previous &- blockFirstPrevious))
            skip.writeVInt(blocks.count &- blockStart)
            if hasPositions { skip.writeVInt(positions.count &- positionsStart) }
        }

        // The tail: fewer than 128 docs as VInts; with freqs, the low bit of the gap says "freq is 1".
        let tailStart = fullBlocks * blockSize
        for i in tailStart..<count {
            let doc = Int64(docs[i])
            precondition(doc > previous, "doc ids must be strictly increasing")
            let gap = UInt64(doc &- previous &- 1)
            previous = doc
            if writesFreqs {
                let freq = freqs[i]
                if freq == 1 {
                    blocks.writeVInt(gap << 1 | 1)
                } else {
                    blocks.writeVInt(gap << 1)
                    blocks.writeVInt(UInt64(freq &- 2))
                }
            } else {
                blocks.writeVInt(gap)
            }
        }
        if hasPositions, tailStart < count {
            positionIndex = encodePositions(
                freqs: UnsafeBufferPointer(rebasing: freqs[tailStart..<count]), positions: input, from: positionIndex)
        }
        precondition(!hasPositions || positionIndex == input.count, "positions must hold freqs[i] entries per doc")
        return totalTermFreq
    }

    /// Encodes the positions of a single-document term whose freq is above 1.
    mutating func encodeSingletonPositions(freq: UInt32, positions input: UnsafeBufferPointer<UInt32>) {
        var freqCopy = freq
        let end = withUnsafePointer(to: &freqCopy) { pointer in
            encodePositions(freqs: UnsafeBufferPointer(start: pointer, count: 1), positions: input, from: 0)
        }
        precondition(end == input.count, "positions must hold freq entries")
    }

    /// Bits needed for the values in a block, packed after a width byte.
    private mutating func packValues(count: Int, bits: UInt64) {
        let width = BitPacking.bitWidth(bits)
        blocks.writeUInt8(UInt8(width))
        values.withUnsafeBufferPointer { buffer in
            BitPacking.pack(UnsafeBufferPointer(rebasing: buffer[0..<count]), bitWidth: width, into: &blocks)
        }
    }

    /// One positions chunk (the docs of one block): per doc, the first position then deltas, in packed
    /// runs of 128 values with the last partial run as VInts. Returns the index after the consumed positions.
    private mutating func encodePositions(
        freqs: UnsafeBufferPointer<UInt32>, positions input: UnsafeBufferPointer<UInt32>, from start: Int
    ) -> Int {
        var index = start
        positionRunCount = 0
        for freq in freqs {
            let end = index + Int(freq)
            precondition(end <= input.count, "positions must hold freqs[i] entries per doc")
            var last: UInt32 = 0
            while index < end {
                let position = input[index]
                precondition(position >= last, "positions must increase within a document")
                appendPosition(UInt64(position &- last))
                last = position
                index &+= 1
            }
        }
        for i in 0..<positionRunCount { positions.writeVInt(positionRun[i]) }
        positionRunCount = 0
        return index
    }

    @inline(__always)
    private mutating func appendPosition(_ value: UInt64) {
        positionRun[positionRunCount] = value
        positionRunCount &+= 1
        if positionRunCount == PostingsFormat.blockSize {
            var bits: UInt64 = 0
            for v in positionRun { bits |= v }
            let width = BitPacking.bitWidth(bits)
            positions.writeUInt8(UInt8(width))
            BitPacking.pack(positionRun, bitWidth: width, into: &positions)
            positionRunCount = 0
        }
    }
}
