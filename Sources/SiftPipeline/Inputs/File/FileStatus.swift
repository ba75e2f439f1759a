import Glibc
import SystemPackage

/// A file as the kernel knows it: device and inode. A rename keeps it; a copy or a newly created
/// file gets another one. An inode number is reused once its file is deleted, which is why a file
/// is recognised by its key *and* its ``FileFingerprint``.
struct FileKey: Hashable {
    var device: UInt64
    var inode: UInt64
}

/// What `stat` tells about a file, as much as tailing needs.
struct FileStatus {
    var key: FileKey
    var size: Int64
    /// Zero once the file is deleted; an open descriptor still reads it.
    var linkCount: UInt64
    var isRegularFile: Bool

    private init(_ raw: stat) {
        key = FileKey(device: UInt64(raw.st_dev), inode: UInt64(raw.st_ino))
        size = Int64(raw.st_size)
        linkCount = UInt64(raw.st_nlink)
        isRegularFile = (raw.st_mode & 0o170000) == 0o100000  // S_IFMT, S_IFREG
    }

    /// The status of the file at `path`, following symbolic links (a link to a log is tailed as
    /// that log); nil when it cannot be read (gone, no permission).
    static func of(path: String) -> FileStatus? {
        var raw = stat()
        guard stat(path, &raw) == 0 else { return nil }
        return FileStatus(raw)
    }

    /// The status of the file open on `descriptor`.
    static func of(_ descriptor: FileDescriptor) -> FileStatus? {
        var raw = stat()
        guard fstat(descriptor.rawValue, &raw) == 0 else { return nil }
        return FileStatus(raw)
    }
}
