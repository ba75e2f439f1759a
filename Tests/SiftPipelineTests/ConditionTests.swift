import SiftCore
import SiftPipeline
import Testing

@Suite struct ConditionTests {
    static let doc = #"{"log":{"level":"ERROR"},"http.status":503,"took":1.5,"message":"GET /health ok","tags":["web","edge"],"user":null}"#

    @Test(arguments: [
        ("ctx.log.level == 'ERROR'", true),
        ("ctx.log.level == \"WARN\"", false),
        ("ctx.log.level != 'WARN'", true),
        ("ctx.http.status >= 500 && ctx.http.status < 600", true),
        ("ctx['http.status'] == 503", true),
        ("ctx.took > 1 || ctx.missing == 'x'", true),
        ("ctx.took <= 1.5 && ctx.took >= 1.5", true),
        ("ctx.took == 1.5 && ctx.http.status == 503.0", true),
        ("ctx.user == null", true),
        ("ctx.missing?.deeper == null", true),
        ("ctx.missing.deeper != null", false),
        ("!(ctx.log.level == 'ERROR')", false),
        ("!ctx.message.contains('health')", false),
        ("ctx.message.contains('/health') && ctx.message.startsWith('GET')", true),
        ("ctx.message.endsWith('ok') && !ctx.message.isEmpty()", true),
        ("ctx.log.level.toLowerCase() == 'error'", true),
        ("ctx.log.level.equalsIgnoreCase('error')", true),
        ("ctx.tags.contains('edge') && ctx.tags.size() == 2", true),
        ("ctx.log.containsKey('level')", true),
        ("ctx.message.length() > 100", false),
        ("ctx.missing.contains('x')", false),
        ("ctx.message < 5", false),
        ("(ctx.took > 2 || ctx.http.status == 503) && true", true),
        ("false || -1 < 0", true),
    ])
    func evaluates(_ source: String, _ expected: Bool) throws {
        let condition = try Condition(source)
        #expect(condition.evaluate(try document(Self.doc)) == expected)
    }

    @Test(arguments: [
        ("ctx.a ==", "unexpected end of condition at offset 8"),
        ("ctx.a == 'x", "unterminated string at offset 9"),
        ("a == 1", "unknown name 'a'; fields are written ctx.a at offset 1"),
        ("ctx == 1", "expected a field after ctx, such as ctx.message at offset 4"),
        ("(ctx.a == 1", "expected ')' at offset 11"),
        ("ctx.a == 1 ctx.b", "unexpected 'c' at offset 11"),
    ])
    func syntaxErrors(_ source: String, _ message: String) {
        #expect(throws: (any Error).self) { try Condition(source) }
        do {
            _ = try Condition(source)
        } catch {
            #expect(error.description == message)
        }
    }
}
