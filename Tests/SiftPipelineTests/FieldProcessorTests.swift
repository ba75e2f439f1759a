import SiftConfig
import SiftCore
import SiftPipeline
import Testing

@Suite struct FieldProcessorTests {
    @Test func setValuesTemplatesAndCopies() throws {
        #expect(try process("  - set: { field: service.name, value: checkout }\n", #"{"a":1}"#) == #"{"a":1,"service":{"name":"checkout"}}"#)
        #expect(try process("  - set: { field: label, value: '{{host.name}}:{{{port}}} {{missing}}!' }\n", #"{"host":{"name":"web1"},"port":8080}"#)
            == #"{"host":{"name":"web1"},"port":8080,"label":"web1:8080 !"}"#)
        #expect(try process("  - set: { field: list, value: ['{{a}}', 2, { k: '{{a}}' }] }\n", #"{"a":"x"}"#)
            == #"{"a":"x","list":["x",2,{"k":"x"}]}"#)
        #expect(try process("  - set: { field: copy, copy_from: obj }\n", #"{"obj":{"k":[1,2]}}"#) == #"{"obj":{"k":[1,2]},"copy":{"k":[1,2]}}"#)
        #expect(try process("  - set: { field: event.ingested, value: '{{_ingest.timestamp}}' }\n", #"{}"#)
            == #"{"event":{"ingested":"2024-03-01T12:00:00.000Z"}}"#)
    }

