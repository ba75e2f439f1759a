import SiftCore
import SiftNative

/// One grok expression compiled once into a single PCRE2 pattern (JIT-compiled where available).
struct GrokExpression: Sendable {
    /// The expression as configured.
    let source: String
    let matchers: MatcherPool
    let fields: CaptureFields

    /// Expands and compiles `source`.
    ///
    /// - Throws: ``GrokSyntaxError`` for a bad expression, including PCRE2's message when the
    ///   expanded pattern does not compile.
    init(_ source: String, definitions: [(key: String, value: String)]) throws(GrokSyntaxError) {
        var compiler = GrokCompiler(customDefinitions: definitions)
        let output = try compiler.compile(source)
        let pattern: PCRE2Pattern
        do {
            pattern = try PCRE2Pattern(output.pattern)
        } catch {
            throw GrokSyntaxError("grok expression [\(source)] does not compile: \(error)")
        }
        var captures: [(group: Int, field: String, type: CaptureType)] = []
        for capture in output.captures {
            guard let group = pattern.captureIndex(named: capture.group) else { continue }
            captures.append((group, capture.field, capture.type))
        }
        self.source = source
        self.matchers = MatcherPool(pattern)
        self.fields = CaptureFields(captures)
    }

    /// Searches `subject` (anywhere, as grok does) and on a match writes the captured fields.
    ///
    /// - Returns: Whether the expression matched.
    /// - Throws: ``ProcessorError`` when matching hits PCRE2's limits or a typed capture does not convert.
    func apply(to subject: UnsafeRawBufferPointer, document: inout Document) throws(ProcessorError) -> Bool {
        let match: PCRE2Match?
        do {
            match = try matchers.withMatcher { (matcher) throws(PCRE2Error) in try matcher.firstMatch(in: subject) }
        } catch {
            throw ProcessorError("grok expression [\(source)]: \(error)")
        }
        guard let match else { return false }
        try fields.write(match, subject: subject, into: &document)
        return true
    }
}
