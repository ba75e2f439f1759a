/// Iterates one term's documents in increasing order, Lucene style: ``doc`` is -1 before the first
/// ``next()`` and ``noMoreDocs`` at the end.
///
/// Decodes a block of 128 doc ids (and freqs) at a time; ``advance(to:)`` walks the term's skip
/// entries to jump over blocks without decoding them. Positions are decoded lazily, only when
/// ``nextPosition()`` is called. Never traps on bad data: a block that fails to decode ends the
/// iteration (the files were checksum-verified at open, so that would be a bug).
package struct PostingsIterator {
    /// ``doc`` once the iteration is over.
    package static let noMoreDocs: Int32 = .max

    private let owner: InvertedIndexFiles
    private let postingsBytes: UnsafeRawBufferPointer
    private let positionsBytes: UnsafeRawBufferPointer
    private let hasFreqs: Bool
    private let storesPositions: Bool
    private let readsPositions: Bool

    /// The current document, -1 before the first ``next()``, ``noMoreDocs`` at the end.
    package private(set) var doc: Int32 = -1
    /// Documents containing the term: the cost estimate of a full iteration.
    package let docFreq: Int

    // Decoded docs of the current block at `0..<bufferCount`, their freqs from `freqBase`;
    // `bufferIndex` is the current doc's slot. One allocation per iterator.
    private var buffer: [Int32]
    private let freqBase: Int
    private var bufferCount = 0
    private var bufferIndex = -1

    // Blocks: `fullBlocks` packed blocks with skip entries, then a VInt tail.
    private let fullBlocks: Int
    private var nextBlock = 0
    private var blockOffset = 0
    private var skipOffset = 0
    private var previousLastDoc: Int64 = -1
    private var nextChunkOffset = 0

    // Positions of the current block's chunk: packed runs of 128 then VInts.
    private var positionOffset = 0
    private var positionsLeftInChunk = 0
    private var positionBuffer: [Int32]
    private var positionBufferCount = 0
    private var positionBufferIndex = 0
    private var positionsToSkip = 0
    private var positionsLeftInDoc: Int32 = 0
    private var lastPosition: Int32 = 0

    init(info: TermInfo, field: FieldData, positions: Bool) {
        owner = field.files
        postingsBytes = field.files.postingsBytes
        positionsBytes = field.files.positionsBytes
        // Freqs are stored only when some are above 1 (see PostingsEncoder).
        hasFreqs = field.options.hasFreqs && info.totalTermFreq != Int64(info.docFreq)
        storesPositions = field.options.hasPositions
        readsPositions = positions
        docFreq = info.docFreq
        let blockSize = PostingsFormat.blockSize
        fullBlocks = info.docFreq / blockSize
        let small = info.docFreq == 1
        positionBuffer = []
        nextChunkOffset = info.positionsOffset
        if small {
            // Inline term: the doc (and a lone position) came from the term dictionary.
            let freq = Int32(clamping: Swift.max(1, info.totalTermFreq))
            buffer = [Int32(clamping: info.postingsOffset), freq]
            freqBase = 1
            bufferCount = 1
            nextBlock = 1
            if positions {
                if info.totalTermFreq == 1 {
                    positionBuffer = [Int32(truncatingIfNeeded: info.positionsOffset)]
                    positionBufferCount = 1
                } else {
                    positionBuffer = [Int32](repeating: 0, count: blockSize)
                    positionOffset = info.positionsOffset
                    positionsLeftInChunk = Int(freq)
                }
            }
            return
        }
        buffer = [Int32](repeating: 1, count: 2 * blockSize)
        freqBase = blockSize
        if positions { positionBuffer = [Int32](repeating: 0, count: blockSize) }
        if fullBlocks > 0 {
            var reader = ByteReader(postingsBytes, offset: info.postingsOffset)
            let skipLength = (try? reader.readVIntAsInt(max: postingsBytes.count)) ?? -1
            if skipLength < 0 {
                doc = Self.noMoreDocs
            } else {
                skipOffset = reader.offset
                blockOffset = reader.offset + skipLength
            }
        } else {
            blockOffset = info.postingsOffset
        }
    }

    /// The current document's frequency (1 when the field has no freqs). Stored, not computed, so
    /// reading it in a scoring loop is a plain load.
    package private(set) var freq: Int32 = 1

    /// Moves to the next document and returns it (``noMoreDocs`` at the end).
    @discardableResult
    package mutating func next() -> Int32 {
        guard doc != Self.noMoreDocs else { return doc }
        bufferIndex &+= 1
        if bufferIndex >= bufferCount {
            guard loadBlock() else { return end() }
            bufferIndex = 0
        }
        doc = buffer[bufferIndex]
        freq = buffer[freqBase &+ bufferIndex]
        if readsPositions {
            positionsToSkip &+= Int(positionsLeftInDoc)
            positionsLeftInDoc = freq
            lastPosition = 0
        }
        return doc
    }

    /// Moves to the first document >= `target` and returns it; `target` should exceed ``doc``
    /// (if not, this moves to the next document). Whole blocks ending before `target` are skipped
    /// by their skip entries, without decoding.
    @discardableResult
    package mutating func advance(to target: Int32) -> Int32 {
        guard doc != Self.noMoreDocs else { return doc }
        var i = bufferIndex &+ 1
        if i >= bufferCount || buffer[bufferCount &- 1] < target {
            // Nothing >= target in this block: jump over whole blocks, then decode one.
            skipBlocks(before: target)
            repeat {
                guard loadBlock() else { return end() }
            } while buffer[bufferCount &- 1] < target
            i = 0
        } else if readsPositions {
            positionsToSkip &+= Int(positionsLeftInDoc)
        }
        if readsPositions {
            while buffer[i] < target {
                positionsToSkip &+= Int(buffer[freqBase &+ i])
                i &+= 1
            }
            positionsLeftInDoc = buffer[freqBase &+ i]
            lastPosition = 0
        } else {
            while buffer[i] < target { i &+= 1 }
        }
        bufferIndex = i
        doc = buffer[i]
        freq = buffer[freqBase &+ i]
        return doc
    }

    /// The current document's next position; call at most ``freq`` times per document, and only on
    /// an iterator opened with positions (otherwise -1).
    package mutating func nextPosition() -> Int32 {
        guard readsPositions, positionsLeftInDoc > 0 else { return -1 }
        if positionsToSkip > 0 {
            guard skipPositions(positionsToSkip) else { return -1 }
            positionsToSkip = 0
        }
        if positionBufferIndex >= positionBufferCount {
            guard loadPositionRun() else { return -1 }
        }
        lastPosition &+= positionBuffer[positionBufferIndex]
        positionBufferIndex &+= 1
        positionsLeftInDoc &-= 1
        return lastPosition
    }

    private mutating func end() -> Int32 {
        doc = Self.noMoreDocs
        freq = 1
        bufferCount = 0
        bufferIndex = 0
        positionsLeftInDoc = 0
        return doc
    }
}

