import SiftCore
import SystemPackage

/// `index.json`: the index's name, mappings and lifecycle state. Written atomically when created,
/// when its mappings grow (at the next commit) and when it is rolled over.
package struct IndexMetadata: Sendable, Hashable {
    package var name: String
    package var createdAtMillis: Int64
    /// When the index stopped being the write index of its data stream.
    package var rolledOverAtMillis: Int64?
    package var mappings: Mappings

    package init(name: String, createdAtMillis: Int64, rolledOverAtMillis: Int64? = nil, mappings: Mappings) {
        self.name = name
        self.createdAtMillis = createdAtMillis
        self.rolledOverAtMillis = rolledOverAtMillis
        self.mappings = mappings
    }

    static let fileName = "index.json"

    var json: JSONValue {
        [
            "name": .string(name),
            "created_at": .int(createdAtMillis),
            "rolled_over_at": rolledOverAtMillis.map(JSONValue.int) ?? .null,
            "mappings": mappings.json,
        ]
    }

    package static func read(in directory: FilePath) throws(IndexError) -> IndexMetadata? {
        let path = directory.appending(fileName)
        guard let bytes = try AtomicFile.read(path) else { return nil }
        do throws(CorruptData) {
            let json: JSONValue
            do { json = try JSONReader.parse(bytes) } catch { throw CorruptData("not JSON: \(error)") }
            guard let name = json["name"]?.stringValue, let created = json["created_at"]?.intValue, let mappingsJSON = json["mappings"]
            else { throw CorruptData("lacks name, created_at or mappings") }
            let mappings: Mappings
            do { mappings = try Mappings(json: mappingsJSON) } catch { throw CorruptData("mappings: \(error)") }
            return IndexMetadata(name: name, createdAtMillis: created, rolledOverAtMillis: json["rolled_over_at"]?.intValue, mappings: mappings)
        } catch {
            throw .corrupted(path: path.string, reason: error.reason)
        }
    }

    func write(in directory: FilePath) throws(IndexError) {
        try AtomicFile.write(json.jsonBytes(), to: directory.appending(Self.fileName))
    }
}
