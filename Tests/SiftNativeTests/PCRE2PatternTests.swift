import Foundation
import SiftNative
import SiftTestSupport
import Testing

@Suite struct PCRE2PatternTests {
    /// Apache/nginx "combined" format with 11 named groups; `bytes` is `-` when no body was sent.
    static let combinedLog = #"""
        ^(?<clientip>\S+) (?<ident>\S+) (?<auth>\S+) \[(?<timestamp>[^\]]+)\] \#
        "(?<verb>[A-Z]+) (?<request>\S+) HTTP/(?<httpversion>[0-9.]+)" \#
        (?<response>[0-9]{3}) (?<bytes>[0-9]+|-) "(?<referrer>[^"]*)" "(?<agent>[^"]*)"$
        """#

    static let apacheLogPath = sharedDataPath("access/apache_combined_2k.log")

    /// The log's lines as bytes; a missing file fails the calling test.
    static func apacheLines() throws -> [[UInt8]] {
        let data = try #require(
            FileManager.default.contents(atPath: apacheLogPath), "test data missing: \(apacheLogPath)")
        return [UInt8](data).split(separator: 0x0A).map(Array.init)
    }

    static func text(_ bytes: [UInt8], _ range: Range<Int>?) -> String? {
        range.map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    @Test func namedGroupsExtractTheFieldsOfAnApacheLine() throws {
        let pattern = try PCRE2Pattern(Self.combinedLog)
        #expect(pattern.captureCount == 11)
        #expect(pattern.captureNames == [
            "clientip", "ident", "auth", "timestamp", "verb", "request", "httpversion",
            "response", "bytes", "referrer", "agent",
        ])
        #expect(pattern.captureIndex(named: "verb") == 5)
        #expect(pattern.captureIndex(named: "nope") == nil)

        let line = try #require(try Self.apacheLines().first)
        let match = try #require(try pattern.makeMatcher().firstMatch(in: line))
        #expect(match.range == 0..<line.count)
        let fields = Dictionary(uniqueKeysWithValues: pattern.captureNames.map { ($0, Self.text(line, match[$0])) })
        #expect(fields == [
            "clientip": "83.149.9.216", "ident": "-", "auth": "-", "timestamp": "17/May/2015:10:05:03 +0000",
            "verb": "GET", "request": "/presentations/logstash-monitorama-2013/images/kibana-search.png",
            "httpversion": "1.1", "response": "200", "bytes": "203023",
            "referrer": "http://semicomplete.com/presentations/logstash-monitorama-2013/",
            "agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "Chrome/32.0.1700.77 Safari/537.36",
        ])
        #expect(match[group: 1] == 0..<12)
        #expect(match[group: 12] == nil)
        #expect(match["missing"] == nil)
    }

    @Test func everyApacheLineMatches() throws {
        let lines = try Self.apacheLines()
        #expect(lines.count == 2_000)
        let matcher = try PCRE2Pattern(Self.combinedLog).makeMatcher()
        var (matched, dashBytes, statuses) = (0, 0, [String: Int]())
        for line in lines {
            guard let match = try matcher.firstMatch(in: line) else { continue }
            matched += 1
            if Self.text(line, match["bytes"]) == "-" { dashBytes += 1 }
            statuses[Self.text(line, match["response"]) ?? "", default: 0] += 1
        }
        #expect(matched == 2_000)
        #expect(dashBytes == 73)
        #expect(statuses.values.reduce(0, +) == 2_000)
        #expect(statuses["200"].map { $0 > 1_500 } == true)
    }

    @Test func utfModeTreatsMultibyteCharactersAsOneWithByteOffsets() throws {
        #expect(try PCRE2Pattern(#"^\w+$"#).firstMatch(in: "é")?.range == 0..<2)
        #expect(try PCRE2Pattern(#"^.$"#).firstMatch(in: "é")?.range == 0..<2)
        #expect(try PCRE2Pattern(#"."#).firstMatch(in: "é")?.range == 0..<2)
        #expect(try PCRE2Pattern(#"\bcafé\b"#).firstMatch(in: "naïve café!")?.range == 7..<12)
        let match = try #require(try PCRE2Pattern(#"(?<word>\w+)é"#).firstMatch(in: "→ résumé"))
        #expect(match.range == 4..<12)  // "→ " is 4 bytes; "résumé" is 8
        #expect(match["word"] == 4..<10)
    }

    @Test func invalidUTF8InTheSubjectDoesNotThrow() throws {
        let subject: [UInt8] = [0x61, 0xFF, 0xFE, 0x62, 0xC3]  // "a", two invalid bytes, "b", a cut-off "é"
        #expect(try PCRE2Pattern("b").firstMatch(in: subject)?.range == 3..<4)
        #expect(try PCRE2Pattern(".+").firstMatch(in: subject)?.range == 0..<1)
        #expect(try PCRE2Pattern(#"\w+$"#).firstMatch(in: subject) == nil)
        let matcher = try PCRE2Pattern("b").makeMatcher()
        #expect(try matcher.matches(subject))
        #expect(try matcher.firstMatch(in: subject, from: 2)?.range == 3..<4)  // start inside the invalid bytes
    }

    @Test func caselessOptionIgnoresCase() throws {
        let subject = "level=ERROR msg=Straße"
        #expect(try PCRE2Pattern("error").firstMatch(in: subject) == nil)
        #expect(try PCRE2Pattern("error", options: .caseless).firstMatch(in: subject)?.range == 6..<11)
        #expect(try PCRE2Pattern("STRASSE|STRAßE", options: .caseless).firstMatch(in: subject)?.range == 16..<23)
    }

    @Test func otherOptionsChangeMatching() throws {
        let lines = "first\nsecond"
        #expect(try PCRE2Pattern("^second$").firstMatch(in: lines) == nil)
        #expect(try PCRE2Pattern("^second$", options: .multiline).firstMatch(in: lines)?.range == 6..<12)
        #expect(try PCRE2Pattern("t.s").firstMatch(in: lines) == nil)
        #expect(try PCRE2Pattern("t.s", options: .dotAll).firstMatch(in: lines)?.range == 4..<7)
        #expect(try PCRE2Pattern("second", options: .anchored).firstMatch(in: lines) == nil)
        #expect(try PCRE2Pattern("second", options: .anchored).firstMatch(in: lines, from: 6)?.range == 6..<12)
        #expect(try PCRE2Pattern("sec ond  # a comment", options: .extended).firstMatch(in: lines)?.range == 6..<12)
    }

    @Test func unsetOptionalGroupsAreNil() throws {
        let match = try #require(try PCRE2Pattern("(?<x>a)?(?<y>b)").firstMatch(in: "b"))
        #expect(match.range == 0..<1)
        #expect(match["x"] == nil)
        #expect(match[group: 1] == nil)
        #expect(match["y"] == 0..<1)
        // A trailing group that did not take part: PCRE2 returns fewer offset pairs than groups.
        let alternation = try #require(try PCRE2Pattern("(a)|(b)").firstMatch(in: "xa"))
        #expect(alternation[group: 1] == 1..<2)
        #expect(alternation[group: 2] == nil)
        #expect(alternation[group: -1] == nil)
    }

    @Test func duplicateNamesResolveToTheGroupThatMatched() throws {
        let pattern = try PCRE2Pattern(#"(?J)(?<n>\d+)s|(?<n>\d+)ms"#)
        #expect(pattern.captureNames == ["n"])
        #expect(pattern.captureIndex(named: "n") == 1)
        #expect(try pattern.firstMatch(in: "took 25ms")?["n"] == 5..<7)
        #expect(try pattern.firstMatch(in: "took 3s")?["n"] == 5..<6)
    }

    @Test func emptyPatternAndPatternWithNULMatch() throws {
        #expect(try PCRE2Pattern("").firstMatch(in: "abc")?.range == 0..<0)
        #expect(try PCRE2Pattern("").firstMatch(in: "")?.range == 0..<0)
        #expect(try PCRE2Pattern("a\u{0}b").firstMatch(in: [0x78, 0x61, 0x00, 0x62])?.range == 1..<4)
        #expect(try PCRE2Pattern("a\u{0}b").firstMatch(in: "ab") == nil)
    }

    @Test func searchStartsAtTheGivenOffset() throws {
        let matcher = try PCRE2Pattern(#"\d+"#).makeMatcher()
        let subject = "a1 b22 c333"
        #expect(try matcher.firstMatch(in: subject)?.range == 1..<2)
        #expect(try matcher.firstMatch(in: subject, from: 2)?.range == 4..<6)
        #expect(try matcher.firstMatch(in: subject, from: 11) == nil)
        #expect(try matcher.firstMatch(in: "") == nil)
        #expect(try matcher.matches("x") == false)
        #expect(try matcher.matches([UInt8]("x9".utf8)))
        #expect(throws: PCRE2Error.match(code: -33, message: "bad offset value")) {
            try matcher.firstMatch(in: subject, from: 12)
        }
        #expect(throws: PCRE2Error.match(code: -33, message: "bad offset value")) {
            try matcher.firstMatch(in: subject, from: -1)
        }
    }

    @Test func compileErrorCarriesPCRE2sMessageAndOffset() {
        #expect(throws: PCRE2Error.compile(message: "missing closing parenthesis", offset: 3, pattern: "a(b")) {
            try PCRE2Pattern("a(b")
        }
        #expect(throws: PCRE2Error.compile(
            message: "numbers out of order in {} quantifier", offset: 5, pattern: "a{2,1}")) {
            try PCRE2Pattern("a{2,1}")
        }
        #expect(PCRE2Error.compile(message: "m", offset: 3, pattern: "a(b").description
            == "invalid regular expression at offset 3: m (pattern: a(b); fix the pattern")
    }

    @Test func nestedQuantifiersHitTheMatchLimitInsteadOfHanging() throws {
        let nested = try PCRE2Pattern(#"^(a+)+$"#)
        #expect(throws: PCRE2Error.matchLimitExceeded) {
            try nested.firstMatch(in: String(repeating: "a", count: 40) + "b")
        }
        // PCRE2 first checks that the required last character "y" occurs at all, so 5000 "x" alone are
        // rejected at once without backtracking; a "y" the match cannot reach forces the full search.
        let pairs = try PCRE2Pattern(#"(x+x+)+y"#)
        let xs = String(repeating: "x", count: 5_000)
        #expect(try pairs.firstMatch(in: xs) == nil)
        #expect(throws: PCRE2Error.matchLimitExceeded) {
            try pairs.firstMatch(in: xs + "-y")
        }
        #expect(try pairs.firstMatch(in: xs + "y")?.range == 0..<5_001)
    }

    @Test func aLowerMatchLimitIsEnforced() throws {
        let pattern = try PCRE2Pattern(#"(\w+\s?)+$"#, matchLimit: 1_000)
        #expect(pattern.matchLimit == 1_000)
        #expect(throws: PCRE2Error.matchLimitExceeded) {
            try pattern.firstMatch(in: String(repeating: "word ", count: 30) + "!")
        }
    }

    @Test func onePatternServesEightConcurrentTasks() async throws {
        let pattern = try PCRE2Pattern(#"user=(?<user>[a-z]+)(?<id>[0-9]+) took=(?<ms>[0-9]+)ms"#)
        #expect(pattern.isJITCompiled)
        let correct = await withTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    let matcher = pattern.makeMatcher()
                    var correct = 0
                    for i in 0..<10_000 {
                        let id = task * 100_000 + i
                        let line = Array("ts=\(i) user=u\(id) took=\(i % 977)ms".utf8)
                        guard let match = try? matcher.firstMatch(in: line) else { continue }
                        if Self.text(line, match["id"]) == "\(id)", Self.text(line, match["ms"]) == "\(i % 977)",
                           Self.text(line, match["user"]) == "u"
                        {
                            correct += 1
                        }
                    }
                    return correct
                }
            }
            return await group.reduce(0, +)
        }
        #expect(correct == 80_000)
    }
}
