import Glibc
import Logging
import SystemPackage

/// Finding files and recognising them.
///
/// A file found by the globs that is not tailed yet is recognised in this order:
/// 1. its device and inode, with a matching fingerprint, are in a saved or detached entry (a restart,
///    a file renamed back within reach): it resumes at that entry's offset, or at 0 if it shrank;
/// 2. its fingerprint matches content known to have moved (copytruncate truncated it, or, in a
///    restart's first scan, a file tailed before the stop): it is the copy and continues from there;
/// 3. its first kilobyte and the 256 bytes before the end of the shorter of the two match a file
///    tailed now: it is a copy of that file (a backup, a copy about to be truncated) and is not read.
///    It is held back the same way while that file looks truncated or replaced and this is not
///    noticed yet; once it is, the next scan takes step 2;
/// 4. otherwise it is new: read from its beginning, or its end for `start_at: end` at the first start.
/// A file held back is looked at again by every scan. Step 1 runs for all files of a scan before
/// steps 2 to 4, so a copy never takes the offset of an original found in the same scan.
extension FileTailer {
    /// A file found by a scan and not tailed yet, opened to read its first bytes.
    struct Candidate {
        var path: String
        var status: FileStatus
        var descriptor: FileDescriptor
        var head: [UInt8]
    }

    /// Runs the globs: updates the files tailed (a rename within the globs' reach keeps the file and
    /// its offset), adopts new ones, and forgets closed files no longer found.
    ///
    /// - Parameter initial: The run's first scan, where `start_at` applies at the first start.
    func scan(initial: Bool, now: ContinuousClock.Instant) {
        let wallClock = Int64(time(nil))
        for file in files { file.matched = false }
        var unknown: [(path: String, status: FileStatus)] = []
        for (path, status) in scanner.scan() {
            guard let file = filesByKey[status.key] else {
                unknown.append((path, status))
                continue
            }
            file.matched = true
            file.lastSeen = wallClock
            if file.path != path {
                file.path = path
                stateChanged = true
            }
            if file.descriptor == nil { file.size = status.size }
        }
        // A closed file no longer found cannot be reopened (its path may name another file now).
        for file in files where !file.matched && file.descriptor == nil {
            forget(file, at: wallClock)
        }
        var candidates: [Candidate] = []
        for (path, status) in unknown {
            // An empty file waits until it has content: its identity is decided by its first bytes.
            guard status.size > 0 else { continue }
            // At the descriptor limit, the rest wait for a later scan.
            guard openDescriptorCount() + candidates.count < settings.maxOpenFiles || closeIdleDescriptor() else { break }
            if let candidate = open(path: path, status: status) { candidates.append(candidate) }
        }
        var remaining: [Candidate] = []
        for candidate in candidates {
            let saved = bestMatch(candidate) { $0.key == candidate.status.key && $0.kind != .truncated }
            guard let index = saved else {
                remaining.append(candidate)
                continue
            }
            let entry = detached.remove(at: index)
            adopt(candidate, offset: entry.offset <= candidate.status.size ? entry.offset : 0, now: now, wallClock: wallClock)
        }
        for candidate in remaining {
            let moved = bestMatch(candidate) {
                $0.fingerprint.identifiesContent && ($0.kind == .truncated || ($0.kind == .tailed && initial))
            }
            if let index = moved {
                let entry = detached.remove(at: index)
                let offset = min(entry.offset, candidate.status.size)
                logger.debug(
                    "file is a copy of one read before; continuing from its offset",
                    metadata: ["file.path": "\(candidate.path)", "log.offset": "\(offset)"])
                adopt(candidate, offset: offset, now: now, wallClock: wallClock)
            } else if isCopyOfTailedFile(candidate) {
                try? candidate.descriptor.close()
            } else {
                let startAtEnd = initial && firstStart && settings.startAtEnd
                adopt(candidate, offset: startAtEnd ? candidate.status.size : 0, now: now, wallClock: wallClock)
            }
        }
        if initial {
            // Copies made while stopped were found by now; later, only truncated content has copies.
            for index in detached.indices where detached[index].kind == .tailed { detached[index].kind = .closed }
        }
        prune(wallClock)
    }

