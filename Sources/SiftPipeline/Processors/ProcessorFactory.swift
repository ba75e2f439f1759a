import SiftConfig
import SiftCore

/// Builds processors by kind: the one place that lists every built-in processor.
package enum ProcessorFactory {
    /// Every processor kind, as written in pipeline files.
    package static let kinds: [String] = [
        "convert", "correlate", "date", "drop", "grok", "json", "lowercase", "regex", "remove", "rename",
        "sample", "set", "uppercase",
    ]

    /// Builds the processor `spec` describes, without the common options (`if`, `ignore_failure`,
    /// `on_failure`, `tag`, `description`), which ``ProcessorChain`` applies; they are accepted here.
    ///
    /// - Throws: `ConfigError.invalid` at `<spec.id>.<kind>[.option]` for an unknown kind or option or
    ///   a bad value.
    package static func make(_ spec: ComponentSpec, file: String,
                             environment: ProcessorEnvironment = .live) throws(ConfigError) -> any Processor {
        try make(spec, file: file, path: "\(spec.id).\(spec.kind)", environment: environment)
    }

    static func make(_ spec: ComponentSpec, file: String, path: String,
                     environment: ProcessorEnvironment) throws(ConfigError) -> any Processor {
        var options = ComponentOptions(spec.options, file: file, path: path, commonKeys: ComponentOptions.processorKeys)
        let processor: any Processor
        switch spec.kind {
        case "convert": processor = try ConvertProcessor(options: &options)
        case "correlate": processor = try CorrelateProcessor(options: &options)
        case "date": processor = try DateProcessor(options: &options, environment: environment)
        case "drop": processor = DropProcessor()
        case "grok": processor = try GrokProcessor(options: &options)
        case "json": processor = try JSONProcessor(options: &options)
        case "lowercase": processor = try CaseProcessor(options: &options, upper: false)
        case "uppercase": processor = try CaseProcessor(options: &options, upper: true)
        case "regex": processor = try RegexProcessor(options: &options)
        case "remove": processor = try RemoveProcessor(options: &options)
        case "rename": processor = try RenameProcessor(options: &options)
        case "sample": processor = try SampleProcessor(options: &options)
        case "set": processor = try SetProcessor(options: &options, environment: environment)
        default:
            throw .invalid(file: file, path: path,
                           reason: "unknown processor kind [\(spec.kind)]; known kinds: \(kinds.joined(separator: ", "))")
        }
        try options.finish()
        return processor
    }
}
