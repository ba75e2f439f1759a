import SiftConfig
import SiftCore

/// One configured component: an input or output (keyed by a user-chosen id, kind in `type:`) or a
/// processor (an item of the `processors` list, keyed by its kind, as Elasticsearch ingest pipelines).
package struct ComponentSpec: Sendable, Hashable {
    /// The user's id for inputs and outputs; `processors[N]` (or the processor's `tag`) for processors.
    package var id: String
    /// The registered kind (`file`, `grok`, `index`, ...).
    package var kind: String
    /// The remaining options, decoded by the component itself.
    package var options: JSONObject

    package init(id: String, kind: String, options: JSONObject) {
        self.id = id
        self.kind = kind
        self.options = options
    }
}

/// A pipeline file (`pipelines/<name>.yaml`): inputs, processors in order, outputs.
///
/// YAML is converted to ``JSONValue`` first, so a pipeline from a file and one sent as JSON to
/// `PUT /_ingest/pipeline/<name>` are read by the same code.
package struct PipelineDefinition: Sendable, Hashable {
    package var name: String
    package var inputs: [ComponentSpec]
    package var processors: [ComponentSpec]
    package var outputs: [ComponentSpec]

    /// Parses a YAML pipeline file's text; `file` names it in errors and its stem names the pipeline.
    package init(yaml: String, file: String) throws(ConfigError) {
        try self.init(json: try YAMLConfig.parse(yaml, file: file), name: YAMLConfig.name(ofFile: file), file: file)
    }

    /// Reads a definition already in JSON form; unknown top-level keys are rejected, not ignored.
    package init(json root: JSONValue, name: String, file: String) throws(ConfigError) {
        guard let object = root.objectValue else {
            throw .invalid(file: file, path: "(root)", reason: "a pipeline is a mapping with inputs, processors and outputs")
        }
        for key in object.keys where !["inputs", "processors", "outputs", "description"].contains(key) {
            throw .invalid(file: file, path: key, reason: "unknown key; expected inputs, processors, outputs or description")
        }
        self.name = name
        inputs = try Self.keyedComponents(object["inputs"], section: "inputs", file: file)
        outputs = try Self.keyedComponents(object["outputs"], section: "outputs", file: file)
        processors = try Self.processorList(object["processors"], file: file)
    }

    /// `inputs:` and `outputs:` map ids to option mappings that name their kind in `type:`.
    private static func keyedComponents(_ value: JSONValue?, section: String, file: String) throws(ConfigError) -> [ComponentSpec] {
        guard let value, !value.isNull else { return [] }
        guard let entries = value.objectValue else {
            throw .invalid(file: file, path: section, reason: "must be a mapping of id to options")
        }
        var specs: [ComponentSpec] = []
        for (id, options) in entries {
            guard var options = options.objectValue else {
                throw .invalid(file: file, path: "\(section).\(id)", reason: "must be a mapping with a type")
            }
            guard let kind = options.removeValue(forKey: "type")?.stringValue else {
                throw .invalid(file: file, path: "\(section).\(id)", reason: "missing type")
            }
            specs.append(ComponentSpec(id: id, kind: kind, options: options))
        }
        return specs
    }

    /// `processors:` is a list whose items each hold exactly one key: the processor's kind.
    private static func processorList(_ value: JSONValue?, file: String) throws(ConfigError) -> [ComponentSpec] {
        guard let value, !value.isNull else { return [] }
        guard let items = value.arrayValue else {
            throw .invalid(file: file, path: "processors", reason: "must be a list")
        }
        var specs: [ComponentSpec] = []
        for (index, item) in items.enumerated() {
            let path = "processors[\(index)]"
            guard let entry = item.objectValue, entry.count == 1, let (kind, options) = entry.first else {
                throw .invalid(file: file, path: path, reason: "each processor is a mapping with exactly one key, its kind")
            }
            guard let options = options.isNull ? [:] : options.objectValue else {
                throw .invalid(file: file, path: "\(path).\(kind)", reason: "options must be a mapping")
            }
            let id = options["tag"]?.stringValue ?? path
            specs.append(ComponentSpec(id: id, kind: kind, options: options))
        }
        return specs
    }
}
