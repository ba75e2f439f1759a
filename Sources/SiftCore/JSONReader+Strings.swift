/// String tokens: scanning, UTF-8 validation and escapes.
///
/// The common case in logs is a short ASCII string without escapes. It is scanned eight bytes at a
/// time and turned into a `String` straight from the input, with no intermediate buffer. Only
/// strings with escapes are decoded into `unescaped` first.
extension JSONParser {
    /// Parses the string whose opening quote is at `pos`.
    mutating func parseString() throws(JSONError) -> String {
        try parseStringToken(hashing: false).string
    }

    /// Parses the object key whose opening quote is at `pos`, with a hash of its decoded bytes.
    mutating func parseKey() throws(JSONError) -> (string: String, hash: UInt64) {
        try parseStringToken(hashing: true)
    }

    @inline(__always)
    private mutating func parseStringToken(hashing: Bool) throws(JSONError) -> (string: String, hash: UInt64) {
        let open = pos
        pos += 1
        let contentStart = pos
        while true {
            skipPlainASCII()
            guard pos < count else { throw JSONError(.unterminatedString, at: open) }
            let c = byte(at: pos)
            if c == ASCII.quote {
                let bytes = UnsafeRawBufferPointer(start: base + contentStart, count: pos - contentStart)
                pos += 1
                return makeString(bytes, isKey: hashing)
            }
            if c == ASCII.backslash {
                return try parseEscapedString(open: open, contentStart: contentStart, hashing: hashing)
            }
            if c < 0x20 { throw JSONError(.controlCharacterInString, at: pos) }
            try skipUTF8Sequence()
        }
    }

    /// Builds a `String` from bytes already validated as UTF-8.
    ///
    /// The standard library validates again, but its ASCII check is word-at-a-time and there is no
    /// public unchecked initialiser; strings of up to 15 bytes are stored inline without allocating.
    @inline(__always)
    static func makeString(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
    }

    /// The string for validated UTF-8 `bytes`, through the thread's ``StringCache`` when it is
    /// short enough, and for keys a hash of the bytes for duplicate detection (else 0).
    @inline(__always)
    func makeString(_ bytes: UnsafeRawBufferPointer, isKey: Bool) -> (string: String, hash: UInt64) {
        let n = bytes.count
        guard isKey || n <= StringCache.maxValueLength else { return (Self.makeString(bytes), 0) }
        let (head, tail) = StringCache.headAndTail(bytes)
        let hash = StringCache.hash(head: head, tail: tail, length: n)
        guard n <= StringCache.maxKeyLength else { return (Self.makeString(bytes), hash) }
        return (StringCache.string(bytes, head: head, tail: tail, hash: hash, in: stringCache), hash)
    }

