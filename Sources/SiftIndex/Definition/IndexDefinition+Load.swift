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
        let names: [String]
        do {
            names = try AtomicFile.fileNames(in: FilePath(path)).filter {
                !$0.hasPrefix(".") && ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml"))
            }
        } catch {
            guard case .io(_, let reason) = error else { throw .invalid(file: path, path: "(directory)", reason: "\(error)") }
            throw .invalid(file: path, path: "(directory)", reason: "cannot read: \(reason)")
        }

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
