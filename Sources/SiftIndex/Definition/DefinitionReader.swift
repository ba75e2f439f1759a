import SiftConfig
import SiftCore

/// Reads the typed values of an index definition, each error naming the key path and the value.
struct DefinitionReader {
    let file: String
    /// Settings given both at the top level and under `settings:` would be ambiguous.
    private var seen: Set<String> = []

    init(file: String) {
        self.file = file
    }

    func invalid(_ path: String, _ reason: String) -> ConfigError {
        .invalid(file: file, path: path, reason: reason)
    }

    /// Records that `setting` was given; a second time (e.g. `refresh_interval` and
    /// `settings.index.refresh_interval`) is an error.
    mutating func noteSet(_ setting: String, at path: String) throws(ConfigError) {
        guard ["refresh_interval", "durability", "sync_interval"].contains(setting) else { return }
        guard seen.insert(setting).inserted else { throw invalid(path, "\(setting) is given twice") }
    }

    func string(_ value: JSONValue, at path: String) throws(ConfigError) -> String {
        guard let string = value.stringValue else { throw invalid(path, "must be a string, got \(value.jsonString)") }
        return string
    }

    /// A mapping whose keys must all be in `allowed`.
    func object(_ value: JSONValue, at path: String, allowed: [String]) throws(ConfigError) -> JSONObject {
        guard let object = value.objectValue else {
            throw invalid(path, "must be a mapping with \(allowed.joined(separator: ", ")), got \(value.jsonString)")
        }
        for key in object.keys where !allowed.contains(key) {
            throw invalid("\(path).\(key)", "unknown key; expected \(allowed.joined(separator: ", "))")
        }
        return object
    }

    /// ES byte sizes (`1gb`); a YAML number is taken as a count of bytes only if it is 0.
    func byteSize(_ value: JSONValue, at path: String) throws(ConfigError) -> ByteSize {
        if value.intValue == 0 { return ByteSize(bytes: 0) }
        guard let text = value.stringValue, let size = ByteSize(parsing: text) else {
            throw invalid(path, "failed to parse [\(MappingError.preview(value))] as a size in bytes: "
                + "expected a number with a unit b, kb, mb, gb, tb or pb, such as 512mb")
        }
        return size
    }

    /// ES time values (`5s`, `1d`).
    func duration(_ value: JSONValue, at path: String) throws(ConfigError) -> Duration {
        if value.intValue == 0 { return .zero }
        guard let text = value.stringValue, let duration = TimeValue.parse(text) else {
            throw invalid(path, "failed to parse [\(MappingError.preview(value))] as a time value: "
                + "expected a whole number with a unit nanos, micros, ms, s, m, h or d, such as 5s")
        }
        return duration
    }

    func positiveInt(_ value: JSONValue, at path: String) throws(ConfigError) -> Int {
        guard let number = value.intValue ?? value.stringValue.flatMap({ Int64($0) }), number > 0 else {
            throw invalid(path, "must be a positive whole number, got \(value.jsonString)")
        }
        return Int(number)
    }

    /// `refresh_interval`: a time value, or `-1` to refresh only when asked.
    func refreshInterval(_ value: JSONValue, at path: String) throws(ConfigError) -> Duration? {
        if value.intValue == -1 || value.stringValue == "-1" { return nil }
        let duration = try duration(value, at: path)
        guard duration > .zero else { throw invalid(path, "must be positive, or -1 to disable periodic refresh, got \(value.jsonString)") }
        return duration
    }

    func durability(_ value: JSONValue, at path: String) throws(ConfigError) -> IndexDefinition.Durability {
        guard let text = value.stringValue, let durability = IndexDefinition.Durability(rawValue: text.lowercased()) else {
            throw invalid(path, "must be request or async, got \(value.jsonString)")
        }
        return durability
    }

