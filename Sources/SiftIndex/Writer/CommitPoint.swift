import SiftCore
import SystemPackage

/// `commit.json`: the segments that make up the index on disk, and where WAL replay starts.
/// Replaced atomically on every commit; everything in it is durable before it is written.
struct CommitPoint: Sendable, Hashable {
    struct Segment: Sendable, Hashable {
        var name: String
        var uuid: SegmentUUID
        /// Generation of the segment's deletes file, 0 for none.
        var deletesGeneration: Int
    }

    var generation: Int = 0
    var segments: [Segment] = []
    /// Every operation with a sequence number up to this one is in `segments`.
    var maxSeqNo: Int64 = -1
    /// WAL files from this generation on may hold operations after `maxSeqNo`.
    var walGeneration: UInt64 = 0
    /// The number for the next new segment's name.
    var nextSegmentNumber: Int = 0

    static let fileName = "commit.json"

    var json: JSONValue {
        [
            "generation": .int(Int64(generation)),
            "max_seq_no": .int(maxSeqNo),
            "wal_generation": .int(Int64(walGeneration)),
            "next_segment": .int(Int64(nextSegmentNumber)),
            "segments": .array(segments.map { segment in
                ["name": .string(segment.name), "uuid": .string(segment.uuid.description),
                 "deletes_generation": .int(Int64(segment.deletesGeneration))]
            }),
        ]
    }

    init() {}

    init(json: JSONValue, path: String) throws(IndexError) {
        guard let generation = json["generation"]?.intValue,
              let maxSeqNo = json["max_seq_no"]?.intValue,
              let wal = json["wal_generation"]?.intValue, wal >= 0,
              let next = json["next_segment"]?.intValue,
              let segments = json["segments"]?.arrayValue
        else { throw .corrupted(path: path, reason: "commit point lacks generation, max_seq_no, wal_generation, next_segment or segments") }
        self.generation = Int(generation)
        self.maxSeqNo = maxSeqNo
        walGeneration = UInt64(wal)
        nextSegmentNumber = Int(next)
        self.segments = try segments.map { entry throws(IndexError) in
            guard let name = entry["name"]?.stringValue,
                  let uuid = entry["uuid"]?.stringValue.flatMap(SegmentUUID.init(hex:)),
                  let deletes = entry["deletes_generation"]?.intValue
            else { throw .corrupted(path: path, reason: "malformed segment entry \(entry.jsonString)") }
            return Segment(name: name, uuid: uuid, deletesGeneration: Int(deletes))
        }
    }

    static func read(in directory: FilePath) throws(IndexError) -> CommitPoint? {
        let path = directory.appending(fileName)
        guard let bytes = try AtomicFile.read(path) else { return nil }
        let value: JSONValue
        do {
            value = try JSONReader.parse(bytes)
        } catch {
            throw .corrupted(path: path.string, reason: "not JSON: \(error)")
        }
        return try CommitPoint(json: value, path: path.string)
    }

    func write(in directory: FilePath) throws(IndexError) {
        try AtomicFile.write(json.jsonBytes(), to: directory.appending(Self.fileName))
    }
}
