import SiftConfig
import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

extension IndexDefinition {
    /// Every `*.yaml` and `*.yml` file in `path` (not recursive), in file name order.
    ///
    /// - Throws: ``ConfigError`` for an unreadable directory or file, a bad definition, or two files
    ///   defining the same name (the error names the second file and the first).
    package static func loadDirectory(_ path: String) throws(ConfigError) -> [IndexDefinition] {
        guard let directory = opendir(path) else {
            throw .invalid(file: path, path: "(directory)", reason: "cannot read: \(String(cString: strerror(errno)))")
        }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if !name.hasPrefix("."), name.hasSuffix(".yaml") || name.hasSuffix(".yml") { names.append(name) }
        }
        closedir(directory)

        var definitions: [IndexDefinition] = []
        var fileByName: [String: String] = [:]
        for name in names.sorted() {
            let file = path.hasSuffix("/") ? path + name : path + "/" + name
            let text: String
            do {
                guard let bytes = try AtomicFile.read(FilePath(file)) else {
                    throw ConfigError.invalid(file: file, path: "(file)", reason: "disappeared while reading the directory")
                }
                text = String(decoding: bytes, as: UTF8.self)
            } catch let error as ConfigError {
                throw error
            } catch {
                throw .invalid(file: file, path: "(file)", reason: "cannot read: \(error)")
            }
            let definition = try IndexDefinition(yaml: text, file: file)
            if let first = fileByName[definition.name] {
                throw .invalid(file: file, path: "name", reason: "index [\(definition.name)] is already defined in \(first)")
            }
            fileByName[definition.name] = file
            definitions.append(definition)
        }
        return definitions
    }
}
