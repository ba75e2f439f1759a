import SiftAnalysis
import Testing

@Suite struct StandardTokenizerTests {
    static let cases: [TokenCase] = [
        TokenCase("an IPv4 address stays one token", "from 192.168.0.1:22 port", ["from@0..<4", "192.168.0.1@5..<16", "22@17..<19", "port@20..<24"]),
        TokenCase("hyphens split host names", "api-us-east-1-db5b", ["api@0..<3", "us@4..<6", "east@7..<11", "1@12..<13", "db5b@14..<18"]),
        TokenCase("letters and digits join", "user u185091 v1 db5b 3e10", ["user@0..<4", "u185091@5..<12", "v1@13..<15", "db5b@16..<20", "3e10@21..<25"]),
        TokenCase("a hex id is one token", "trace bd9c66b3ad3c2d6d1a3d1fa7bc8960a9", ["trace@0..<5", "bd9c66b3ad3c2d6d1a3d1fa7bc8960a9@6..<38"]),
        TokenCase("a UUID splits into its groups", "809d3449-277a-4e5f-9B1C-0a2b3c4d5e6f", ["809d3449@0..<8", "277a@9..<13", "4e5f@14..<18", "9b1c@19..<23", "0a2b3c4d5e6f@24..<36"]),
        TokenCase("path segments are separate tokens", "GET /api/v1/users?id=7", ["get@0..<3", "api@5..<8", "v1@9..<11", "users@12..<17", "id@18..<20", "7@21..<22"]),
        TokenCase("an email splits at the at sign", "mail a@b.com ok", ["mail@0..<4", "a@5..<6", "b.com@7..<12", "ok@13..<15"]),
        TokenCase("a dot between letters joins", "user.id=u185091 java.lang.NullPointerException", ["user.id@0..<7", "u185091@8..<15", "java.lang.nullpointerexception@16..<46"]),
        TokenCase("a dot between a digit and a letter splits", "ec2.internal workers2.properties v1.2.3", ["ec2@0..<3", "internal@4..<12", "workers2@13..<21", "properties@22..<32", "v1.2.3@33..<39"]),
        TokenCase("numbers keep inner dots and commas", "latency 3.962 ms, 1,000 items, 1,000.50 EUR -5", ["latency@0..<7", "3.962@8..<13", "ms@14..<16", "1,000@18..<23", "items@24..<29", "1,000.50@31..<39", "eur@40..<43", "5@45..<46"]),
        TokenCase("a comma between letters splits", "a,b 1,a x,2", ["a@0..<1", "b@2..<3", "1@4..<5", "a@6..<7", "x@8..<9", "2@10..<11"]),
        TokenCase("trailing and doubled dots split", "done. a..b 1..2 .5 end.", ["done@0..<4", "a@6..<7", "b@9..<10", "1@11..<12", "2@14..<15", "5@17..<18", "end@19..<22"]),
        TokenCase("apostrophes join letters or digits", "don't O'Brien 'quoted' 1'000 don\u{2019}t", ["don't@0..<5", "o'brien@6..<13", "quoted@15..<21", "1'000@23..<28", "don\u{2019}t@29..<36"]),
        TokenCase("colons and semicolons split", "ERROR:timeout 12:05:46 fe80::1 a=1;b=2", ["error@0..<5", "timeout@6..<13", "12@14..<16", "05@17..<19", "46@20..<22", "fe80@23..<27", "1@29..<30", "a@31..<32", "1@33..<34", "b@35..<36", "2@37..<38"]),
        TokenCase("underscores join", "trace_id __init__ _id ___ a_-b x_.y", ["trace_id@0..<8", "__init__@9..<17", "_id@18..<21", "a_@26..<28", "b@29..<30", "x_@31..<33", "y@34..<35"]),
        TokenCase("non-ASCII letters are letters", "Größe Ошибка ΑΒΓ café ẞ", ["größe@0..<7", "ошибка@8..<20", "αβγ@21..<27", "café@28..<33", "ß@34..<37"]),
        TokenCase("each ideograph and hiragana is a token", "日本語のテキスト", ["日@0..<3", "本@3..<6", "語@6..<9", "の@9..<12", "テキスト@12..<24"]),
        TokenCase("ideographs next to latin letters split", "用户登录失败user42", ["用@0..<3", "户@3..<6", "登@6..<9", "录@9..<12", "失@12..<15", "败@15..<18", "user42@18..<24"]),
        TokenCase("combining marks continue a token", "e\u{301}cole \u{301}x", ["e\u{301}cole@0..<7", "x@10..<11"]),
        TokenCase("thai marks stay inside the word", "สวัสดี ok", ["สวัสดี@0..<18", "ok@19..<21"]),
        TokenCase("white space and zero width space split, soft hyphen joins", "a\u{A0}b\u{3000}c\u{200B}d ab\u{AD}cd", ["a@0..<1", "b@3..<4", "c@7..<8", "d@11..<12", "ab\u{AD}cd@13..<19"]),
        TokenCase("emoji and symbols split", "deploy 🚀 done © 100%", ["deploy@0..<6", "done@12..<16", "100@20..<23"]),
        TokenCase("full width forms are letters and digits", "ＡＢＣ１２３", ["ａｂｃ１２３@0..<18"]),
        TokenCase("lowercasing is per scalar", "ΟΔΟΣ İSTANBUL", ["οδοσ@0..<8", "i\u{307}stanbul@9..<18"]),
        TokenCase("only punctuation gives no tokens", "--- [] :: !!! ... ,,, ''' ___ /// @", []),
        TokenCase("empty input gives no tokens", "", []),
        TokenCase("json message text", "Order 2983965 placed by user u185091: 8 items, total 409.72 EUR", ["order@0..<5", "2983965@6..<13", "placed@14..<20", "by@21..<23", "user@24..<28", "u185091@29..<36", "8@38..<39", "items@40..<45", "total@47..<52", "409.72@53..<59", "eur@60..<63"]),
        TokenCase("apache line", "[Sun Dec 04 04:51:08 2005] [notice] jk2_init() Found child 6725 in scoreboard slot 10", ["sun@1..<4", "dec@5..<8", "04@9..<11", "04@12..<14", "51@15..<17", "08@18..<20", "2005@21..<25", "notice@28..<34", "jk2_init@36..<44", "found@47..<52", "child@53..<58", "6725@59..<63", "in@64..<66", "scoreboard@67..<77", "slot@78..<82", "10@83..<85"]),
    ]

