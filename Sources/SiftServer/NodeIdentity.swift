import SiftCore
import SiftIndex
import SystemPackage

/// The cluster UUID, made once and kept in `<data>/node.json` so that it survives restarts as
/// Elasticsearch's does (dashboards and shippers may remember it).
package struct NodeIdentity: Sendable, Hashable {
    package var clusterUUID: String

    /// Reads the identity from `dataDirectory`, creating the directory and the identity on first start.
    package static func loadOrCreate(in dataDirectory: FilePath) throws -> NodeIdentity {
        let file = dataDirectory.appending("node.json")
        if let bytes = try AtomicFile.read(file) {
            let object = try JSONReader.parseObject(bytes)
            guard let uuid = object["cluster_uuid"]?.stringValue, !uuid.isEmpty else {
                throw IndexError.corrupted(path: file.string, reason: "no cluster_uuid")
            }
            return NodeIdentity(clusterUUID: uuid)
        }
        try AtomicFile.createDirectory(dataDirectory)
        var random = SystemRandomNumberGenerator()
        let identity = NodeIdentity(clusterUUID: Base64URL.encode((0..<16).map { _ in random.next() as UInt8 }))
        let body: JSONValue = ["cluster_uuid": .string(identity.clusterUUID)]
        try AtomicFile.write(body.jsonBytes(), to: file)
        return identity
    }
}
