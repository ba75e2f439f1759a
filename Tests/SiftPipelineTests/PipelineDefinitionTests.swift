import SiftCore
import SiftConfig
import SiftPipeline
import Testing

@Suite struct PipelineDefinitionTests {
    /// The example from DESIGN.md, which is the contract for pipeline files.
    static let openssh = #"""
        inputs:
          auth_log: { type: file, paths: ["/var/log/auth.log*"], start_at: beginning }
          syslog:   { type: tcp, address: "127.0.0.1:5514", framing: syslog }
        processors:
          - grok:
              field: message
              patterns: ['%{SYSLOGTIMESTAMP:ts} %{HOSTNAME:host.name} %{DATA:process.name}\[%{POSINT:process.pid:int}\]: %{GREEDYDATA:message}']
          - date: { field: ts, formats: ["MMM d HH:mm:ss", "MMM dd HH:mm:ss"], target_field: "@timestamp" }
          - remove: { field: ts }
          - correlate: {}
          - set: { field: http.status, value: 200, tag: status_default, override: false, ratio: 0.5, label: "200" }
        outputs:
          local: { type: index, index: logs-openssh }
        """#

    @Test func designExampleLoads() throws {
        let pipeline = try PipelineDefinition(yaml: Self.openssh, file: "pipelines/openssh.yaml")
        #expect(pipeline.name == "openssh")
        #expect(pipeline.inputs.map(\.id) == ["auth_log", "syslog"])
        #expect(pipeline.inputs.map(\.kind) == ["file", "tcp"])
        #expect(pipeline.inputs[0].options["paths"] == ["/var/log/auth.log*"])
        #expect(pipeline.inputs[0].options["type"] == nil)
        #expect(pipeline.processors.map(\.kind) == ["grok", "date", "remove", "correlate", "set"])
        #expect(pipeline.processors.map(\.id) == ["processors[0]", "processors[1]", "processors[2]", "processors[3]", "status_default"])
        #expect(pipeline.processors[0].options["patterns"]?[0]?.stringValue?.hasPrefix("%{SYSLOGTIMESTAMP:ts}") == true)
        #expect(pipeline.processors[3].options.isEmpty)
        let set = pipeline.processors[4].options
        #expect(set["value"] == 200)
        #expect(set["override"] == false)
        #expect(set["ratio"] == 0.5)
        #expect(set["label"] == "200")
        #expect(pipeline.outputs == [ComponentSpec(id: "local", kind: "index", options: ["index": "logs-openssh"])])
    }

    @Test(arguments: [
        ("inputs: { a: { paths: [x] } }", ConfigError.invalid(file: "p.yaml", path: "inputs.a", reason: "missing type")),
        ("processors: [ { grok: {}, date: {} } ]",
         .invalid(file: "p.yaml", path: "processors[0]", reason: "each processor is a mapping with exactly one key, its kind")),
        ("processors: { grok: {} }", .invalid(file: "p.yaml", path: "processors", reason: "must be a list of processors")),
        ("processors: [ { set: [1] } ]", .invalid(file: "p.yaml", path: "processors[0].set", reason: "options must be a mapping")),
        ("inputz: {}", .invalid(file: "p.yaml", path: "inputz", reason: "unknown key; expected description, inputs, processors, on_failure or outputs")),
        ("- just\n- a list", .invalid(file: "p.yaml", path: "(root)", reason: "a pipeline is a mapping with inputs, processors and outputs")),
    ])
    func badFilesNameTheProblem(yaml: String, expected: ConfigError) {
        #expect(throws: expected) { try PipelineDefinition(yaml: yaml, file: "p.yaml") }
    }

    @Test func invalidYAMLIsASyntaxErrorNamingTheFile() {
        #expect {
            try PipelineDefinition(yaml: "inputs: { a: [", file: "pipelines/broken.yaml")
        } throws: { error in
            guard case .syntax(let file, let reason) = error as? ConfigError else { return false }
            return file == "pipelines/broken.yaml" && !reason.isEmpty
        }
    }

    @Test func duplicateKeysAreRejected() {
        #expect {
            try PipelineDefinition(yaml: "outputs: { a: { type: stdout }, a: { type: index } }", file: "p.yaml")
        } throws: { error in
            guard case .syntax(let file, let reason) = error as? ConfigError else { return false }
            return file == "p.yaml" && reason.contains("duplicated key(s): 'a'")
        }
    }

    @Test func anEmptyFileIsAnEmptyPipeline() throws {
        let pipeline = try PipelineDefinition(yaml: "", file: "pipelines/empty.yml")
        #expect(pipeline.name == "empty")
        #expect(pipeline.inputs.isEmpty && pipeline.processors.isEmpty && pipeline.outputs.isEmpty)
    }
}
