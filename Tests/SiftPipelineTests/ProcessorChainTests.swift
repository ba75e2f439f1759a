import SiftConfig
import SiftCore
import SiftPipeline
import Testing

@Suite struct ProcessorChainTests {
    @Test func processorsRunInOrder() throws {
        let result = try process("""
              - set: { field: a, value: one }
              - rename: { field: a, target_field: b }
              - uppercase: { field: b }
            """, #"{"message":"x"}"#)
        #expect(result == #"{"message":"x","b":"ONE"}"#)
    }

    @Test func failureWithoutHandlerTagsAndKeeps() throws {
        let chain = try makeChain("""
              - grok: { field: message, patterns: ['%{INT:n:int} apples'] }
              - set: { field: after, value: ran }
            """)
        let (outcome, result) = try run(chain, #"{"message":"no numbers here"}"#)
        #expect(outcome == .keep)
        #expect(result == #"{"message":"no numbers here","tags":["_grokparsefailure"],"#
            + #""error":{"message":"Provided Grok expressions do not match field value: [no numbers here]"},"after":"ran"}"#)
    }

    @Test func failureTagsPerKind() throws {
        #expect(ProcessorChain.failureTag(forKind: "grok") == "_grokparsefailure")
        #expect(ProcessorChain.failureTag(forKind: "date") == "_dateparsefailure")
        #expect(ProcessorChain.failureTag(forKind: "json") == "_jsonparsefailure")
        #expect(ProcessorChain.failureTag(forKind: "rename") == "_renamefailure")
        let result = try process("""
              - date: { field: when, formats: [ISO8601] }
              - json: { field: payload }
              - rename: { field: missing, target_field: other }
            """, #"{"when":"yesterday","payload":"{oops","tags":"existing"}"#)
        #expect(result == #"{"when":"yesterday","payload":"{oops","#
            + #""tags":["existing","_dateparsefailure","_jsonparsefailure","_renamefailure"],"#
            + #""error":{"message":"field [missing] not present as part of path [missing]"}}"#)
    }

    @Test func sameTagIsAddedOnce() throws {
        let result = try process("""
              - grok: { field: message, patterns: ['^a$'] }
              - grok: { field: message, patterns: ['^b$'] }
            """, #"{"message":"c"}"#)
        #expect(result == #"{"message":"c","tags":["_grokparsefailure"],"#
            + #""error":{"message":"Provided Grok expressions do not match field value: [c]"}}"#)
    }

    @Test func ignoreFailureLeavesNoTrace() throws {
        let result = try process("""
              - rename: { field: missing, target_field: other, ignore_failure: true }
              - set: { field: done, value: true }
            """, #"{"a":1}"#)
        #expect(result == #"{"a":1,"done":true}"#)
    }

    @Test func onFailureRunsWithIngestMetadata() throws {
        let result = try process("""
              - convert:
                  field: n
                  type: integer
                  tag: to_int
                  on_failure:
                    - set: { field: failure.reason, value: '{{ _ingest.on_failure_message }}' }
                    - set: { field: failure.by, value: '{{_ingest.on_failure_processor_type}}/{{_ingest.on_failure_processor_tag}}' }
              - set: { field: next, value: ran }
            """, #"{"n":"abc"}"#)
        #expect(result == #"{"n":"abc","failure":{"reason":"unable to convert [abc] to integer","by":"convert/to_int"},"next":"ran"}"#)
    }

    @Test func failingOnFailureHandlerTagsWithItsOwnKind() throws {
        let result = try process("""
              - rename:
                  field: missing
                  target_field: x
                  on_failure:
                    - remove: { field: also_missing }
            """, #"{"a":1}"#)
        #expect(result == #"{"a":1,"tags":["_removefailure"],"error":{"message":"field [also_missing] not present as part of path [also_missing]"}}"#)
    }

    @Test func onFailureCanDrop() throws {
        let chain = try makeChain("""
              - json: { field: message, on_failure: [ { drop: {} } ] }
              - set: { field: never, value: 1 }
            """)
        #expect(try run(chain, #"{"message":"not json"}"#).0 == .drop)
        let (outcome, result) = try run(chain, #"{"message":"{\"k\":1}"}"#)
        #expect(outcome == .keep)
        #expect(result == #"{"message":{"k":1},"never":1}"#)
    }

    @Test func conditionSkipsProcessor() throws {
        let chain = try makeChain("""
              - set: { field: kind, value: error, if: "ctx.log?.level == 'ERROR'" }
              - drop: { if: "ctx.message != null && ctx.message.startsWith('healthcheck')" }
            """)
        #expect(try run(chain, #"{"log":{"level":"ERROR"},"message":"boom"}"#)
            == (.keep, #"{"log":{"level":"ERROR"},"message":"boom","kind":"error"}"#))
        #expect(try run(chain, #"{"message":"hello"}"#) == (.keep, #"{"message":"hello"}"#))
        #expect(try run(chain, #"{"message":"healthcheck ok"}"#).0 == .drop)
    }

    @Test func dropStopsTheChain() throws {
        let chain = try makeChain("""
              - drop: {}
              - set: { field: a, value: 1 }
            """)
        #expect(try run(chain, #"{"m":1}"#) == (.drop, #"{"m":1}"#))
    }

    @Test func unknownKindIsAConfigError() {
        #expect(chainError("  - set: { field: a, value: 1 }\n  - frobnicate: { field: a }\n")
            == .invalid(file: "pipelines/test.yaml", path: "processors[1].frobnicate",
                        reason: "unknown processor kind [frobnicate]; known kinds: convert, correlate, date, drop, grok, json, lowercase, regex, remove, rename, sample, set, uppercase"))
    }

    @Test func unknownOptionIsAConfigError() {
        #expect(chainError("  - rename: { field: a, target_field: b, ignore_mising: true }\n")
            == .invalid(file: "pipelines/test.yaml", path: "processors[0].rename.ignore_mising",
                        reason: "unknown option; expected one of: field, target_field, ignore_missing, override, if, ignore_failure, on_failure, tag, description"))
    }

    @Test func nestedOnFailureErrorsNameTheirPath() {
        #expect(chainError("  - rename: { field: a, target_field: b, on_failure: [ { set: { field: x } } ] }\n")
            == .invalid(file: "pipelines/test.yaml", path: "processors[0].rename.on_failure[0].set.value",
                        reason: "required property is missing (or give copy_from)"))
    }

    @Test func badConditionIsAConfigError() {
        #expect(chainError("  - drop: { if: \"ctx.a == \" }\n")
            == .invalid(file: "pipelines/test.yaml", path: "processors[0].drop.if",
                        reason: "cannot parse condition [ctx.a == ]: unexpected end of condition at offset 9"))
    }

    @Test func commonOptionTypesAreChecked() {
        #expect(chainError("  - drop: { ignore_failure: maybe }\n")
            == .invalid(file: "pipelines/test.yaml", path: "processors[0].drop.ignore_failure", reason: "must be true or false"))
        #expect(chainError("  - drop: { on_failure: [] }\n")
            == .invalid(file: "pipelines/test.yaml", path: "processors[0].drop.on_failure", reason: "must not be empty"))
    }

    @Test func factoryBuildsSingleProcessors() throws {
        let spec = ComponentSpec(id: "lower", kind: "lowercase", options: ["field": "a", "if": "ctx.a != null"])
        let processor = try ProcessorFactory.make(spec, file: "f.yaml")
        var doc = try document(#"{"a":"MiXeD"}"#)
        #expect(try processor.process(&doc) == .keep)
        #expect(doc == (try document(#"{"a":"mixed"}"#)))
        #expect(throws: ConfigError.invalid(file: "f.yaml", path: "lower.lowercase.field", reason: "required property is missing")) {
            try ProcessorFactory.make(ComponentSpec(id: "lower", kind: "lowercase", options: [:]), file: "f.yaml")
        }
    }
}
