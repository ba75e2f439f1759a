import SiftAnalysis
import Testing

@Suite struct AnalyzerRegistryTests {
    @Test func listsEveryBuiltInAnalyzer() {
        #expect(AnalyzerRegistry.builtIn.names == ["keyword", "simple", "standard", "whitespace"])
        #expect(AnalyzerRegistry.builtIn.names.contains(AnalyzerRegistry.defaultAnalyzerName))
    }

    @Test func anUnknownNameIsAnErrorListingTheKnownNames() {
        #expect(throws: AnalysisError.unknownAnalyzer("english", known: ["keyword", "simple", "standard", "whitespace"])) {
            try AnalyzerRegistry.builtIn.analyzer(named: "english")
        }
        let error = AnalysisError.unknownAnalyzer("english", known: ["keyword", "standard"])
        #expect(error.description.hasPrefix("unknown analyzer 'english'; known analyzers: keyword, standard."))
    }

    @Test func aRegisteredAnalyzerIsFoundByName() throws {
        var registry = AnalyzerRegistry()
        registry.register("upper_words", Analyzer(tokenizer: StandardTokenizer(lowercase: false)))
        #expect(registry.names == ["upper_words"])
        expectTokens(try registry.analyzer(named: "upper_words").analyze("A-b"), ["A@0..<1", "b@2..<3"])
    }
}

@Suite struct AnalyzerTests {
    @Test func keywordKeepsTheWholeValueUnchanged() throws {
        let keyword = try builtIn("keyword")
        expectTokens(keyword.analyze("Failed password for ROOT from 10.0.0.1"),
            ["Failed password for ROOT from 10.0.0.1@0..<38"])
        expectTokens(keyword.analyze("Größe"), ["Größe@0..<7"])
        #expect(keyword.analyze("").isEmpty)
        #expect(analyze(keyword, [0x41, 0xFF]).map(\.term) == [[0x41, 0xFF]])
    }

    @Test func whitespaceSplitsOnUnicodeWhiteSpaceOnly() throws {
        expectTokens(try builtIn("whitespace").analyze("ERROR [db-1]:  Timeout\tafter\u{3000}5s\n"),
            ["ERROR@0..<5", "[db-1]:@6..<13", "Timeout@15..<22", "after@23..<28", "5s@31..<33"])
        #expect(try builtIn("whitespace").analyze(" \t\n\u{A0}").isEmpty)
        expectTokens(analyze(try builtIn("whitespace"), [0x61, 0xFF, 0x62]), ["a@0..<1", "b@2..<3"])
    }

    @Test func whitespaceCutsRunsLongerThan255Bytes() throws {
        let path = String(repeating: "/x", count: 150)
        let tokens = try builtIn("whitespace").analyze(path)
        expectTokens(tokens, ["\(path.prefix(255))@0..<255", "\(path.dropFirst(255))@255..<300"])
    }

    @Test func simpleKeepsLettersOnlyAndLowercases() throws {
        expectTokens(try builtIn("simple").analyze("sshd[24200]: Failed password for ROOT db5b Ünïcode 日本語"),
            ["sshd@0..<4", "failed@13..<19", "password@20..<28", "for@29..<32", "root@33..<37", "db@38..<40",
             "b@41..<42", "ünïcode@43..<52", "日本語@53..<62"])
        #expect(try builtIn("simple").analyze("12:05 -- 3.5").isEmpty)
    }

    @Test func filtersRunAfterTheTokenizerInOrder() {
        let analyzer = Analyzer(tokenizer: WhitespaceTokenizer(), filters: [LowercaseFilter(), DropTerm("the")])
        expectTokensWithPositions(analyzer.analyze("ERROR in THE Ünïcode İx"),
            ["error@0..<5#0", "in@6..<8#1", "ünïcode@13..<22#3", "i\u{307}x@23..<26#4"])
    }

    @Test func lowercaseFilterKeepsBytesThatAreNotUTF8() {
        var tokens = [Token(term: [0x41, 0xFF, 0xC3, 0x89], position: 0, startOffset: 0, endOffset: 4)]
        LowercaseFilter().filter(&tokens)
        #expect(tokens[0].term == [0x61, 0xFF, 0xC3, 0xA9])
    }

    @Test func analyzingIntoAnArrayReplacesItsContents() throws {
        let standard = try builtIn("standard")
        var tokens: [Token] = []
        Array("first value here".utf8).withUnsafeBytes { standard.analyze($0, into: &tokens) }
        Array("Second".utf8).withUnsafeBytes { standard.analyze($0, into: &tokens) }
        expectTokens(tokens, ["second@0..<6"])
        #expect(tokens.capacity >= 3)
    }
}

/// Drops one term but keeps the others' positions, as a stop filter must for phrase queries.
private struct DropTerm: TokenFilter {
    let term: [UInt8]
    init(_ term: String) { self.term = Array(term.utf8) }
    func filter(_ tokens: inout [Token]) { tokens.removeAll { $0.term == term } }
}

private func expectTokensWithPositions(
    _ tokens: [Token], _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation
) {
    let rendered = zip(render(tokens), tokens).map { "\($0)#\($1.position)" }
    #expect(rendered == expected, sourceLocation: sourceLocation)
}
