/// One write as the WAL records it, enough to redo it on recovery:
/// `[UInt8 kind][VInt seq_no][VInt version][VInt id length][id][source…]` (source for index only).
struct WALOperation {
    enum Kind: UInt8 { case index = 1, delete = 2 }

    var kind: Kind
    var seqNo: Int64
    var version: Int64
    var id: String
    var source: UnsafeRawBufferPointer

    static func encode(kind: Kind, seqNo: Int64, version: Int64, id: String, source: UnsafeRawBufferPointer, into writer: inout ByteWriter) {
        writer.writeUInt8(kind.rawValue)
        writer.writeVInt(UInt64(seqNo))
        writer.writeVInt(UInt64(version))
        var id = id
        id.withUTF8 { writer.writeLengthPrefixed(UnsafeRawBufferPointer($0)) }
        writer.writeBytes(source)
    }

    init(decoding payload: UnsafeRawBufferPointer) throws(CorruptData) {
        var reader = ByteReader(payload)
        guard let kind = Kind(rawValue: try reader.readUInt8()) else { throw CorruptData("unknown WAL operation kind") }
        self.kind = kind
        seqNo = Int64(try reader.readVIntAsInt(max: Int.max))
        version = Int64(try reader.readVIntAsInt(max: Int.max))
        id = String(decoding: try reader.readLengthPrefixed(), as: UTF8.self)
        source = try reader.readSlice(reader.remaining)
    }
}
