import Glibc

/// Finds the files an input names: `glob(3)` for each of `paths`, minus those `exclude` names,
/// regular files only, each file (device and inode) once.
///
/// An `exclude` glob containing `/` is matched against the whole path; one without (`*.gz`)
/// against the file name alone, as Logstash's `exclude`.
struct FileScanner: Sendable {
    let patterns: [String]
    let exclude: [String]

    /// The matching files, in the order of `patterns` and, within one, sorted by path; a file
    /// reached by two paths (hard link, symbolic link) is listed under the first.
    func scan() -> [(path: String, status: FileStatus)] {
        var found: [(path: String, status: FileStatus)] = []
        var seen = Set<FileKey>()
        for pattern in patterns {
            for path in Self.expand(pattern) where !isExcluded(path) {
                guard let status = FileStatus.of(path: path), status.isRegularFile,
                      seen.insert(status.key).inserted
                else { continue }
                found.append((path, status))
            }
        }
        return found
    }

    func isExcluded(_ path: String) -> Bool {
        guard !exclude.isEmpty else { return false }
        let name = path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
        for pattern in exclude {
            if pattern.contains("/") {
                if fnmatch(pattern, path, FNM_PATHNAME) == 0 { return true }
            } else if fnmatch(pattern, name, 0) == 0 {
                return true
            }
        }
        return false
    }

    /// The paths `pattern` matches now; none when nothing matches or a directory is unreadable.
    private static func expand(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(pattern, 0, nil, &result) == 0, let paths = result.gl_pathv else { return [] }
        var expanded: [String] = []
        expanded.reserveCapacity(Int(result.gl_pathc))
        for index in 0..<Int(result.gl_pathc) {
            if let path = paths[index] { expanded.append(String(cString: path)) }
        }
        return expanded
    }
}
