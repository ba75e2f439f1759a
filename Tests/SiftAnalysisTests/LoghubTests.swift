import SiftAnalysis
import Testing

/// Real log lines from the loghub samples; a missing sample fails these tests.
@Suite struct LoghubTests {
    static let lines: [(file: String, line: Int, expected: [String])] = [
        ("OpenSSH/OpenSSH_2k.log", 1, [
            "dec@0..<3", "10@4..<6", "06@7..<9", "55@10..<12", "46@13..<15", "labsz@16..<21", "sshd@22..<26",
            "24200@27..<32", "reverse@35..<42", "mapping@43..<50", "checking@51..<59", "getaddrinfo@60..<71",
            "for@72..<75", "ns.marryaldkfaczcz.com@76..<98", "173.234.31.186@100..<114", "failed@116..<122",
            "possible@125..<133", "break@134..<139", "in@140..<142", "attempt@143..<150",
        ]),
        ("OpenSSH/OpenSSH_2k.log", 4, [
            "dec@0..<3", "10@4..<6", "06@7..<9", "55@10..<12", "46@13..<15", "labsz@16..<21", "sshd@22..<26",
            "24200@27..<32", "pam_unix@35..<43", "sshd@44..<48", "auth@49..<53", "check@56..<61", "pass@62..<66",
            "user@68..<72", "unknown@73..<80",
        ]),
        ("OpenSSH/OpenSSH_2k.log", 6, [
            "dec@0..<3", "10@4..<6", "06@7..<9", "55@10..<12", "48@13..<15", "labsz@16..<21", "sshd@22..<26",
            "24200@27..<32", "failed@35..<41", "password@42..<50", "for@51..<54", "invalid@55..<62", "user@63..<67",
            "webmaster@68..<77", "from@78..<82", "173.234.31.186@83..<97", "port@98..<102", "38926@103..<108",
            "ssh2@109..<113",
        ]),
        ("Apache/Apache_2k.log", 1, [
            "sun@1..<4", "dec@5..<8", "04@9..<11", "04@12..<14", "47@15..<17", "44@18..<20", "2005@21..<25",
            "notice@28..<34", "workerenv.init@36..<50", "ok@53..<55", "etc@57..<60", "httpd@61..<66",
            "conf@67..<71", "workers2@72..<80", "properties@81..<91",
        ]),
        ("Apache/Apache_2k.log", 132, [
            "sun@1..<4", "dec@5..<8", "04@9..<11", "05@12..<14", "15@15..<17", "09@18..<20", "2005@21..<25",
            "error@28..<33", "client@36..<42", "222.166.160.184@43..<58", "directory@60..<69", "index@70..<75",
            "forbidden@76..<85", "by@86..<88", "rule@89..<93", "var@96..<99", "www@100..<103", "html@104..<108",
        ]),
    ]

    @Test(arguments: 0..<lines.count)
    func realLineGivesExactTokens(index: Int) throws {
        let (file, number, expected) = Self.lines[index]
        let lines = try Loghub.lines(file)
        let line = try #require(number <= lines.count ? lines[number - 1] : nil, "\(file) has no line \(number)")
        expectTokens(analyze(try builtIn("standard"), line), expected)
    }

    @Test func everyLoghubSampleIsPresent() throws {
        let samples = try Loghub.allSamples()
        #expect(samples.count == 14, "found \(samples)")
    }

    /// Every line of every sample, through every analyzer: no trap, and the token invariants hold.
    @Test func everyLineOfEverySampleKeepsTheTokenInvariants() throws {
        let samples = try Loghub.allSamples()
        try #require(samples.count == 14)
        let standard = try builtIn("standard"), simple = try builtIn("simple")
        let whitespace = try builtIn("whitespace"), keyword = try builtIn("keyword")
        var lineCount = 0, tokenCount = 0
        for sample in samples {
            for line in try Loghub.lines(sample) {
                lineCount += 1
                let tokens = analyze(standard, line)
                tokenCount += tokens.count
                expectInvariants(tokens, of: line, in: sample) { perScalarLowercased($0) }
                expectInvariants(analyze(simple, line), of: line, in: sample) { perScalarLowercased($0) }
                expectInvariants(analyze(whitespace, line), of: line, in: sample) { $0 }
                #expect(analyze(keyword, line).map(\.term) == (line.isEmpty ? [] : [line]))
            }
        }
        #expect(lineCount >= 14 * 2_000)
        #expect(tokenCount > 200_000)
    }
}

/// Positions are 0, 1, 2, …; offsets are in bounds, in order and do not overlap; each token's
/// input slice is valid UTF-8 that `normalise`s to the term; terms are 1…255 bytes.
func expectInvariants(
    _ tokens: [Token], of input: [UInt8], in source: String = "",
    sourceLocation: SourceLocation = #_sourceLocation, normalise: (String) -> String
) {
    var previousEnd: Int32 = 0
    for (index, token) in tokens.enumerated() {
        // Built only when an expectation fails: formatting it for every token dominated the run time.
        func context() -> Comment {
            "\(source) token \(index) of \(String(decoding: input, as: UTF8.self).debugDescription)"
        }
        #expect(token.position == Int32(index), context(), sourceLocation: sourceLocation)
        #expect((1...255).contains(token.term.count), context(), sourceLocation: sourceLocation)
        guard previousEnd <= token.startOffset, token.startOffset < token.endOffset,
            Int(token.endOffset) <= input.count
        else {
            Issue.record("bad offsets \(token.startOffset)..<\(token.endOffset): \(context())", sourceLocation: sourceLocation)
            return
        }
        previousEnd = token.endOffset
        let slice = String(validating: input[Int(token.startOffset)..<Int(token.endOffset)], as: UTF8.self)
        #expect(slice.map(normalise) == String(validating: token.term, as: UTF8.self), context(),
            sourceLocation: sourceLocation)
    }
}
