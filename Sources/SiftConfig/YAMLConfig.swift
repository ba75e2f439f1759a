import SiftCore
import Yams

/// Reads YAML configuration files (pipelines, index definitions) into ``JSONValue``, so a
/// definition from a file and the same definition sent as JSON over HTTP go through one decoder.
package enum YAMLConfig {
    /// Parses `yaml`; an empty document is an empty object. `file` names the source in errors.
    ///
    /// Scalars are typed by YAML's core schema (a quoted `"200"` stays a string); duplicate keys
    /// and aliases are rejected.
    package static func parse(_ yaml: String, file: String) throws(ConfigError) -> JSONValue {
        do {
            return try compose(yaml: yaml).map(json) ?? .object([:])
        } catch let error as UnsupportedYAML {
            throw .syntax(file: file, reason: error.reason)
        } catch {
            throw .syntax(file: file, reason: "\(error)")
        }
    }

    /// The file's name without directory and `.yaml`/`.yml`/`.json`: `pipelines/openssh.yaml` is `openssh`.
    package static func name(ofFile file: String) -> String {
        let base = file.split(separator: "/").last.map(String.init) ?? file
        for suffix in [".yaml", ".yml", ".json"] where base.hasSuffix(suffix) {
            return String(base.dropLast(suffix.count))
        }
        return base
    }

    private struct UnsupportedYAML: Error {
        var reason: String
    }

    private static func json(_ node: Node) throws -> JSONValue {
        switch node {
        case .scalar:
            switch Tag.Name(rawValue: node.tag.description) {
            case .null: return .null
            case .bool: return node.bool.map(JSONValue.bool) ?? .string(node.string ?? "")
            case .int: return node.int.map { .int(Int64($0)) } ?? .string(node.string ?? "")
            case .float: return node.float.map(JSONValue.double) ?? .string(node.string ?? "")
            default: return .string(node.string ?? "")
            }
        case .sequence(let sequence):
            return .array(try sequence.map(json))
        case .mapping(let mapping):
            var object = JSONObject()
            for (key, value) in mapping {  // Yams has already rejected duplicate keys
                guard let name = key.string else { throw UnsupportedYAML(reason: "mapping keys must be strings") }
                object[name] = try json(value)
            }
            return .object(object)
        case .alias(let alias):
            throw UnsupportedYAML(reason: "YAML aliases are not supported (\(alias.anchor))")
        }
    }
}
