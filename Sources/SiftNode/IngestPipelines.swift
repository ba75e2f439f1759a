import SiftConfig
import SiftCore
import SiftIndex
import SiftPipeline
import Synchronization
import SystemPackage

/// The processor lists documents written over HTTP can name (`?pipeline=NAME`, or `pipeline` in a
/// bulk action): every pipeline file of `pipelines/`, and those created with
/// `PUT /_ingest/pipeline/NAME`, kept as JSON in `<data>/ingest/NAME.json` so they outlive a restart.
package final class IngestPipelines: Sendable {
    package struct Entry: Sendable {
        package var processors: ProcessorChain
        /// The definition as `GET /_ingest/pipeline` shows it.
        package var body: JSONObject
        /// The pipeline file that defines it; nil for one made through the API.
        package var file: String?
    }

    private let directory: FilePath
    private let environment: ProcessorEnvironment
    private let entries: Mutex<[String: Entry]>

    /// Loads the pipelines saved under `<dataDirectory>/ingest` beside `files` (already built).
    ///
    /// - Throws: `ConfigError` for a saved definition that no longer builds.
    package init(dataDirectory: FilePath, files: [(definition: PipelineDefinition, file: String, processors: ProcessorChain)],
                 environment: ProcessorEnvironment = .live) throws {
        directory = dataDirectory.appending("ingest")
        self.environment = environment
        var entries: [String: Entry] = [:]
        for (definition, file, processors) in files {
            entries[definition.name] = Entry(processors: processors, body: definition.ingestBody, file: file)
        }
        for (file, text) in try ConfigDirectory.files(in: directory.string, suffixes: [".json"]) {
            let name = YAMLConfig.name(ofFile: file)
            guard entries[name] == nil else { continue }  // a pipeline file wins over an old saved copy
            let body = try JSONReader.parseObject(Array(text.utf8))
            entries[name] = Entry(processors: try Self.build(name, body, environment: environment), body: body, file: nil)
        }
        self.entries = Mutex(entries)
    }

    /// The pipeline called `name`.
    package func entry(_ name: String) -> Entry? {
        entries.withLock { $0[name] }
    }

    /// Every pipeline whose name matches one of `patterns` (`*` globs), or all when none are given.
    package func entries(matching patterns: [String]) -> [(name: String, entry: Entry)] {
        entries.withLock { entries in
            entries.filter { name, _ in patterns.isEmpty || patterns.contains { IndexName.matches(name, pattern: $0) } }
                .sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
    }

    /// Creates or replaces `name` from an Elasticsearch pipeline body (`description`, `processors`,
    /// `on_failure`, `version`, `_meta`) and saves it.
    ///
    /// - Throws: `CatalogError` (400) for a bad name, a name a pipeline file owns, or a body that
    ///   does not build (the reason names the processor and option).
    package func put(_ name: String, body: JSONObject) throws(CatalogError) {
        guard !name.isEmpty, !name.hasPrefix("."), name.utf8.allSatisfy({ Self.nameBytes.contains($0) }) else {
            throw .illegalArgument("invalid pipeline id [\(name)]: use letters, digits, '-', '_' and '.', not starting with '.'", index: nil)
        }
        if let file = entry(name)?.file {
            throw .illegalArgument("pipeline [\(name)] is defined by the file [\(file)]; change it there", index: nil)
        }
        let processors: ProcessorChain
        do {
            processors = try Self.build(name, body, environment: environment)
        } catch {
            throw CatalogError(type: "parse_exception", reason: Self.reason(error), status: 400, index: nil)
        }
        do {
            try AtomicFile.createDirectory(directory)
            try AtomicFile.write(JSONValue.object(body).jsonBytes(), to: directory.appending("\(name).json"))
        } catch {
            throw .storage(error)
        }
        entries.withLock { $0[name] = Entry(processors: processors, body: body, file: nil) }
    }

    /// Deletes `name`; pipeline files are deleted by removing the file.
    ///
    /// - Throws: `CatalogError` 404 when there is no such pipeline, 400 for one a file defines.
    package func delete(_ name: String) throws(CatalogError) {
        guard let entry = entry(name) else {
            throw CatalogError(type: "resource_not_found_exception", reason: "pipeline [\(name)] is missing", status: 404, index: nil)
        }
        if let file = entry.file {
            throw .illegalArgument("pipeline [\(name)] is defined by the file [\(file)]; remove it there", index: nil)
        }
        do {
            try IndexFiles.removeTree(directory.appending("\(name).json"))
        } catch {
            throw .storage(error)
        }
        _ = entries.withLock { $0.removeValue(forKey: name) }
    }

    private static let nameBytes = Set(Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.".utf8))

    private static func build(_ name: String, _ body: JSONObject, environment: ProcessorEnvironment) throws(ConfigError) -> ProcessorChain {
        let file = "pipeline [\(name)]"
        for key in body.keys where !["description", "processors", "on_failure", "version", "_meta", "deprecated"].contains(key) {
            throw .invalid(file: file, path: key, reason: "unknown key; expected description, processors, on_failure, version or _meta")
        }
        guard let list = body["processors"] else { throw .invalid(file: file, path: "processors", reason: "required property is missing") }
        let specs = try ProcessorChain.processorSpecs(list, file: file, path: "processors")
        let onFailure = try body["on_failure"].map { value throws(ConfigError) in
            try ProcessorChain.processorSpecs(value, file: file, path: "on_failure")
        }
        return try ProcessorChain(specs, onFailure: onFailure, file: file, environment: environment)
    }

    private static func reason(_ error: ConfigError) -> String {
        switch error {
        case .syntax(_, let reason): reason
        case .invalid(_, let path, let reason): "[\(path)] \(reason)"
        }
    }
}

extension PipelineDefinition {
    /// The definition in Elasticsearch's pipeline shape, as `GET /_ingest/pipeline` shows it.
    var ingestBody: JSONObject {
        var body = JSONObject()
        if let description { body["description"] = .string(description) }
        body["processors"] = .array(processors.map { .object([$0.kind: .object($0.options)]) })
        if let onFailure { body["on_failure"] = .array(onFailure.map { .object([$0.kind: .object($0.options)]) }) }
        return body
    }
}
