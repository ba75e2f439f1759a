import SystemPackage

/// Writes a segment's `.columns` file: per field, the values of every doc packed for O(1) access by
/// doc id, for sorting, range filters and aggregations (layout in FORMAT.md, "Column files").
///
/// Columns are added in any order, each at most once per type; ``finish(sync:)`` writes the
/// directory and footer. Single owner: call ``finish(sync:)`` exactly once.
package struct ColumnWriter: ~Copyable {
    private struct Entry {
        var field: UInt32
        var type: ColumnFormat.ColumnType
        var offset: Int
        var length: Int
    }

    private var file: SegmentFileWriter
    private let docCount: Int
    private var entries: [Entry] = []
    private var buffer = ByteWriter()
    private var data = ByteWriter()

    /// Creates (or truncates) `path` for a segment of `docCount` docs.
    ///
    /// - Throws: ``IndexError/io(path:reason:)`` if the file cannot be created.
    package init(path: FilePath, segment: SegmentUUID, docCount: Int) throws(IndexError) {
        precondition(docCount >= 0 && docCount <= Int(Int32.max), "doc ids are Int32")
        file = try SegmentFileWriter(
            creating: path, kind: ColumnFormat.fileKind, version: ColumnFormat.version, segment: segment)
        self.docCount = docCount
    }

    /// Adds a numeric column. `offsets` has docCount + 1 entries: the values of doc `d` are
    /// `values[offsets[d]..<offsets[d+1]]`, sorted ascending (0 values: the doc has none).
    ///
    /// - Throws: ``IndexError/io(path:reason:)`` if writing fails.
    package mutating func addNumeric(
        field: UInt32, kind: NumericKind, offsets: UnsafeBufferPointer<UInt32>, values: UnsafeBufferPointer<Int64>
    ) throws(IndexError) {
        let shape = ColumnEncoding.shape(docCount: docCount, offsets: offsets, valueCount: values.count)
        var low = Int64.max
        var high = Int64.min
        for v in values {
            low = min(low, v)
            high = max(high, v)
        }
        if shape.layout == .multi {
            for d in 0..<docCount where offsets[d + 1] - offsets[d] > 1 {
                for i in Int(offsets[d] + 1)..<Int(offsets[d + 1]) {
                    precondition(values[i - 1] <= values[i], "the values of a doc must be sorted ascending")
                }
            }
        }
        buffer.removeAll()
        data.removeAll()
        writeHeader(.numeric, kind: kind.rawValue, shape)
        buffer.writeInt64(low)
        buffer.writeInt64(high)
        if shape.layout != .empty {
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: ColumnEncoding.chunk) { scratch in
                ColumnEncoding.writeDocMap(
                    shape.layout, docCount: docCount, offsets: offsets, into: &buffer, scratch: scratch)
                ColumnEncoding.writeNumericBlocks(
                    docCount: docCount, offsets: offsets, values: values, meta: &buffer, data: &data, scratch: scratch)
            }
            buffer.writeVInt(data.count)
        }
        try append(field: field, type: .numeric)
    }

    /// Adds a keyword column: ordinals into the field's sorted term dictionary (`0..<ordinalCount`),
    /// with the same `offsets` convention as ``addNumeric(field:kind:offsets:values:)``.
    ///
    /// - Throws: ``IndexError/io(path:reason:)`` if writing fails.
    package mutating func addOrdinals(
        field: UInt32, ordinalCount: Int, offsets: UnsafeBufferPointer<UInt32>, ordinals: UnsafeBufferPointer<UInt32>
    ) throws(IndexError) {
        precondition(ordinalCount >= 0 && ordinalCount <= Int(UInt32.max) + 1)
        let shape = ColumnEncoding.shape(docCount: docCount, offsets: offsets, valueCount: ordinals.count)
        for (i, ordinal) in ordinals.enumerated() {
            precondition(Int(ordinal) < ordinalCount, "ordinal \(ordinal) at \(i) is not below ordinalCount")
        }
        let width = BitPacking.bitWidth(UInt64(max(ordinalCount, 1) - 1))
        buffer.removeAll()
        data.removeAll()
        writeHeader(.ordinals, kind: 0, shape)
        buffer.writeVInt(ordinalCount)
        buffer.writeUInt8(UInt8(width))
        if shape.layout != .empty {
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: ColumnEncoding.chunk) { scratch in
                ColumnEncoding.writeDocMap(
                    shape.layout, docCount: docCount, offsets: offsets, into: &buffer, scratch: scratch)
                ColumnEncoding.pack(count: ordinals.count, width: width, into: &data, scratch: scratch) {
                    UInt64(ordinals[$0])
                }
            }
            buffer.writeVInt(data.count)
        }
        try append(field: field, type: .ordinals)
    }

    private mutating func writeHeader(_ type: ColumnFormat.ColumnType, kind: UInt8, _ shape: ColumnEncoding.Shape) {
        buffer.writeUInt8(type.rawValue)
        buffer.writeUInt8(kind)
        buffer.writeUInt8(shape.layout.rawValue)
        buffer.writeUInt8(UInt8(ColumnFormat.blockShift))
        buffer.writeVInt(shape.docsWithValue)
        buffer.writeVInt(shape.valueCount)
    }

    private mutating func append(field: UInt32, type: ColumnFormat.ColumnType) throws(IndexError) {
        precondition(!entries.contains { $0.field == field && $0.type == type }, "column \(field) added twice")
        let offset = file.offset
        try file.write(buffer)
        try file.write(data)
        entries.append(Entry(field: field, type: type, offset: offset, length: buffer.count + data.count))
        buffer.removeAll()
        data.removeAll()
    }

    /// Writes the directory and the footer, closes the file (fsynced first when `sync`), and
    /// returns its length.
    ///
    /// - Throws: ``IndexError/io(path:reason:)`` if writing or syncing fails.
    package consuming func finish(sync: Bool) throws(IndexError) -> Int {
        let directoryOffset = file.offset
        var directory = ByteWriter()
        directory.writeVInt(docCount)
        directory.writeVInt(entries.count)
        for entry in entries {
            directory.writeVInt(UInt64(entry.field))
            directory.writeUInt8(entry.type.rawValue)
            directory.writeVInt(entry.offset)
            directory.writeVInt(entry.length)
        }
        directory.writeUInt64(UInt64(directoryOffset))
        try file.write(directory)
        return try file.finish(sync: sync)
    }
}
