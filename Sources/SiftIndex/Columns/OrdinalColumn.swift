/// One keyword field of a segment: per doc, ordinals into the field's sorted term dictionary,
/// read in place from the mapped `.columns` file.
///
/// A `Sendable` value that any number of queries share; every read is O(1) and allocation-free.
/// Doc ids outside `0..<docCount` have no ordinal.
package struct OrdinalColumn: @unchecked Sendable {  // pointers into a read-only mapping that `owner` keeps alive
    /// Number of distinct terms; every ordinal is below it.
    package let ordinalCount: Int
    private let map: DocValueMap
    private let width: Int
    private let data: UnsafeRawBufferPointer
    private let owner: MappedFile

    /// Parses the column that follows its common header; checks every size against the file.
    init(header: ColumnHeader, reader: inout ByteReader, docCount: Int, owner: MappedFile) throws(CorruptData) {
        ordinalCount = try reader.readVIntAsInt(max: Int(UInt32.max) + 1)
        width = Int(try reader.readUInt8())
        guard width <= 32 else { throw CorruptData("ordinal bit width \(width) exceeds 32") }
        map = try DocValueMap(
            layout: header.layout, docCount: docCount, valueCount: header.valueCount, shift: header.shift,
            reader: &reader)
        self.owner = owner
        guard header.layout != .empty else {
            data = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        data = try reader.readLengthPrefixed()
        guard data.count >= BitPacking.byteCount(count: header.valueCount, bitWidth: width) else {
            throw CorruptData("\(header.valueCount) ordinals at \(width) bits overrun the data")
        }
    }

    /// True unless some doc has several ordinals.
    package var isSingleValued: Bool { map.layout != .multi }

    /// The smallest ordinal of `doc`, nil if it has none.
    @inline(__always)
    package func ordinal(_ doc: Int32) -> UInt32? {
        let d = Int(doc)
        guard d >= 0, d < map.docCount, let index = map.firstIndex(of: d) else { return nil }
        return UInt32(truncatingIfNeeded: BitPacking.get(index, bitWidth: width, from: data))
    }

    /// Replaces the contents of `into` with all ordinals of `doc`, ascending (empty if none).
    package func ordinals(_ doc: Int32, into: inout [UInt32]) {
        into.removeAll(keepingCapacity: true)
        let d = Int(doc)
        guard d >= 0, d < map.docCount else { return }
        for index in map.values(of: d) {
            into.append(UInt32(truncatingIfNeeded: BitPacking.get(index, bitWidth: width, from: data)))
        }
    }
}
