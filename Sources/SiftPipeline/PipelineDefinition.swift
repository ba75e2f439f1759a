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
    package var description: String?
    package var inputs: [ComponentSpec]
    package var processors: [ComponentSpec]
    /// Run when a processor fails that has no `on_failure` or `ignore_failure` of its own; the
    /// rest of the pipeline is then skipped, as in Elasticsearch.
    package var onFailure: [ComponentSpec]?
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
        for key in object.keys where !["description", "inputs", "processors", "on_failure", "outputs"].contains(key) {
            throw .invalid(file: file, path: key, reason: "unknown key; expected description, inputs, processors, on_failure or outputs")
        }
        self.name = name
        if let value = object["description"], !value.isNull {
            guard let text = value.stringValue else { throw .invalid(file: file, path: "description", reason: "must be a string") }
            description = text
        }
        if let value = object["on_failure"], !value.isNull {
            onFailure = try ProcessorChain.processorSpecs(value, file: file, path: "on_failure")
        }
        inputs = try Self.keyedComponents(object["inputs"], section: "inputs", file: file)
        outputs = try Self.keyedComponents(object["outputs"], section: "outputs", file: file)
        if let value = object["processors"], !value.isNull {
            processors = try ProcessorChain.processorSpecs(value, file: file, path: "processors")
        } else {
            processors = []
        }
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
}
