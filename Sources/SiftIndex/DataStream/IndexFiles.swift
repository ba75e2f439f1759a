import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

/// File-system steps for index directories: finding a data stream's backing indices, and removing
/// a deleted index (a backing index past retention, or one deleted through the API) in two phases,
/// so files a search still maps outlive the delete.
///
/// Deleting writes the marker file `deleted` first, then removes everything but `segments/`
/// (whose files the last ``SegmentReader`` unlinks). The marker tells the next open that the
/// directory is garbage, should the process stop before the last step.
package enum IndexFiles {
    package static let deletedMarker = "deleted"

    /// Backing index directories of `base` in `indices`, by generation; directories marked
    /// deleted are removed on the way (a crash's or an earlier run's leftovers).
    package static func open(_ indices: FilePath, base: String) throws(IndexError) -> [(generation: Int, name: String)] {
        var found: [(generation: Int, name: String)] = []
        for entry in try AtomicFile.fileNames(in: indices) {
            guard let parsed = BackingIndexName.parse(entry), parsed.base == base else { continue }
            let directory = indices.appending(entry)
            guard isDirectory(directory) else { continue }
            if exists(directory.appending(deletedMarker)) {
                try removeTree(directory)
                continue
            }
            found.append((parsed.generation, entry))
        }
        return found.sorted { $0.generation < $1.generation }
    }

    /// First phase of a delete: the marker, then every file but the segments.
    package static func beginRemoval(_ directory: FilePath) throws(IndexError) {
        try AtomicFile.write([], to: directory.appending(deletedMarker))
        for entry in try AtomicFile.fileNames(in: directory) where entry != deletedMarker && entry != "segments" {
            try removeTree(directory.appending(entry))
        }
    }

    /// Last phase: succeeds (true) once `segments/` is empty, i.e. no reader holds a file of it.
    package static func finishRemoval(_ directory: FilePath) throws(IndexError) -> Bool {
        let segments = directory.appending("segments")
        if rmdir(segments.string) != 0 {
            if errno == ENOTEMPTY || errno == EEXIST { return false }
            guard errno == ENOENT else { throw .io(path: segments.string, reason: String(cString: strerror(errno))) }
        }
        try removeTree(directory)
        return true
    }

    package static func exists(_ path: FilePath) -> Bool {
        var info = stat()
        return lstat(path.string, &info) == 0
    }

    package static func isDirectory(_ path: FilePath) -> Bool {
        var info = stat()
        return lstat(path.string, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// `rm -r`: an index directory is at most two levels deep, so the recursion is shallow.
    package static func removeTree(_ path: FilePath) throws(IndexError) {
        if isDirectory(path) {
            for entry in try AtomicFile.fileNames(in: path) { try removeTree(path.appending(entry)) }
            if rmdir(path.string) != 0 && errno != ENOENT {
                throw .io(path: path.string, reason: String(cString: strerror(errno)))
            }
        } else if unlink(path.string) != 0 && errno != ENOENT {
            throw .io(path: path.string, reason: String(cString: strerror(errno)))
        }
    }
}
