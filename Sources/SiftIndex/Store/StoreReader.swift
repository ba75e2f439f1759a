import SiftNative
import Synchronization
import SystemPackage

/// Reads a segment's `.store` file (written by ``StoreWriter``): maps it, verifies header and
/// checksum once, and returns documents by id, decompressing their block.
///
/// `Sendable` and shared by all queries of a snapshot. The last decompressed block is cached
/// behind a `Mutex`, so reading the hits of one block in a row decompresses it once.
package final class StoreReader: Sendable {
    private let file: MappedFile
    /// Number of documents; ids are `0..<documentCount`.
    package let documentCount: Int
    let blockCount: Int
    /// File offsets of the index's first-doc and block-offset arrays, and of the index itself
    /// (where the last block ends).
    private let firstDocsAt: Int
    private let blockOffsetsAt: Int
    private let indexAt: Int
    private let cache = Mutex(DecodedStoreBlock())

    /// Opens and verifies `path`.
    ///
    /// - Throws: ``IndexError/io(path:reason:)`` if it cannot be read, ``IndexError/corrupted(path:reason:)``
    ///   if the header, checksum or block index does not check out.
    package init(path: FilePath, segment: SegmentUUID) throws(IndexError) {
        file = try MappedFile(path: path)
        let body = try file.verify(kind: StoreFormat.fileKind, versions: 1...StoreFormat.version, segment: segment)
        do throws(CorruptData) {
            guard body.range.count >= StoreFormat.trailerSize + StoreFormat.indexHeaderSize else {
                throw CorruptData("body too short for a block index")
            }
            let trailerAt = body.range.upperBound - StoreFormat.trailerSize
            var trailer = ByteReader(file.bytes, offset: trailerAt)
            let indexAt = try trailer.readUInt64()
            guard indexAt >= UInt64(body.range.lowerBound), indexAt <= UInt64(trailerAt - StoreFormat.indexHeaderSize) else {
                throw CorruptData("block index offset \(indexAt) is outside the body")
            }
            var index = ByteReader(UnsafeRawBufferPointer(rebasing: file.bytes[..<trailerAt]), offset: Int(indexAt))
            documentCount = try index.readUInt64AsInt(max: Int(Int32.max))
            blockCount = try index.readUInt64AsInt(max: documentCount)
            guard index.remaining == blockCount * StoreFormat.indexEntrySize else {
                throw CorruptData("block index of \(blockCount) blocks has \(index.remaining) bytes")
            }
            guard (blockCount == 0) == (documentCount == 0) else {
                throw CorruptData("\(blockCount) blocks for \(documentCount) documents")
            }
            self.indexAt = Int(indexAt)
            firstDocsAt = index.offset
            blockOffsetsAt = index.offset + blockCount * 4
            // Blocks must start in order, hold at least one document each and lie between the
            // header and the index, so lookups and block sizes can be trusted afterwards.
            var previousDoc = -1
            var previousOffset = body.range.lowerBound - 1
            for b in 0..<blockCount {
                let first = firstDoc(ofBlock: b)
                let offset = blockOffset(b)
                guard first > previousDoc, first < documentCount, b > 0 || first == 0 else {
                    throw CorruptData("block \(b) starts at document \(first) after \(previousDoc)")
                }
                guard offset > previousOffset, offset < self.indexAt else {
                    throw CorruptData("block \(b) at offset \(offset) is out of order or outside the body")
                }
                (previousDoc, previousOffset) = (first, offset)
            }
        } catch {
            throw .corrupted(path: path.string, reason: error.reason)
        }
    }

    /// The bytes appended for `doc`, decompressing its block unless it is the cached one.
    ///
    /// - Throws: ``IndexError/corrupted(path:reason:)`` if the block does not decode, or if `doc`
    ///   is outside `0..<documentCount` (an id from a damaged postings file, say).
    package func document(_ doc: Int32) throws(IndexError) -> [UInt8] {
        let d = Int(doc)
        guard d >= 0, d < documentCount else {
            throw .corrupted(path: file.path.string, reason: "document \(doc) is outside 0..<\(documentCount)")
        }
        let b = block(containing: d)
        let cached = cache.withLock { cached -> [UInt8]? in
            cached.block == b ? cached.document(d) : nil
        }
        if let cached { return cached }
        var decoded = DecodedStoreBlock()
        try decode(b, into: &decoded)
        let result = decoded.document(d)
        cache.withLock { [decoded] in $0 = decoded }
        return result
    }

    /// Calls `body` with each document of `range` in order, decompressing each block once; the
    /// bytes are valid only during the call. For merges and full scans.
    ///
    /// - Throws: ``IndexError/corrupted(path:reason:)`` if a block does not decode or `range` is
    ///   not within `0..<documentCount`; whatever `body` throws.
    package func forEachDocument(
        in range: Range<Int32>, _ body: (Int32, UnsafeRawBufferPointer) throws(IndexError) -> Void
    ) throws(IndexError) {
        guard range.lowerBound >= 0, Int(range.upperBound) <= documentCount else {
            throw .corrupted(path: file.path.string, reason: "documents \(range) are outside 0..<\(documentCount)")
        }
        guard !range.isEmpty else { return }
        let end = Int(range.upperBound)
        var decoded = DecodedStoreBlock()
        var b = block(containing: Int(range.lowerBound))
        while b < blockCount, firstDoc(ofBlock: b) < end {
            try decode(b, into: &decoded)
            let first = max(Int(range.lowerBound), decoded.firstDoc)
            let last = min(end, decoded.firstDoc + decoded.docCount)
            let block = decoded
            try block.bytes.withUnsafeBytes { bytes in
                Result { () throws(IndexError) in
                    for d in first..<last {
                        let i = d - block.firstDoc
                        try body(Int32(d), UnsafeRawBufferPointer(rebasing: bytes[block.starts[i]..<block.starts[i + 1]]))
                    }
                }
            }.get()
            b += 1
        }
    }

    // MARK: Blocks

    /// The id of the first document of block `b`.
    func firstDoc(ofBlock b: Int) -> Int {
        Int(UInt32(littleEndian: file.bytes.loadUnaligned(fromByteOffset: firstDocsAt + b * 4, as: UInt32.self)))
    }

    private func blockOffset(_ b: Int) -> Int {
        Int(truncatingIfNeeded: UInt64(littleEndian: file.bytes.loadUnaligned(fromByteOffset: blockOffsetsAt + b * 8, as: UInt64.self)))
    }

    /// The stored bytes of block `b` (header and payload), as ``StoreWriter/appendBlocks(of:)`` copies them.
    func blockBytes(_ b: Int) -> UnsafeRawBufferPointer {
        let end = b + 1 < blockCount ? blockOffset(b + 1) : indexAt
        return UnsafeRawBufferPointer(rebasing: file.bytes[blockOffset(b)..<end])
    }

    /// The block holding document `doc` (in `0..<documentCount`): the last block starting at or before it.
    private func block(containing doc: Int) -> Int {
        var low = 0
        var high = blockCount  // firstDoc(low) <= doc < firstDoc(high), with firstDoc(blockCount) = ∞
        while high - low > 1 {
            let mid = (low + high) / 2
            if firstDoc(ofBlock: mid) <= doc { low = mid } else { high = mid }
        }
        return low
    }

    /// Parses and decompresses block `b` into `decoded`, reusing its buffers.
    private func decode(_ b: Int, into decoded: inout DecodedStoreBlock) throws(IndexError) {
        let expectedDocs = (b + 1 < blockCount ? firstDoc(ofBlock: b + 1) : documentCount) - firstDoc(ofBlock: b)
        decoded.block = -1
        decoded.firstDoc = firstDoc(ofBlock: b)
        decoded.bytes.removeAll(keepingCapacity: true)
        decoded.starts.removeAll(keepingCapacity: true)
        do throws(CorruptData) {
            var reader = ByteReader(blockBytes(b))
            let docs = try reader.readVIntAsInt()
            guard docs == expectedDocs else {
                throw CorruptData("block \(b) holds \(docs) documents, the index says \(expectedDocs)")
            }
            let size = try reader.readVIntAsInt(max: LZ4Block.maxInputSize)
            let stored = try reader.readVIntAsInt(max: reader.remaining)
            var start = 0
            decoded.starts.append(0)
            for _ in 0..<docs {
                start += try reader.readVIntAsInt(max: size - start)
                decoded.starts.append(start)
            }
            guard start == size else { throw CorruptData("block \(b) documents add up to \(start) bytes, not \(size)") }
            let payload = try reader.readSlice(stored)
            guard reader.isAtEnd else { throw CorruptData("block \(b) has \(reader.remaining) trailing bytes") }
            if stored == size {
                decoded.bytes.append(contentsOf: payload)
            } else {
                do throws(LZ4Error) {
                    try LZ4Block.decompress(payload, decompressedSize: size, into: &decoded.bytes)
                } catch {
                    throw CorruptData("block \(b): \(error)")
                }
            }
        } catch {
            throw .corrupted(path: file.path.string, reason: error.reason)
        }
        decoded.block = b
    }
}

extension ByteReader {
    /// A little-endian UInt64 count that must be at most `limit`.
    fileprivate mutating func readUInt64AsInt(max limit: Int) throws(CorruptData) -> Int {
        let value = try readUInt64()
        guard value <= UInt64(limit) else { throw CorruptData("count \(value) exceeds \(limit) at offset \(offset)") }
        return Int(value)
    }
}