    /// Advances `pos` past ASCII other than control characters, `"` and `\`; stops at the first
    /// other byte or the end.
    @inline(__always)
    mutating func skipPlainASCII() {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        while pos &+ 8 <= count {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: pos, as: UInt64.self))
            // SWAR "has zero byte" tests: the lowest flagged byte is always a true match
            // (borrows only create false positives above it), which is all we need.
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let special = (((quote &- ones) & ~quote)
                | ((backslash &- ones) & ~backslash)
                | ((word &- ones &* 0x20) & ~word)
                | word) & highBits
            if special != 0 {
                pos &+= special.trailingZeroBitCount &>> 3
                return
            }
            pos &+= 8
        }
        while pos < count {
            let c = byte(at: pos)
            if c == ASCII.quote || c == ASCII.backslash || c < 0x20 || c >= 0x80 { return }
            pos &+= 1
        }
    }

    /// Validates the multi-byte UTF-8 sequence whose lead byte is at `pos` and advances past it.
    ///
    /// Ranges follow the Unicode well-formed table (Table 3-7), which excludes overlong forms,
    /// encoded surrogates (ED A0..BF) and scalars above U+10FFFF.
    mutating func skipUTF8Sequence() throws(JSONError) {
        let lead = byte(at: pos)
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: throw JSONError(.invalidUTF8, at: pos)
        }
        guard pos + length <= count else { throw JSONError(.invalidUTF8, at: pos) }
        let second = byte(at: pos + 1)
        guard second >= low, second <= high else { throw JSONError(.invalidUTF8, at: pos) }
        for i in 2..<length where byte(at: pos + i) & 0xC0 != 0x80 {
            throw JSONError(.invalidUTF8, at: pos)
        }
        pos += length
    }

    /// Decodes a string that has escapes; `pos` is at its first backslash.
    private mutating func parseEscapedString(
        open: Int, contentStart: Int, hashing: Bool
    ) throws(JSONError) -> (string: String, hash: UInt64) {
        unescaped.removeAll(keepingCapacity: true)
        appendInput(from: contentStart)
        while true {
            guard pos < count else { throw JSONError(.unterminatedString, at: open) }
            let c = byte(at: pos)
            if c == ASCII.quote {
                pos += 1
                break
            } else if c == ASCII.backslash {
                try appendEscape(open: open)
            } else if c < 0x20 {
                throw JSONError(.controlCharacterInString, at: pos)
            } else {
                let start = pos
                try skipUTF8Sequence()
                appendInput(from: start)
            }
            let runStart = pos
            skipPlainASCII()
            appendInput(from: runStart)
        }
        return unescaped.withUnsafeBytes { bytes in makeString(bytes, isKey: hashing) }
    }

    /// Appends the input bytes from `start` to `pos` to `unescaped`.
    private mutating func appendInput(from start: Int) {
        guard pos > start else { return }
        unescaped.append(contentsOf: UnsafeRawBufferPointer(start: base + start, count: pos - start))
    }

    /// Decodes the escape at `pos` (a backslash) into `unescaped` and advances past it.
    private mutating func appendEscape(open: Int) throws(JSONError) {
        let escapeStart = pos
        guard pos + 1 < count else { throw JSONError(.unterminatedString, at: open) }
        let decoded: UInt8
        switch byte(at: pos + 1) {
        case ASCII.quote: decoded = ASCII.quote
        case ASCII.backslash: decoded = ASCII.backslash
        case UInt8(ascii: "/"): decoded = UInt8(ascii: "/")
        case UInt8(ascii: "b"): decoded = 0x08
        case UInt8(ascii: "f"): decoded = 0x0C
        case UInt8(ascii: "n"): decoded = 0x0A
        case UInt8(ascii: "r"): decoded = 0x0D
        case UInt8(ascii: "t"): decoded = 0x09
        case UInt8(ascii: "u"):
            try appendUnicodeEscape(open: open)
            return
        default: throw JSONError(.invalidEscape, at: escapeStart)
        }
        unescaped.append(decoded)
        pos += 2
    }

    /// Decodes `\uXXXX`, or a surrogate pair `\uD83D\uDE00`, at `pos` into UTF-8.
    private mutating func appendUnicodeEscape(open: Int) throws(JSONError) {
        let escapeStart = pos
        var scalar = try hex4(at: pos + 2, escapeStart: escapeStart, open: open)
        pos += 6
        switch scalar {
        case 0xD800...0xDBFF:
            guard pos + 1 < count, byte(at: pos) == ASCII.backslash, byte(at: pos + 1) == UInt8(ascii: "u") else {
                throw JSONError(.invalidSurrogate, at: escapeStart)
            }
            let low = try hex4(at: pos + 2, escapeStart: pos, open: open)
            guard (0xDC00...0xDFFF).contains(low) else { throw JSONError(.invalidSurrogate, at: escapeStart) }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            pos += 6
        case 0xDC00...0xDFFF:
            throw JSONError(.invalidSurrogate, at: escapeStart)
        default:
            break
        }
        appendUTF8(scalar)
    }

    private func hex4(at offset: Int, escapeStart: Int, open: Int) throws(JSONError) -> UInt32 {
        var value: UInt32 = 0
        for i in offset..<offset + 4 {
            guard i < count else { throw JSONError(.unterminatedString, at: open) }
            let c = byte(at: i)
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: throw JSONError(.invalidUnicodeEscape, at: escapeStart)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            unescaped.append(UInt8(scalar))
        case 0x80..<0x800:
            unescaped.append(UInt8(0xC0 | scalar >> 6))
            unescaped.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            unescaped.append(UInt8(0xE0 | scalar >> 12))
            unescaped.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            unescaped.append(UInt8(0x80 | scalar & 0x3F))
        default:
            unescaped.append(UInt8(0xF0 | scalar >> 18))
            unescaped.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            unescaped.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            unescaped.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
