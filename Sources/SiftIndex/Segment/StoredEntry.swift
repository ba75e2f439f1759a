/// What the document store holds per document: `[VInt id length][id][VInt version][source JSON]`.
/// The id and version come first so a `GET` needs no JSON parsing to answer them.
package struct StoredEntry: Sendable, Hashable {
    package var id: String
    package var version: Int64
    package var source: [UInt8]

    static func encode(id: String, version: Int64, source: UnsafeRawBufferPointer, into writer: inout ByteWriter) {
        var id = id
        id.withUTF8 { writer.writeLengthPrefixed(UnsafeRawBufferPointer($0)) }
        writer.writeVInt(UInt64(max(0, version)))
        writer.writeBytes(source)
    }

    init(decoding bytes: UnsafeRawBufferPointer) throws(CorruptData) {
        var reader = ByteReader(bytes)
        id = String(decoding: try reader.readLengthPrefixed(), as: UTF8.self)
        version = Int64(try reader.readVIntAsInt(max: Int.max))
        source = Array(try reader.readSlice(reader.remaining))
    }
}
