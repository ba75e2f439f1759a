import SiftCore
import SiftTestSupport
import Testing

/// An input that must be rejected, with the exact reason and byte offset.
struct InvalidJSON: CustomTestStringConvertible, Sendable {
    var bytes: [UInt8]
    var reason: JSONError.Reason
    var offset: Int

    init(_ text: String, _ reason: JSONError.Reason, at offset: Int) {
        self.init(bytes: Array(text.utf8), reason, at: offset)
    }

    init(bytes: [UInt8], _ reason: JSONError.Reason, at offset: Int) {
        self.bytes = bytes
        self.reason = reason
        self.offset = offset
    }

    var testDescription: String { String(decoding: bytes, as: UTF8.self).debugDescription }
}

@Suite struct JSONReaderTests {
    static let invalid: [InvalidJSON] = [
        // Structure
        InvalidJSON("", .unexpectedEndOfInput, at: 0),
        InvalidJSON("   ", .unexpectedEndOfInput, at: 3),
        InvalidJSON("[", .unexpectedEndOfInput, at: 1),
        InvalidJSON("[1", .unexpectedEndOfInput, at: 2),
        InvalidJSON("{", .unexpectedEndOfInput, at: 1),
        InvalidJSON(#"{"a":"#, .unexpectedEndOfInput, at: 5),
        InvalidJSON("[1,]", .trailingComma, at: 3),
        InvalidJSON(#"{"a":1,}"#, .trailingComma, at: 7),
        InvalidJSON(#"{"a" 1}"#, .expectedColon, at: 5),
        InvalidJSON(#"{"a":1 "b":2}"#, .expectedCommaOrEndOfObject, at: 7),
        InvalidJSON("[1 2]", .expectedCommaOrEndOfArray, at: 3),
        InvalidJSON("{1:2}", .expectedKey, at: 1),
        InvalidJSON("{'a':1}", .expectedKey, at: 1),
        InvalidJSON("{,}", .expectedKey, at: 1),
        InvalidJSON("[,1]", .expectedValue, at: 1),
        InvalidJSON("[1,,2]", .expectedValue, at: 3),
        InvalidJSON("]", .expectedValue, at: 0),
        InvalidJSON("[1]]", .trailingData, at: 3),
        InvalidJSON(#"{"a":1}x"#, .trailingData, at: 7),
        InvalidJSON("1 2", .trailingData, at: 2),
        InvalidJSON("\u{0C}1", .expectedValue, at: 0),
        InvalidJSON("\u{A0}1", .expectedValue, at: 0),
        InvalidJSON(bytes: [0xEF, 0xBB, 0xBF, 0x7B, 0x7D], .expectedValue, at: 0),
        // Literals
        InvalidJSON("tru", .invalidLiteral, at: 0),
        InvalidJSON("nulx", .invalidLiteral, at: 0),
        InvalidJSON(#"{"a":fals}"#, .invalidLiteral, at: 5),
        InvalidJSON("True", .expectedValue, at: 0),
        InvalidJSON("NaN", .expectedValue, at: 0),
        InvalidJSON("Infinity", .expectedValue, at: 0),
        // Numbers
        InvalidJSON("-Infinity", .invalidNumber, at: 1),
        InvalidJSON("+1", .expectedValue, at: 0),
        InvalidJSON(".5", .expectedValue, at: 0),
        InvalidJSON("1.", .invalidNumber, at: 2),
        InvalidJSON("1.e5", .invalidNumber, at: 2),
        InvalidJSON("01", .leadingZero, at: 0),
        InvalidJSON("-01", .leadingZero, at: 0),
        InvalidJSON("[01]", .leadingZero, at: 1),
        InvalidJSON("1e", .invalidNumber, at: 2),
        InvalidJSON("1e+", .invalidNumber, at: 3),
        InvalidJSON("-", .invalidNumber, at: 1),
        InvalidJSON("[-]", .invalidNumber, at: 2),
        InvalidJSON("0x10", .trailingData, at: 1),
        InvalidJSON("1e400", .numberOutOfRange, at: 0),
        InvalidJSON("-1e400", .numberOutOfRange, at: 0),
        InvalidJSON("[1,1e999]", .numberOutOfRange, at: 3),
        InvalidJSON("1" + String(repeating: "0", count: 400), .numberOutOfRange, at: 0),
        // Strings and escapes
        InvalidJSON(#""abc"#, .unterminatedString, at: 0),
        InvalidJSON(#"["abc"#, .unterminatedString, at: 1),
        InvalidJSON(#""a\"#, .unterminatedString, at: 0),
        InvalidJSON(#""\u12"#, .unterminatedString, at: 0),
        InvalidJSON(#""\x""#, .invalidEscape, at: 1),
        InvalidJSON(#""ab\'""#, .invalidEscape, at: 3),
        InvalidJSON(#""\u12""#, .invalidUnicodeEscape, at: 1),
        InvalidJSON(#""\u00G0""#, .invalidUnicodeEscape, at: 1),
        InvalidJSON(#""\ud800""#, .invalidSurrogate, at: 1),
        InvalidJSON(#""\udc00""#, .invalidSurrogate, at: 1),
        InvalidJSON(#""\ud800\u0041""#, .invalidSurrogate, at: 1),
        InvalidJSON(#""ab\ud83dx""#, .invalidSurrogate, at: 3),
        InvalidJSON(#""\ude00\ud83d""#, .invalidSurrogate, at: 1),
        InvalidJSON(#""\ud83d\uzzzz""#, .invalidUnicodeEscape, at: 7),
        InvalidJSON("\"a\tb\"", .controlCharacterInString, at: 2),
        InvalidJSON("\"a\nb\"", .controlCharacterInString, at: 2),
        InvalidJSON("\"\u{0}\"", .controlCharacterInString, at: 1),
        InvalidJSON("\"\\n\u{1F}\"", .controlCharacterInString, at: 3),
        // UTF-8
        InvalidJSON(bytes: [0x22, 0xC0, 0xAF, 0x22], .invalidUTF8, at: 1),        // overlong '/'
        InvalidJSON(bytes: [0x22, 0xE0, 0x80, 0xAF, 0x22], .invalidUTF8, at: 1),  // overlong 3-byte
        InvalidJSON(bytes: [0x22, 0xF0, 0x80, 0x80, 0xAF, 0x22], .invalidUTF8, at: 1),  // overlong 4-byte
        InvalidJSON(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], .invalidUTF8, at: 1),  // U+D800 encoded
        InvalidJSON(bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], .invalidUTF8, at: 1),  // U+110000
        InvalidJSON(bytes: [0x22, 0x61, 0xE2, 0x82, 0x22], .invalidUTF8, at: 2),  // truncated before the quote
        InvalidJSON(bytes: [0x22, 0xE2, 0x82], .invalidUTF8, at: 1),              // truncated by end of input
        InvalidJSON(bytes: [0x22, 0x80, 0x22], .invalidUTF8, at: 1),              // stray continuation
        InvalidJSON(bytes: [0x22, 0xFF, 0x22], .invalidUTF8, at: 1),
        InvalidJSON(bytes: [0x22, 0x5C, 0x6E, 0xC3, 0x28, 0x22], .invalidUTF8, at: 3),  // after an escape
        // Duplicate keys
        InvalidJSON(#"{"a":1,"a":2}"#, .duplicateKey("a"), at: 7),
        InvalidJSON(#"{"a":1,"\u0061":2}"#, .duplicateKey("a"), at: 7),
        InvalidJSON(#"{"x":{"http.status":1,"b":2,"http.status":3}}"#, .duplicateKey("http.status"), at: 28),
    ]

    @Test(arguments: invalid)
    func invalidInputIsRejectedWithReasonAndOffset(_ input: InvalidJSON) {
        #expect(throws: JSONError(input.reason, at: input.offset)) {
            try JSONReader.parse(input.bytes)
        }
    }

    @Test func errorDescriptionNamesOffsetAndReason() throws {
        let error = try #require(throws: JSONError.self) { try JSONReader.parse(Array(#"{"message":"abc"#.utf8)) }
        #expect(error.description == "invalid JSON at byte 11: unterminated string")
        let duplicate = try #require(throws: JSONError.self) { try JSONReader.parse(Array(#"{"x":1,"x":2}"#.utf8)) }
        #expect(duplicate.description == "invalid JSON at byte 7: duplicate field 'x'")
    }

    static let valid: [(String, JSONValue)] = [
        ("[]", []),
        ("{}", [:]),
        (" \t\r\n[ ] \n", []),
        ("true", true),
        ("false", false),
        ("null", nil),
        (#""""#, ""),
        (#""é""#, "é"),
        (#""\u00e9""#, "é"),
        (#""\u00E9x""#, "éx"),
        (#""\ud83d\ude00""#, "😀"),
        (#""😀 and \uD83D\uDE00""#, "😀 and 😀"),
        (#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{8}\u{C}\n\r\t"),
        (#""\u0000""#, "\u{0}"),
        (#""\u20AC100""#, "€100"),
        ("0", 0),
        ("-0", 0),
        ("123456789012345678", .int(123_456_789_012_345_678)),
        ("9223372036854775807", .int(.max)),
        ("-9223372036854775808", .int(.min)),
        ("9223372036854775808", .double(9_223_372_036_854_775_808.0)),
        ("-9223372036854775809", .double(-9_223_372_036_854_775_809.0)),
        ("123456789012345678901234567890", .double(1.2345678901234568e29)),
        ("1.5", 1.5),
        ("1E2", 100.0),
        ("1e-2", 0.01),
        ("-2.5e+3", -2500.0),
        ("0.1", 0.1),
        ("3.962", 3.962),
        ("0.30000000000000004", .double(0.1 + 0.2)),
        ("3.141592653589793238462643383279", .double(.pi)),
        ("1.7976931348623157e308", .double(.greatestFiniteMagnitude)),
        ("5e-324", .double(.leastNonzeroMagnitude)),
        ("2.2250738585072014e-308", .double(.leastNormalMagnitude)),
        ("1e-400", 0.0),
        ("0e999999", 0.0),
        ("0.000001234", 0.000001234),
        ("[1,\"a\",true,null,{\"k\":[]}]", [1, "a", true, nil, ["k": []]]),
        ("\t{ \"b\" : 1 ,\n\"a\" : [ 2 , 3 ] }\r\n", ["b": 1, "a": [2, 3]]),
    ]

    @Test(arguments: valid)
    func validInputParsesToExpectedValue(_ text: String, _ expected: JSONValue) throws {
        #expect(try JSONReader.parse(Array(text.utf8)) == expected)
    }

    @Test func negativeZeroDoubleKeepsItsSign() throws {
        let value = try JSONReader.parse(Array("-0.0".utf8))
        let double = try #require(value.doubleValue)
        #expect(double == 0 && double.sign == .minus)
    }

    @Test func objectsKeepKeyOrder() throws {
        let object = try JSONReader.parseObject(Array(#"{"z":1,"a":2,"m":3}"#.utf8))
        #expect(object.keys == ["z", "a", "m"])
        #expect(object != ["a": 2, "m": 3, "z": 1])
    }

    @Test func parseObjectRejectsOtherValuesAfterCheckingSyntax() {
        #expect(throws: JSONError(.notAnObject, at: 2)) { try JSONReader.parseObject(Array("  [1]".utf8)) }
        #expect(throws: JSONError(.trailingComma, at: 3)) { try JSONReader.parseObject(Array("[1,]".utf8)) }
        #expect(throws: JSONError(.notAnObject, at: 0)) { try Document(parsing: Array(#""{}""#.utf8)) }
    }

    @Test func depthLimitIsExact() throws {
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(try JSONReader.parse(Array(ok.utf8)).arrayValue?.count == 1)
        let deep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(throws: JSONError(.nestingTooDeep, at: 512)) { try JSONReader.parse(Array(deep.utf8)) }
        let objects = String(repeating: #"{"a":"#, count: 3) + "1" + String(repeating: "}", count: 3)
        #expect(try JSONReader.parse(Array(objects.utf8), maxDepth: 3) == ["a": ["a": ["a": 1]]])
        #expect(throws: JSONError(.nestingTooDeep, at: 10)) { try JSONReader.parse(Array(objects.utf8), maxDepth: 2) }
    }

    /// Puts a special byte at every position of a 24-byte string so that both the 8-byte scanner
    /// and its byte-at-a-time tail see it.
    @Test(arguments: 0..<24)
    func specialBytesAreFoundAtEveryPosition(_ position: Int) throws {
        func string(with insert: [UInt8]) -> [UInt8] {
            var body = Array(repeating: UInt8(ascii: "x"), count: 24)
            body.replaceSubrange(position..<position + 1, with: insert)
            return [0x22] + body + [0x22]
        }
        let escaped = try JSONReader.parse(string(with: Array(#"\""#.utf8)))
        #expect(escaped.stringValue?.utf8.count == 24)
        #expect(escaped.stringValue?.utf8.dropFirst(position).first == UInt8(ascii: "\""))
        #expect(try JSONReader.parse(string(with: [0xC3, 0xA9])).stringValue?.count == 24)
        #expect(throws: JSONError(.controlCharacterInString, at: 1 + position)) {
            try JSONReader.parse(string(with: [0x01]))
        }
        #expect(throws: JSONError(.invalidUTF8, at: 1 + position)) { try JSONReader.parse(string(with: [0xC3])) }
        let truncated = [0x22] + Array(repeating: UInt8(ascii: "y"), count: position)
        #expect(throws: JSONError(.unterminatedString, at: 0)) { try JSONReader.parse(truncated) }
    }

    @Test func escapedAndLongStringsDecode() throws {
        let long = String(repeating: "abcdefgh", count: 40)
        #expect(try JSONReader.parse(Array("\"\(long)\"".utf8)) == .string(long))
        let mixed = #""pre \"quoted\" mid \\ é 😀 \u4e2d\u6587 end""#
        #expect(try JSONReader.parse(Array(mixed.utf8)) == "pre \"quoted\" mid \\ é 😀 中文 end")
    }

    @Test func keysWithEscapesAndLongKeysCompareByContent() throws {
        let object = try JSONReader.parseObject(Array(#"{"a\tb":1,"elasticsearch.cluster.uuid":2,"\u00e9":3}"#.utf8))
        #expect(object.keys == ["a\tb", "elasticsearch.cluster.uuid", "é"])
        let long = String(repeating: "k", count: 100)
        #expect(throws: JSONError(.duplicateKey(long), at: 106)) {
            try JSONReader.parse(Array(#"{"\#(long)":1,"\#(long)":2}"#.utf8))
        }
    }

    @Test func manyKeysAreCheckedForDuplicatesBeyondTheLinearScan() throws {
        let members = (0..<200).map { #""k\#($0)":\#($0)"# }
        let object = try JSONReader.parseObject(Array("{\(members.joined(separator: ","))}".utf8))
        #expect(object.count == 200)
        #expect(object["k199"] == 199)
        let duplicated = "{\(members.joined(separator: ",")),\"k150\":0}"
        #expect(throws: JSONError(.duplicateKey("k150"), at: duplicated.utf8.count - 9)) {
            try JSONReader.parse(Array(duplicated.utf8))
        }
    }

    @Test func sameKeyInDifferentObjectsIsAllowed() throws {
        let value = try JSONReader.parse(Array(#"{"a":{"a":1},"b":[{"a":2},{"a":3}]}"#.utf8))
        #expect(value == ["a": ["a": 1], "b": [["a": 2], ["a": 3]]])
    }

    /// The fast path (Clinger) and the fallback must both round correctly: compare with the
    /// standard library's parser over random decimal spellings.
    @Test func decimalsAreCorrectlyRounded() throws {
        var random = SplitMix64(seed: 7)
        for _ in 0..<5_000 {
            let digits = Int(random.next() % 20) + 1
            var text = random.next() % 2 == 0 ? "-" : ""
            text += String(random.next() % 9 + 1)
            for _ in 1..<digits { text += String(random.next() % 10) }
            let point = 1 + Int(random.next() % UInt64(digits))
            if point < digits { text.insert(".", at: text.index(text.endIndex, offsetBy: -(digits - point))) }
            if random.next() % 2 == 0 { text += "e\(Int(random.next() % 80) - 40)" }
            guard let expected = Double(text) else { continue }
            let parsed = try JSONReader.parse(Array(text.utf8))
            let isInteger = !text.contains(".") && !text.contains("e")
            if isInteger, let exact = Int64(text) {
                #expect(parsed == .int(exact), "\(text)")
            } else {
                #expect(parsed == .double(expected), "\(text)")
            }
        }
    }

    @Test func unsafeBufferEntryPointMatchesArrayEntryPoint() throws {
        let bytes = Array(#"{"level":"INFO","n":[1,2.5]}"#.utf8)
        let viaBuffer = try bytes.withUnsafeBytes { buffer in
            try Result { () throws(JSONError) in try JSONReader.parse(buffer) }.get()
        }
        #expect(viaBuffer == ["level": "INFO", "n": [1, 2.5]])
        let object = try bytes.withUnsafeBytes { buffer in
            try Result { () throws(JSONError) in try JSONReader.parseObject(buffer) }.get()
        }
        #expect(object == ["level": "INFO", "n": [1, 2.5]])
    }
}
