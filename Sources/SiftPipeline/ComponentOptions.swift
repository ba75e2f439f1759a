import SiftConfig
import SiftCore

/// Reads one component's options (a processor's, an input's, an output's) strictly: every read
/// names a known option, and ``finish()`` rejects whatever is left, so a typo (`ignore_mising`)
/// fails at load instead of being ignored.
package struct ComponentOptions {
    /// The file the options came from, for errors.
    package let file: String
    /// Where the component sits in the file, e.g. `processors[2].grok` or `inputs.auth_log`.
    package let path: String
    private var remaining: JSONObject
    private var known: [String] = []
    private let commonKeys: [String]

    /// The options common to every processor; ``ProcessorChain`` reads them, kinds never see them.
    static let processorKeys: [String] = ["if", "ignore_failure", "on_failure", "tag", "description"]

    /// - Parameter commonKeys: Options read elsewhere, which are accepted and not handed out.
    package init(_ options: JSONObject, file: String, path: String, commonKeys: [String] = []) {
        self.file = file
        self.path = path
        var remaining = options
        for key in commonKeys { remaining.removeValue(forKey: key) }
        self.remaining = remaining
        self.commonKeys = commonKeys
    }

    /// A configuration error about `key` (or the processor itself when `nil`).
    package func error(_ key: String?, _ reason: String) -> ConfigError {
        .invalid(file: file, path: key.map { "\(path).\($0)" } ?? path, reason: reason)
    }

    /// The raw value of `key`, if present and not null.
    package mutating func value(_ key: String) -> JSONValue? {
        known.append(key)
        guard let value = remaining.removeValue(forKey: key), !value.isNull else { return nil }
        return value
    }

    package mutating func string(_ key: String) throws(ConfigError) -> String? {
        guard let value = value(key) else { return nil }
        guard let string = value.stringValue else { throw error(key, "must be a string, got \(value.tokenName)") }
        return string
    }

    package mutating func requiredString(_ key: String) throws(ConfigError) -> String {
        guard let string = try string(key) else { throw error(key, "required property is missing") }
        return string
    }

    package mutating func bool(_ key: String, default defaultValue: Bool) throws(ConfigError) -> Bool {
        guard let value = value(key) else { return defaultValue }
        switch value {
        case .bool(let flag): return flag
        case .string("true"): return true
        case .string("false"): return false
        default: throw error(key, "must be true or false, got \(value)")
        }
    }

    package mutating func double(_ key: String) throws(ConfigError) -> Double? {
        guard let value = value(key) else { return nil }
        if let number = value.doubleValue { return number }
        if let text = value.stringValue, let number = Double(text) { return number }
        throw error(key, "must be a number, got \(value)")
    }

    /// A list of strings; a single string counts as a list of one, as Elasticsearch accepts.
    package mutating func stringList(_ key: String) throws(ConfigError) -> [String]? {
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
    package mutating func stringMap(_ key: String) throws(ConfigError) -> [(key: String, value: String)] {
        guard let value = value(key) else { return [] }
        guard let object = value.objectValue else { throw error(key, "must be a mapping of names to strings") }
        var pairs: [(key: String, value: String)] = []
        for (name, item) in object {
            guard let string = item.stringValue else { throw error("\(key).\(name)", "must be a string") }
            pairs.append((name, string))
        }
        return pairs
    }

    /// A whole number no smaller than `minimum`.
    package mutating func int(_ key: String, minimum: Int = 0) throws(ConfigError) -> Int? {
        guard let value = value(key) else { return nil }
        guard let number = value.intValue ?? value.stringValue.flatMap({ Int64($0) }), number >= minimum else {
            throw error(key, "must be a whole number of at least \(minimum), got \(value)")
        }
        return Int(number)
    }

    /// An Elasticsearch time value (`500ms`, `5s`, `1m`).
    package mutating func duration(_ key: String) throws(ConfigError) -> Duration? {
        guard let value = value(key) else { return nil }
        guard let text = value.stringValue, let duration = TimeValue.parse(text) else {
            throw error(key, "must be a time value with a unit nanos, micros, ms, s, m, h or d, such as 5s, got \(value)")
        }
        return duration
    }

    /// An Elasticsearch byte size (`64kb`, `5mb`); a bare number counts bytes.
    package mutating func byteSize(_ key: String) throws(ConfigError) -> Int? {
        guard let value = value(key) else { return nil }
        if let number = value.intValue, number > 0 { return Int(number) }
        guard let text = value.stringValue, let size = ByteSize(parsing: text), size.bytes > 0 else {
            throw error(key, "must be a positive size in bytes with a unit b, kb, mb or gb, such as 5mb, got \(value)")
        }
        return Int(size.bytes)
    }

    /// One of `choices`.
    package mutating func choice(_ key: String, of choices: [String], default defaultValue: String) throws(ConfigError) -> String {
        guard let text = try string(key) else { return defaultValue }
        guard choices.contains(text) else { throw error(key, "must be one of \(choices.joined(separator: ", ")), got [\(text)]") }
        return text
    }

    /// Throws for the first option no read asked for.
    package func finish() throws(ConfigError) {
        guard let (key, _) = remaining.first else { return }
        let expected = (known + commonKeys).joined(separator: ", ")
        throw error(key, "unknown option; expected one of: \(expected)")
    }
}
