import SiftCore
import SystemPackage

/// A segment's manifest, `<name>.meta`: the last file written, so a segment without one never
/// existed (a crash mid-flush leaves files that the next open deletes). JSON inside the usual
/// header and checksummed footer (FORMAT.md, "Segment manifest").
package struct SegmentMeta: Sendable, Hashable {
    package static let kind = FileKind("META")
    package static let version: UInt32 = 1

    package var name: String
    package var uuid: SegmentUUID
    package var docCount: Int
    package var fields: [FieldInfo]
    /// Smallest and largest `@timestamp` (epoch ms) of the segment's documents, so time-range
    /// searches skip it; nil when no document has one.
    package var minTimestamp: Int64?
    package var maxTimestamp: Int64?
    /// Total bytes of the segment's files (deletes files excluded).
    package var sizeBytes: Int

    package init(name: String, uuid: SegmentUUID, docCount: Int, fields: [FieldInfo], minTimestamp: Int64?, maxTimestamp: Int64?, sizeBytes: Int) {
        self.name = name
        self.uuid = uuid
        self.docCount = docCount
        self.fields = fields
        self.minTimestamp = minTimestamp
        self.maxTimestamp = maxTimestamp
        self.sizeBytes = sizeBytes
    }

    /// File names of a segment's components (deletes files, `<name>.<gen>.del`, come and go).
    package static let extensions = ["terms", "postings", "positions", "columns", "store", "meta"]

    package static func path(_ directory: FilePath, _ name: String, _ ext: String) -> FilePath {
        directory.appending("\(name).\(ext)")
    }

    /// `seg000042`: names sort in creation order.
    package static func name(number: Int) -> String {
        let digits = String(number)
        return "seg" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    var json: JSONValue {
        var object = JSONObject()
        object["name"] = .string(name)
        object["uuid"] = .string(uuid.description)
        object["doc_count"] = .int(Int64(docCount))
        object["size_bytes"] = .int(Int64(sizeBytes))
        object["min_timestamp"] = minTimestamp.map(JSONValue.int) ?? .null
        object["max_timestamp"] = maxTimestamp.map(JSONValue.int) ?? .null
        object["fields"] = .array(fields.map { field in
            ["number": .int(Int64(field.number)), "path": .string(field.path),
             "storage": .string(field.storage.rawValue), "ordinals": .bool(field.hasOrdinals)]
        })
        return .object(object)
    }

    init(json: JSONValue) throws(CorruptData) {
        guard let name = json["name"]?.stringValue,
              let uuid = json["uuid"]?.stringValue.flatMap(SegmentUUID.init(hex:)),
              let docCount = json["doc_count"]?.intValue, docCount >= 0,
              let size = json["size_bytes"]?.intValue,
              let fields = json["fields"]?.arrayValue
        else { throw CorruptData("manifest lacks name, uuid, doc_count, size_bytes or fields") }
        self.name = name
        self.uuid = uuid
        self.docCount = Int(docCount)
        self.sizeBytes = Int(size)
        minTimestamp = json["min_timestamp"]?.intValue
        maxTimestamp = json["max_timestamp"]?.intValue
        self.fields = try fields.map { field throws(CorruptData) in
            guard let number = field["number"]?.intValue, let n = UInt32(exactly: number),
                  let path = field["path"]?.stringValue,
                  let storage = field["storage"]?.stringValue.flatMap(FieldInfo.Storage.init(rawValue:)),
                  let ordinals = field["ordinals"]?.boolValue
            else { throw CorruptData("manifest field entry is malformed: \(field.jsonString)") }
            return FieldInfo(number: n, path: path, storage: storage, hasOrdinals: ordinals)
        }
    }

    /// Writes `<name>.meta` in `directory`.
    func write(in directory: FilePath, sync: Bool) throws(IndexError) {
        var writer = try SegmentFileWriter(
            creating: Self.path(directory, name, "meta"), kind: Self.kind, version: Self.version, segment: uuid
        )
        try writer.write(json.jsonBytes())
        _ = try writer.finish(sync: sync)
    }

    /// Reads and verifies `<name>.meta`; `uuid` is what the commit point recorded.
    package static func read(in directory: FilePath, name: String, uuid: SegmentUUID) throws(IndexError) -> SegmentMeta {
        let path = Self.path(directory, name, "meta")
        let file = try MappedFile(path: path)
        let body = try file.verify(kind: kind, versions: version...version, segment: uuid)
        do throws(CorruptData) {
            let value: JSONValue
            do {
                value = try JSONReader.parse(UnsafeRawBufferPointer(rebasing: file.bytes[body.range]))
            } catch {
                throw CorruptData("manifest is not JSON: \(error)")
            }
            let meta = try SegmentMeta(json: value)
            guard meta.name == name, meta.uuid == uuid else { throw CorruptData("manifest names another segment") }
            return meta
        } catch {
            throw .corrupted(path: path.string, reason: error.reason)
        }
    }
}
