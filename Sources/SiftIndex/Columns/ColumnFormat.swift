/// Constants of the `.columns` file shared by ``ColumnWriter`` and ``ColumnReader`` (layout in
/// FORMAT.md, "Column files").
enum ColumnFormat {
    static let fileKind = FileKind("COLS")
    static let version: UInt32 = 1
    /// Docs per block: 512. Small enough that block bounds skip well for range filters, large
    /// enough that the 32 bytes of metadata per block cost well under a bit per doc.
    static let blockShift = 9
    /// Bytes of one numeric block entry: min, max, gcd, data offset << 8 | bit width.
    static let numericBlockEntrySize = 32
    /// Bytes of the trailer after the directory: the directory's file offset.
    static let trailerSize = 8

    enum ColumnType: UInt8 {
        case numeric = 0
        case ordinals = 1
    }

    /// How doc ids map to value indexes (the position of a doc's first value among all values).
    enum Layout: UInt8 {
        /// No doc has a value; nothing follows the column header.
        case empty = 0
        /// Every doc has exactly one value: value index = doc id.
        case dense = 1
        /// Docs have 0 or 1 value: a bitset with a rank per block.
        case sparse = 2
        /// Some doc has several values: packed offsets, docCount + 1 of them.
        case multi = 3
    }
}
