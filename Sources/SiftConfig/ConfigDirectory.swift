#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a directory of YAML configuration files (`pipelines/`, `indexes/`).
package enum ConfigDirectory {
    /// The text of every file in `directory` whose name ends with one of `suffixes`, by file name;
    /// hidden files are skipped. A directory that does not exist holds no files (nothing is configured).
    ///
    /// - Throws: `ConfigError.invalid` naming the directory or file that cannot be read.
    package static func files(in directory: String, suffixes: [String] = [".yaml", ".yml"]) throws(ConfigError) -> [(file: String, text: String)] {
        guard let handle = opendir(directory) else {
            if errno == ENOENT { return [] }
            throw .invalid(file: directory, path: "(directory)", reason: "cannot read: \(String(cString: strerror(errno)))")
        }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if !name.hasPrefix("."), suffixes.contains(where: name.hasSuffix) { names.append(name) }
        }
        closedir(handle)
        var files: [(String, String)] = []
        for name in names.sorted() {
            let file = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            files.append((file, try read(file)))
        }
        return files
    }

    /// The whole text of `file`.
    package static func read(_ file: String) throws(ConfigError) -> String {
        guard let stream = fopen(file, "rb") else {
            throw .invalid(file: file, path: "(file)", reason: "cannot read: \(String(cString: strerror(errno)))")
        }
        defer { fclose(stream) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = fread(&chunk, 1, chunk.count, stream)
            bytes.append(contentsOf: chunk[..<count])
            if count < chunk.count {
                if ferror(stream) != 0 { throw .invalid(file: file, path: "(file)", reason: "read error") }
                return String(decoding: bytes, as: UTF8.self)
            }
        }
    }
}
