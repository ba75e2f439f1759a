import SiftConfig

extension IndexDefinition {
    /// Every `*.yaml` and `*.yml` file in `path` (not recursive), in file name order; none when the
    /// directory does not exist.
    ///
    /// - Throws: ``ConfigError`` for an unreadable directory or file, a bad definition, or two files
    ///   defining the same name (the error names the second file and the first).
    package static func loadDirectory(_ path: String) throws(ConfigError) -> [IndexDefinition] {
        var definitions: [IndexDefinition] = []
        var fileByName: [String: String] = [:]
        for (file, text) in try ConfigDirectory.files(in: path) {
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
