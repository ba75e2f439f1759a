import SiftConfig
import SystemPackage

/// A rolled-over index (Elasticsearch's data stream): writes go to the newest backing index,
/// `<name>-000001`, `<name>-000002`, ... under `indices/`; searches cover all of them. The rollover
/// policy starts a new backing index when the write index is full, and the retention policy deletes
/// the oldest ones, never the write index and never files a search still reads.
///
/// Every backing index is an ``IndexWriter``; all but the write index are closed (read-only).
/// Rollover and retention run one at a time; writes run concurrently with each other, and a
/// rollover first lets the writes already sent to the old write index finish.
///
/// Writes with an explicit id are not checked against older backing indices, as in Elasticsearch
/// (a data stream is append-only): the same id may then exist in two backing indices.
package actor DataStream {
    package let definition: IndexDefinition
    /// `<data>/indices`, holding one directory per backing index.
    package let indicesDirectory: FilePath
    let clock: MillisecondClock
    let configuration: IndexWriterConfiguration

    struct Backing {
        let name: String
        let generation: Int
        let writer: IndexWriter
    }

    /// Oldest first; never empty, the last is the write index.
    var backing: [Backing]
    /// Deleted indices whose segment files some snapshot still holds.
    var pendingRemovals: [FilePath] = []
    /// Writes in progress per writer, so a rollover can wait for those sent to the old write index.
    private var inFlight: [ObjectIdentifier: Int] = [:]
    private var drainWaiters: [ObjectIdentifier: [CheckedContinuation<Void, Never>]] = [:]
    private var busy = false
    private var busyWaiters: [CheckedContinuation<Void, Never>] = []
    private var backgroundStarted = false
    private var closed = false

    /// Opens (or creates) the data stream `definition.name` under `dataDirectory/indices/`, removing
    /// indices a retention run deleted but could not finish removing, and repairing an interrupted
    /// rollover (an old index not marked rolled over is marked at its successor's creation).
    package init(
        dataDirectory: FilePath, definition: IndexDefinition, clock: @escaping MillisecondClock = systemClock
    ) async throws(IndexError) {
        let indices = dataDirectory.appending("indices")
        let configuration = Self.configuration(definition)
        try AtomicFile.createDirectory(indices)
        var opened: [Backing] = []
        for (generation, name) in try IndexFiles.open(indices, base: definition.name) {
            let writer = try await IndexWriter(
                directory: indices.appending(name), name: name, mappings: definition.mappings,
                configuration: configuration, clock: clock
            )
            opened.append(Backing(name: name, generation: generation, writer: writer))
        }
        for (i, index) in opened.enumerated().dropLast() {
            if await index.writer.rolledOverAtMillis == nil {
                try await index.writer.markRolledOver(atMillis: await opened[i + 1].writer.createdAtMillis)
            }
            try await index.writer.close()
        }
        if let last = opened.last, await last.writer.rolledOverAtMillis != nil {
            // Rolled over but its successor never got created: start one, as the rollover would have.
            opened.append(try await Self.create(
                indices, definition.name, last.generation + 1, await last.writer.mappings, configuration, clock
            ))
            try await last.writer.close()
        } else if opened.isEmpty {
            opened.append(try await Self.create(indices, definition.name, 1, definition.mappings, configuration, clock))
        }
        self.definition = definition
        self.indicesDirectory = indices
        self.clock = clock
        self.configuration = configuration
        backing = opened
    }

    /// The writer settings a definition asks for.
    package static func configuration(_ definition: IndexDefinition) -> IndexWriterConfiguration {
        var configuration = IndexWriterConfiguration()
        configuration.durability = definition.durability == .request ? .request : .async
        configuration.syncInterval = definition.syncInterval
        configuration.refreshInterval = definition.refreshInterval
        configuration.indexingBufferBytes = Int(clamping: definition.indexingBuffer.bytes)
        return configuration
    }

    private static func create(
        _ indices: FilePath, _ base: String, _ generation: Int, _ mappings: Mappings,
        _ configuration: IndexWriterConfiguration, _ clock: @escaping MillisecondClock
    ) async throws(IndexError) -> Backing {
        let name = BackingIndexName.make(base, generation: generation)
        let writer = try await IndexWriter(
            directory: indices.appending(name), name: name, mappings: mappings, configuration: configuration, clock: clock
        )
        return Backing(name: name, generation: generation, writer: writer)
    }

    // MARK: State

    /// Backing index names, oldest first.
    package var backingIndices: [String] { backing.map(\.name) }

    /// The backing index writes go to (the newest).
    package var writeIndex: String { write.name }

    var write: Backing { backing[backing.count - 1] }

    /// Snapshots of every backing index, oldest first, for a search over the stream. The write
    /// index is refreshed first when it was search-idle (``IndexWriter/searcher()``).
    package func snapshots() async throws(IndexError) -> [(index: String, snapshot: IndexSnapshot, mappings: Mappings)] {
        var result: [(index: String, snapshot: IndexSnapshot, mappings: Mappings)] = []
        for index in backing.dropLast() { result.append((index.name, index.writer.snapshot(), await index.writer.mappings)) }
        let current = write
        result.append((current.name, try await current.writer.searcher(), await current.writer.mappings))
        return result
    }

    /// The mappings of the backing index `name`; nil when the stream has no such index.
    package func mappings(of name: String) async -> Mappings? {
        guard let index = backing.first(where: { $0.name == name }) else { return nil }
        return await index.writer.mappings
    }

    /// Documents, size and time span of every backing index, oldest first.
    package func stats() async -> [IndexStats] {
        var result: [IndexStats] = []
        for index in backing { result.append(await index.writer.stats) }
        return result
    }

    /// Min/max `@timestamp` of each backing index's refreshed documents, oldest first, so a
    /// time-range search skips whole indices; nil for an index without timestamps.
    package func timeRanges() -> [(index: String, min: Int64?, max: Int64?)] {
        backing.map { index in
            let snapshot = index.writer.snapshot()
            return (index.name, snapshot.minTimestamp, snapshot.maxTimestamp)
        }
    }

    /// Makes every write so far searchable (the write index is the only one taking writes).
    package func refresh() async throws(IndexError) {
        try checkOpen()
        try await write.writer.refresh()
    }

    /// Starts periodic refresh, WAL sync and commit on the write index, and on each later one.
    package func startBackgroundTasks() async {
        backgroundStarted = true
        await write.writer.startBackgroundTasks()
    }

    // MARK: Writing

    /// Indexes documents in order into the write index, rolling over first whenever the policy says
    /// so. With `max_docs`, a batch is split so each backing index gets exactly `max_docs` documents
    /// (concurrent batches may overshoot a little, as Elasticsearch's asynchronous rollover does).
    /// If a storage error ends the batch, the parts already written stay written.
    package func index(_ requests: [IndexRequest]) async throws(IndexError) -> [WriteResult] {
        var results: [WriteResult] = []
        results.reserveCapacity(requests.count)
        var start = requests.startIndex
        while start < requests.endIndex {
            let (target, room) = try await prepareWrite()
            let end = min(requests.endIndex, start + room)
            let outcome: Result<[WriteResult], IndexError>
            do throws(IndexError) {
                outcome = .success(try await target.index(Array(requests[start..<end])))
            } catch {
                outcome = .failure(error)
            }
            finishWrite(target)
            results.append(contentsOf: try outcome.get())
            start = end
        }
        return results
    }

    /// Rolls over if due and registers a write to the write index (so a rollover waits for it);
    /// returns the writer and how many documents it may take before the next check.
    private func prepareWrite() async throws(IndexError) -> (IndexWriter, Int) {
        await acquire()
        defer { release() }
        try checkOpen()
        let docs = try await rolloverIfDue()
        let writer = write.writer
        inFlight[ObjectIdentifier(writer), default: 0] += 1
        guard let maxDocs = definition.rollover?.maxDocs else { return (writer, Int.max) }
        return (writer, max(1, maxDocs - docs))
    }

    private func finishWrite(_ writer: IndexWriter) {
        let key = ObjectIdentifier(writer)
        guard let count = inFlight[key] else { return }
        if count > 1 {
            inFlight[key] = count - 1
        } else {
            inFlight[key] = nil
            for waiter in drainWaiters.removeValue(forKey: key) ?? [] { waiter.resume() }
        }
    }

    /// Starts a new write index if the rollover policy says the current one is full; its name, or nil.
    package func rolloverIfNeeded() async throws(IndexError) -> String? {
        await acquire()
        defer { release() }
        try checkOpen()
        let before = write.name
        _ = try await rolloverIfDue()
        return write.name == before ? nil : write.name
    }

    /// Starts a new write index now, whatever the policy (`POST /<stream>/_rollover`); its name.
    package func rollover() async throws(IndexError) -> String {
        await acquire()
        defer { release() }
        try checkOpen()
        return try await performRollover()
    }

    /// Rolls over when due (lock held). Returns the write index's doc count when no rollover
    /// happened, 0 after one (or without a policy, when nobody needs the count).
    private func rolloverIfDue() async throws(IndexError) -> Int {
        guard let policy = definition.rollover else { return 0 }
        let writer = write.writer
        let docs = await writer.docCount
        let reason = policy.reason(
            sizeBytes: Int64(await writer.sizeBytes), docCount: docs,
            createdAtMillis: await writer.createdAtMillis, nowMillis: clock()
        )
        guard reason != nil else { return docs }
        _ = try await performRollover()
        return 0
    }

    /// Lock held. The old write index is committed before the new one exists and closed (and
    /// marked rolled over) after, so a failure to create the new one leaves the old one writable;
    /// a crash in between is repaired by the next open.
    private func performRollover() async throws(IndexError) -> String {
        let old = write
        await drain(old.writer)
        try await old.writer.commit()
        let next = try await Self.create(
            indicesDirectory, definition.name, old.generation + 1, await old.writer.mappings, configuration, clock
        )
        if backgroundStarted { await next.writer.startBackgroundTasks() }
        backing.append(next)
        try await old.writer.close()
        try await old.writer.markRolledOver(atMillis: clock())
        return next.name
    }

    // MARK: Retention and closing

    /// Applies the retention policy: deleted indices leave ``backingIndices`` at once; their
    /// directories go now, or, for segments a snapshot still holds, once the snapshot is released
    /// and a later call (or the next open) finishes. Returns the deleted names, oldest first.
    package func applyRetention() async throws(IndexError) -> [String] {
        await acquire()
        defer { release() }
        try checkOpen()
        var deleted: [String] = []
        if let policy = definition.retention {
            var infos: [BackingIndexInfo] = []
            for index in backing {
                infos.append(BackingIndexInfo(
                    name: index.name, createdAtMillis: await index.writer.createdAtMillis,
                    rolledOverAtMillis: await index.writer.rolledOverAtMillis, sizeBytes: Int64(await index.writer.sizeBytes)
                ))
            }
            let writeName = write.name
            for name in policy.indicesToDelete(infos, nowMillis: clock()) where name != writeName {
                guard let position = backing.firstIndex(where: { $0.name == name }) else { continue }
                let index = backing.remove(at: position)
                let directory = indicesDirectory.appending(name)
                try IndexFiles.beginRemoval(directory)
                await index.writer.retire()
                pendingRemovals.append(directory)
                deleted.append(name)
            }
        }
        try finishRemovals()
        return deleted
    }

    /// Removes deleted directories whose segments no snapshot holds any more.
    private func finishRemovals() throws(IndexError) {
        var waiting: [FilePath] = []
        for directory in pendingRemovals where !(try IndexFiles.finishRemoval(directory)) {
            waiting.append(directory)
        }
        pendingRemovals = waiting
    }

    /// Waits for writes in flight, closes the write index (a commit: nothing to replay next time),
    /// and finishes removals that can be finished. Later calls throw.
    package func close() async throws(IndexError) {
        await acquire()
        defer { release() }
        guard !closed else { return }
        closed = true
        let current = write
        await drain(current.writer)
        try await current.writer.close()
        try finishRemovals()
    }

    private func checkOpen() throws(IndexError) {
        if closed { throw .io(path: indicesDirectory.string, reason: "data stream [\(definition.name)] is closed") }
    }

    // MARK: Coordination

    private func acquire() async {
        while busy { await withCheckedContinuation { busyWaiters.append($0) } }
        busy = true
    }

    private func release() {
        busy = false
        if !busyWaiters.isEmpty { busyWaiters.removeFirst().resume() }
    }

    /// Returns once no write to `writer` is in flight.
    private func drain(_ writer: IndexWriter) async {
        let key = ObjectIdentifier(writer)
        while inFlight[key] != nil {
            await withCheckedContinuation { drainWaiters[key, default: []].append($0) }
        }
    }
}