extension PostingsIterator {
    /// Skips blocks whose last doc is below `target` using their skip entries.
    private mutating func skipBlocks(before target: Int32) {
        var reader = ByteReader(postingsBytes, offset: skipOffset)
        while nextBlock < fullBlocks {
            guard let delta = try? reader.readVInt(), let docBytes = try? reader.readVIntAsInt(max: 1 << 24),
                  let positionBytes = storesPositions ? try? reader.readVIntAsInt(max: 1 << 40) : 0
            else { return }
            let lastDoc = previousLastDoc &+ Int64(truncatingIfNeeded: delta)
            guard lastDoc < Int64(target) else { return }
            skipOffset = reader.offset
            previousLastDoc = lastDoc
            blockOffset &+= docBytes
            nextChunkOffset &+= positionBytes
            nextBlock &+= 1
        }
    }

    /// Decodes the next block (or the tail) into the buffers; false at the end or on bad data.
    private mutating func loadBlock() -> Bool {
        if nextBlock < fullBlocks {
            do throws(CorruptData) {
                var skip = ByteReader(postingsBytes, offset: skipOffset)
                let delta = try skip.readVInt()
                let docBytes = try skip.readVIntAsInt(max: 1 << 24)
                let positionBytes = storesPositions ? try skip.readVIntAsInt(max: 1 << 40) : 0
                var reader = ByteReader(postingsBytes, offset: blockOffset)
                try unpackBlock(&reader, isDocs: true)
                if hasFreqs { try unpackBlock(&reader, isDocs: false) }
                guard reader.offset == blockOffset + docBytes,
                      Int64(buffer[PostingsFormat.blockSize - 1]) == previousLastDoc + Int64(truncatingIfNeeded: delta)
                else { throw CorruptData("postings block does not match its skip entry") }
                skipOffset = skip.offset
                blockOffset = reader.offset
                bufferCount = PostingsFormat.blockSize
                startChunk(length: positionBytes)
            } catch {
                return false
            }
        } else if nextBlock == fullBlocks {
            let count = docFreq - fullBlocks * PostingsFormat.blockSize
            guard count > 0 else { return false }
            do throws(CorruptData) {
                var reader = ByteReader(postingsBytes, offset: blockOffset)
                var previous = previousLastDoc
                for i in 0..<count {
                    let code = try reader.readVInt()
                    var freq: UInt64 = 1
                    var delta = code
                    if hasFreqs {
                        delta = code >> 1
                        if code & 1 == 0 { freq = try reader.readVInt() &+ 2 }
                    }
                    previous = previous &+ Int64(truncatingIfNeeded: delta) &+ 1
                    guard previous < Int64(Self.noMoreDocs), freq <= UInt64(Int32.max) else {
                        throw CorruptData("doc id or freq out of range")
                    }
                    buffer[i] = Int32(previous)
                    buffer[freqBase &+ i] = Int32(freq)
                }
                blockOffset = reader.offset
                bufferCount = count
                startChunk(length: 0)
            } catch {
                return false
            }
        } else {
            return false
        }
        previousLastDoc = Int64(buffer[bufferCount - 1])
        nextBlock &+= 1
        return true
    }