    func rollover(_ value: JSONValue, at path: String) throws(ConfigError) -> RolloverPolicy {
        let object = try object(value, at: path, allowed: ["max_size", "max_age", "max_docs"])
        var policy = RolloverPolicy()
        if let size = object["max_size"] { policy.maxSize = try positive(byteSize(size, at: "\(path).max_size"), at: "\(path).max_size") }
        if let age = object["max_age"] { policy.maxAge = try positive(duration(age, at: "\(path).max_age"), at: "\(path).max_age") }
        if let docs = object["max_docs"] { policy.maxDocs = try positiveInt(docs, at: "\(path).max_docs") }
        guard policy.maxSize != nil || policy.maxAge != nil || policy.maxDocs != nil else {
            throw invalid(path, "needs at least one of max_size, max_age, max_docs")
        }
        return policy
    }

    func retention(_ value: JSONValue, at path: String) throws(ConfigError) -> RetentionPolicy {
        let object = try object(value, at: path, allowed: ["max_age", "max_total_size"])
        var policy = RetentionPolicy()
        if let age = object["max_age"] { policy.maxAge = try positive(duration(age, at: "\(path).max_age"), at: "\(path).max_age") }
        if let size = object["max_total_size"] {
            policy.maxTotalSize = try positive(byteSize(size, at: "\(path).max_total_size"), at: "\(path).max_total_size")
        }
        guard policy.maxAge != nil || policy.maxTotalSize != nil else {
            throw invalid(path, "needs at least one of max_age, max_total_size")
        }
        return policy
    }

    private func positive(_ size: ByteSize, at path: String) throws(ConfigError) -> Int64 {
        guard size.bytes > 0 else { throw invalid(path, "must be greater than 0") }
        return size.bytes
    }

    private func positive(_ duration: Duration, at path: String) throws(ConfigError) -> Duration {
        guard duration > .zero else { throw invalid(path, "must be greater than 0") }
        return duration
    }

    /// Elasticsearch index `settings`, nested (`index: {refresh_interval: 5s}`) or flat
    /// (`index.refresh_interval`), with or without the `index.` prefix. Those Sift uses set the
    /// definition; shard and replica counts are checked and ignored (one node); others are errors.
    mutating func settings(_ value: JSONValue, into definition: inout IndexDefinition) throws(ConfigError) {
        guard value.objectValue != nil else { throw invalid("settings", "must be a mapping, got \(value.jsonString)") }
        var flat: [(key: String, value: JSONValue)] = []
        func flatten(_ value: JSONValue, _ prefix: String) {
            if let object = value.objectValue {
                for (key, inner) in object { flatten(inner, prefix.isEmpty ? key : prefix + "." + key) }
            } else {
                flat.append((prefix, value))
            }
        }
        flatten(value, "")
        for (key, value) in flat {
            let path = "settings.\(key)"
            let setting = key.hasPrefix("index.") ? String(key.dropFirst("index.".count)) : key
            switch setting {
            case "refresh_interval":
                definition.refreshInterval = try refreshInterval(value, at: path)
                try noteSet("refresh_interval", at: path)
            case "translog.durability":
                definition.durability = try durability(value, at: path)
                try noteSet("durability", at: path)
            case "translog.sync_interval":
                definition.syncInterval = try duration(value, at: path)
                try noteSet("sync_interval", at: path)
            case "number_of_shards", "number_of_replicas":
                _ = try positiveOrZero(value, at: path)
            default:
                throw invalid(path, "unknown setting; supported: index.refresh_interval, index.translog.durability, "
                    + "index.translog.sync_interval, index.number_of_shards, index.number_of_replicas")
            }
        }
    }

    private func positiveOrZero(_ value: JSONValue, at path: String) throws(ConfigError) -> Int {
        guard let number = value.intValue ?? value.stringValue.flatMap({ Int64($0) }), number >= 0 else {
            throw invalid(path, "must be a whole number, got \(value.jsonString)")
        }
        return Int(number)
    }
}
