/// Constants of the `.store` file shared by ``StoreWriter`` and ``StoreReader`` (layout in
/// FORMAT.md, "Document store").
enum StoreFormat {
    static let fileKind = FileKind("STOR")
    static let version: UInt32 = 1
    /// Bytes of the trailer after the block index: the index's file offset.
    static let trailerSize = 8
    /// Bytes of the fixed part of the block index: document count and block count.
    static let indexHeaderSize = 16
    /// Bytes per block in the index: first doc id (UInt32) and block offset (UInt64).
    static let indexEntrySize = 12
}

/// One block of a store, decompressed: the concatenated documents and where each starts.
struct DecodedStoreBlock: Sendable {
    var block = -1
    var firstDoc = 0
    var bytes: [UInt8] = []
    /// docCount + 1 entries: document `firstDoc + i` is `bytes[starts[i]..<starts[i + 1]]`.
    var starts: [Int] = []

    var docCount: Int { max(starts.count - 1, 0) }

    func document(_ doc: Int) -> [UInt8] {
        let i = doc - firstDoc
        return Array(bytes[starts[i]..<starts[i + 1]])
    }
}
