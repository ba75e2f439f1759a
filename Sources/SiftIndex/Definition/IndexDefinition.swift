import SiftConfig
import SiftCore

/// An index definition: a YAML file in `indexes/` (or the same shape as JSON), naming an index (or
/// an index pattern such as `logs-*`) with its mappings, rollover and retention policies, refresh
/// interval and durability.
///
/// ```yaml
/// name: logs
/// mappings: { properties: { "@timestamp": { type: date }, message: { type: text } } }
/// rollover: { max_size: 1gb, max_age: 1d, max_docs: 50000000 }
/// retention: { max_age: 15d, max_total_size: 20gb }
/// refresh_interval: 1s
/// durability: request
/// ```
package struct IndexDefinition: Sendable, Hashable {
    /// When a write is acknowledged relative to its fsync (Elasticsearch's `index.translog.durability`).
    package enum Durability: String, Sendable, Hashable {
        /// fsync the write-ahead log before acknowledging each request.
        case request
        /// fsync every ``IndexDefinition/syncInterval``; a crash may lose that much.
        case async
    }

    /// The index name, or a pattern with `*` that the definition applies to.
    package var name: String
    package var mappings: Mappings
    /// Start a new backing index when the write index reaches a limit; nil never rolls over.
    package var rollover: RolloverPolicy?
    /// Delete old backing indices; nil keeps everything.
    package var retention: RetentionPolicy?
    /// How soon new documents become searchable; nil (`-1`) only on an explicit refresh.
    package var refreshInterval: Duration?
    package var durability: Durability
    /// How often the log is fsynced under `durability: async`.
    package var syncInterval: Duration
    /// Memory for buffered documents before a segment is flushed.
    package var indexingBuffer: ByteSize
    /// The file the definition came from, for messages (empty if built in code).
    package var file: String

    /// A definition with the defaults: dynamic mappings, no rollover or retention, refresh 1s,
    /// durability request, sync interval 5s, indexing buffer 64mb.
    package init(name: String, mappings: Mappings = Mappings(), file: String = "") {
        self.name = name
        self.mappings = mappings
        rollover = nil
        retention = nil
        refreshInterval = .seconds(1)
        durability = .request
        syncInterval = .seconds(5)
        indexingBuffer = ByteSize(bytes: 64 << 20)
        self.file = file
    }

    /// Whether the definition is a pattern (`logs-*`) rather than one index.
    package var isPattern: Bool { name.contains("*") }

    /// Whether `index` is this definition's index, or matches its pattern.
    package func matches(_ index: String) -> Bool {
        IndexName.matches(index, pattern: name)
    }

    /// Parses a YAML definition; `file` names it in errors and its stem is the default name.
    package init(yaml: String, file: String) throws(ConfigError) {
        try self.init(json: try YAMLConfig.parse(yaml, file: file), name: YAMLConfig.name(ofFile: file), file: file)
    }

    /// Reads a definition in JSON form. `name` is used when the definition has no `name` key.
    /// Unknown keys are rejected, not ignored.
    /// - Throws: ``ConfigError/invalid(file:path:reason:)`` naming the key path and the bad value.
    package init(json root: JSONValue, name: String, file: String) throws(ConfigError) {
        guard let object = root.objectValue else {
            throw .invalid(file: file, path: "(root)", reason: "an index definition is a mapping of keys such as name, mappings, rollover")
        }
        self.init(name: name, file: file)
        var reader = DefinitionReader(file: file)
        for (key, value) in object {
            switch key {
            case "name":
                self.name = try reader.string(value, at: key)
            case "mappings":
                do { mappings = try Mappings(json: value) } catch {
                    throw .invalid(file: file, path: key, reason: "\(error.type): \(error.reason)")
                }
            case "settings":
                try reader.settings(value, into: &self)
            case "rollover":
                rollover = try reader.rollover(value, at: key)
            case "retention":
                retention = try reader.retention(value, at: key)
            case "refresh_interval":
                refreshInterval = try reader.refreshInterval(value, at: key)
            case "durability":
                durability = try reader.durability(value, at: key)
            case "sync_interval":
                syncInterval = try reader.duration(value, at: key)
            case "indexing_buffer":
                indexingBuffer = try reader.byteSize(value, at: key)
            default:
                throw .invalid(file: file, path: key, reason: "unknown key; expected name, mappings, settings, rollover, retention, "
                    + "refresh_interval, durability, sync_interval or indexing_buffer")
            }
            try reader.noteSet(key, at: key)
        }
        try Self.validate(indexName: self.name, file: file)
    }

    private static func validate(indexName name: String, file: String) throws(ConfigError) {
        if let reason = IndexName.problem(name, allowWildcards: true) {
            throw .invalid(file: file, path: "name", reason: "invalid index name [\(name)], \(reason)")
        }
    }
}