    @Test func setOverrideAndEmptyValues() throws {
        #expect(try process("  - set: { field: a, value: new, override: false }\n", #"{"a":"old"}"#) == #"{"a":"old"}"#)
        #expect(try process("  - set: { field: a, value: new, override: false }\n", #"{"a":null}"#) == #"{"a":"new"}"#)
        #expect(try process("  - set: { field: a, value: new }\n", #"{"a":"old"}"#) == #"{"a":"new"}"#)
        #expect(try process("  - set: { field: a, value: '{{nothing}}', ignore_empty_value: true }\n", #"{"b":1}"#) == #"{"b":1}"#)
        #expect(try process("  - set: { field: a, copy_from: nothing }\n", #"{"b":1}"#)
            == #"{"b":1,"tags":["_setfailure"],"error":{"message":"field [nothing] not present as part of path [nothing]"}}"#)
        #expect(chainError("  - set: { field: a, value: 1, copy_from: b }\n")
            == .invalid(file: "pipelines/test.yaml", path: "processors[0].set.copy_from", reason: "cannot be used together with value"))
    }

    @Test func renameMovesNestedAndDottedFields() throws {
        #expect(try process("  - rename: { field: http.status, target_field: http.response.status_code }\n", #"{"http":{"status":200}}"#)
            == #"{"http":{"response":{"status_code":200}}}"#)
        #expect(try process("  - rename: { field: \"host.name\", target_field: hostname }\n", #"{"host.name":"a"}"#) == #"{"hostname":"a"}"#)
        #expect(try process("  - rename: { field: a, target_field: b }\n", #"{"a":1,"b":2}"#)
            == #"{"a":1,"b":2,"tags":["_renamefailure"],"error":{"message":"field [b] already exists"}}"#)
        #expect(try process("  - rename: { field: a, target_field: b, override: true }\n", #"{"a":1,"b":2}"#) == #"{"b":1}"#)
        #expect(try process("  - rename: { field: x, target_field: b, ignore_missing: true }\n", #"{"a":1}"#) == #"{"a":1}"#)
    }

    @Test func removeOneOrMany() throws {
        #expect(try process("  - remove: { field: a }\n", #"{"a":1,"b":2}"#) == #"{"b":2}"#)
        #expect(try process("  - remove: { field: [a, c.d] }\n", #"{"a":1,"b":2,"c":{"d":3,"e":4}}"#) == #"{"b":2,"c":{"e":4}}"#)
        #expect(try process("  - remove: { field: [a, zz], ignore_missing: true }\n", #"{"a":1}"#) == #"{}"#)
        #expect(try process("  - remove: { field: [a, zz] }\n", #"{"a":1}"#)
            == #"{"tags":["_removefailure"],"error":{"message":"field [zz] not present as part of path [zz]"}}"#)
    }

    @Test func convertTypes() throws {
        func convert(_ type: String, _ value: String) throws -> String {
            try process("  - convert: { field: v, type: \(type) }\n", #"{"v":\#(value)}"#)
        }
        #expect(try convert("integer", #""42""#) == #"{"v":42}"#)
        #expect(try convert("integer", #""0x1F""#) == #"{"v":31}"#)
        #expect(try convert("integer", #""3000000000""#)
            == #"{"v":"3000000000","tags":["_convertfailure"],"error":{"message":"unable to convert [3000000000] to integer"}}"#)
        #expect(try convert("long", #""3000000000""#) == #"{"v":3000000000}"#)
        #expect(try convert("float", #""242.15""#) == #"{"v":242.15}"#)
        #expect(try convert("double", #""1e3""#) == #"{"v":1000.0}"#)
        #expect(try convert("boolean", #""TRUE""#) == #"{"v":true}"#)
        #expect(try convert("boolean", #""yes""#)
            == #"{"v":"yes","tags":["_convertfailure"],"error":{"message":"[yes] is not a boolean value, cannot convert to boolean"}}"#)
        #expect(try convert("string", "12") == #"{"v":"12"}"#)
        #expect(try convert("string", "true") == #"{"v":"true"}"#)
        #expect(try convert("ip", #""2001:db8::1""#) == #"{"v":"2001:db8::1"}"#)
        #expect(try convert("ip", #""10.0.0.256""#)
            == #"{"v":"10.0.0.256","tags":["_convertfailure"],"error":{"message":"'10.0.0.256' is not an IP string literal."}}"#)
        #expect(try convert("auto", #"["true","7","7.5","x"]"#) == #"{"v":[true,7,7.5,"x"]}"#)
        #expect(try process("  - convert: { field: v, type: long, target_field: n }\n", #"{"v":"5"}"#) == #"{"v":"5","n":5}"#)
        #expect(chainError("  - convert: { field: v, type: number }\n")
            == .invalid(file: "pipelines/test.yaml", path: "processors[0].convert.type",
                        reason: "type [number] not supported, must be one of: integer, long, float, double, boolean, string, ip, auto"))
    }

    @Test func lowercaseAndUppercase() throws {
        #expect(try process("  - lowercase: { field: log.level }\n", #"{"log":{"level":"WARN"}}"#) == #"{"log":{"level":"warn"}}"#)
        #expect(try process("  - uppercase: { field: tags, target_field: upper }\n", #"{"tags":["a","Ü"]}"#) == #"{"tags":["a","Ü"],"upper":["A","Ü"]}"#)
        #expect(try process("  - lowercase: { field: missing, ignore_missing: true }\n", #"{"a":1}"#) == #"{"a":1}"#)
        #expect(try process("  - uppercase: { field: n }\n", #"{"n":1}"#)
            == #"{"n":1,"tags":["_uppercasefailure"],"error":{"message":"field [n] of type [long] cannot be cast to [string]"}}"#)
    }

    @Test func jsonIntoTargetOrRoot() throws {
        #expect(try process("  - json: { field: message }\n", #"{"message":"{\"a\":[1,2.5,null]}"}"#) == #"{"message":{"a":[1,2.5,null]}}"#)
        #expect(try process("  - json: { field: message, target_field: parsed }\n", #"{"message":"[1]"}"#) == #"{"message":"[1]","parsed":[1]}"#)
        #expect(try process("  - json: { field: message, add_to_root: true }\n", #"{"message":"{\"user\":{\"id\":2},\"level\":\"info\"}","user":{"name":"x"}}"#)
            == #"{"message":"{\"user\":{\"id\":2},\"level\":\"info\"}","user":{"id":2},"level":"info"}"#)
        #expect(try process("  - json: { field: message, add_to_root: true, add_to_root_conflict_strategy: merge }\n",
                            #"{"message":"{\"user\":{\"id\":2}}","user":{"name":"x"}}"#)
            == #"{"message":"{\"user\":{\"id\":2}}","user":{"name":"x","id":2}}"#)
        #expect(try process("  - json: { field: message, add_to_root: true }\n", #"{"message":"[1]"}"#)
            == #"{"message":"[1]","tags":["_jsonparsefailure"],"error":{"message":"cannot add non-map fields to root of document"}}"#)
        let duplicate = try process("  - json: { field: message }\n", #"{"message":"{\"a\":1,\"a\":2}"}"#)
        #expect(duplicate.hasPrefix(#"{"message":"{\"a\":1,\"a\":2}","tags":["_jsonparsefailure"],"error":{"message":"cannot parse field [message] as JSON: "#))
        #expect(chainError("  - json: { field: message, target_field: x, add_to_root: true }\n")
            == .invalid(file: "pipelines/test.yaml", path: "processors[0].json.target_field",
                        reason: "Cannot set a target field while also setting `add_to_root` to true"))
    }
}
