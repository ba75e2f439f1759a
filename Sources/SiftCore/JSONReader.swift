/// Parses JSON text (RFC 8259) into ``JSONValue``s, strictly.
///
/// Besides the grammar, the reader rejects what would make a log document ambiguous downstream:
/// malformed UTF-8, unpaired surrogate escapes, numbers that overflow a `Double`, and duplicate
/// keys in one object (Elasticsearch refuses those too). Integers that fit `Int64` are kept
/// exact as ``JSONValue/int(_:)``.
///
/// Any top-level value is accepted; use `parseObject` or `Document(parsing:)`
/// when the input must be an object.
package enum JSONReader {
    /// Parses one JSON value that spans all of `bytes`, allowing surrounding whitespace.
    ///
    /// - Parameter maxDepth: how many arrays and objects may nest; one more is an error. The
    ///   parser recurses once per level on the caller's stack, so keep this in the hundreds.
    /// - Throws: ``JSONError`` with the byte offset of the first problem.
    package static func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = 512) throws(JSONError) -> JSONValue {
        try JSONParser.withParser(bytes, maxDepth: maxDepth) { (parser) throws(JSONError) in
            try parser.parseDocument()
        }
    }

    /// Parses one JSON value that spans all of `bytes`; as the `UnsafeRawBufferPointer` overload.
    package static func parse(_ bytes: [UInt8], maxDepth: Int = 512) throws(JSONError) -> JSONValue {
        try bytes.withUnsafeBytes { raw in
            Result { () throws(JSONError) in try parse(raw, maxDepth: maxDepth) }
        }.get()
    }

    /// Parses a JSON object that spans all of `bytes`.
    ///
    /// - Throws: ``JSONError``; a well-formed value that is not an object gives
    ///   ``JSONError/Reason/notAnObject`` at the value's first byte.
    package static func parseObject(
        _ bytes: UnsafeRawBufferPointer, maxDepth: Int = 512
    ) throws(JSONError) -> JSONObject {
        try JSONParser.withParser(bytes, maxDepth: maxDepth) { (parser) throws(JSONError) in
            try parser.parseObjectDocument()
        }
    }

    /// Parses a JSON object that spans all of `bytes`; as the `UnsafeRawBufferPointer` overload.
    package static func parseObject(_ bytes: [UInt8], maxDepth: Int = 512) throws(JSONError) -> JSONObject {
        try bytes.withUnsafeBytes { raw in
            Result { () throws(JSONError) in try parseObject(raw, maxDepth: maxDepth) }
        }.get()
    }
}

/// ASCII bytes the parser dispatches on.
enum ASCII {
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let comma = UInt8(ascii: ",")
    static let colon = UInt8(ascii: ":")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let minus = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let dot = UInt8(ascii: ".")
    static let zero = UInt8(ascii: "0")
}

/// One parse over one input buffer. Recursive descent; the cursor is a byte offset.
///
/// A struct (not a class) so that the cursor and scratch buffers get static exclusivity checks
/// instead of the dynamic ones class properties pay on every access.
///
/// The style guide keeps `Unsafe*Pointer` in SiftNative; the reader is the exception because the
/// ingest budget (300+ MB/s per core) leaves no room for bounds-checked, per-byte `Array` access.
/// Every read is guarded by an explicit `pos < count` check, and pointers never escape a parse.
struct JSONParser: ~Copyable {
    let base: UnsafeRawPointer
    let count: Int
    let maxDepth: Int
    var pos = 0
    var depth = 0
    /// Members of all objects being parsed, innermost last.
    var members: ScratchStack<JSONObject.Entry>
    /// Key hashes parallel to `members`, so duplicate checks compare integers, not strings.
    var keyHashes: ScratchStack<UInt64>
    /// Elements of all arrays being parsed, innermost last.
    var elements = ScratchStack<JSONValue>()
    /// Decoded bytes of the current string when it has escapes.
    var unescaped: [UInt8] = []
    /// This thread's cache of short strings.
    let stringCache = StringCache.forCurrentThread()

    init(
        base: UnsafeRawPointer, count: Int, maxDepth: Int,
        members: UnsafeMutableBufferPointer<JSONObject.Entry>, keyHashes: UnsafeMutableBufferPointer<UInt64>
    ) {
        self.base = base
        self.count = count
        self.maxDepth = maxDepth
        self.members = ScratchStack(startingIn: members)
        self.keyHashes = ScratchStack(startingIn: keyHashes)
    }

