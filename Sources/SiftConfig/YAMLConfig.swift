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

extension YAMLConfig {
    /// `error` worded for an operator, with the line of the file that holds the offending key when
    /// it can be found: `pipelines/app.yaml:7: processors[1].grok.field: ...`.
    ///
    /// - Parameter source: The file's text; read from the file the error names when nil.
    package static func describe(_ error: ConfigError, source: String? = nil) -> String {
        guard case .invalid(let file, let path, let reason) = error,
              let source = source ?? (try? ConfigDirectory.read(file)),
              let line = line(of: path, in: source) else { return error.description }
        return "\(file):\(line): \(path): \(reason)"
    }

    /// The 1-based line of the deepest node along `path` (`inputs.logs.type`, `processors[2].grok`).
    static func line(of path: String, in source: String) -> Int? {
        guard var node = try? compose(yaml: source) else { return nil }
        var rest = Substring(path)
        var line = node.mark?.line
        while !rest.isEmpty {
            if rest.hasPrefix("[") {
                guard let close = rest.firstIndex(of: "]"), let index = Int(rest[rest.index(after: rest.startIndex)..<close]),
                      case .sequence(let items) = node, items.indices.contains(index) else { break }
                node = items[index]
                line = node.mark?.line ?? line
                rest = rest[rest.index(after: close)...]
            } else {
                guard case .mapping(let mapping) = node else { break }
                // Keys may hold dots themselves (`log.level: ...`): take the longest key that fits.
                let match = mapping.compactMap { key, value -> (String, Node)? in
                    guard let name = key.string, rest.hasPrefix(name),
                          rest.count == name.count || [".", "["].contains(rest[rest.index(rest.startIndex, offsetBy: name.count)])
                    else { return nil }
                    return (name, value)
                }.max { $0.0.count < $1.0.count }
                guard let (name, value) = match else { break }
                line = mapping.first { $0.key.string == name }?.key.mark?.line ?? line
                node = value
                rest = rest.dropFirst(name.count)
            }
            if rest.hasPrefix(".") { rest = rest.dropFirst() }
        }
        return line
    }
}
