import SiftCore
import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

extension IndexWriter {
    /// Makes every write so far searchable: the buffer becomes a segment (written, not yet fsynced:
    /// the WAL is what makes it durable until the next commit) and a new snapshot is published.
    package func refresh() throws(IndexError) {
        if let current = builder, current.docCount > 0 {
            builder = nil
            builderIDs.removeAll()
            let meta = try current.finish(sync: false)
            let reader = try SegmentReader(directory: segmentsDirectory, name: meta.name, uuid: meta.uuid)
            var live: LiveDocs?
            if !current.deletedDocs.isEmpty {
                var docs = LiveDocs(docCount: meta.docCount)
                for doc in current.deletedDocs { _ = docs.delete(doc) }
                live = docs
            }
            segments.append(LiveSegment(reader: reader, liveDocs: live, deletesGeneration: 0, deletesDirty: live != nil, committed: false))
        }
        publish()
        maybeMerge()
    }

    /// Makes everything written so far durable in segments: refresh, fsync new segment files and
    /// changed deletes, write `commit.json`, then drop WAL files the commit made unnecessary.
    /// Concurrent calls run one after another.
    package func commit() async throws(IndexError) {
        while committing {
            await withCheckedContinuation { commitWaiters.append($0) }
        }
        committing = true
        defer {
            committing = false
            if !commitWaiters.isEmpty { commitWaiters.removeFirst().resume() }
        }
        // Everything up to here happens without suspension, so the commit point describes exactly
        // the operations numbered below `nextSeqNo`.
        try refresh()
        let walGeneration = wal.generation
        var point = commitPoint
        point.generation += 1
        point.maxSeqNo = nextSeqNo - 1
        point.walGeneration = walGeneration
        var staleDeletes: [FilePath] = []
        for index in segments.indices {
            let segment = segments[index]
            if !segment.committed {
                for ext in SegmentMeta.extensions {
                    try AtomicFile.syncFile(SegmentMeta.path(segmentsDirectory, segment.reader.name, ext))
                }
                segments[index].committed = true
            }
            if segment.deletesDirty, let live = segment.liveDocs {
                let generation = segment.deletesGeneration + 1
                try live.write(to: deletesPath(segment.reader.name, generation), segment: segment.reader.meta.uuid, sync: true)
                if segment.deletesGeneration > 0 { staleDeletes.append(deletesPath(segment.reader.name, segment.deletesGeneration)) }
                segments[index].deletesGeneration = generation
                segments[index].deletesDirty = false
            }
        }
        point.segments = segments.map {
            CommitPoint.Segment(name: $0.reader.name, uuid: $0.reader.meta.uuid, deletesGeneration: $0.deletesGeneration)
        }
        try AtomicFile.syncDirectory(segmentsDirectory)
        if mappingsChanged {
            try metadata.write(in: directory)
            mappingsChanged = false
        }
        try point.write(in: directory)
        commitPoint = point
        lastCommitMillis = clock()
        walBytesAtCommit = wal.appendedBytes
        for path in staleDeletes { _ = unlinkQuietly(path) }
        _ = try await wal.roll()
        try wal.removeGenerations(below: walGeneration)
    }

    func deletesPath(_ segment: String, _ generation: Int) -> FilePath {
        segmentsDirectory.appending("\(segment).\(generation).del")
    }

    /// Opens committed segments, removes files no commit refers to (a crash's leftovers), replays
    /// the WAL after the commit point.
    func recover() throws(IndexError) {
        let committed = Set(commitPoint.segments.map(\.name))
        for file in try AtomicFile.fileNames(in: segmentsDirectory) {
            let name = String(file.prefix { $0 != "." })
            if !committed.contains(name) {
                _ = unlinkQuietly(segmentsDirectory.appending(file))
            }
            // Segments made by refreshes after the commit are rebuilt by replay; keep their numbers unused.
            if name.hasPrefix("seg"), let number = Int(name.dropFirst(3)), number >= commitPoint.nextSegmentNumber {
                commitPoint.nextSegmentNumber = number + 1
            }
        }
        for entry in commitPoint.segments {
            do {
                let reader = try SegmentReader(directory: segmentsDirectory, name: entry.name, uuid: entry.uuid)
                var live: LiveDocs?
                if entry.deletesGeneration > 0 {
                    live = try LiveDocs(path: deletesPath(entry.name, entry.deletesGeneration), segment: entry.uuid, docCount: reader.docCount)
                }
                segments.append(LiveSegment(reader: reader, liveDocs: live, deletesGeneration: entry.deletesGeneration, deletesDirty: false, committed: true))
            } catch {
                problems.append("segment \(entry.name) is unreadable and was left out: \(error)")
            }
        }
        nextSeqNo = commitPoint.maxSeqNo + 1
        let replayFrom = commitPoint.walGeneration
        let maxSeqNo = commitPoint.maxSeqNo
        let report = try WriteAheadLog.replay(directory: directory.appending("wal"), from: replayFrom) { payload throws(IndexError) in
            let operation: WALOperation
            do throws(CorruptData) {
                operation = try WALOperation(decoding: payload)
            } catch {
                problems.append("WAL record skipped: \(error.reason)")
                return
            }
            guard operation.seqNo > maxSeqNo else { return }
            try redo(operation)
        }
        problems.append(contentsOf: report.problems)
        publish()
    }

    /// Applies a replayed operation exactly as it was first applied (same id, version, seq_no).
    private func redo(_ operation: WALOperation) throws(IndexError) {
        nextSeqNo = max(nextSeqNo, operation.seqNo + 1)
        let existing = try locate(operation.id)
        switch operation.kind {
        case .delete:
            if let existing { remove(existing, id: operation.id) }
        case .index:
            let source = Array(operation.source)
            let document: Document
            do {
                document = try Document(parsing: source)
                _ = try metadata.mappings.map(document, id: operation.id, into: &mappedValues)
            } catch {
                problems.append("WAL operation \(operation.seqNo) for [\(operation.id)] no longer applies: \(error)")
                return
            }
            mappingsChanged = true
            if let existing { remove(existing, id: operation.id) }
            try add(id: operation.id, version: operation.version, source: source, trackID: true)
        }
    }

    /// Stops background work and commits, so the next open has nothing to replay.
    package func close() async throws(IndexError) {
        background?.cancel()
        background = nil
        if let mergeTask {
            await mergeTask.value
        }
        try await commit()
        try await wal.close()
        lock = nil
    }
}

func unlinkQuietly(_ path: FilePath) -> Bool {
    unlink(path.string) == 0
}