    /// Runs `body` with a parser over `bytes` whose scratch space starts on the stack, saving two
    /// heap allocations per document. 24 members cover a typical log line and stay under the
    /// 1 KiB that the standard library puts on the stack unconditionally; the capacities must be
    /// literals, or the allocation silently moves to the heap.
    static func withParser<R>(
        _ bytes: UnsafeRawBufferPointer, maxDepth: Int, _ body: (inout JSONParser) throws(JSONError) -> R
    ) throws(JSONError) -> R {
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            throw JSONError(.unexpectedEndOfInput, at: 0)
        }
        return try withUnsafeTemporaryAllocation(of: JSONObject.Entry.self, capacity: 24) {
            (members) throws(JSONError) -> R in
            try withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 24) {
                (hashes) throws(JSONError) -> R in
                var parser = JSONParser(
                    base: base, count: bytes.count, maxDepth: maxDepth, members: members, keyHashes: hashes)
                return try body(&parser)
            }
        }
    }

    @inline(__always)
    func byte(at offset: Int) -> UInt8 {
        base.load(fromByteOffset: offset, as: UInt8.self)
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while pos < count {
            switch byte(at: pos) {
            case 0x20, 0x0A, 0x0D, 0x09: pos += 1
            default: return
            }
        }
    }

    mutating func parseDocument() throws(JSONError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        try expectEndOfInput()
        return value
    }

    mutating func parseObjectDocument() throws(JSONError) -> JSONObject {
        skipWhitespace()
        let start = pos
        guard pos < count, byte(at: pos) == ASCII.openBrace else {
            // Parse whatever is there first, so a syntax error wins over "not an object".
            _ = try parseDocument()
            throw JSONError(.notAnObject, at: start)
        }
        let object = try parseObject()
        try expectEndOfInput()
        return object
    }

    private mutating func expectEndOfInput() throws(JSONError) {
        skipWhitespace()
        if pos < count { throw JSONError(.trailingData, at: pos) }
    }

    /// Parses the value at `pos`, which is past any whitespace.
    mutating func parseValue() throws(JSONError) -> JSONValue {
        guard pos < count else { throw JSONError(.unexpectedEndOfInput, at: pos) }
        switch byte(at: pos) {
        case ASCII.quote: return .string(try parseString())
        case ASCII.openBrace: return .object(try parseObject())
        case ASCII.openBracket: return .array(try parseArray())
        case ASCII.minus, ASCII.zero...UInt8(ascii: "9"): return try parseNumber()
        case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try parseLiteral("null"); return .null
        default: throw JSONError(.expectedValue, at: pos)
        }
    }

    private mutating func parseLiteral(_ literal: StaticString) throws(JSONError) {
        let n = literal.utf8CodeUnitCount
        guard pos + n <= count, memcmpEqual(base + pos, literal.utf8Start, n) else {
            throw JSONError(.invalidLiteral, at: pos)
        }
        pos += n
    }

    private func memcmpEqual(_ a: UnsafeRawPointer, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        for i in 0..<n where a.load(fromByteOffset: i, as: UInt8.self) != b[i] { return false }
        return true
    }

    private mutating func enterContainer() throws(JSONError) {
        depth += 1
        if depth > maxDepth { throw JSONError(.nestingTooDeep, at: pos) }
        pos += 1
        skipWhitespace()
    }

    /// Parses the array whose `[` is at `pos`.
    mutating func parseArray() throws(JSONError) -> [JSONValue] {
        try enterContainer()
        if pos < count, byte(at: pos) == ASCII.closeBracket {
            pos += 1
            depth -= 1
            return []
        }
        let start = elements.count
        while true {
            elements.push(try parseValue())
            skipWhitespace()
            guard pos < count else { throw JSONError(.unexpectedEndOfInput, at: pos) }
            let c = byte(at: pos)
            pos += 1
            if c == ASCII.closeBracket { break }
            guard c == ASCII.comma else { throw JSONError(.expectedCommaOrEndOfArray, at: pos - 1) }
            skipWhitespace()
            if pos < count, byte(at: pos) == ASCII.closeBracket { throw JSONError(.trailingComma, at: pos) }
        }
        depth -= 1
        return elements.popArray(from: start)
    }

    /// Parses the object whose `{` is at `pos`.
    mutating func parseObject() throws(JSONError) -> JSONObject {
        try enterContainer()
        if pos < count, byte(at: pos) == ASCII.closeBrace {
            pos += 1
            depth -= 1
            return JSONObject()
        }
        let start = members.count
        var seen: Set<String>? = nil
        while true {
            guard pos < count else { throw JSONError(.unexpectedEndOfInput, at: pos) }
            guard byte(at: pos) == ASCII.quote else { throw JSONError(.expectedKey, at: pos) }
            let keyOffset = pos
            let (key, hash) = try parseKey()
            try checkDuplicate(key, hash: hash, since: start, at: keyOffset, seen: &seen)
            skipWhitespace()
            guard pos < count else { throw JSONError(.unexpectedEndOfInput, at: pos) }
            guard byte(at: pos) == ASCII.colon else { throw JSONError(.expectedColon, at: pos) }
            pos += 1
            skipWhitespace()
            let value = try parseValue()
            members.push(JSONObject.Entry(key: key, value: value))
            keyHashes.push(hash)
            skipWhitespace()
            guard pos < count else { throw JSONError(.unexpectedEndOfInput, at: pos) }
            let c = byte(at: pos)
            pos += 1
            if c == ASCII.closeBrace { break }
            guard c == ASCII.comma else { throw JSONError(.expectedCommaOrEndOfObject, at: pos - 1) }
            skipWhitespace()
            if pos < count, byte(at: pos) == ASCII.closeBrace { throw JSONError(.trailingComma, at: pos) }
        }
        depth -= 1
        keyHashes.truncate(to: start)
        return JSONObject(entries: members.popArray(from: start))
    }

    /// Throws if `key` already appears among the members pushed since `start`.
    ///
    /// Comparing 64-bit hashes keeps this cheap for the usual dozen keys; strings are compared
    /// only on a hash match. Past `linearScanLimit` keys a set takes over, so that a hostile
    /// object with 10^5 keys costs linear, not quadratic, time.
    @inline(__always)
    private func checkDuplicate(
        _ key: String, hash: UInt64, since start: Int, at offset: Int, seen: inout Set<String>?
    ) throws(JSONError) {
        let duplicate: Bool
        if seen == nil, members.count - start < Self.linearScanLimit {
            duplicate = keyHashes.withElements(from: start) { hashes in
                for (i, h) in hashes.enumerated() where h == hash {
                    if members.withElements(from: start + i, { $0[0].key == key }) { return true }
                }
                return false
            }
        } else {
            if seen == nil {
                seen = members.withElements(from: start) { Set($0.lazy.map(\.key)) }
            }
            duplicate = !seen!.insert(key).inserted
        }
        if duplicate { throw JSONError(.duplicateKey(key), at: offset) }
    }

    static let linearScanLimit = 64
}
