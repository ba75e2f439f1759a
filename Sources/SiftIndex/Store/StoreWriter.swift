import SiftNative
import SystemPackage

/// Appends documents (opaque bytes: the caller stores id, version and source) to a `.store` file
/// in LZ4 blocks of about `blockSize` uncompressed bytes, then an index of the blocks (layout in
/// FORMAT.md, "Document store"). Doc ids are implicit: 0, 1, 2... in append order.
///
/// Blocks are self-contained, so a merge without deletes copies them unchanged with
/// ``appendBlocks(of:)``. Single owner: call ``finish(sync:)`` exactly once.
package struct StoreWriter: ~Copyable {
    private var file: SegmentFileWriter
    private let blockSize: Int
    /// Documents of the block being filled, concatenated.
    private var pending: [UInt8] = []
    /// Their lengths as VInts, in order.
    private var lengths = ByteWriter()
    private var pendingDocs = 0
    private var header = ByteWriter(capacity: 64)
    private var firstDocs: [UInt32] = []
    private var blockOffsets: [UInt64] = []
    /// Documents appended so far, including those still pending: the id the next one gets.
    package private(set) var documentCount = 0

    /// Creates (or truncates) `path`. A block is closed once it holds at least `blockSize` bytes
    /// (a single larger document makes a block of its own size).
    ///
    /// - Throws: ``IndexError/io(path:reason:)`` if the file cannot be created.
    package init(path: FilePath, segment: SegmentUUID, blockSize: Int = 64 << 10) throws(IndexError) {
        precondition(blockSize > 0 && blockSize <= 1 << 30, "block size must be between 1 byte and 1 GiB")
        file = try SegmentFileWriter(
            creating: path, kind: StoreFormat.fileKind, version: StoreFormat.version, segment: segment)
        self.blockSize = blockSize
        pending.reserveCapacity(min(blockSize, 1 << 20) + 4_096)
    }

    /// Appends one document; it gets id ``documentCount`` (before the call).
    ///
    /// - Throws: ``IndexError/io(path:reason:)`` if writing a full block fails.
    package mutating func append(_ document: UnsafeRawBufferPointer) throws(IndexError) {
        precondition(documentCount < Int(Int32.max), "a store holds at most Int32.max documents")
        pending.append(contentsOf: document)
        lengths.writeVInt(document.count)
        pendingDocs += 1
        documentCount += 1
        if pending.count >= blockSize { try flush() }
    }

    /// Copies every block of `reader` unchanged (no recompression) after the documents already
    /// written, which keep their ids; `reader`'s document `i` becomes `documentCount + i`. The
    /// pending partial block is closed first.
    ///
    /// - Throws: ``IndexError/io(path:reason:)`` if writing fails.
    package mutating func appendBlocks(of reader: StoreReader) throws(IndexError) {
        precondition(documentCount + reader.documentCount <= Int(Int32.max), "a store holds at most Int32.max documents")
        try flush()
        for b in 0..<reader.blockCount {
            firstDocs.append(UInt32(documentCount + reader.firstDoc(ofBlock: b)))
            blockOffsets.append(UInt64(file.offset))
            try file.write(reader.blockBytes(b))
        }
        documentCount += reader.documentCount
    }

    /// Writes the pending documents as one block: header, then the LZ4 payload (or the raw bytes
    /// when LZ4 would not make them smaller).
    private mutating func flush() throws(IndexError) {
        guard pendingDocs > 0 else { return }
        firstDocs.append(UInt32(documentCount - pendingDocs))
        blockOffsets.append(UInt64(file.offset))
        var compressed: [UInt8] = []
        var raw = pending.isEmpty
        if !raw {
            let result = pending.withUnsafeBytes { bytes in
                Result { () throws(LZ4Error) in try LZ4Block.compress(bytes, into: &compressed) }
            }
            switch result {
            case .success(let size): raw = size >= pending.count
            case .failure(let error): throw .io(path: file.path.string, reason: "\(error)")
            }
        }
        header.removeAll()
        header.writeVInt(pendingDocs)
        header.writeVInt(pending.count)
        header.writeVInt(raw ? pending.count : compressed.count)  // equal lengths mean "stored raw"
        try file.write(header)
        try file.write(lengths)
        try file.write(raw ? pending : compressed)
        pending.removeAll(keepingCapacity: true)
        lengths.removeAll()
        pendingDocs = 0
    }

    /// Writes the last block, the block index and the footer, closes the file (fsynced first when
    /// `sync`), and returns its length.
    ///
    /// - Throws: ``IndexError/io(path:reason:)`` if writing or syncing fails.
    package consuming func finish(sync: Bool) throws(IndexError) -> Int {
        try flush()
        let indexOffset = file.offset
        var index = ByteWriter(capacity: StoreFormat.indexHeaderSize + firstDocs.count * StoreFormat.indexEntrySize + 8)
        index.writeUInt64(UInt64(documentCount))
        index.writeUInt64(UInt64(firstDocs.count))
        for first in firstDocs { index.writeUInt32(first) }
        for offset in blockOffsets { index.writeUInt64(offset) }
        index.writeUInt64(UInt64(indexOffset))
        try file.write(index)
        return try file.finish(sync: sync)
    }
}
