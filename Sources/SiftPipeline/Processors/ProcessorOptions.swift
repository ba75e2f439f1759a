import SiftConfig
import SiftCore

/// Reads one processor's options strictly: every read names a known option, and ``finish()``
/// rejects whatever is left, so a typo (`ignore_mising`) fails at load instead of being ignored.
struct ProcessorOptions {
    /// The file the options came from, for errors.
    let file: String
    /// Where the processor sits in the file, e.g. `processors[2].grok`.
    let path: String
    private var remaining: JSONObject
    private var known: [String] = []

    /// The options common to every processor; ``ProcessorChain`` reads them, kinds never see them.
    static let commonKeys: Set<String> = ["if", "ignore_failure", "on_failure", "tag", "description"]

    init(_ options: JSONObject, file: String, path: String) {
        self.file = file
        self.path = path
        var remaining = options
        for key in Self.commonKeys { remaining.removeValue(forKey: key) }
        self.remaining = remaining
    }

    /// A configuration error about `key` (or the processor itself when `nil`).
    func error(_ key: String?, _ reason: String) -> ConfigError {
        .invalid(file: file, path: key.map { "\(path).\($0)" } ?? path, reason: reason)
    }

    /// The raw value of `key`, if present and not null.
    mutating func value(_ key: String) -> JSONValue? {
        known.append(key)
        guard let value = remaining.removeValue(forKey: key), !value.isNull else { return nil }
        return value
    }

    mutating func string(_ key: String) throws(ConfigError) -> String? {
        guard let value = value(key) else { return nil }
        guard let string = value.stringValue else { throw error(key, "must be a string, got \(value.tokenName)") }
        return string
    }

    mutating func requiredString(_ key: String) throws(ConfigError) -> String {
        guard let string = try string(key) else { throw error(key, "required property is missing") }
        return string
    }

    mutating func bool(_ key: String, default defaultValue: Bool) throws(ConfigError) -> Bool {
        guard let value = value(key) else { return defaultValue }
        switch value {
        case .bool(let flag): return flag
        case .string("true"): return true
        case .string("false"): return false
        default: throw error(key, "must be true or false, got \(value)")
        }
    }

    mutating func double(_ key: String) throws(ConfigError) -> Double? {
        guard let value = value(key) else { return nil }
        if let number = value.doubleValue { return number }
        if let text = value.stringValue, let number = Double(text) { return number }
        throw error(key, "must be a number, got \(value)")
    }

    /// A list of strings; a single string counts as a list of one, as Elasticsearch accepts.
    mutating func stringList(_ key: String) throws(ConfigError) -> [String]? {
        guard let value = value(key) else { return nil }
        if let single = value.stringValue { return [single] }
        guard let items = value.arrayValue else { throw error(key, "must be a string or a list of strings") }
        var strings: [String] = []
        for item in items {
            guard let string = item.stringValue else { throw error(key, "must be a list of strings, got \(item)") }
            strings.append(string)
        }
        return strings
    }

    /// An object of string values, such as grok's `pattern_definitions`.
    mutating func stringMap(_ key: String) throws(ConfigError) -> [(key: String, value: String)] {
        guard let value = value(key) else { return [] }
        guard let object = value.objectValue else { throw error(key, "must be a mapping of names to strings") }
        var pairs: [(key: String, value: String)] = []
        for (name, item) in object {
            guard let string = item.stringValue else { throw error("\(key).\(name)", "must be a string") }
            pairs.append((name, string))
        }
        return pairs
    }

    /// Throws for the first option no read asked for.
    func finish() throws(ConfigError) {
        guard let (key, _) = remaining.first else { return }
        let expected = (known + ["if", "ignore_failure", "on_failure", "tag", "description"]).joined(separator: ", ")
        throw error(key, "unknown option; expected one of: \(expected)")
    }
}
