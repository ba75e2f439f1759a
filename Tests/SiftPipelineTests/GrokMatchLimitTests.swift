import SiftCore
import SiftPipeline
import Testing

/// A grok pattern that backtracks catastrophically on some input stops at PCRE2's match limit: the
/// document is tagged and kept, and the next one is processed as usual.
@Suite struct GrokMatchLimitTests {
    @Test func catastrophicBacktrackingEndsAtTheMatchLimitAndKeepsTheLine() throws {
        let chain = try makeChain("""
              - grok: { field: message, patterns: ['^(%{WORD:w}: )?(a+)+$'] }
            """)
        let evil = "key: " + String(repeating: "a", count: 40) + "b"
        var document = Document(fields: ["message": .string(evil)])
        #expect(chain.run(&document) == .keep)
        #expect(document["message"] == .string(evil))
        #expect(document["tags"] == ["_grokparsefailure"])
        #expect(document["error.message"]?.stringValue?.contains("match limit") == true, "\(document["error.message"] ?? .null)")

        var fine = Document(fields: ["message": "key: aaaa"])
        #expect(chain.run(&fine) == .keep)
        #expect(fine["tags"] == nil)
        #expect(fine["w"] == "key")
    }
}
