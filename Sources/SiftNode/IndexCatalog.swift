import SiftConfig
import SiftCore
import SiftIndex
import SystemPackage

/// Every index of a data directory, by name: the plain indices under `indices/` (created through
/// the API or on first write) and the data streams that `indexes/*.yaml` define, each of which owns
/// its backing indices (`logs` → `logs-000001`, ...).
///
/// An index definition whose name is a pattern (`app-*`) is a template: a plain index created
/// under a matching name takes its mappings and settings (the longest matching pattern wins).
/// Writes and searches go through the catalog; it never holds a lock while one runs.
package actor IndexCatalog {
    let indicesDirectory: FilePath
    let definitions: [IndexDefinition]
    let clock: MillisecondClock
    /// Plain indices by name.
    var indices: [String: IndexWriter] = [:]
    /// Data streams by name.
    var streams: [String: DataStream] = [:]
    /// Indices being created: concurrent first writes to one name share the creation.
    private var creating: [String: Task<IndexWriter, any Error>] = [:]
    /// Deleted indices whose segment files a search still holds.
    private var pendingRemovals: [String: FilePath] = [:]
    private var maintenance: Task<Void, Never>?
    private var backgroundStarted = false

    /// Opens every index in `dataDirectory/indices` and every data stream `definitions` name,
    /// recovering each (WAL replay); directories a delete left behind are removed.
    package init(
        dataDirectory: FilePath, definitions: [IndexDefinition] = [], clock: @escaping MillisecondClock = systemClock
    ) async throws(CatalogError) {
        indicesDirectory = dataDirectory.appending("indices")
        self.definitions = definitions
        self.clock = clock
        do throws(IndexError) {
            try AtomicFile.createDirectory(indicesDirectory)
            for definition in definitions where !definition.isPattern {
                streams[definition.name] = try await DataStream(dataDirectory: dataDirectory, definition: definition, clock: clock)
            }
            for name in try AtomicFile.fileNames(in: indicesDirectory).sorted() where streamOwning(name) == nil {
                let directory = indicesDirectory.appending(name)
                guard IndexFiles.isDirectory(directory), IndexName.problem(name) == nil else { continue }
                if IndexFiles.exists(directory.appending(IndexFiles.deletedMarker)) {
                    try IndexFiles.removeTree(directory)  // deleted before a restart: nothing reads it now
                    continue
                }
                indices[name] = try await IndexWriter(
                    directory: directory, name: name, configuration: DataStream.configuration(try savedDefinition(name)), clock: clock)
            }
        } catch {
            throw .storage(error)
        }
    }

    /// Starts refresh, WAL sync and commits on every index, and a maintenance pass every
    /// `interval` that rolls data streams over and applies their retention.
    package func startBackgroundTasks(maintenanceInterval interval: Duration = .seconds(10)) async {
        guard !backgroundStarted else { return }
        backgroundStarted = true
        for writer in indices.values { await writer.startBackgroundTasks() }
        for stream in streams.values { await stream.startBackgroundTasks() }
        maintenance = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                await self?.maintain()
            }
        }
    }

    /// One maintenance pass: rollover and retention of every data stream, and removal of deleted
    /// indices no search holds any more. Failures are kept in the indices' problems, not thrown.
    package func maintain() async {
        for stream in streams.values {
            _ = try? await stream.rolloverIfNeeded()
            _ = try? await stream.applyRetention()
        }
        finishRemovals()
    }

    /// Commits and closes everything; the catalog takes no work afterwards.
    package func close() async throws(CatalogError) {
        maintenance?.cancel()
        maintenance = nil
        var firstError: CatalogError?
        for (name, writer) in indices {
            do { try await writer.close() } catch { firstError = firstError ?? .storage(error, index: name) }
        }
        for (name, stream) in streams {
            do { try await stream.close() } catch { firstError = firstError ?? .storage(error, index: name) }
        }
        indices.removeAll()
        streams.removeAll()
        if let firstError { throw firstError }
    }

    // MARK: Names

    /// The data stream whose backing index `name` is, if any.
    func streamOwning(_ name: String) -> String? {
        guard let parsed = BackingIndexName.parse(name), streams[parsed.base] != nil else { return nil }
        return parsed.base
    }

    /// The definition a new plain index called `name` starts from: the longest matching pattern,
    /// else the defaults (dynamic mappings, refresh 1s, durability request).
    func template(for name: String) -> IndexDefinition {
        let matching = definitions.filter { $0.isPattern && $0.matches(name) }
        var definition = matching.max { $0.name.count < $1.name.count } ?? IndexDefinition(name: name)
        definition.name = name
        return definition
    }

    /// Whether a name is taken by an index, a data stream or a stream's backing index.
    func exists(_ name: String) async -> Bool {
        if indices[name] != nil || streams[name] != nil { return true }
        guard let base = streamOwning(name), let stream = streams[base] else { return false }
        return await stream.backingIndices.contains(name)
    }

    // MARK: Writing

    /// Where writes to `name` go; a missing index is created (with its template) when `autoCreate`.
    package func writable(_ name: String, autoCreate: Bool = true) async throws(CatalogError) -> WritableIndex {
        if let stream = streams[name] { return .stream(stream) }
        if let writer = indices[name] { return .index(writer) }
        if let base = streamOwning(name) {
            throw .illegalArgument("index [\(name)] belongs to data stream [\(base)]; write to [\(base)]", index: name)
        }
        guard autoCreate else { throw .notFound(name) }
        return .index(try await create(name, body: nil, failIfExists: false))
    }

    /// Creates the plain index `name` (`PUT /<name>`): its template's mappings and settings, with a
    /// body's `mappings` merged over them and its `settings` applied.
    ///
    /// - Throws: `resource_already_exists_exception` when `failIfExists` and the name is taken,
    ///   `invalid_index_name_exception`, and the mapping or settings errors of the body.
    @discardableResult
    package func create(_ name: String, body: JSONValue?, failIfExists: Bool = true) async throws(CatalogError) -> IndexWriter {
        if let running = creating[name] {
            guard !failIfExists else { throw .alreadyExists(name) }
            do { return try await running.value } catch { throw error as? CatalogError ?? .illegalArgument("\(error)", index: name) }
        }
        if let writer = indices[name] {
            guard !failIfExists else { throw .alreadyExists(name) }
            return writer
        }
        if streams[name] != nil || streamOwning(name) != nil { throw .alreadyExists(name) }
        if let problem = IndexName.problem(name) { throw .invalidName(name, problem) }
        let definition = try definition(name, body: body)
        if pendingRemovals[name] != nil { finishRemovals() }
        if pendingRemovals[name] != nil {
            throw .illegalArgument("index [\(name)] is still being deleted: a search or scroll holds its files", index: name)
        }
        let directory = indicesDirectory.appending(name)
        let (clock, start) = (clock, backgroundStarted)
        let settings = Self.settings(of: body)
        let task = Task { () async throws -> IndexWriter in
            do throws(IndexError) {
                if let settings {  // kept beside the index, so a restart opens it with them again
                    try AtomicFile.createDirectory(directory)
                    try AtomicFile.write(JSONValue.object(settings).jsonBytes(), to: directory.appending(Self.settingsFile))
                }
                let writer = try await IndexWriter(
                    directory: directory, name: name, mappings: definition.mappings,
                    configuration: DataStream.configuration(definition), clock: clock)
                if start { await writer.startBackgroundTasks() }
                return writer
            } catch {
                throw CatalogError.storage(error, index: name)
            }
        }
        creating[name] = task
        defer { creating[name] = nil }
        do {
            let writer = try await task.value
            indices[name] = writer
            return writer
        } catch {
            throw error as? CatalogError ?? .illegalArgument("\(error)", index: name)
        }
    }

    /// The settings a create body gave (everything but `mappings`), if any.
    private static func settings(of body: JSONValue?) -> JSONObject? {
        guard var object = body?.objectValue else { return nil }
        object.removeValue(forKey: "mappings")
        object.removeValue(forKey: "aliases")
        return object.isEmpty ? nil : object
    }

    /// Where a plain index keeps the settings it was created with.
    private static let settingsFile = "settings.json"

    /// The definition of an existing plain index: its template with the settings it was created with.
    private func savedDefinition(_ name: String) throws(IndexError) -> IndexDefinition {
        let file = indicesDirectory.appending(name).appending(Self.settingsFile)
        guard let bytes = try AtomicFile.read(file) else { return template(for: name) }
        do {
            return try definition(name, body: try JSONReader.parse(bytes))
        } catch {
            throw .corrupted(path: file.string, reason: "\(error)")
        }
    }

    /// The definition of a new index: its template, with the request body's mappings merged in
    /// and its settings applied.
    private func definition(_ name: String, body: JSONValue?) throws(CatalogError) -> IndexDefinition {
        var definition = template(for: name)
        guard let body, !body.isNull else { return definition }
        guard var object = body.objectValue else {
            throw CatalogError(type: "parse_exception", reason: "request body must be a JSON object", index: name)
        }
        if let aliases = object.removeValue(forKey: "aliases"), aliases.objectValue?.isEmpty != true {
            throw .illegalArgument("aliases are not supported", index: name)
        }
        let requested: IndexDefinition
        do {
            requested = try IndexDefinition(json: .object(object), name: name, file: "request body")
        } catch {
            throw CatalogError(type: "mapper_parsing_exception", reason: "\(error)", index: name)
        }
        guard requested.name == name else {
            throw .illegalArgument("the body names index [\(requested.name)], the path [\(name)]", index: name)
        }
        if object["mappings"] != nil {
            do { try definition.mappings.merge(requested.mappings) } catch {
                throw CatalogError(type: error.type, reason: error.reason, index: name)
            }
        }
        if object.keys.contains(where: { $0 != "mappings" }) {  // settings, at the top level or under `settings`
            definition.refreshInterval = requested.refreshInterval
            definition.durability = requested.durability
            definition.syncInterval = requested.syncInterval
            definition.indexingBuffer = requested.indexingBuffer
        }
        return definition
    }

    /// Deletes plain indices and backing indices (not a stream's write index) by exact name.
    /// A search still reading one keeps its files until it finishes.
    package func delete(_ names: [String]) async throws(CatalogError) {
        for name in names where !(await exists(name)) { throw .notFound(name) }
        for name in names {
            if streams[name] != nil {
                throw .illegalArgument("[\(name)] is a data stream defined in indexes/; delete its backing indices or its definition", index: name)
            }
            if let base = streamOwning(name) {
                throw .illegalArgument("index [\(name)] is a backing index of data stream [\(base)]; retention deletes backing indices", index: name)
            }
        }
        for name in names {
            guard let writer = indices.removeValue(forKey: name) else { continue }
            let directory = indicesDirectory.appending(name)
            do throws(IndexError) {
                try await writer.close()
                try IndexFiles.beginRemoval(directory)
            } catch {
                throw .storage(error, index: name)
            }
            await writer.retire()
            pendingRemovals[name] = directory
        }
        finishRemovals()
    }

    private func finishRemovals() {
        for (name, directory) in pendingRemovals where (try? IndexFiles.finishRemoval(directory)) ?? false {
            pendingRemovals[name] = nil
        }
    }
}
