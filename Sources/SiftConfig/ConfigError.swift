/// A configuration file (pipeline or index definition) that cannot be used, with the file and the
/// place in it.
package enum ConfigError: Error, Hashable, CustomStringConvertible {
    /// The file is not valid YAML or JSON.
    case syntax(file: String, reason: String)
    /// The file parses but its shape is wrong; `path` names the offending key (`processors[2].grok`).
    case invalid(file: String, path: String, reason: String)

    package var description: String {
        switch self {
        case .syntax(let file, let reason): "\(file): \(reason)"
        case .invalid(let file, let path, let reason): "\(file): \(path): \(reason)"
        }
    }
}
