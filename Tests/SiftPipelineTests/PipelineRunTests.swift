import Glibc
import Logging
import SiftConfig
import SiftCore
import SiftPipeline
import SiftTestSupport
import SystemPackage
import Testing

/// A pipeline built from its file and run for real: stdin from a pipe, NDJSON into a file.
@Suite struct PipelineRunTests {
    /// The built-in kinds plus `stdin` reading `input` and `ndjson_file` writing `output`.
    private func registry(input: FileDescriptor, output: FileDescriptor) -> ComponentRegistry {
        var registry = ComponentRegistry.builtIn
        registry.register(input: "stdin") { options, _ throws(ConfigError) in try StdinInput(options: &options, descriptor: input) }
        registry.register(output: "ndjson_file") { options, _ throws(ConfigError) in
            try options.finish()
            return StdoutOutput(descriptor: output)
        }
        return registry
    }

    private func build(_ yaml: String, registry: ComponentRegistry) throws -> Pipeline {
        let definition = try PipelineDefinition(yaml: yaml, file: "pipelines/run.yaml")
        return try Pipeline(definition, file: "pipelines/run.yaml", registry: registry, stateDirectory: nil,
                            logger: Logger(label: "test"), environment: .fixed(testNow))
    }

    @Test func linesFlowThroughProcessorsToTheOutputUntilInputEnds() async throws {
        try await withTemporaryDirectory { directory in
            let outputPath = directory.appending("out.ndjson")
            let output = try FileDescriptor.open(outputPath, .writeOnly, options: [.create, .truncate], permissions: .ownerReadWrite)
            var fds: [Int32] = [0, 0]
            #expect(pipe(&fds) == 0)
            let (reader, writer) = (FileDescriptor(rawValue: fds[0]), FileDescriptor(rawValue: fds[1]))
            let pipeline = try build("""
                inputs: { console: { type: stdin, batch_size: 7 } }
                processors:
                  - grok: { field: message, patterns: ['%{WORD:verb} %{INT:n:int}'] }
                  - drop: { if: "ctx.verb == 'skip'" }
                outputs: { file: { type: ndjson_file } }
                """, registry: registry(input: reader, output: output))
            let running = Task { try await pipeline.run() }
            var text = ""
            for number in 0..<100 { text += number % 10 == 3 ? "skip \(number)\n" : "line \(number)\r\n" }
            text += "no number\nlast 100"  // the final line has no newline: delivered at the end of input
            _ = try writer.writeAll(Array(text.utf8))
            try writer.close()
            try await running.value
            try reader.close()
            try output.close()

            let documents = try ConfigDirectory.read(outputPath.string).split(separator: "\n").map { try JSONReader.parse(Array($0.utf8)) }
            #expect(documents.count == 92)
            #expect(documents.first?["n"] == 0)
            #expect(documents.first?["event"]?["original"] == "line 0")
            #expect(!documents.contains { $0["verb"] == "skip" })
            #expect(documents[90]["tags"] == ["_grokparsefailure"])
            #expect(documents[91]["n"] == 100)
        }
    }

    @Test func badPipelinesFailToBuildNamingThePlace() throws {
        let none = registry(input: .standardInput, output: .standardOutput)
        func error(_ yaml: String) -> ConfigError? {
            do { _ = try build(yaml, registry: none); return nil } catch let error as ConfigError { return error } catch { return nil }
        }
        #expect(error("inputs: { a: { type: carrier_pigeon } }\noutputs: { o: { type: stdout } }")
            == .invalid(file: "pipelines/run.yaml", path: "inputs.a.type",
                        reason: "unknown input type [carrier_pigeon]; expected one of file, stdin, tcp, udp"))
        #expect(error("inputs: { a: { type: stdin } }")
            == .invalid(file: "pipelines/run.yaml", path: "outputs", reason: "a pipeline with inputs needs at least one output"))
        #expect(error("inputs: { a: { type: stdin, batchsize: 3 } }\noutputs: { o: { type: stdout } }")
            == .invalid(file: "pipelines/run.yaml", path: "inputs.a.batchsize", reason: "unknown option; expected one of: max_line_size, batch_size"))
        #expect(error("outputs: { o: { type: elasticsearch, hosts: ['localhost:9200'], index: x } }")
            == .invalid(file: "pipelines/run.yaml", path: "outputs.o.hosts", reason: "[localhost:9200] must start with http:// or https://"))
    }

    @Test func configErrorsPointAtTheirLine() {
        let yaml = """
            description: test
            processors:
              - set: { field: a, value: 1 }
              - grok:
                  field: message
                  patternz: ['x']
            """
        let error = ConfigError.invalid(file: "p.yaml", path: "processors[1].grok.patternz", reason: "unknown option")
        #expect(YAMLConfig.describe(error, source: yaml) == "p.yaml:6: processors[1].grok.patternz: unknown option")
        let shallow = ConfigError.invalid(file: "p.yaml", path: "processors[1].grok.patterns", reason: "missing")
        #expect(YAMLConfig.describe(shallow, source: yaml) == "p.yaml:4: processors[1].grok.patterns: missing")
    }

    @Test func pipelineLevelOnFailureRunsForUnhandledFailuresAndStopsTheChain() throws {
        let definition = try PipelineDefinition(yaml: """
            processors:
              - grok: { field: message, patterns: ['%{INT:n:int}'] }
              - set: { field: after, value: done }
            on_failure:
              - set: { field: failed_by, value: "{{_ingest.on_failure_processor_type}}" }
            """, file: "p.yaml")
        let chain = try ProcessorChain(definition.processors, onFailure: definition.onFailure, file: "p.yaml")
        var bad = Document(fields: ["message": "words"])
        #expect(chain.run(&bad) == .keep)
        #expect(bad["failed_by"] == "grok")
        #expect(bad["after"] == nil)
        #expect(bad["tags"] == nil)
        var good = Document(fields: ["message": "12"])
        _ = chain.run(&good)
        #expect(good["n"] == 12 && good["after"] == "done")
    }
}
