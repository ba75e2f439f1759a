/// The reading half of a column's doc-to-value map: where a doc's values sit among all values of
/// the column, in O(1) from the mapped bytes.
///
/// Sizes were checked when the column was opened; per-entry contents are clamped here so that even
/// a file whose checksum matches but whose content is inconsistent never reads out of bounds.
struct DocValueMap: @unchecked Sendable {  // pointers into a read-only mapping kept alive by the column
    let layout: ColumnFormat.Layout
    let docCount: Int
    let valueCount: Int
    let shift: Int
    /// Sparse: one UInt32 per block, the values before it.
    let ranks: UnsafeRawBufferPointer
    /// Sparse: one UInt64 per 64 docs, bit `d % 64` set when doc `d` has a value.
    let words: UnsafeRawBufferPointer
    /// Multi: docCount + 1 packed offsets.
    let offsets: UnsafeRawBufferPointer
    let offsetWidth: Int

    var blockCount: Int { (docCount + (1 << shift) - 1) >> shift }

    /// Reads the map that follows a column header.
    init(layout: ColumnFormat.Layout, docCount: Int, valueCount: Int, shift: Int, reader: inout ByteReader) throws(CorruptData) {
        self.layout = layout
        self.docCount = docCount
        self.valueCount = valueCount
        self.shift = shift
        let blocks = (docCount + (1 << shift) - 1) >> shift
        var ranks = UnsafeRawBufferPointer(start: nil, count: 0)
        var words = ranks
        var offsets = ranks
        var offsetWidth = 0
        switch layout {
        case .empty, .dense:
            break
        case .sparse:
            ranks = try reader.readSlice(blocks * 4)
            words = try reader.readSlice(((docCount + 63) >> 6) * 8)
        case .multi:
            offsetWidth = Int(try reader.readUInt8())
            guard offsetWidth <= 32 else { throw CorruptData("offset bit width \(offsetWidth) exceeds 32") }
            offsets = try reader.readSlice(BitPacking.byteCount(count: docCount + 1, bitWidth: offsetWidth))
        }
        (self.ranks, self.words, self.offsets, self.offsetWidth) = (ranks, words, offsets, offsetWidth)
        // Block starts must not decrease and must end at valueCount, so every block's value count
        // is non-negative and readers can trust `firstValue(ofBlock:)` to size the block.
        var previous = 0
        for b in 0...blocks {
            let first = firstValue(ofBlock: b)
            guard first >= previous else { throw CorruptData("block \(b) starts before block \(b - 1)") }
            previous = first
        }
        if layout != .empty, previous != valueCount {
            throw CorruptData("blocks hold \(previous) values, header says \(valueCount)")
        }
    }

    /// The value index of the first value of block `block` (`valueCount` for `block == blockCount`).
    @inline(__always)
    func firstValue(ofBlock block: Int) -> Int {
        switch layout {
        case .empty: return 0
        case .dense: return min(block &<< shift, docCount)
        case .sparse:
            guard block < blockCount else { return valueCount }
            return Int(UInt32(littleEndian: ranks.loadUnaligned(fromByteOffset: block &* 4, as: UInt32.self)))
        case .multi:
            return Int(BitPacking.get(min(block &<< shift, docCount), bitWidth: offsetWidth, from: offsets))
        }
    }

    /// The value indexes of `doc` (which must be in `0..<docCount`), empty when it has none.
    @inline(__always)
    func values(of doc: Int) -> Range<Int> {
        switch layout {
        case .empty:
            return 0..<0
        case .dense:
            return doc..<(doc &+ 1)
        case .sparse:
            guard let index = sparseIndex(doc) else { return 0..<0 }
            return index..<(index &+ 1)
        case .multi:
            let end = min(Int(BitPacking.get(doc &+ 1, bitWidth: offsetWidth, from: offsets)), valueCount)
            let start = min(Int(BitPacking.get(doc, bitWidth: offsetWidth, from: offsets)), end)
            return start..<end
        }
    }

    /// The value index of the first value of `doc`, nil when it has none.
    @inline(__always)
    func firstIndex(of doc: Int) -> Int? {
        switch layout {
        case .empty: return nil
        case .dense: return doc
        case .sparse: return sparseIndex(doc)
        case .multi:
            let range = values(of: doc)
            return range.isEmpty ? nil : range.lowerBound
        }
    }

    /// Rank of `doc` among docs with a value: the block's rank plus the bits set before it.
    @inline(__always)
    private func sparseIndex(_ doc: Int) -> Int? {
        let w = doc &>> 6
        let word = UInt64(littleEndian: words.loadUnaligned(fromByteOffset: w &* 8, as: UInt64.self))
        let bit: UInt64 = 1 &<< UInt64(doc & 63)
        guard word & bit != 0 else { return nil }
        let block = doc &>> shift
        var rank = Int(UInt32(littleEndian: ranks.loadUnaligned(fromByteOffset: block &* 4, as: UInt32.self)))
        var i = block &<< (shift &- 6)
        while i < w {
            rank &+= UInt64(littleEndian: words.loadUnaligned(fromByteOffset: i &* 8, as: UInt64.self)).nonzeroBitCount
            i &+= 1
        }
        rank &+= (word & (bit &- 1)).nonzeroBitCount
        return rank < valueCount ? rank : nil
    }
}
