import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

/// Replaces small metadata files (index settings, commit points, node identity) so that a crash leaves
/// either the old or the new content, never a torn file: write a temporary sibling, fsync it, rename it
/// over the target, then fsync the directory so the rename itself is durable.
package enum AtomicFile {
    package static func write(_ bytes: [UInt8], to path: FilePath) throws(IndexError) {
        let temporary = FilePath(path.string + ".tmp")
        do {
            let fd = try FileDescriptor.open(
                temporary, .writeOnly, options: [.create, .truncate], permissions: [.ownerReadWrite, .groupRead, .otherRead]
            )
            try fd.closeAfter {
                _ = try fd.writeAll(bytes)
                guard fsync(fd.rawValue) == 0 else { throw Errno(rawValue: errno) }
            }
            guard rename(temporary.string, path.string) == 0 else { throw Errno(rawValue: errno) }
            try syncDirectory(path.removingLastComponent())
        } catch {
            throw .io(path: path.string, reason: "\(error)")
        }
    }

    /// Reads a whole file; nil if it does not exist.
    package static func read(_ path: FilePath) throws(IndexError) -> [UInt8]? {
        do {
            let fd: FileDescriptor
            do {
                fd = try FileDescriptor.open(path, .readOnly)
            } catch Errno.noSuchFileOrDirectory {
                return nil
            }
            return try fd.closeAfter {
                var contents: [UInt8] = []
                var chunk = [UInt8](repeating: 0, count: 64 << 10)
                while true {
                    let count = try chunk.withUnsafeMutableBytes { try fd.read(into: $0) }
                    if count == 0 { return contents }
                    contents.append(contentsOf: chunk[..<count])
                }
            }
        } catch {
            throw .io(path: path.string, reason: "\(error)")
        }
    }

    /// Creates `path` and any missing parents, like `mkdir -p`.
    package static func createDirectory(_ path: FilePath) throws(IndexError) {
        var prefix = path.root.map { FilePath(root: $0) } ?? FilePath()
        for component in path.components {
            prefix.append(component)
            if mkdir(prefix.string, 0o755) != 0 && errno != EEXIST {
                throw .io(path: prefix.string, reason: String(cString: strerror(errno)))
            }
        }
    }

    /// fsyncs a directory so that files created or renamed in it survive a crash.
    package static func syncDirectory(_ directory: FilePath) throws(IndexError) {
        do {
            let fd = try FileDescriptor.open(directory.isEmpty ? "." : directory, .readOnly)
            try fd.closeAfter {
                guard fsync(fd.rawValue) == 0 else { throw Errno(rawValue: errno) }
            }
        } catch {
            throw .io(path: directory.string, reason: "\(error)")
        }
    }
}

extension AtomicFile {
    /// fsyncs a file written earlier without syncing (segment files made by a refresh, at commit).
    package static func syncFile(_ path: FilePath) throws(IndexError) {
        let fd = open(path.string, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: path.string, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .io(path: path.string, reason: String(cString: strerror(errno))) }
    }
}

extension AtomicFile {
    /// Names of the entries in `directory` (not `.` and `..`), sorted. A missing directory is an
    /// error unless `missingIsEmpty`.
    package static func fileNames(in directory: FilePath, missingIsEmpty: Bool = false) throws(IndexError) -> [String] {
        guard let dir = opendir(directory.string) else {
            if missingIsEmpty && errno == ENOENT { return [] }
            throw .io(path: directory.string, reason: String(cString: strerror(errno)))
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}
