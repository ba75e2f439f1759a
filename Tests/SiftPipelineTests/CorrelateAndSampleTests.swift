import SiftConfig
import SiftCore
import SiftPipeline
import SiftTestSupport
import Testing

@Suite struct CorrelateProcessorTests {
    /// The traceparent example of the W3C Trace Context recommendation.
    static let traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"

    @Test func fromTraceparentField() throws {
        #expect(try process("  - correlate: {}\n", #"{"traceparent":"\#(Self.traceparent)"}"#)
            == #"{"traceparent":"\#(Self.traceparent)","trace":{"id":"0af7651916cd43dd8448eb211c80319c"},"span":{"id":"b7ad6b7169203331"}}"#)
        #expect(try process("  - correlate: { field: http.request.headers.traceparent }\n",
                            #"{"http":{"request":{"headers":{"traceparent":"\#(Self.traceparent)"}}}}"#)
            == #"{"http":{"request":{"headers":{"traceparent":"\#(Self.traceparent)"}}},"trace":{"id":"0af7651916cd43dd8448eb211c80319c"},"span":{"id":"b7ad6b7169203331"}}"#)
    }

    @Test func fromMessageText() throws {
        let message = "payment failed trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span.id: 00f067aa0ba902b7 x-request-id=\\\"req-77\\\" transactionId=tx9"
        #expect(try process("  - correlate: { service_name: checkout, host_name: web-1 }\n", #"{"message":"\#(message)","host":{"name":"kept"}}"#)
            == #"{"message":"\#(message)","host":{"name":"kept"},"trace":{"id":"4bf92f3577b34da6a3ce929d0e0e4736"},"#
            + #""span":{"id":"00f067aa0ba902b7"},"http":{"request":{"id":"req-77"}},"transaction":{"id":"tx9"},"service":{"name":"checkout"}}"#)
        #expect(try process("  - correlate: {}\n", #"{"message":"GET / traceparent=\#(Self.traceparent) done"}"#)
            == #"{"message":"GET / traceparent=\#(Self.traceparent) done","trace":{"id":"0af7651916cd43dd8448eb211c80319c"},"span":{"id":"b7ad6b7169203331"}}"#)
    }

    @Test func existingFieldsWinUnlessOverride() throws {
        let input = #"{"trace":{"id":"keep"},"traceparent":"\#(Self.traceparent)","message":"trace_id=fromtext"}"#
        #expect(try process("  - correlate: {}\n", input)
            == #"{"trace":{"id":"keep"},"traceparent":"\#(Self.traceparent)","message":"trace_id=fromtext","span":{"id":"b7ad6b7169203331"}}"#)
        #expect(try process("  - correlate: { override: true }\n", input)
            == #"{"trace":{"id":"0af7651916cd43dd8448eb211c80319c"},"traceparent":"\#(Self.traceparent)","message":"trace_id=fromtext","span":{"id":"b7ad6b7169203331"}}"#)
    }

    @Test func invalidTraceparentIsAFailureAfterTheRest() throws {
        #expect(try process("  - correlate: { service_name: api }\n", #"{"traceparent":"00-00000000000000000000000000000000-b7ad6b7169203331-01","message":"span_id=abc"}"#)
            == #"{"traceparent":"00-00000000000000000000000000000000-b7ad6b7169203331-01","message":"span_id=abc","span":{"id":"abc"},"#
            + #""service":{"name":"api"},"tags":["_correlatefailure"],"#
            + #""error":{"message":"field [traceparent] is not a valid W3C traceparent: [00-00000000000000000000000000000000-b7ad6b7169203331-01]"}}"#)
    }

    @Test func kibanaAuditLinesShareTheirTrace() throws {
        // Real ECS lines: the trace id is already nested; correlate leaves it and adds the service.
        let lines = try dataLines("json/kibana_audit_8.14.ndjson")
        let chain = try makeChain("  - correlate: { service_name: kibana }\n")
        var traces: [String: Int] = [:]
        for line in lines {
            var doc = try document(line)
            _ = chain.run(&doc)
            #expect(doc["service.name"] != nil)
            if let trace = doc["trace.id"]?.stringValue { traces[trace, default: 0] += 1 }
        }
        #expect(traces["809d3449277aba205a3ac539d23dbf7e"] == 4)
    }
}

@Suite struct SampleProcessorTests {
    @Test func wholeTracesAreKeptOrDropped() throws {
        let chain = try makeChain("  - sample: { rate: 0.25 }\n")
        var generator = SplitMix64(seed: 7)
        var kept = 0
        for t in 0..<2000 {
            let trace = String(generator.next(), radix: 16)
            var outcomes: Set<ProcessorOutcome> = []
            for span in 0..<3 {
                var doc = Document(fields: ["trace": ["id": .string(trace)], "span": ["id": .string("\(t)-\(span)")]])
                outcomes.insert(chain.run(&doc))
            }
            #expect(outcomes.count == 1)
            if outcomes == [.keep] { kept += 1 }
        }
        // 2000 traces at 25%: within four standard deviations (±78) of 500.
        #expect((422...578).contains(kept))
        // Deterministic: the same id always gets the same decision.
        var a = Document(fields: ["trace.id": "abc"])
        var b = Document(fields: ["trace": ["id": "abc"]])
        #expect(chain.run(&a) == chain.run(&b))
    }

    @Test func ratesZeroAndOneAndFallbacks() throws {
        let none = try makeChain("  - sample: { rate: 0 }\n")
        let all = try makeChain("  - sample: { rate: 1 }\n")
        var doc = try document(#"{"message":"x"}"#)
        #expect(none.run(&doc) == .drop)
        #expect(all.run(&doc) == .keep)
        let half = try makeChain("  - sample: { rate: 0.5, field: session }\n")
        var byMessage = 0
        for i in 0..<1000 {
            var doc = Document(fields: ["message": .string("line \(i)")])
            let first = half.run(&doc)
            #expect(half.run(&doc) == first)
            if first == .keep { byMessage += 1 }
        }
        #expect((437...563).contains(byMessage))
        #expect(chainError("  - sample: { rate: 1.5 }\n")
            == .invalid(file: "pipelines/test.yaml", path: "processors[0].sample.rate", reason: "must be between 0 and 1, got 1.5"))
    }
}
