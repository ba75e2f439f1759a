/// Everything that can go wrong in the storage layer, with the file it concerns.
package enum IndexError: Error, Hashable, CustomStringConvertible {
    /// A read, write or sync failed; `reason` is the operating system's explanation.
    case io(path: String, reason: String)
    /// A file's content failed a check (checksum, header, length): the file is damaged.
    case corrupted(path: String, reason: String)
    /// Another writer holds the index's `write.lock`.
    case locked(path: String, reason: String)

    package var description: String {
        switch self {
        case .io(let path, let reason): "I/O error on \(path): \(reason)"
        case .corrupted(let path, let reason): "\(path) is corrupted: \(reason)"
        case .locked(let path, let reason): "\(path) is locked: \(reason)"
        }
    }
}
