import SiftCore

/// RFC 5424: `<PRI>VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP SD [SP MSG]`,
/// where each header field may be `-` (no value) and SD is `-` or `[SD-ID PARAM="VALUE" ...]...`.
extension SyslogParser {
    /// Parses the header after `VERSION SP` at `start`. Lenient where senders are: a frame that
    /// ends early leaves the missing fields empty, an unparseable TIMESTAMP leaves the receive
    /// time, and SD that is neither `-` nor `[` is taken as the start of MSG. Only structured
    /// data that opens with `[` and then breaks the grammar is reported (``SyslogHeader/problem``).
    static func parse5424(_ text: UnsafeRawBufferPointer, version: Range<Int>, from start: Int, timezoneOffsetSeconds: Int) -> SyslogHeader {
        var header = SyslogHeader(message: text.count..<text.count)
        header.version = version
        var i = start
        if let range = headerField(text, &i) {
            let bytes = UnsafeRawBufferPointer(rebasing: text[range]).assumingMemoryBound(to: UInt8.self)
            header.timestamp = Timestamp(iso8601: bytes, defaultUTCOffsetSeconds: timezoneOffsetSeconds)
        }
        header.hostname = headerField(text, &i)
        header.appName = headerField(text, &i)
        header.procID = headerField(text, &i)
        header.msgID = headerField(text, &i)

        if i < text.count {
            if text[i] == UInt8(ascii: "-"), i + 1 == text.count || text[i + 1] == SyslogByte.space {
                i += 1
            } else if text[i] == UInt8(ascii: "[") {
                guard let (structuredData, end) = parseStructuredData(text, from: i) else {
                    header.problem = "malformed RFC 5424 structured data at byte \(i)"
                    header.message = i..<text.count
                    return header
                }
                header.structuredData = structuredData
                i = end
            }
            if i < text.count, text[i] == SyslogByte.space { i += 1 }
        }
        header.message = i..<text.count
        header.skipByteOrderMark(in: text)
        return header
    }

    /// The header field at `i` (nil for `-` or when the frame has ended); moves `i` past it and
    /// its space.
    private static func headerField(_ text: UnsafeRawBufferPointer, _ i: inout Int) -> Range<Int>? {
        guard i < text.count else { return nil }
        let start = i
        let end = tokenEnd(text, from: start)
        i = min(end + 1, text.count)
        if end == start || (end == start + 1 && text[start] == UInt8(ascii: "-")) { return nil }
        return start..<end
    }

    /// Parses `[SD-ID *(SP PARAM-NAME="PARAM-VALUE")]...` at `start` (which holds `[`) into
    /// SD-ID → PARAM-NAME → value; a name given twice in one element collects a list. Values
    /// are unescaped (`\"`, `\\`, `\]`; any other backslash stays, as RFC 5424 says).
    /// - Returns: The object and the index after the last `]`; nil if the grammar is broken.
    static func parseStructuredData(_ text: UnsafeRawBufferPointer, from start: Int) -> (JSONObject, Int)? {
        var result = JSONObject()
        var i = start
        while i < text.count, text[i] == UInt8(ascii: "[") {
            i += 1
            let idStart = i
            while i < text.count, isNameByte(text[i]) { i += 1 }
            guard i > idStart, i < text.count else { return nil }
            let id = string(text, idStart..<i)
            var params = result.removeValue(forKey: id)?.objectValue ?? JSONObject(minimumCapacity: 4)
            while true {
                guard i < text.count else { return nil }
                if text[i] == UInt8(ascii: "]") {
                    i += 1
                    break
                }
                guard text[i] == SyslogByte.space else { return nil }
                while i < text.count, text[i] == SyslogByte.space { i += 1 }
                if i < text.count, text[i] == UInt8(ascii: "]") { continue }
                let nameStart = i
                while i < text.count, isNameByte(text[i]) { i += 1 }
                guard i > nameStart, i + 1 < text.count, text[i] == UInt8(ascii: "="), text[i + 1] == UInt8(ascii: "\"")
                else { return nil }
                let name = string(text, nameStart..<i)
                i += 2
                guard let value = paramValue(text, &i) else { return nil }
                append(.string(value), named: name, to: &params)
            }
            result.append(key: id, value: .object(params))
        }
        return (result, i)
    }

    /// SD-NAME bytes: printable US-ASCII except `=`, space, `]` and `"`.
    private static func isNameByte(_ byte: UInt8) -> Bool {
        byte > 32 && byte < 127 && byte != UInt8(ascii: "=") && byte != UInt8(ascii: "]") && byte != UInt8(ascii: "\"")
    }

    /// The PARAM-VALUE starting at `i` (after its opening quote), unescaped; moves `i` past the
    /// closing quote. Nil when the closing quote is missing.
    private static func paramValue(_ text: UnsafeRawBufferPointer, _ i: inout Int) -> String? {
        let start = i
        var escaped = false
        while i < text.count, text[i] != UInt8(ascii: "\"") {
            if text[i] == UInt8(ascii: "\\"), i + 1 < text.count {
                escaped = true
                i += 1
            }
            i += 1
        }
        guard i < text.count else { return nil }
        let end = i
        i += 1
        guard escaped else { return string(text, start..<end) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(end - start)
        var j = start
        while j < end {
            let byte = text[j]
            if byte == UInt8(ascii: "\\"), j + 1 < end {
                let next = text[j + 1]
                if next == UInt8(ascii: "\"") || next == UInt8(ascii: "\\") || next == UInt8(ascii: "]") {
                    bytes.append(next)
                    j += 2
                    continue
                }
            }
            bytes.append(byte)
            j += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Adds a parameter, turning a repeated name into a list of its values in order.
    private static func append(_ value: JSONValue, named name: String, to params: inout JSONObject) {
        switch params[name] {
        case nil: params.append(key: name, value: value)
        case .array(var values)?:
            values.append(value)
            params[name] = .array(values)
        case let existing?: params[name] = .array([existing, value])
        }
    }
}