    /// Opens a file found by the globs and reads its first bytes; nil if that fails, or if the path
    /// names another file since the glob ran (the next scan sorts that out).
    private func open(path: String, status: FileStatus) -> Candidate? {
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec])
        } catch {
            report(path, "cannot open file", error)
            return nil
        }
        guard let opened = FileStatus.of(descriptor), opened.key == status.key,
              let head = try? FileFingerprint.read(from: descriptor)
        else {
            try? descriptor.close()
            return nil
        }
        reportedFailures.remove(path)
        return Candidate(path: path, status: opened, descriptor: descriptor, head: head)
    }

    private func adopt(_ candidate: Candidate, offset: Int64, now: ContinuousClock.Instant, wallClock: Int64) {
        let file = TrackedFile(
            key: candidate.status.key, path: candidate.path, fingerprint: FileFingerprint(head: candidate.head),
            offset: offset, size: candidate.status.size, settings: settings, now: now, lastSeen: wallClock)
        file.descriptor = candidate.descriptor
        file.verifiedSize = candidate.status.size
        files.append(file)
        filesByKey[file.key] = file
        stateChanged = true
    }

    /// The detached entry `accept`ed whose fingerprint matches the candidate's first bytes: the one
    /// covering most bytes, then the one seen last.
    private func bestMatch(_ candidate: Candidate, where accept: (FileOffsetEntry) -> Bool) -> Int? {
        var best: Int? = nil
        for (index, entry) in detached.enumerated() where accept(entry) && entry.fingerprint.matches(head: candidate.head) {
            if let current = best {
                let other = detached[current]
                guard (entry.fingerprint.length, entry.lastSeen) > (other.fingerprint.length, other.lastSeen) else { continue }
            }
            best = index
        }
        return best
    }

    /// Whether the candidate holds the same bytes as a file tailed now, as far as the shorter of the
    /// two goes: its first kilobyte (the fingerprint) and the bytes before the shorter one's end. A
    /// new file that merely starts with the same banner differs there, or soon will as it grows (it
    /// is looked at again by every scan until it is adopted).
    private func isCopyOfTailedFile(_ candidate: Candidate) -> Bool {
        for file in files where file.fingerprint.identifiesContent && file.fingerprint.matches(head: candidate.head) {
            let temporary = file.descriptor == nil ? try? FileDescriptor.open(FilePath(file.path), .readOnly, options: [.closeOnExec]) : nil
            defer { try? temporary?.close() }
            guard let original = file.descriptor ?? temporary, let originalStatus = FileStatus.of(original),
                  originalStatus.key == file.key
            else { return true }  // cannot compare now: hold the candidate back until the next scan
            // The original was truncated or replaced and that is not noticed yet: once it is (when
            // the original is read), its old content is detached and the candidate continues it.
            guard originalStatus.size >= file.readOffset, let originalHead = try? FileFingerprint.read(from: original),
                  file.fingerprint.matches(head: originalHead)
            else { return true }
            let end = min(candidate.status.size, originalStatus.size)
            let start = max(0, end - Self.comparedBytes)
            guard let ours = try? Self.bytes(of: candidate.descriptor, in: start..<end),
                  let theirs = try? Self.bytes(of: original, in: start..<end)
            else { return true }
            if ours == theirs { return true }
        }
        return false
    }

    /// Bytes compared before the end of the shorter file when telling copies from look-alikes.
    static let comparedBytes: Int64 = 256

    private static func bytes(of descriptor: FileDescriptor, in range: Range<Int64>) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: Int(range.count))
        var filled = 0
        while filled < bytes.count {
            let count = try bytes.withUnsafeMutableBytes { buffer in
                try descriptor.read(
                    fromAbsoluteOffset: range.lowerBound + Int64(filled),
                    into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            }
            if count == 0 { break }
            filled += count
        }
        return Array(bytes[..<filled])
    }

    /// Drops entries of files gone too long: truncated content after an hour (its copy, if any, is
    /// made before the truncation and found at once), others after a day; at most the newest
    /// ``maximumDetached``.
    private func prune(_ wallClock: Int64) {
        let before = detached.count
        detached.removeAll { entry in
            wallClock - entry.lastSeen > (entry.kind == .truncated ? Self.forgetTruncatedAfter : Self.forgetAfter)
        }
        if detached.count > Self.maximumDetached {
            // Globs over many short-lived files: keep the offsets file small.
            detached.sort { $0.lastSeen > $1.lastSeen }
            detached.removeLast(detached.count - Self.maximumDetached)
        }
        if detached.count != before { stateChanged = true }
    }
}
