import SiftConfig
import SiftCore
import SiftPipeline
import Testing

@Suite struct GrokProcessorTests {
    @Test func typedAndDottedCaptures() throws {
        let result = try process("""
              - grok:
                  field: message
                  patterns: ['%{WORD:http.request.method} %{NUMBER:took:float} %{INT:status:int} %{NUMBER:size:long} %{NUMBER:ratio:double} %{WORD:ok:boolean}']
            """, #"{"message":"GET 1.25 404 123456789012 0.5 true"}"#)
        #expect(result == #"{"message":"GET 1.25 404 123456789012 0.5 true","http":{"request":{"method":"GET"}},"#
            + #""took":1.25,"status":404,"size":123456789012,"ratio":0.5,"ok":true}"#)
    }

    @Test func patternsAreTriedInOrder() throws {
        let yaml = """
              - grok:
                  field: message
                  patterns: ['^user=%{USERNAME:user.name}$', '^%{IP:source.ip}$', '%{GREEDYDATA:rest}']
            """
        #expect(try process(yaml, #"{"message":"user=alice"}"#) == #"{"message":"user=alice","user":{"name":"alice"}}"#)
        #expect(try process(yaml, #"{"message":"10.0.0.1"}"#) == #"{"message":"10.0.0.1","source":{"ip":"10.0.0.1"}}"#)
        #expect(try process(yaml, #"{"message":"::1"}"#) == #"{"message":"::1","source":{"ip":"::1"}}"#)
        #expect(try process(yaml, #"{"message":"x y"}"#) == #"{"message":"x y","rest":"x y"}"#)
    }

    @Test func rawGroupsCustomDefinitionsAndBracketFields() throws {
        let result = try process("""
              - grok:
                  field: message
                  pattern_definitions: { REQID: '[a-f0-9]{8}', PAIR: '%{WORD:[pair][key]}=%{REQID:[pair][value]}' }
                  patterns: ['(?<event.action>[a-z]+) %{PAIR} (?<n>[0-9]+)']
            """, #"{"message":"login id=deadbeef 42"}"#)
        #expect(result == #"{"message":"login id=deadbeef 42","event":{"action":"login"},"pair":{"key":"id","value":"deadbeef"},"n":"42"}"#)
    }

    @Test func alternativesWriteOnlyTheGroupThatMatched() throws {
        let yaml = "  - grok: { field: message, patterns: ['^(?:%{INT:v:int}|%{WORD:v})$'] }\n"
        #expect(try process(yaml, #"{"message":"17"}"#) == #"{"message":"17","v":17}"#)
        #expect(try process(yaml, #"{"message":"seventeen"}"#) == #"{"message":"seventeen","v":"seventeen"}"#)
        let twice = try process("  - grok: { field: message, patterns: ['%{WORD:w} %{WORD:w}'] }\n", #"{"message":"a b"}"#)
        #expect(twice == #"{"message":"a b","w":["a","b"]}"#)
    }

    @Test func syslogBaseAndLibraryShapes() throws {
        let result = try process("  - grok: { field: message, patterns: ['%{SYSLOGBASE} %{GREEDYDATA:message}'] }\n",
                                 #"{"message":"Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186"}"#)
        #expect(result == #"{"message":"Invalid user webmaster from 173.234.31.186","timestamp":"Dec 10 06:55:46","#
            + #""host":{"hostname":"LabSZ"},"process":{"name":"sshd","pid":24200}}"#)
        let values: [(String, String, String?)] = [
            ("UUID", "id 123e4567-e89b-12d3-a456-426614174000 x", "123e4567-e89b-12d3-a456-426614174000"),
            ("MAC", "hw 00:1A:2b:3C:4d:5E", "00:1A:2b:3C:4d:5E"),
            ("EMAILADDRESS", "to bob.smith@example.org.", "bob.smith@example.org."),
            ("QS", #"say "hi \"there\"" now"#, #""hi \"there\"""#),
            ("TIMESTAMP_ISO8601", "at 2024-03-01T12:00:00.123+01:00 ok", "2024-03-01T12:00:00.123+01:00"),
            ("HTTPDATE", "[17/May/2015:10:05:03 +0000]", "17/May/2015:10:05:03 +0000"),
            ("URI", "see https://user@example.com:8080/a/b?c=d&e=f now", "https://user@example.com:8080/a/b?c=d&e=f"),
            ("HOSTPORT", "connect db-1.internal:5432", "db-1.internal:5432"),
            ("LOGLEVEL", "[WARNING] disk", "WARNING"),
            ("JAVACLASS", "-> org.apache.Foo$Bar.run", "org.apache.Foo$Bar.run"),
            ("DATESTAMP", "on 12/31/2023 23:59:59 done", "12/31/2023 23:59:59"),
            ("IPV6", "from fe80::1ff:fe23:4567:890a%eth0 in", "fe80::1ff:fe23:4567:890a%eth0"),
            ("IPV4", "ip 300.1.1.1 then 10.20.30.40", "10.20.30.40"),
            ("POSINT", "n=0 then 7", "7"),
            ("BASE16NUM", "= 0x1F", "0x1F"),
        ]
        for (name, text, expected) in values {
            let chain = try makeChain("  - grok: { field: m, patterns: ['%{\(name):v}'] }\n")
            var doc = Document(fields: ["m": .string(text)])
            _ = chain.run(&doc)
            #expect(doc["v"]?.stringValue == expected, "\(name) on \(text)")
        }
    }

    @Test func missingAndNonStringFields() throws {
        #expect(try process("  - grok: { field: message, patterns: ['%{WORD:w}'], ignore_missing: true }\n", #"{"a":1}"#) == #"{"a":1}"#)
        #expect(try process("  - grok: { field: message, patterns: ['%{WORD:w}'] }\n", #"{"a":1}"#)
            == #"{"a":1,"tags":["_grokparsefailure"],"error":{"message":"field [message] not present as part of path [message]"}}"#)
        #expect(try process("  - grok: { field: message, patterns: ['%{WORD:w}'] }\n", #"{"message":5}"#)
            == #"{"message":5,"tags":["_grokparsefailure"],"error":{"message":"field [message] of type [long] cannot be cast to [string]"}}"#)
        #expect(try process("  - grok: { field: message, patterns: ['%{DATA:n:int}$'] }\n", #"{"message":"abc"}"#)
            == #"{"message":"abc","tags":["_grokparsefailure"],"error":{"message":"cannot convert [abc] captured for field [n] to int"}}"#)
    }

    @Test func configurationErrors() {
        #expect(chainError("  - grok: { field: message, patterns: ['%{NOPE:x}'] }\n")
            == .invalid(file: "pipelines/test.yaml", path: "processors[0].grok.patterns[0]",
                        reason: "Unable to find pattern [NOPE] in Grok's pattern dictionary"))
        #expect(chainError("  - grok: { field: message, patterns: ['%{WORD:x:integer}'] }\n")
            == .invalid(file: "pipelines/test.yaml", path: "processors[0].grok.patterns[0]",
                        reason: "unknown type [integer] in %{WORD:x:integer}; expected int, long, float, double, boolean or string"))
        #expect(chainError("  - grok: { field: message, pattern_definitions: { A: '%{B}', B: '%{A}' }, patterns: ['%{A}'] }\n")
            == .invalid(file: "pipelines/test.yaml", path: "processors[0].grok.patterns[0]",
                        reason: "circular reference in pattern [A][A -> B -> A]"))
        #expect(chainError("  - grok: { field: message, patterns: [] }\n")
            == .invalid(file: "pipelines/test.yaml", path: "processors[0].grok.patterns",
                        reason: "required property is missing; give at least one grok expression"))
        #expect(chainError("  - grok: { field: message, patterns: ['(unclosed'] }\n")
            == .invalid(file: "pipelines/test.yaml", path: "processors[0].grok.patterns[0]",
                        reason: "grok expression [(unclosed] does not compile: invalid regular expression at offset 9: missing closing parenthesis (pattern: (unclosed); fix the pattern"))
    }

    @Test func regexProcessorMapsDoubleUnderscoreToDots() throws {
        let yaml = #"  - regex: { pattern: 'sshd\[(?<process__pid>\d+)\]: (?<msg>.*)' }"# + "\n"
        #expect(try process(yaml, #"{"message":"LabSZ sshd[24200]: Invalid user"}"#)
            == #"{"message":"LabSZ sshd[24200]: Invalid user","process":{"pid":"24200"},"msg":"Invalid user"}"#)
        #expect(try process(yaml, #"{"message":"other"}"#)
            == #"{"message":"other","tags":["_regexfailure"],"error":{"message":"regex [sshd\\[(?<process__pid>\\d+)\\]: (?<msg>.*)] does not match field [message]: [other]"}}"#)
        #expect(chainError("  - regex: { pattern: 'no groups' }\n")
            == .invalid(file: "pipelines/test.yaml", path: "processors[0].regex.pattern",
                        reason: "has no named groups (?<name>...), so it would extract nothing"))
    }
}
