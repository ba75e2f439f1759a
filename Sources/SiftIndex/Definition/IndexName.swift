/// Elasticsearch's rules for index names (`MetadataCreateIndexService.validateIndexOrAliasName`),
/// which also keep every name a single safe directory under `indices/`.
package enum IndexName {
    /// Why `name` is not a valid index name, in Elasticsearch's words; nil when it is valid.
    /// `allowWildcards` admits `*` for definitions that are patterns.
    package static func problem(_ name: String, allowWildcards: Bool = false) -> String? {
        guard !name.isEmpty else { return "must not be empty" }
        guard name == name.lowercased() else { return "must be lowercase" }
        guard name != ".", name != ".." else { return "must not be '.' or '..'" }
        guard !["-", "_", "+"].contains(name.first) else { return "must not start with '_', '-', or '+'" }
        let forbidden: [Character] = ["\\", "/", "?", "\"", "<", ">", "|", " ", ",", "#", ":"] + (allowWildcards ? [] : ["*"])
        if name.contains(where: forbidden.contains) {
            return "must not contain the following characters [ , \", *, \\, <, |, ,, >, /, ?, #, :]"
        }
        guard name.utf8.count <= 255 else { return "index name is too long, (\(name.utf8.count) > 255)" }
        return nil
    }

    /// Whether `name` matches `pattern`, where `*` stands for any run of characters.
    package static func matches(_ name: String, pattern: String) -> Bool {
        guard pattern.contains("*") else { return name == pattern }
        return glob(Array(pattern.utf8)[...], Array(name.utf8)[...])
    }

    private static func glob(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        if first == UInt8(ascii: "*") {
            let rest = pattern.dropFirst()
            var suffix = text
            while true {
                if glob(rest, suffix) { return true }
                guard !suffix.isEmpty else { return false }
                suffix = suffix.dropFirst()
            }
        }
        return text.first == first && glob(pattern.dropFirst(), text.dropFirst())
    }
}