    @Test(arguments: cases)
    func splitsAndNormalisesLikeTheDocumentedRules(_ example: TokenCase) throws {
        let tokens = analyze(try builtIn("standard"), example.input)
        expectTokens(tokens, example.expected)
        expectInvariants(tokens, of: example.input, normalise: perScalarLowercased)
    }

    static let invalidUTF8: [TokenCase] = [
        TokenCase("a stray 0xFF separates", bytes: [0x61, 0x62, 0xFF, 0x63, 0x64], ["ab@0..<2", "cd@3..<5"]),
        TokenCase("a stray continuation byte separates", bytes: [0x61, 0x62, 0x80, 0x63, 0x64], ["ab@0..<2", "cd@3..<5"]),
        TokenCase("an overlong slash is not a scalar", bytes: [0xC0, 0xAF, 0x78], ["x@2..<3"]),
        TokenCase("a surrogate is not a scalar", bytes: [0xED, 0xA0, 0x80, 0x79], ["y@3..<4"]),
        TokenCase("beyond U+10FFFF is not a scalar", bytes: [0xF4, 0x90, 0x80, 0x80, 0x7A], ["z@4..<5"]),
        TokenCase("a sequence cut at the end is dropped", bytes: [0x61, 0xC3], ["a@0..<1"]),
        TokenCase("a sequence cut by ASCII keeps the ASCII", bytes: [0xE6, 0x97, 0x61], ["a@2..<3"]),
        TokenCase("a four-byte letter decodes", bytes: Array("𝐀 𐐀x".utf8), ["𝐀@0..<4", "𐐨x@5..<10"]),
        TokenCase("a dot before an invalid byte does not join", bytes: [0x61, 0x2E, 0xFF, 0x62], ["a@0..<1", "b@3..<4"]),
    ]

    @Test(arguments: invalidUTF8)
    func invalidUTF8BytesAreSeparators(_ example: TokenCase) throws {
        expectTokens(analyze(try builtIn("standard"), example.input), example.expected)
    }

