import Glibc
import Logging
import SiftCore
import SystemPackage

/// One run of a ``FileInput``: the files it tails, the events read but not yet delivered, the offsets.
///
/// Each cycle: re-run the globs (at most once a poll interval), read what every file has beyond its
/// offset, send lines pending too long, deliver, close what is idle, save. A batch's offsets are
/// committed, then saved, only after `deliver` returned for it. Lives in the run's task alone (not
/// `Sendable`): nothing else touches it. Regular files are read directly in the task: reads of a
/// regular file do not block the way a pipe's do; only the fsyncs of saving go to a thread.
final class FileTailer {
    /// An event waiting for delivery, or a skipped (empty) line: both move their file's offset.
    struct Outgoing {
        var document: Document?
        var file: TrackedFile
        var generation: Int
        var endOffset: Int64
    }

    /// Bytes read from one file at a time.
    static let chunkSize = 64 << 10
    /// Bytes read from one file in one cycle at most, so one busy file does not starve the others.
    static let cycleBudget = 4 << 20
    /// Offsets of files not seen for this long (seconds) are forgotten.
    static let forgetAfter: Int64 = 24 * 3600
    /// Offsets of truncated content (waiting for its copy) are forgotten after this long (seconds).
    static let forgetTruncatedAfter: Int64 = 3600
    /// Entries of files no longer tailed kept at most (the newest), however many were seen in a day.
    static let maximumDetached = 4096
    /// Offsets are saved at least this often while files are tailed, to refresh `last_seen`.
    static let refreshInterval: Duration = .seconds(300)

    let settings: FileInput.Settings
    let store: FileOffsetStore
    let logger: Logger
    let scanner: FileScanner
    let clock = ContinuousClock()

    /// The files tailed, in the order found: the order they are read in each cycle.
    var files: [TrackedFile] = []
    var filesByKey: [FileKey: TrackedFile] = [:]
    /// Known content with no tailed file: saved entries not matched yet, content truncated or
    /// replaced, files renamed away or deleted. A file found later is matched against them as
    /// described in `FileTailer+Discovery.swift`.
    var detached: [FileOffsetEntry] = []
    /// No offsets file was found: `start_at` decides where files found by the first scan start.
    var firstStart = true
    var outbox: [Outgoing] = []
    var outboxDocuments = 0
    var stateChanged = false
    var saveFailing = false
    var lastSave: ContinuousClock.Instant
    var nextScan: ContinuousClock.Instant
    /// Paths whose failure to open or read was logged, so a lasting problem is logged once.
    var reportedFailures: Set<String> = []
    private var readBuffer = [UInt8](repeating: 0, count: FileTailer.chunkSize)

    init(settings: FileInput.Settings, store: FileOffsetStore, logger: Logger) {
        self.settings = settings
        self.store = store
        self.logger = logger
        scanner = FileScanner(patterns: settings.paths, exclude: settings.exclude)
        lastSave = clock.now
        nextScan = clock.now
    }

    /// Tails until cancelled or `sink.deliver` throws.
    func run(into sink: any EventSink) async throws {
        defer { closeAll() }
        if let saved = try store.load() {
            detached = saved
            firstStart = false
        }
        scan(initial: true, now: clock.now)
        nextScan = clock.now + settings.pollInterval
        // Saved at once: the offsets file's existence records the first start, and start_at's choices.
        await saveState()
        while true {
            try Task.checkCancellation()
            if try await cycle(into: sink) {
                await Task.yield()
            } else {
                try await Task.sleep(for: settings.pollInterval)
            }
        }
    }

    /// One pass over every file; true when a file has more to read at once.
    private func cycle(into sink: any EventSink) async throws -> Bool {
        if clock.now >= nextScan {
            scan(initial: false, now: clock.now)
            nextScan = clock.now + settings.pollInterval
        }
        var busy = false
        for file in files {
            try Task.checkCancellation()
            if try await read(file, into: sink) { busy = true }
            flushIdle(file, now: clock.now)
        }
        while !outbox.isEmpty {
            try await deliverBatch(into: sink)
        }
        closeInactive(now: clock.now)
        if stateChanged || clock.now - lastSave >= Self.refreshInterval {
            await saveState()
        }
        return busy
    }

    /// Reads what `file` has past its offset, up to the cycle's budget; true when the budget ran out.
    private func read(_ file: TrackedFile, into sink: any EventSink) async throws -> Bool {
        // A closed file is opened again only when a scan saw its size change.
        if file.descriptor == nil, file.size == file.readOffset || !open(file) { return false }
        guard let descriptor = file.descriptor, let status = FileStatus.of(descriptor) else { return false }
        file.size = status.size
        if status.size != file.verifiedSize, !verify(file, descriptor: descriptor, size: status.size) { return false }
        guard status.size > file.readOffset else {
            file.atEnd = true
            return false
        }
        file.atEnd = false
        var budget = Self.cycleBudget
        while budget > 0 {
            let count: Int
            do {
                let offset = file.readOffset
                count = try readBuffer.withUnsafeMutableBytes { try descriptor.read(fromAbsoluteOffset: offset, into: $0) }
            } catch {
                report(file.path, "cannot read file", error)
                return false
            }
            if count == 0 {
                file.atEnd = true
                break
            }
            let now = clock.now
            file.lastGrowth = now
            readBuffer.withUnsafeBytes { buffer in
                file.splitter.append(UnsafeRawBufferPointer(rebasing: buffer[..<count])) { line in take(line, from: file, at: now) }
            }
            file.readOffset += Int64(count)
            budget -= count
            while outboxDocuments >= settings.batchSize {
                try await deliverBatch(into: sink)
            }
        }
        return budget <= 0
    }