    /// Unpacks 128 doc deltas (into doc ids) or 128 freqs from a width byte and a packed run.
    private mutating func unpackBlock(_ reader: inout ByteReader, isDocs: Bool) throws(CorruptData) {
        let width = Int(try reader.readUInt8())
        guard width <= 32 else { throw CorruptData("bit width \(width) out of range") }
        let blockSize = PostingsFormat.blockSize
        let start = reader.offset
        try reader.skip(BitPacking.byteCount(count: blockSize, bitWidth: width))
        // The rest of the file, so `get` takes its 8-byte fast path up to the last value.
        let base = UnsafeRawBufferPointer(rebasing: postingsBytes[start...])
        let previousLastDoc = previousLastDoc
        let freqBase = freqBase
        let last: Int64 = buffer.withUnsafeMutableBufferPointer { out in
            if isDocs {
                var previous = previousLastDoc
                if width == 0 {
                    for i in 0..<blockSize {
                        previous &+= 1
                        out[i] = Int32(truncatingIfNeeded: previous)
                    }
                } else {
                    PackedRun.forEach(base, count: blockSize, width: width) { i, value in
                        previous = previous &+ Int64(value) &+ 1
                        out[i] = Int32(truncatingIfNeeded: previous)
                    }
                }
                return previous
            }
            if width == 0 {
                for i in 0..<blockSize { out[freqBase &+ i] = 1 }
            } else {
                PackedRun.forEach(base, count: blockSize, width: width) { i, value in
                    out[freqBase &+ i] = Int32(truncatingIfNeeded: Swift.min(value &+ 1, UInt64(Int32.max)))
                }
            }
            return 0
        }
        guard last < Int64(Self.noMoreDocs) else { throw CorruptData("doc id out of range") }
    }

    /// Points the positions reader at the chunk of the block just loaded (`length` bytes; 0 for the last).
    private mutating func startChunk(length: Int) {
        guard readsPositions else { return }
        positionOffset = nextChunkOffset
        nextChunkOffset &+= length
        var count = 0
        for i in 0..<bufferCount { count &+= Int(buffer[freqBase &+ i]) }
        positionsLeftInChunk = count
        positionBufferCount = 0
        positionBufferIndex = 0
        positionsToSkip = 0
        positionsLeftInDoc = 0
    }

    /// Decodes the next run of positions: 128 packed, or the chunk's remaining VInts.
    private mutating func loadPositionRun() -> Bool {
        let count = Swift.min(positionsLeftInChunk, PostingsFormat.blockSize)
        guard count > 0 else { return false }
        do throws(CorruptData) {
            var reader = ByteReader(positionsBytes, offset: positionOffset)
            if count == PostingsFormat.blockSize {
                let width = Int(try reader.readUInt8())
                guard width <= 32 else { throw CorruptData("bit width \(width) out of range") }
                let start = reader.offset
                try reader.skip(BitPacking.byteCount(count: count, bitWidth: width))
                let base = UnsafeRawBufferPointer(rebasing: positionsBytes[start...])
                positionBuffer.withUnsafeMutableBufferPointer { out in
                    PackedRun.forEach(base, count: count, width: width) { i, value in
                        out[i] = Int32(truncatingIfNeeded: value)
                    }
                }
            } else {
                for i in 0..<count {
                    positionBuffer[i] = Int32(truncatingIfNeeded: try reader.readVInt())
                }
            }
            positionOffset = reader.offset
        } catch {
            return false
        }
        positionsLeftInChunk &-= count
        positionBufferCount = count
        positionBufferIndex = 0
        return true
    }

    /// Discards `n` positions of earlier documents, jumping over whole packed runs without decoding.
    private mutating func skipPositions(_ n: Int) -> Bool {
        var n = n
        let buffered = positionBufferCount - positionBufferIndex
        if n <= buffered {
            positionBufferIndex &+= n
            return true
        }
        n &-= buffered
        positionBufferIndex = positionBufferCount
        let blockSize = PostingsFormat.blockSize
        while n >= blockSize && positionsLeftInChunk >= blockSize {
            guard positionOffset >= 0, positionOffset < positionsBytes.count else { return false }
            let width = Int(positionsBytes[positionOffset])
            positionOffset &+= 1 &+ BitPacking.byteCount(count: blockSize, bitWidth: width)
            positionsLeftInChunk &-= blockSize
            n &-= blockSize
        }
        guard n > 0 else { return true }
        guard loadPositionRun(), n < positionBufferCount else { return false }
        positionBufferIndex = n
        return true
    }
}
