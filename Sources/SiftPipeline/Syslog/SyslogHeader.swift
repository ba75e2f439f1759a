import SiftCore

/// What ``SyslogParser`` found in one message, as byte ranges into the frame; turned into the
/// document once, at the end, so the header is scanned without building strings on the way.
struct SyslogHeader {
    /// RFC 5424's VERSION; nil for RFC 3164.
    var version: Range<Int>?
    /// The message's own time, if it has a valid one.
    var timestamp: Timestamp?
    var hostname: Range<Int>?
    /// APP-NAME (RFC 5424) or the TAG before `[pid]:` (RFC 3164).
    var appName: Range<Int>?
    var procID: Range<Int>?
    var msgID: Range<Int>?
    var structuredData: JSONObject?
    /// MSG, without a leading UTF-8 byte order mark.
    var message: Range<Int>
    /// Why the message was only partly understood (malformed structured data), if it was.
    var problem: String?

    init(message: Range<Int>) {
        self.message = message
    }

    private static let utf8BOM: (UInt8, UInt8, UInt8) = (0xEF, 0xBB, 0xBF)

    /// Drops a UTF-8 byte order mark at the start of MSG (RFC 5424 section 6.4).
    mutating func skipByteOrderMark(in text: UnsafeRawBufferPointer) {
        let start = message.lowerBound
        if message.count >= 3, text[start] == Self.utf8BOM.0, text[start + 1] == Self.utf8BOM.1, text[start + 2] == Self.utf8BOM.2 {
            message = (start + 3)..<message.upperBound
        }
    }

    /// The ECS document for this message; `text` is the frame the ranges point into.
    func document(_ text: UnsafeRawBufferPointer, priority: Int, now: Timestamp) -> Document {
        var fields = JSONObject(minimumCapacity: 8)
        fields.append(key: "@timestamp", value: .string((timestamp ?? now).description))
        fields.append(key: "message", value: .string(SyslogParser.string(text, message)))
        fields.append(key: "event", value: .object(["original": .string(SyslogParser.string(text, 0..<text.count))]))

        let (facility, severity) = SyslogPriority.split(priority)
        var syslog = JSONObject(minimumCapacity: 8)
        syslog.append(key: "priority", value: .int(Int64(priority)))
        syslog.append(key: "facility", value: .object([
            "code": .int(Int64(facility)), "name": .string(SyslogPriority.facilityNames[facility]),
        ]))
        syslog.append(key: "severity", value: .object([
            "code": .int(Int64(severity)), "name": .string(SyslogPriority.severityNames[severity]),
        ]))
        if let version { syslog.append(key: "version", value: .string(SyslogParser.string(text, version))) }
        if let msgID { syslog.append(key: "msgid", value: .string(SyslogParser.string(text, msgID))) }
        let pid = procID.flatMap { Self.number(text, $0) }
        if let procID, pid == nil { syslog.append(key: "procid", value: .string(SyslogParser.string(text, procID))) }
        if let structuredData { syslog.append(key: "structured_data", value: .object(structuredData)) }
        fields.append(key: "log", value: .object(["syslog": .object(syslog)]))

        if let hostname {
            fields.append(key: "host", value: .object(["hostname": .string(SyslogParser.string(text, hostname))]))
        }
        if appName != nil || pid != nil {
            var process = JSONObject(minimumCapacity: 2)
            if let appName { process.append(key: "name", value: .string(SyslogParser.string(text, appName))) }
            if let pid { process.append(key: "pid", value: .int(pid)) }
            fields.append(key: "process", value: .object(process))
        }

        var document = Document(fields: fields)
        if let problem {
            EventDocument.tag(&document, SyslogParser.failureTag)
            document.set("error.message", to: .string(problem))
        }
        return document
    }

    /// The decimal number in `range` (1 to 18 digits), nil if it is anything else.
    private static func number(_ text: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int64? {
        guard !range.isEmpty, range.count <= 18 else { return nil }
        var value: Int64 = 0
        for i in range {
            guard let digit = SyslogByte.digit(text[i]) else { return nil }
            value = value * 10 + Int64(digit)
        }
        return value
    }
}
