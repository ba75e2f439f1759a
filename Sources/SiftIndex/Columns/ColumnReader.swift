import SystemPackage

/// The header every column starts with, before its type-specific part.
struct ColumnHeader {
    var type: ColumnFormat.ColumnType
    var kind: UInt8
    var layout: ColumnFormat.Layout
    var shift: Int
    var docsWithValue: Int
    var valueCount: Int

    init(reader: inout ByteReader, docCount: Int) throws(CorruptData) {
        let rawType = try reader.readUInt8()
        guard let type = ColumnFormat.ColumnType(rawValue: rawType) else {
            throw CorruptData("unknown column type \(rawType)")
        }
        self.type = type
        kind = try reader.readUInt8()
        let rawLayout = try reader.readUInt8()
        guard let layout = ColumnFormat.Layout(rawValue: rawLayout) else {
            throw CorruptData("unknown column layout \(rawLayout)")
        }
        self.layout = layout
        shift = Int(try reader.readUInt8())
        guard (6...16).contains(shift) else { throw CorruptData("block shift \(shift) is outside 6...16") }
        docsWithValue = try reader.readVIntAsInt(max: docCount)
        valueCount = try reader.readVIntAsInt(max: Int(UInt32.max))
        let consistent = switch layout {
        case .empty: docsWithValue == 0 && valueCount == 0
        case .dense: docsWithValue == docCount && valueCount == docCount
        case .sparse: valueCount == docsWithValue && docsWithValue > 0
        case .multi: valueCount >= docsWithValue && docsWithValue > 0
        }
        guard consistent else {
            throw CorruptData("\(layout) column with \(docsWithValue) docs and \(valueCount) values among \(docCount) docs")
        }
    }
}

/// Reads a segment's `.columns` file (written by ``ColumnWriter``): maps it, verifies header and
/// checksum once, and hands out ``NumericColumn`` and ``OrdinalColumn`` values over the mapping.
///
/// Immutable and `Sendable`: all queries of a snapshot share one reader.
package final class ColumnReader: Sendable {
    private let file: MappedFile
    package let docCount: Int
    private let numericColumns: [UInt32: NumericColumn]
    private let ordinalColumns: [UInt32: OrdinalColumn]

    /// Opens and verifies `path`.
    ///
    /// - Throws: ``IndexError/io(path:reason:)`` if it cannot be read, ``IndexError/corrupted(path:reason:)``
    ///   if the header, checksum or any column's layout does not check out.
    package init(path: FilePath, segment: SegmentUUID) throws(IndexError) {
        let file = try MappedFile(path: path)
        let body = try file.verify(kind: ColumnFormat.fileKind, versions: 1...ColumnFormat.version, segment: segment)
        var numeric: [UInt32: NumericColumn] = [:]
        var ordinals: [UInt32: OrdinalColumn] = [:]
        var docCount = 0
        do throws(CorruptData) {
            let bytes = file.bytes
            guard body.range.count >= ColumnFormat.trailerSize else { throw CorruptData("body too short for a trailer") }
            let trailerAt = body.range.upperBound - ColumnFormat.trailerSize
            var trailer = ByteReader(bytes, offset: trailerAt)
            let directoryAt = try trailer.readUInt64()
            guard directoryAt >= UInt64(body.range.lowerBound), directoryAt <= UInt64(trailerAt) else {
                throw CorruptData("directory offset \(directoryAt) is outside the body")
            }
            var directory = ByteReader(UnsafeRawBufferPointer(rebasing: bytes[..<trailerAt]), offset: Int(directoryAt))
            docCount = try directory.readVIntAsInt()
            let count = try directory.readVIntAsInt(max: directory.remaining)
            for _ in 0..<count {
                let field = try directory.readVIntAsInt(max: Int(UInt32.max))
                let type = try directory.readUInt8()
                let offset = try directory.readVIntAsInt(max: Int.max)
                let length = try directory.readVIntAsInt(max: Int.max)
                guard offset >= body.range.lowerBound, length <= Int(directoryAt) - offset else {
                    throw CorruptData("column \(field) at \(offset) (\(length) bytes) is outside the body")
                }
                var reader = ByteReader(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)]))
                let header = try ColumnHeader(reader: &reader, docCount: docCount)
                guard header.type.rawValue == type else {
                    throw CorruptData("column \(field) is listed as type \(type) but holds \(header.type)")
                }
                switch header.type {
                case .numeric:
                    guard numeric[UInt32(field)] == nil else { throw CorruptData("numeric column \(field) listed twice") }
                    numeric[UInt32(field)] = try NumericColumn(header: header, reader: &reader, docCount: docCount, owner: file)
                case .ordinals:
                    guard ordinals[UInt32(field)] == nil else { throw CorruptData("ordinal column \(field) listed twice") }
                    ordinals[UInt32(field)] = try OrdinalColumn(header: header, reader: &reader, docCount: docCount, owner: file)
                }
                guard reader.isAtEnd else { throw CorruptData("column \(field) has \(reader.remaining) trailing bytes") }
            }
            guard directory.isAtEnd else { throw CorruptData("directory has \(directory.remaining) trailing bytes") }
        } catch {
            throw .corrupted(path: path.string, reason: error.reason)
        }
        self.file = file
        self.docCount = docCount
        numericColumns = numeric
        ordinalColumns = ordinals
    }

    /// The numeric column of `field`, nil if the segment has none.
    package func numeric(_ field: UInt32) -> NumericColumn? { numericColumns[field] }

    /// The keyword ordinals of `field`, nil if the segment has none.
    package func ordinals(_ field: UInt32) -> OrdinalColumn? { ordinalColumns[field] }
}