    @Test func everySingleByteAndEveryPairOfBytesTokenizesWithoutTrapping() throws {
        let standard = try builtIn("standard")
        for first in 0...255 {
            for second in 0...255 {
                let input = [UInt8(first), UInt8(second)]
                expectInvariants(analyze(standard, input), of: input, normalise: perScalarLowercased)
            }
        }
    }

    @Test func aLongRunIsCutEvery255Bytes() throws {
        let standard = try builtIn("standard")
        let a300 = String(repeating: "a", count: 300)
        expectTokens(analyze(standard, Array(a300.utf8)),
            ["\(String(repeating: "a", count: 255))@0..<255", "\(String(repeating: "a", count: 45))@255..<300"])
    }

    @Test func aCutFallsOnAScalarBoundary() throws {
        let standard = try builtIn("standard")
        let input = Array(String(repeating: "é", count: 150).utf8)
        expectTokens(analyze(standard, input),
            ["\(String(repeating: "é", count: 127))@0..<254", "\(String(repeating: "é", count: 23))@254..<300"])
    }

    @Test func theLimitAppliesToTheLowercasedTerm() throws {
        // İ is 2 bytes but lowercases to 3 (i + U+0307), so 85 of them fill a 255-byte term.
        let input = Array(String(repeating: "İ", count: 100).utf8)
        expectTokens(analyze(try builtIn("standard"), input),
            ["\(String(repeating: "i\u{307}", count: 85))@0..<170", "\(String(repeating: "i\u{307}", count: 15))@170..<200"])
    }

    @Test func aCutNeverKeepsAJoiningDotAtEitherEnd() throws {
        let text = String(repeating: "ab.", count: 100) + "c"
        let bytes = Array(text.utf8)
        let tokens = analyze(try builtIn("standard"), bytes)
        let first = String(decoding: bytes[0..<254], as: UTF8.self)
        let second = String(decoding: bytes[255..<301], as: UTF8.self)
        expectTokens(tokens, ["\(first)@0..<254", "\(second)@255..<301"])
    }

    @Test func aSmallerMaximumCutsNumbersBetweenDigits() {
        let analyzer = Analyzer(tokenizer: StandardTokenizer(maxTokenLength: 8))
        expectTokens(analyzer.analyze("abcdefghij 1,234,567,890"),
            ["abcdefgh@0..<8", "ij@8..<10", "1,234,56@11..<19", "7,890@19..<24"])
    }

    @Test func withoutLowercasingTheCaseIsKept() {
        let analyzer = Analyzer(tokenizer: StandardTokenizer(lowercase: false))
        expectTokens(analyzer.analyze("Failed PASSWORD Größe"), ["Failed@0..<6", "PASSWORD@7..<15", "Größe@16..<23"])
    }

    /// Random mixes of the scalars the rules care about, plus invalid bytes, in long runs.
    @Test(arguments: 1...4)
    func randomInputKeepsTheTokenInvariants(seed: UInt64) throws {
        let scalars: [String] = [
            "a", "Z", "9", ".", ",", "'", "_", "-", " ", ":", "é", "e\u{301}", "ẞ", "İ", "Σ", "日", "の", "ア",
            "\u{661}", "🚀", "\u{200B}", "\u{AD}", "ก", "\u{E31}", "ＡＢ", "１", "\u{2019}", "𐐀",
        ]
        let pieces = scalars.map { Array($0.utf8) } + [[0xFF], [0xC3], [0x80], [0xED, 0xA0, 0x80]]
        let standard = try builtIn("standard"), simple = try builtIn("simple"), whitespace = try builtIn("whitespace")
        var random = seed &* 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((random >> 33) % UInt64(bound))
        }
        for _ in 0..<300 {
            var input: [UInt8] = []
            // Few distinct pieces per input, so long runs (and so cuts) happen.
            let palette = (0..<(1 + next(4))).map { _ in pieces[next(pieces.count)] }
            for _ in 0..<next(400) {
                input += palette[next(palette.count)]
            }
            expectInvariants(analyze(standard, input), of: input, normalise: perScalarLowercased)
            expectInvariants(analyze(simple, input), of: input, normalise: perScalarLowercased)
            expectInvariants(analyze(whitespace, input), of: input) { $0 }
        }
    }
}
