/// Why a `file` input stopped.
package enum FileInputError: Error, Hashable, CustomStringConvertible {
    /// The offsets file exists but cannot be read or understood; reading on would lose or repeat lines.
    case offsetsFile(path: String, reason: String)

    package var description: String {
        switch self {
        case .offsetsFile(let path, let reason):
            "cannot use the file offsets in \(path): \(reason); fix or remove the file (removing it re-reads files according to start_at)"
        }
    }
}
