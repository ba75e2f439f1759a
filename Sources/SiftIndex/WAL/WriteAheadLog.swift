import Dispatch
import Synchronization
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The write-ahead log of one index: every acknowledged change is in it before it is in a committed
/// segment, so a crash loses nothing that ``sync(through:)`` reported durable.
///
/// ``append(_:)`` only copies the record into memory, so the `IndexWriter` actor can call it on its hot
/// path. Writing and fsyncing happen on a private serial queue, never on the caller's thread, in
/// rounds: a round takes everything appended so far, writes it, fsyncs once and wakes every waiter it
/// covers. Callers that arrive while a round runs wait for the next round, which covers them all
/// (group commit), so the number of fsyncs follows the disk's speed, not the number of writers.
///
/// Call order: `init` → (`append` / `sync` / `syncAll` / `roll` / `removeGenerations`)* → `close`.
/// Replaying the files of a previous run (``replay(directory:from:_:)``) happens before the first
/// `append` (before or after `init`).
/// An I/O error while writing or syncing is permanent: the outcome of the failed write is unknown
/// (after a failed fsync the kernel may have dropped the dirty pages), so every later sync throws it
/// and the owner must stop acknowledging writes.
package final class WriteAheadLog: Sendable {
    /// Above this many buffered bytes, `append` starts a round even with no waiter, which bounds the
    /// memory the log holds when durability is asynchronous.
    package static let backgroundWriteThreshold = 4 << 20

    package let directory: FilePath
    private let state: Mutex<State>
    /// The open file; touched only by the round in progress (rounds never overlap) and by `close`.
    private let sink: Mutex<Sink>
    private let queue = DispatchQueue(label: "sift.wal.sync", qos: .userInitiated)

    private struct Chunk {
        var generation: UInt64
        /// True when the chunk begins a generation created by ``roll()``: its first bytes are the header.
        var startsFile: Bool
        var bytes: [UInt8]
    }

    private struct Waiter {
        var position: WALPosition
        var continuation: CheckedContinuation<IndexError?, Never>
    }

    private struct State {
        var generation: UInt64
        var appendOffset: Int
        var chunks: [Chunk]
        var pendingBytes = 0
        var spare: [UInt8] = []
        var durable: WALPosition
        var waiters: [Waiter] = []
        var roundRunning = false
        var failure: IndexError?
        var closing = false
        var appendedBytes = 0
        var stats = WALSyncStats()

        var appendPosition: WALPosition { WALPosition(generation: generation, offset: appendOffset) }
    }

    private struct Sink {
        var fd: FileDescriptor?
        var generation: UInt64
        /// Bytes written to `fd` since its last fsync.
        var dirty = false
    }

    /// Opens `directory` for appending: creates it if missing and starts a new generation after the
    /// highest existing file (files of earlier runs are only read by replay, never appended to).
    /// The new file's header and directory entry are synced before `init` returns.
    ///
    /// - Throws: ``IndexError/io(path:reason:)`` if the directory or file cannot be created.
    package init(directory: FilePath) throws(IndexError) {
        try AtomicFile.createDirectory(directory)
        let highest = try WALFile.generations(in: directory).last ?? 0
        guard highest < UInt64.max else { throw .io(path: directory.string, reason: "WAL generations exhausted") }
        let generation = highest + 1
        let fd = try WALFile.create(directory: directory, generation: generation)
        do throws(IndexError) {
            try WALFile.syncData(fd, path: directory.appending(WALFile.fileName(generation: generation)))
            try WALFile.syncDirectory(directory)
        } catch {
            try? fd.close()
            throw error
        }
        self.directory = directory
        let start = WALPosition(generation: generation, offset: WALFile.headerSize)
        state = Mutex(State(generation: generation, appendOffset: WALFile.headerSize, chunks: [], durable: start))
        sink = Mutex(Sink(fd: fd, generation: generation))
    }

    deinit {
        sink.withLock { sink in
            try? sink.fd?.close()
            sink.fd = nil
        }
    }

    /// The generation records are appended to.
    package var generation: UInt64 { state.withLock { $0.generation } }

    /// Bytes appended since open, record framing included (for flush-by-WAL-size decisions).
    package var appendedBytes: Int { state.withLock { $0.appendedBytes } }

    /// Sync rounds completed; each ends with one fsync of the current file.
    package var fsyncCount: Int { state.withLock { $0.stats.rounds } }

    /// Round counts and durations, for metrics.
    package var syncStats: WALSyncStats { state.withLock { $0.stats } }

    /// Everything appended so far ends before this position.
    package var appendPosition: WALPosition { state.withLock { $0.appendPosition } }

    /// Everything before this position survives a crash.
    package var durablePosition: WALPosition { state.withLock { $0.durable } }

    /// Appends one record to the in-memory buffer (no system call) and returns the position just past
    /// it; pass that to ``sync(through:)`` before acknowledging the write.
    ///
    /// `payload` must be 1 byte to 4 GiB - 1: an empty record is indistinguishable from zeroed disk
    /// space. Must not be called after ``close()`` started.
    package func append(_ payload: UnsafeRawBufferPointer) -> WALPosition {
        precondition(!payload.isEmpty && payload.count <= Int(UInt32.max), "WAL records are 1 byte to 4 GiB - 1")
        let checksum = CRC32C.checksum(payload)
        let (position, startRound) = state.withLock { state -> (WALPosition, Bool) in
            precondition(!state.closing, "append after WriteAheadLog.close()")
            let recordSize = WALFile.recordHeaderSize + payload.count
            if state.chunks.last?.generation != state.generation {
                var bytes = state.spare
                state.spare = []
                bytes.removeAll(keepingCapacity: true)
                state.chunks.append(Chunk(generation: state.generation, startsFile: false, bytes: bytes))
            }
            let last = state.chunks.count - 1
            Self.appendLittleEndian(UInt32(payload.count), to: &state.chunks[last].bytes)
            Self.appendLittleEndian(checksum, to: &state.chunks[last].bytes)
            state.chunks[last].bytes.append(contentsOf: payload)
            state.appendOffset += recordSize
            state.pendingBytes += recordSize
            state.appendedBytes += recordSize
            var startRound = false
            if state.pendingBytes >= Self.backgroundWriteThreshold, !state.roundRunning, state.failure == nil {
                state.roundRunning = true
                startRound = true
            }
            return (state.appendPosition, startRound)
        }
        if startRound { queue.async { self.runRounds() } }
        return position
    }

    /// ``append(_:)`` for an array.
    package func append(_ payload: [UInt8]) -> WALPosition {
        payload.withUnsafeBytes { append($0) }
    }

    @inline(__always)
    private static func appendLittleEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Returns once everything appended before `position` is durable: written and fsynced by a round
    /// on the log's queue, shared with every other caller waiting at the time. Returns at once if it
    /// already is. Cancellation does not interrupt it (a sync cannot be taken back).
    ///
    /// - Throws: ``IndexError/io(path:reason:)`` if a write or fsync failed, now or earlier.
    package func sync(through position: WALPosition) async throws(IndexError) {
        let fast = state.withLock { state -> IndexError?? in
            if let failure = state.failure { return .some(failure) }
            if position <= state.durable { return .some(nil) }
            return nil
        }
        if let fast {
            if let failure = fast { throw failure }
            return
        }
        let failure = await withCheckedContinuation { (continuation: CheckedContinuation<IndexError?, Never>) in
            enum Action { case resume(IndexError?), startRound, wait }
            let action = state.withLock { state -> Action in
                if let failure = state.failure { return .resume(failure) }
                if position <= state.durable { return .resume(nil) }
                precondition(position <= state.appendPosition, "sync through \(position), past the end of the log")
                state.waiters.append(Waiter(position: position, continuation: continuation))
                if state.roundRunning { return .wait }
                state.roundRunning = true
                return .startRound
            }
            switch action {
            case .resume(let failure): continuation.resume(returning: failure)
            case .startRound: queue.async { self.runRounds() }
            case .wait: break
            }
        }
        if let failure { throw failure }
    }

    /// Makes everything appended so far durable (asynchronous durability on an interval, and commit).
    package func syncAll() async throws(IndexError) {
        try await sync(through: appendPosition)
    }

    /// Syncs and closes the current file and starts generation + 1, returning it. Records appended
    /// before the call belong to the old generation, records appended after it to the new one; the
    /// new file exists durably when this returns. The `IndexWriter` calls it when a commit starts, so
    /// the commit can later drop the older generations.
    package func roll() async throws(IndexError) -> UInt64 {
        let (generation, position) = state.withLock { state -> (UInt64, WALPosition) in
            precondition(!state.closing, "roll after WriteAheadLog.close()")
            state.generation += 1
            state.appendOffset = WALFile.headerSize
            let header = WALFile.header(generation: state.generation)
            state.chunks.append(Chunk(generation: state.generation, startsFile: true, bytes: header))
            return (state.generation, state.appendPosition)
        }
        try await sync(through: position)
        return generation
    }

    /// Deletes the files of generations below `generation` (a commit made them unnecessary). The
    /// file being appended to is never deleted.
    ///
    /// - Throws: ``IndexError/io(path:reason:)`` if a file cannot be removed.
    package func removeGenerations(below generation: UInt64) throws(IndexError) {
        let current = self.generation
        for old in try WALFile.generations(in: directory) where old < generation && old < current {
            let path = directory.appending(WALFile.fileName(generation: old))
            if unlink(path.string) != 0 && errno != ENOENT {
                throw .io(path: path.string, reason: "unlink: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Syncs everything appended and closes the file. No append or roll may follow.
    package func close() async throws(IndexError) {
        let end = state.withLock { state -> WALPosition in
            state.closing = true
            return state.appendPosition
        }
        try await sync(through: end)
        sink.withLock { sink in
            try? sink.fd?.close()
            sink.fd = nil
        }
    }

    // MARK: - Rounds (on `queue` only)

    /// Runs rounds until no waiter is left uncovered and the buffer is below the background threshold.
    /// Only one invocation runs at a time: `roundRunning` is set by whoever schedules it and cleared
    /// here, both under the state lock.
    private func runRounds() {
        while true {
            let work = state.withLock { state -> (chunks: [Chunk], target: WALPosition)? in
                let needed = state.waiters.contains { $0.position > state.durable }
                    || state.pendingBytes >= Self.backgroundWriteThreshold
                guard needed, !state.chunks.isEmpty else {
                    state.roundRunning = false
                    return nil
                }
                let chunks = state.chunks
                state.chunks = []
                state.pendingBytes = 0
                return (chunks, state.appendPosition)
            }
            guard let work else { return }

            let clock = ContinuousClock()
            let started = clock.now
            var failure: IndexError?
            var recycled: [UInt8] = []
            do throws(IndexError) {
                try sink.withLock { (sink) throws(IndexError) in try write(work.chunks, to: &sink) }
                recycled = work.chunks.max { $0.bytes.capacity < $1.bytes.capacity }?.bytes ?? []
            } catch {
                failure = error
            }
            let elapsed = clock.now - started

            let ready = state.withLock { state -> [Waiter] in
                state.stats.record(elapsed)
                if let failure {
                    state.failure = failure
                    state.roundRunning = false
                    let all = state.waiters
                    state.waiters = []
                    return all
                }
                state.durable = work.target
                if state.spare.capacity < recycled.capacity { state.spare = recycled }
                var ready: [Waiter] = []
                state.waiters.removeAll { waiter in
                    guard waiter.position <= work.target else { return false }
                    ready.append(waiter)
                    return true
                }
                return ready
            }
            for waiter in ready { waiter.continuation.resume(returning: failure) }
            if failure != nil { return }
        }
    }

    /// Writes one round's chunks in order, switching files where a new generation starts, then fsyncs.
    private func write(_ chunks: [Chunk], to sink: inout Sink) throws(IndexError) {
        var createdFile = false
        for chunk in chunks {
            if chunk.generation != sink.generation {
                precondition(chunk.startsFile && chunk.generation == sink.generation + 1)
                if let fd = sink.fd {
                    if sink.dirty {
                        try WALFile.syncData(fd, path: path(of: sink.generation))
                    }
                    try? fd.close()
                    sink.fd = nil
                }
                let path = path(of: chunk.generation)
                let fd: FileDescriptor
                do {
                    fd = try FileDescriptor.open(
                        path, .writeOnly, options: [.create, .exclusiveCreate, .append, .closeOnExec],
                        permissions: [.ownerReadWrite, .groupRead, .otherRead]
                    )
                } catch {
                    throw .io(path: path.string, reason: "create: \(error)")
                }
                sink.fd = fd
                sink.generation = chunk.generation
                sink.dirty = false
                createdFile = true
            }
            guard let fd = sink.fd else { throw .io(path: path(of: sink.generation).string, reason: "log is closed") }
            try WALFile.writeAll(fd, chunk.bytes, path: path(of: sink.generation))
            sink.dirty = true
        }
        if let fd = sink.fd, sink.dirty {
            try WALFile.syncData(fd, path: path(of: sink.generation))
            sink.dirty = false
        }
        if createdFile { try WALFile.syncDirectory(directory) }
    }

    private func path(of generation: UInt64) -> FilePath {
        directory.appending(WALFile.fileName(generation: generation))
    }
}

/// How often and how long the log's sync rounds ran (write + fsync), for metrics.
package struct WALSyncStats: Sendable, Hashable {
    package var rounds = 0
    package var totalNanoseconds: Int64 = 0
    package var maxNanoseconds: Int64 = 0
    package var lastNanoseconds: Int64 = 0

    package init() {}

    mutating func record(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000
        rounds += 1
        totalNanoseconds &+= nanoseconds
        lastNanoseconds = nanoseconds
        maxNanoseconds = max(maxNanoseconds, nanoseconds)
    }
}
