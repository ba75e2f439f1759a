import SiftConfig

/// The input and output kinds a pipeline file may name, each with the function that builds it.
///
/// SiftPipeline registers the kinds it implements itself; others (the `index` output, which needs
/// the storage engine) are added by whoever runs pipelines beside an index catalog.
package struct ComponentRegistry: Sendable {
    /// Builds an input from its options; must read every option it knows and call `finish()`.
    package typealias InputBuilder = @Sendable (inout ComponentOptions, ComponentContext) throws(ConfigError) -> any Input
    /// Builds an output from its options; must read every option it knows and call `finish()`.
    package typealias OutputBuilder = @Sendable (inout ComponentOptions, ComponentContext) throws(ConfigError) -> any Output

    package private(set) var inputs: [String: InputBuilder] = [:]
    package private(set) var outputs: [String: OutputBuilder] = [:]

    package init() {}

    /// Every kind SiftPipeline implements: inputs `stdin`, `file`, `tcp`, `udp`; outputs `stdout`, `elasticsearch`.
    package static let builtIn: ComponentRegistry = {
        var registry = ComponentRegistry()
        registry.register(input: "stdin") { options, context throws(ConfigError) in try StdinInput(options: &options, context: context) }
        registry.register(input: "file") { options, context throws(ConfigError) in try FileInput(options: &options, context: context) }
        registry.register(input: "tcp") { options, context throws(ConfigError) in try TCPInput(options: &options, context: context) }
        registry.register(input: "udp") { options, context throws(ConfigError) in try UDPInput(options: &options, context: context) }
        registry.register(output: "stdout") { options, context throws(ConfigError) in try StdoutOutput(options: &options, context: context) }
        registry.register(output: "elasticsearch") { options, context throws(ConfigError) in
            try ElasticsearchOutput(options: &options, context: context)
        }
        return registry
    }()

    package mutating func register(input kind: String, _ builder: @escaping InputBuilder) {
        inputs[kind] = builder
    }

    package mutating func register(output kind: String, _ builder: @escaping OutputBuilder) {
        outputs[kind] = builder
    }
}
