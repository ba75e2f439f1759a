/// One numeric field of a segment, read in place from the mapped `.columns` file.
///
/// A `Sendable` value that any number of queries share; every read is O(1) and allocation-free.
/// Doc ids outside `0..<docCount` have no value.
package struct NumericColumn: @unchecked Sendable {  // pointers into a read-only mapping that `owner` keeps alive
    package let kind: NumericKind
    /// The smallest value of the segment (`Int64.max` if none), for skipping whole segments.
    package let minValue: Int64
    /// The largest value of the segment (`Int64.min` if none).
    package let maxValue: Int64
    package let docsWithValue: Int
    private let map: DocValueMap
    /// One 32-byte entry per block (see FORMAT.md).
    private let blocks: UnsafeRawBufferPointer
    private let data: UnsafeRawBufferPointer
    private let owner: MappedFile

    /// Parses the column that follows its common header; checks every size against the file.
    init(header: ColumnHeader, reader: inout ByteReader, docCount: Int, owner: MappedFile) throws(CorruptData) {
        guard let kind = NumericKind(rawValue: header.kind) else {
            throw CorruptData("unknown numeric kind \(header.kind)")
        }
        self.kind = kind
        minValue = try reader.readInt64()
        maxValue = try reader.readInt64()
        docsWithValue = header.docsWithValue
        map = try DocValueMap(
            layout: header.layout, docCount: docCount, valueCount: header.valueCount, shift: header.shift,
            reader: &reader)
        self.owner = owner
        guard header.layout != .empty else {
            blocks = UnsafeRawBufferPointer(start: nil, count: 0)
            data = blocks
            return
        }
        guard minValue <= maxValue else { throw CorruptData("column minimum exceeds its maximum") }
        blocks = try reader.readSlice(map.blockCount * ColumnFormat.numericBlockEntrySize)
        data = try reader.readLengthPrefixed()
        for b in 0..<map.blockCount {
            let (_, _, _, offset, width) = entry(b)
            let count = map.firstValue(ofBlock: b + 1) - map.firstValue(ofBlock: b)
            guard width <= 64, offset <= data.count,
                  BitPacking.byteCount(count: count, bitWidth: width) <= data.count - offset
            else { throw CorruptData("block \(b) of \(count) values at \(width) bits overruns the data") }
        }
    }

    /// True unless some doc has several values.
    package var isSingleValued: Bool { map.layout != .multi }

    /// Docs per block of ``blockBounds(_:)``; block `b` holds docs `b * blockSize ..< (b + 1) * blockSize`.
    package var blockSize: Int { 1 << map.shift }

    /// Number of blocks (the last may be partial).
    package var blockCount: Int { map.blockCount }

    /// The smallest value of `doc`, nil if it has none.
    @inline(__always)
    package func value(_ doc: Int32) -> Int64? {
        let d = Int(doc)
        guard d >= 0, d < map.docCount, let index = map.firstIndex(of: d) else { return nil }
        return decode(index, block: d &>> map.shift)
    }

    /// Replaces the contents of `into` with all values of `doc`, ascending (empty if none).
    package func values(_ doc: Int32, into: inout [Int64]) {
        into.removeAll(keepingCapacity: true)
        let d = Int(doc)
        guard d >= 0, d < map.docCount else { return }
        let block = d &>> map.shift
        for index in map.values(of: d) {
            guard let v = decode(index, block: block) else { return }
            into.append(v)
        }
    }

    /// The smallest and largest value of the docs of `block`, nil when none of them has a value
    /// (or `block` is out of range), so range filters skip blocks without decoding them.
    package func blockBounds(_ block: Int) -> (min: Int64, max: Int64)? {
        guard block >= 0, block < map.blockCount, map.layout != .empty else { return nil }
        let (low, high, _, _, _) = entry(block)
        return low <= high ? (low, high) : nil
    }

    @inline(__always)
    private func entry(_ block: Int) -> (min: Int64, max: Int64, gcd: UInt64, offset: Int, width: Int) {
        let at = block &* ColumnFormat.numericBlockEntrySize
        let low = Int64(littleEndian: blocks.loadUnaligned(fromByteOffset: at, as: Int64.self))
        let high = Int64(littleEndian: blocks.loadUnaligned(fromByteOffset: at &+ 8, as: Int64.self))
        let gcd = UInt64(littleEndian: blocks.loadUnaligned(fromByteOffset: at &+ 16, as: UInt64.self))
        let packed = UInt64(littleEndian: blocks.loadUnaligned(fromByteOffset: at &+ 24, as: UInt64.self))
        return (low, high, gcd, Int(packed &>> 8), Int(packed & 0xFF))
    }

    /// Value `index` (a value index of a doc in `block`): min + packed * gcd.
    @inline(__always)
    private func decode(_ index: Int, block: Int) -> Int64? {
        let local = index &- map.firstValue(ofBlock: block)
        guard local >= 0 else { return nil }
        let (low, _, gcd, offset, width) = entry(block)
        if width == 0 { return low }
        let run = UnsafeRawBufferPointer(rebasing: data[offset...])
        return low &+ Int64(bitPattern: BitPacking.get(local, bitWidth: width, from: run) &* gcd)
    }
}
