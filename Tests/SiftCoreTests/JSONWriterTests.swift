import SiftCore
import SiftTestSupport
import Testing


/// Random JSON values that stress the writer and reader: every control character, quotes,
/// backslashes, multi-byte UTF-8, extreme integers and doubles, nesting.
struct RandomJSON {
    var generator: SplitMix64
    private static let alphabet: [String] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1F}",
                                             "\u{7F}", "é", "ß", "中", "😀", "\u{FFFF}", "\u{10FFFF}", ".", "{"]

    mutating func value(depth: Int = 0) -> JSONValue {
        switch generator.next() % (depth < 4 ? 8 : 6) {
        case 0: return .null
        case 1: return .bool(generator.next() % 2 == 0)
        case 2: return .int(integer())
        case 3: return .double(double())
        case 4, 5: return .string(string())
        case 6: return .array((0..<Int(generator.next() % 5)).map { _ in value(depth: depth + 1) })
        default:
            var object = JSONObject()
            for i in 0..<Int(generator.next() % 5) {
                object.append(key: string() + "#\(i)", value: value(depth: depth + 1))  // suffix keeps keys distinct
            }
            return .object(object)
        }
    }

    mutating func integer() -> Int64 {
        switch generator.next() % 4 {
        case 0: return [Int64.min, .max, 0, -1, 1][Int(generator.next() % 5)]
        case 1: return Int64(bitPattern: generator.next())
        default: return Int64(generator.next() % 100_000) - 50_000
        }
    }

    mutating func double() -> Double {
        while true {
            let candidate: Double = switch generator.next() % 3 {
            case 0: Double(bitPattern: generator.next())
            case 1: Double(Int64(generator.next() % 1_000_000)) / 1000
            default: Double(generator.next() % 1_000) * [1e-300, 1e-5, 1, 1e15, 1e300][Int(generator.next() % 5)]
            }
            if candidate.isFinite { return candidate }
        }
    }

    mutating func string() -> String {
        (0..<Int(generator.next() % 30)).map { _ in Self.alphabet[Int(generator.next() % UInt64(Self.alphabet.count))] }
            .joined()
    }
}

@Suite struct JSONWriterTests {
    @Test func writesCompactJSONInStoredOrder() {
        let value: JSONValue = ["b": [1, 2.5, "x", true, false, nil], "a": [:], "c": []]
        #expect(value.jsonString == #"{"b":[1,2.5,"x",true,false,null],"a":{},"c":[]}"#)
        #expect(value.jsonBytes() == Array(value.jsonString.utf8))
    }

    @Test func escapesEveryControlCharacter() {
        let short: [UInt8: String] = [0x08: #"\b"#, 0x09: #"\t"#, 0x0A: #"\n"#, 0x0C: #"\f"#, 0x0D: #"\r"#]
        let hex = Array("0123456789abcdef")
        for byte in UInt8(0)..<0x20 {
            let expected = short[byte] ?? #"\u00"# + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0xF)])
            let value = JSONValue.string("<" + String(UnicodeScalar(byte)) + ">")
            #expect(value.jsonString == "\"<\(expected)>\"", "byte \(byte)")
        }
        #expect(JSONValue.string("\u{1F}").jsonString == #""\u001f""#)
    }

    @Test func escapesQuoteAndBackslashButNotSlashOrUnicode() {
        #expect(JSONValue.string(#"say "hi" \ /path"#).jsonString == #""say \"hi\" \\ /path""#)
        #expect(JSONValue.string("é中😀\u{7F}").jsonBytes() == Array("\"é中😀\u{7F}\"".utf8))
    }

    /// Places a quote at every offset of a 20-byte string to cover the 8-byte scanner's tail.
    @Test(arguments: 0..<20)
    func escapeIsFoundAtEveryPosition(_ position: Int) throws {
        var characters = Array(repeating: Character("x"), count: 20)
        characters[position] = "\""
        let string = String(characters)
        let written = JSONValue.string(string).jsonString
        #expect(written.utf8.count == 20 + 3)
        #expect(written.contains(#"\""#))
        #expect(try JSONReader.parse(Array(written.utf8)) == .string(string))
    }

    @Test func integersAreExact() {
        #expect(JSONValue.int(.max).jsonString == "9223372036854775807")
        #expect(JSONValue.int(.min).jsonString == "-9223372036854775808")
        #expect(JSONValue.int(0).jsonString == "0")
        #expect(JSONValue.int(-42).jsonString == "-42")
    }

    @Test func doublesUseShortestRoundTripFormAndNullForNonFinite() {
        let cases: [(Double, String)] = [
            (3.962, "3.962"), (0.1, "0.1"), (2.5, "2.5"), (100, "100.0"), (-0.0, "-0.0"), (1e16, "1e+16"),
            (1e-5, "1e-05"), (.leastNonzeroMagnitude, "5e-324"), (.greatestFiniteMagnitude, "1.7976931348623157e+308"),
            (.infinity, "null"), (-.infinity, "null"), (.nan, "null"),
        ]
        for (double, text) in cases {
            #expect(JSONValue.double(double).jsonString == text)
        }
    }

    @Test func writtenDoublesParseBackAsTheSameDouble() throws {
        var random = RandomJSON(generator: SplitMix64(seed: 3))
        for _ in 0..<2_000 {
            let double = random.double()
            let parsed = try JSONReader.parse(JSONValue.double(double).jsonBytes())
            #expect(parsed == .double(double), "\(double)")
        }
    }

    @Test func randomValuesRoundTrip() throws {
        var random = RandomJSON(generator: SplitMix64(seed: 42))
        for _ in 0..<3_000 {
            let value = random.value()
            let bytes = value.jsonBytes()
            let parsed = try JSONReader.parse(bytes)
            #expect(parsed == value)
            #expect(parsed.jsonBytes() == bytes)
        }
    }

    @Test func writerStructAppendsFragments() {
        var writer = JSONWriter(reservingCapacity: 64)
        writer.writeRaw(#"{"took":3,"hits":["#)
        let hit: JSONValue = ["level": "INFO"]
        let object: JSONObject = ["n": 1]
        writer.write(hit)
        writer.writeRaw(",")
        writer.write(object)
        writer.writeRaw(#"],"q":"#)
        writer.write(string: "a\"b")
        writer.writeRaw("}")
        let expected = #"{"took":3,"hits":[{"level":"INFO"},{"n":1}],"q":"a\"b"}"#
        #expect(String(decoding: writer.output, as: UTF8.self) == expected)
    }

    @Test func documentWritesAppendToExistingBuffer() throws {
        let document = try Document(parsing: Array(#"{"a":1,"b":"x"}"#.utf8))
        var buffer = Array("prefix ".utf8)
        document.write(to: &buffer)
        buffer.append(UInt8(ascii: "\n"))
        #expect(String(decoding: buffer, as: UTF8.self) == "prefix {\"a\":1,\"b\":\"x\"}\n")
        #expect(document.jsonBytes() == Array(#"{"a":1,"b":"x"}"#.utf8))
    }
}
