import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on `<index>/write.lock`, held while an ``IndexWriter`` has the index open,
/// so a second process (or a second writer in this one) cannot write the same files. The kernel
/// drops the lock when the process dies, so a crash never leaves an index locked.
final class IndexLock: Sendable {
    private let descriptor: Int32

    init(directory: FilePath) throws(IndexError) {
        let path = directory.appending("write.lock").string
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno == EWOULDBLOCK ? "the index is open in another writer (process or instance)" : String(cString: strerror(errno))
            close(fd)
            throw .locked(path: path, reason: reason)
        }
        descriptor = fd
    }

    deinit {
        close(descriptor)  // also releases the flock
    }
}
