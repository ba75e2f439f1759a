import Glibc
import Logging
import SystemPackage

/// Opening, closing and letting go of files.
extension FileTailer {
    /// Opens a closed file that grew (or shrank) again; false when it cannot be opened now.
    func open(_ file: TrackedFile) -> Bool {
        guard openDescriptorCount() < settings.maxOpenFiles || closeIdleDescriptor() else { return false }
        do {
            let descriptor = try FileDescriptor.open(FilePath(file.path), .readOnly, options: [.closeOnExec])
            guard FileStatus.of(descriptor)?.key == file.key else {
                try? descriptor.close()
                return false
            }
            file.descriptor = descriptor
            reportedFailures.remove(file.path)
            return true
        } catch {
            report(file.path, "cannot open file", error)
            return false
        }
    }

    /// Closes descriptors of files read to their end, with nothing pending, that have not grown
    /// for `close_inactive`. A file no longer found by the globs (renamed away, deleted) is then
    /// forgotten, its offset kept as a detached entry.
    func closeInactive(now: ContinuousClock.Instant) {
        let wallClock = Int64(time(nil))
        for file in files where file.descriptor != nil && file.atEnd && !file.hasPending {
            guard now - file.lastGrowth >= settings.closeInactive else { continue }
            file.close()
            if !file.matched { forget(file, at: wallClock) }
        }
    }

    /// Makes room for a descriptor by closing the longest-idle file that can be reopened later
    /// (found by the globs, read to its end, nothing pending); false when there is none.
    func closeIdleDescriptor() -> Bool {
        let candidates = files.filter { $0.descriptor != nil && $0.matched && $0.atEnd && !$0.hasPending }
        guard let idlest = candidates.min(by: { $0.lastGrowth < $1.lastGrowth }) else { return false }
        idlest.close()
        return true
    }

    func openDescriptorCount() -> Int {
        files.reduce(0) { $0 + ($1.descriptor == nil ? 0 : 1) }
    }

    /// Stops tailing `file`, keeping its identity and offset as a detached entry, found again only
    /// by its device and inode (its content is not expected to turn up in a copy).
    func forget(_ file: TrackedFile, at wallClock: Int64) {
        file.close()
        files.removeAll { $0 === file }
        filesByKey[file.key] = nil
        var entry = file.entry
        entry.kind = .closed
        entry.lastSeen = wallClock
        detached.append(entry)
        stateChanged = true
    }
}
