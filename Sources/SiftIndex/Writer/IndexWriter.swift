import SiftAnalysis
import SiftCore
import Synchronization
import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

/// Milliseconds since the epoch; injected so tests drive ids, ages and rollover with a fake clock.
package typealias MillisecondClock = @Sendable () -> Int64

package let systemClock: MillisecondClock = { Timestamp.now().epochMillis }

/// Owns one index on disk: appends writes to the WAL, buffers them into a segment, refreshes,
/// commits, merges, and publishes ``IndexSnapshot``s for searches.
///
/// Every write gets a sequence number. A commit records the highest sequence number its segments
/// contain and the WAL generation replay starts from; recovery replays only later operations, so
/// nothing is applied twice. Layout of the index directory in FORMAT.md.
package actor IndexWriter {
    package let directory: FilePath
    let segmentsDirectory: FilePath
    package let configuration: IndexWriterConfiguration
    let analyzers: AnalyzerRegistry
    let clock: MillisecondClock

    var metadata: IndexMetadata
    var mappingsChanged = false
    var segments: [LiveSegment] = []
    var builder: SegmentBuilder?
    /// Explicit ids of documents in the builder, with their doc id and version.
    var builderIDs: [String: (doc: Int32, version: Int64)] = [:]
    var nextSeqNo: Int64 = 0
    let wal: WriteAheadLog
    /// Released by ``close()``; held until then even across failures, so nothing else writes here.
    var lock: IndexLock?
    var commitPoint: CommitPoint
    var lastCommitMillis: Int64
    var committing = false
    var commitWaiters: [CheckedContinuation<Void, Never>] = []
    var mergeTask: Task<Void, Never>?
    var background: Task<Void, Never>?
    var autoIDs = AutoIDGenerator()
    /// Damage found at open or later: files named, reasons given. The index keeps serving the rest.
    package internal(set) var problems: [String] = []
    var snapshotGeneration = 0

    var mappedValues: [MappedValue] = []
    private var walEntry = ByteWriter(capacity: 4096)

    private nonisolated let published: Mutex<IndexSnapshot>
    nonisolated let lastSearchMillis = Atomic<Int64>(0)
    var lastSearch: Int64 { lastSearchMillis.load(ordering: .relaxed) }
    var walBytesAtCommit = 0

    /// A segment as the writer tracks it: the reader plus deletes not yet persisted.
    struct LiveSegment {
        var reader: SegmentReader
        var liveDocs: LiveDocs?
        var deletesGeneration: Int
        /// Deletes changed since the last commit.
        var deletesDirty: Bool
        /// Files fsynced and listed in a commit point.
        var committed: Bool
        var merging = false

        var view: SegmentView { SegmentView(reader: reader, liveDocs: liveDocs) }
    }

    /// Opens the index in `directory`, creating it with `mappings` if it does not exist, and recovers:
    /// committed segments are verified (a damaged one is reported in ``problems`` and skipped), then
    /// the WAL after the commit is replayed, and the result committed.
    package init(
        directory: FilePath, name: String, mappings: Mappings = Mappings(),
        configuration: IndexWriterConfiguration = IndexWriterConfiguration(),
        analyzers: AnalyzerRegistry = .builtIn, clock: @escaping MillisecondClock = systemClock
    ) async throws(IndexError) {
        self.directory = directory
        segmentsDirectory = directory.appending("segments")
        self.configuration = configuration
        self.analyzers = analyzers
        self.clock = clock
        try AtomicFile.createDirectory(segmentsDirectory)
        lock = try IndexLock(directory: directory)
        let existing = try IndexMetadata.read(in: directory)
        metadata = existing ?? IndexMetadata(name: name, createdAtMillis: clock(), mappings: mappings)
        if existing == nil { try metadata.write(in: directory) }
        commitPoint = try CommitPoint.read(in: directory) ?? CommitPoint()
        lastCommitMillis = clock()
        published = Mutex(IndexSnapshot(segments: [], generation: 0))
        wal = try WriteAheadLog(directory: directory.appending("wal"))
        try recover()
    }

    // MARK: Reading

    /// The latest refreshed view, for searches. Cheap; never waits for the writer.
    package nonisolated func snapshot() -> IndexSnapshot {
        published.withLock { $0 }
    }

    /// The snapshot a search should use: when the index has been search-idle (so periodic refreshes
    /// were skipped) and has unrefreshed writes, refreshes first, as Elasticsearch does.
    package func searcher() throws(IndexError) -> IndexSnapshot {
        let now = clock()
        let idle = now - lastSearchMillis.load(ordering: .relaxed) > configuration.searchIdleAfter.milliseconds
        lastSearchMillis.store(now, ordering: .relaxed)
        if idle, let builder, builder.docCount > 0 { try refresh() }
        return snapshot()
    }

    package var mappings: Mappings { metadata.mappings }
    package var createdAtMillis: Int64 { metadata.createdAtMillis }
    package var rolledOverAtMillis: Int64? { metadata.rolledOverAtMillis }

    /// Documents written, including ones not yet refreshed (deletes excluded).
    package var docCount: Int {
        segments.reduce(0) { $0 + ($1.liveDocs?.liveCount ?? $1.reader.docCount) }
            + (builder.map { $0.docCount - $0.deletedDocs.count } ?? 0)
    }

    /// Bytes of the index's segment files.
    package var sizeBytes: Int { segments.reduce(0) { $0 + $1.reader.meta.sizeBytes } }

    package var segmentCount: Int { segments.count }

    func publish() {
        snapshotGeneration += 1
        let snapshot = IndexSnapshot(segments: segments.map(\.view), generation: snapshotGeneration)
        published.withLock { $0 = snapshot }
    }

    // MARK: Writing

    /// Indexes documents in order; each gets its own result. A document that is not JSON or does not
    /// fit the mappings fails alone. With durability `request`, returns once the WAL holding the
    /// batch is fsynced (concurrent batches share one fsync).
    package func index(_ requests: [IndexRequest]) async throws(IndexError) -> [WriteResult] {
        var results: [WriteResult] = []
        results.reserveCapacity(requests.count)
        var last: WALPosition?
        for request in requests {
            let (result, position) = try apply(request)
            results.append(result)
            if let position { last = position }
        }
        try afterWrites()
        if let last, configuration.durability == .request {
            try await wal.sync(through: last)
        }
        return results
    }

    /// Deletes the document with `id`.
    package func delete(id: String) async throws(IndexError) -> WriteResult {
        guard let location = try locate(id) else { return .notFound(id: id) }
        let seqNo = nextSeqNo
        nextSeqNo += 1
        walEntry.removeAll()
        WALOperation.encode(kind: .delete, seqNo: seqNo, version: location.version + 1, id: id, source: UnsafeRawBufferPointer(start: nil, count: 0), into: &walEntry)
        let position = walEntry.bytes.withUnsafeBytes { wal.append($0) }
        remove(location, id: id)
        if configuration.durability == .request { try await wal.sync(through: position) }
        return .deleted(id: id, version: location.version + 1, seqNo: seqNo)
    }

    private func apply(_ request: IndexRequest) throws(IndexError) -> (WriteResult, WALPosition?) {
        let document: Document
        do {
            document = try Document(parsing: request.source)
        } catch {
            return (.failed(id: request.id, status: 400, type: "document_parsing_exception", reason: "failed to parse: \(error)"), nil)
        }
        let isAutoID = request.id == nil
        let id = request.id ?? autoIDs.next(nowMillis: clock())
        do {
            if try metadata.mappings.map(document, id: id, into: &mappedValues) { mappingsChanged = true }
        } catch {
            return (.failed(id: id, status: 400, type: error.type, reason: error.reason), nil)
        }
        var version: Int64 = 1
        var previous: Location?
        if !isAutoID, let found = try locate(id) {
            if request.opType == .create {
                return (.failed(
                    id: id, status: 409, type: "version_conflict_engine_exception",
                    reason: "[\(id)]: version conflict, document already exists (current version [\(found.version)])"
                ), nil)
            }
            previous = found
            version = found.version + 1
        }
        let seqNo = nextSeqNo
        nextSeqNo += 1
        walEntry.removeAll()
        let position = request.source.withUnsafeBytes { source in
            WALOperation.encode(kind: .index, seqNo: seqNo, version: version, id: id, source: source, into: &walEntry)
            return walEntry.bytes.withUnsafeBytes { wal.append($0) }
        }
        if let previous { remove(previous, id: id) }
        try add(id: id, version: version, source: request.source, trackID: !isAutoID)
        let result: WriteResult = previous == nil
            ? .created(id: id, version: version, seqNo: seqNo)
            : .updated(id: id, version: version, seqNo: seqNo)
        return (result, position)
    }

    /// Adds a mapped document (``mappedValues``) to the builder.
    func add(id: String, version: Int64, source: [UInt8], trackID: Bool) throws(IndexError) {
        if builder == nil {
            builder = try SegmentBuilder(directory: segmentsDirectory, name: newSegmentName(), analyzers: analyzers)
        }
        let doc = try source.withTypedBytes { raw throws(IndexError) in
            try builder!.add(id: id, version: version, source: raw, values: mappedValues, mappings: metadata.mappings)
        }
        if trackID { builderIDs[id] = (doc, version) }
    }

    func newSegmentName() -> String {
        defer { commitPoint.nextSegmentNumber += 1 }
        return SegmentMeta.name(number: commitPoint.nextSegmentNumber)
    }

    /// Where the live document with an id is.
    enum Location {
        case builder(doc: Int32, version: Int64)
        case segment(name: String, doc: Int32, version: Int64)

        var version: Int64 {
            switch self {
            case .builder(_, let version), .segment(_, _, let version): version
            }
        }
    }

    func locate(_ id: String) throws(IndexError) -> Location? {
        if let entry = builderIDs[id] { return .builder(doc: entry.doc, version: entry.version) }
        for segment in segments.reversed() {
            if let doc = segment.view.liveDoc(withID: id) {
                let version = segment.reader.numericColumn(FieldInfo.versionPath)?.value(doc) ?? 1
                return .segment(name: segment.reader.name, doc: doc, version: version)
            }
        }
        return nil
    }

    func remove(_ location: Location, id: String) {
        switch location {
        case .builder(let doc, _):
            builder?.delete(doc)
            builderIDs.removeValue(forKey: id)
        case .segment(let name, let doc, _):
            guard let index = segments.firstIndex(where: { $0.reader.name == name }) else { return }
            var live = segments[index].liveDocs ?? LiveDocs(docCount: segments[index].reader.docCount)
            if live.delete(doc) {
                segments[index].liveDocs = live
                segments[index].deletesDirty = true
            }
        }
    }

    /// Refreshes when the buffer is full.
    private func afterWrites() throws(IndexError) {
        if let builder, builder.memoryBytes >= configuration.indexingBufferBytes {
            try refresh()
        }
    }
}

extension Duration {
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