    /// Checks that `file` still holds the content read so far (its fingerprint matches and it did
    /// not shrink), extending the fingerprint as the file grows; restarts it at 0 if not.
    /// False when its first bytes cannot be read.
    private func verify(_ file: TrackedFile, descriptor: FileDescriptor, size: Int64) -> Bool {
        let head: [UInt8]
        do {
            head = try FileFingerprint.read(from: descriptor)
        } catch {
            report(file.path, "cannot read file", error)
            return false
        }
        if size < file.readOffset || !file.fingerprint.matches(head: head) {
            logger.info(
                "file was truncated or replaced; reading it from its beginning",
                metadata: ["file.path": "\(file.path)", "log.offset": "\(file.committedOffset)"])
            // The old content may live on in a copy (copytruncate): keep its offset for it.
            if file.fingerprint.identifiesContent {
                detached.append(FileOffsetEntry(
                    key: file.key, fingerprint: file.fingerprint, offset: file.committedOffset,
                    lastSeen: Int64(time(nil)), path: file.path, kind: .truncated))
            }
            file.restart(head: head)
            stateChanged = true
        } else if head.count > file.fingerprint.length {
            file.fingerprint = FileFingerprint(head: head)
            stateChanged = true
        }
        file.verifiedSize = size
        return true
    }

    /// Passes one line to the file's multi-line joiner, or straight on as an event.
    private func take(_ line: LineSplitter.Line, from file: TrackedFile, at now: ContinuousClock.Instant) {
        let start = file.nextLineStart
        file.nextLineStart = line.endOffset
        if file.joiner == nil {
            emit(line.bytes, start: start, end: line.endOffset, truncated: line.truncated, from: file)
        } else {
            file.joiner?.add(line.bytes, start: start, end: line.endOffset, truncated: line.truncated, at: now) { event in
                emit(event.bytes, start: event.startOffset, end: event.endOffset, truncated: event.truncated, from: file)
            }
        }
    }

    /// Queues one event for delivery; an empty one only moves the offset.
    private func emit(_ bytes: some Collection<UInt8>, start: Int64, end: Int64, truncated: Bool, from file: TrackedFile) {
        var document: Document? = nil
        if !bytes.isEmpty || truncated {
            var event = EventDocument.line(bytes, truncated: truncated)
            // `log` is new in a line's document: appended directly, without resolving field paths.
            let origin: JSONObject = ["path": .string(file.path)]
            event.fields.append(key: "log", value: .object(["file": .object(origin), "offset": .int(start)]))
            document = event
            outboxDocuments += 1
        }
        outbox.append(Outgoing(document: document, file: file, generation: file.generation, endOffset: end))
    }

    /// Sends a last line without newline once the file has been idle, and multi-line events
    /// nothing was added to for their timeout.
    private func flushIdle(_ file: TrackedFile, now: ContinuousClock.Instant) {
        if file.atEnd, file.splitter.pendingByteCount > 0, now - file.lastGrowth >= settings.idleTimeout {
            file.splitter.flush { line in take(line, from: file, at: now) }
        }
        file.joiner?.flushIfIdle(at: now) { event in
            emit(event.bytes, start: event.startOffset, end: event.endOffset, truncated: event.truncated, from: file)
        }
    }

    /// Delivers up to `batch_size` documents, then commits and saves their offsets.
    private func deliverBatch(into sink: any EventSink) async throws {
        var documents: [Document] = []
        documents.reserveCapacity(min(outboxDocuments, settings.batchSize))
        var end = 0
        while end < outbox.count {
            if let document = outbox[end].document {
                if documents.count == settings.batchSize { break }
                documents.append(document)
            }
            end += 1
        }
        if !documents.isEmpty {
            try await sink.deliver(documents)
        }
        for item in outbox[..<end] where item.generation == item.file.generation {
            item.file.committedOffset = max(item.file.committedOffset, item.endOffset)
        }
        outbox.removeFirst(end)
        outboxDocuments -= documents.count
        stateChanged = true
        await saveState()
    }

    /// Saves every known offset; a failure is logged and retried at the next change (the offsets
    /// in memory are right, so the cost of a crash meanwhile is repeated lines, never lost ones).
    func saveState() async {
        guard store.file != nil else {
            stateChanged = false
            lastSave = clock.now
            return
        }
        do {
            try await store.save(files.map(\.entry) + detached)
            stateChanged = false
            lastSave = clock.now
            if saveFailing { logger.info("file offsets saved again") }
            saveFailing = false
        } catch {
            if !saveFailing {
                logger.error(
                    "cannot save file offsets; retrying",
                    metadata: ["file.path": "\(store.file?.string ?? "")", "error.message": "\(error)"])
            }
            saveFailing = true
        }
    }

    func report(_ path: String, _ message: Logger.Message, _ error: any Error) {
        guard reportedFailures.insert(path).inserted else { return }
        logger.warning(message, metadata: ["file.path": "\(path)", "error.message": "\(error)"])
    }

    func closeAll() {
        for file in files { file.close() }
    }
}
