import SiftConfig
import SiftCore

/// A pipeline's processors in order, with Elasticsearch's options common to every processor.
///
/// Each step may have `if` (a ``Condition``; the step is skipped unless it holds), `ignore_failure`
/// (a failure is ignored), `on_failure` (a nested processor list run after a failure, with
/// `_ingest.on_failure_message`, `_ingest.on_failure_processor_type` and
/// `_ingest.on_failure_processor_tag` readable in the document meanwhile), `tag` and `description`.
///
/// A failure no step handles runs the pipeline-level `on_failure` when there is one, and the rest
/// of the chain is skipped, as in Elasticsearch.
///
/// Sift's rule for a failure with no handler at all: the document is kept,
/// not rejected as Elasticsearch would. It gets a tag in `tags` (`_grokparsefailure`,
/// `_dateparsefailure`, `_jsonparsefailure`, else `_<kind>failure`), `error.message` holds the
/// reason, and the chain goes on with the next processor. A parse failure never loses the line.
///
/// Sendable and immutable: build once at load, run from any number of tasks.
package struct ProcessorChain: Sendable {
    /// A class, so running the chain retains one reference per step rather than copying its fields.
    final class Step: Sendable {
        let kind: String
        let tag: String?
        let condition: Condition?
        let processor: any Processor
        let ignoreFailure: Bool
        let onFailure: ProcessorChain?

        init(kind: String, tag: String?, condition: Condition?, processor: any Processor, ignoreFailure: Bool,
             onFailure: ProcessorChain?) {
            self.kind = kind
            self.tag = tag
            self.condition = condition
            self.processor = processor
            self.ignoreFailure = ignoreFailure
            self.onFailure = onFailure
        }
    }

    let steps: [Step]
    /// The pipeline-level `on_failure`: runs for a failure no step handles, then the chain stops.
    private let pipelineHandler: Handler?

    /// Boxes the pipeline-level handler (a struct cannot hold an optional of its own type).
    private final class Handler: Sendable {
        let chain: ProcessorChain
        init(_ chain: ProcessorChain) { self.chain = chain }
    }

    /// Builds every processor of `specs` (an item of a pipeline's `processors`, in order).
    ///
    /// - Parameters:
    ///   - file: Names the configuration in errors.
    ///   - environment: The clock processors use; tests pass a fixed one.
    /// - Throws: `ConfigError.invalid` naming `processors[N].<kind>[.option]` for an unknown kind or
    ///   option, a bad value, a pattern that does not compile or an `if` that does not parse.
    ///   - onFailure: The pipeline-level `on_failure` list, if any.
    package init(_ specs: [ComponentSpec], onFailure: [ComponentSpec]? = nil, file: String,
                 environment: ProcessorEnvironment = .live) throws(ConfigError) {
        try self.init(specs, file: file, path: "processors", environment: environment)
        if let onFailure {
            guard !onFailure.isEmpty else { throw .invalid(file: file, path: "on_failure", reason: "must not be empty") }
            self = ProcessorChain(steps: steps, pipelineHandler: Handler(
                try ProcessorChain(onFailure, file: file, path: "on_failure", environment: environment)))
        }
    }

    init(_ specs: [ComponentSpec], file: String, path: String, environment: ProcessorEnvironment) throws(ConfigError) {
        var steps: [Step] = []
        for (index, spec) in specs.enumerated() {
            steps.append(try Self.step(spec, file: file, path: "\(path)[\(index)].\(spec.kind)", environment: environment))
        }
        self.init(steps: steps, pipelineHandler: nil)
    }

    private init(steps: [Step], pipelineHandler: Handler?) {
        self.steps = steps
        self.pipelineHandler = pipelineHandler
    }

    /// The number of processors at the top level.
    package var count: Int { steps.count }

    private static func step(_ spec: ComponentSpec, file: String, path: String,
                             environment: ProcessorEnvironment) throws(ConfigError) -> Step {
        let options = spec.options
        var condition: Condition?
        if let source = options["if"], !source.isNull {
            guard let text = source.stringValue else {
                throw .invalid(file: file, path: "\(path).if", reason: "must be a string holding a condition")
            }
            do {
                condition = try Condition(text)
            } catch {
                throw .invalid(file: file, path: "\(path).if", reason: "cannot parse condition [\(text)]: \(error)")
            }
        }
        var tag: String?
        if let value = options["tag"], !value.isNull {
            guard let text = value.stringValue else { throw .invalid(file: file, path: "\(path).tag", reason: "must be a string") }
            tag = text
        }
        if let value = options["description"], !value.isNull, value.stringValue == nil {
            throw .invalid(file: file, path: "\(path).description", reason: "must be a string")
        }
        var ignoreFailure = false
        if let value = options["ignore_failure"], !value.isNull {
            guard let flag = value.boolValue else {
                throw .invalid(file: file, path: "\(path).ignore_failure", reason: "must be true or false")
            }
            ignoreFailure = flag
        }
        var onFailure: ProcessorChain?
        if let value = options["on_failure"], !value.isNull {
            let nestedPath = "\(path).on_failure"
            let specs = try processorSpecs(value, file: file, path: nestedPath)
            guard !specs.isEmpty else { throw .invalid(file: file, path: nestedPath, reason: "must not be empty") }
            onFailure = try ProcessorChain(specs, file: file, path: nestedPath, environment: environment)
        }
        let processor = try ProcessorFactory.make(spec, file: file, path: path, environment: environment)
        return Step(kind: spec.kind, tag: tag, condition: condition, processor: processor,
                    ignoreFailure: ignoreFailure, onFailure: onFailure)
    }

    /// Reads a processor list in Elasticsearch's shape (`[{kind: {options}}, ...]`), as `on_failure` holds.
    ///
    /// - Throws: `ConfigError.invalid` at `path` when an item is not a one-key mapping of options.
    package static func processorSpecs(_ list: JSONValue, file: String, path: String) throws(ConfigError) -> [ComponentSpec] {
        guard let items = list.arrayValue else { throw .invalid(file: file, path: path, reason: "must be a list of processors") }
        var specs: [ComponentSpec] = []
        for (index, item) in items.enumerated() {
            guard let entry = item.objectValue, entry.count == 1, let (kind, options) = entry.first else {
                throw .invalid(file: file, path: "\(path)[\(index)]", reason: "each processor is a mapping with exactly one key, its kind")
            }
            guard let object = options.isNull ? JSONObject() : options.objectValue else {
                throw .invalid(file: file, path: "\(path)[\(index)].\(kind)", reason: "options must be a mapping")
            }
            specs.append(ComponentSpec(id: object["tag"]?.stringValue ?? "\(path)[\(index)]", kind: kind, options: object))
        }
        return specs
    }

    /// Runs the processors in order over `document`.
    ///
    /// - Returns: ``ProcessorOutcome/drop`` as soon as a processor drops the document (the rest is
    ///   skipped), else ``ProcessorOutcome/keep``. Failures never escape: see the type's description.
    package func run(_ document: inout Document) -> ProcessorOutcome {
        for step in steps {
            if let condition = step.condition, !condition.evaluate(document) { continue }
            do {
                if try step.processor.process(&document) == .drop { return .drop }
            } catch {
                if step.ignoreFailure { continue }
                if let handler = step.onFailure {
                    if Self.runHandler(handler, for: step, error: error, on: &document) == .drop { return .drop }
                } else if let handler = pipelineHandler?.chain {
                    return Self.runHandler(handler, for: step, error: error, on: &document)
                } else {
                    Self.markFailure(&document, tag: Self.failureTag(forKind: step.kind), message: error.message)
                }
            }
        }
        return .keep
    }

    private static let ingestPath: FieldPath = "_ingest"
    private static let tagsPath: FieldPath = "tags"
    private static let errorMessagePath: FieldPath = "error.message"

    /// Runs `on_failure` with Elasticsearch's failure metadata visible under `_ingest`, then removes it.
    private static func runHandler(_ handler: ProcessorChain, for step: Step, error: ProcessorError,
                                   on document: inout Document) -> ProcessorOutcome {
        let saved = document.remove(ingestPath)
        document.set(ingestPath, to: .object([
            "on_failure_message": .string(error.message),
            "on_failure_processor_type": .string(step.kind),
            "on_failure_processor_tag": step.tag.map { .string($0) } ?? .null,
        ]))
        let outcome = handler.run(&document)
        document.remove(ingestPath)
        if let saved { document.set(ingestPath, to: saved) }
        return outcome
    }

    /// The tag a failing processor of `kind` adds, following Logstash's names where they exist.
    package static func failureTag(forKind kind: String) -> String {
        switch kind {
        case "grok", "date", "json": "_\(kind)parsefailure"
        default: "_\(kind)failure"
        }
    }

    /// Adds `tag` to `tags` (once) and sets `error.message`.
    static func markFailure(_ document: inout Document, tag: String, message: String) {
        let tagValue = JSONValue.string(tag)
        switch document[tagsPath] {
        case .array(var tags)?:
            if !tags.contains(tagValue) {
                document.set(tagsPath, to: .null)  // release the stored copy so the append is in place
                tags.append(tagValue)
            }
            document.set(tagsPath, to: .array(tags))
        case nil, .null?:
            document.set(tagsPath, to: [tagValue])
        case let other?:
            document.set(tagsPath, to: other == tagValue ? other : [other, tagValue])
        }
        document.set(errorMessagePath, to: .string(message))
    }
}
