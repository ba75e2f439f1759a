import SiftCore

/// Turns one syslog message into an ECS document: RFC 5424, and RFC 3164 the way real senders
/// write it (`logger`, rsyslog, syslog-ng; see `shared/SHIPPERS.md`).
///
/// It runs once per event on a socket input, so it scans bytes: no Foundation, no regular
/// expressions, one pass over the header. It never fails: a frame without a valid `<PRI>` is kept
/// whole in `message` and tagged ``failureTag``, so a misconfigured sender loses nothing.
///
/// Fields written (absent when the message has no value for them):
/// `@timestamp`, `message` (the MSG part), `event.original` (the frame), `log.syslog.priority`,
/// `log.syslog.facility.{code,name}`, `log.syslog.severity.{code,name}`, `log.syslog.version`
/// (RFC 5424 only), `log.syslog.msgid`, `log.syslog.procid` (a PROCID that is not a number),
/// `log.syslog.structured_data` (SD-ID → PARAM-NAME → value, a list when a name repeats),
/// `host.hostname`, `process.name` (APP-NAME or the RFC 3164 TAG), `process.pid`.
///
/// `@timestamp` is the message's own time; when it has none (RFC 5424 `-`, an RFC 3164 message
/// without a date) or the date is invalid, it is `now`, the time the message was received.
package enum SyslogParser {
    /// The tag on a frame that is not syslog, or whose RFC 5424 structured data is malformed.
    package static let failureTag = "_syslogparsefailure"

    /// Parses one frame (one message without its framing; trailing CR, LF and NUL are ignored).
    ///
    /// - Parameters:
    ///   - now: The receive time: `@timestamp` when the message carries none, and the reference
    ///     for inferring the year of an RFC 3164 date (this year, or last year when the date would
    ///     otherwise be more than a day in the future).
    ///   - timezoneOffsetSeconds: The zone of dates written without one (RFC 3164), in seconds
    ///     east of UTC.
    package static func parse(_ frame: UnsafeRawBufferPointer, now: Timestamp, timezoneOffsetSeconds: Int = 0) -> Document {
        let text = trimmingTerminators(frame)
        guard let (priority, headerStart) = parsePriority(text) else {
            var document = EventDocument.line(text)
            EventDocument.tag(&document, failureTag)
            return document
        }
        let header: SyslogHeader
        if let messageStart = versionEnd(text, at: headerStart) {
            header = parse5424(text, version: headerStart..<(messageStart - 1), from: messageStart, timezoneOffsetSeconds: timezoneOffsetSeconds)
        } else {
            header = parse3164(text, from: headerStart, now: now, timezoneOffsetSeconds: timezoneOffsetSeconds)
        }
        return header.document(text, priority: priority, now: now)
    }

    /// Parses one frame; as the `UnsafeRawBufferPointer` overload.
    package static func parse(_ frame: [UInt8], now: Timestamp, timezoneOffsetSeconds: Int = 0) -> Document {
        frame.withUnsafeBytes { parse($0, now: now, timezoneOffsetSeconds: timezoneOffsetSeconds) }
    }

    /// `frame` without trailing CR, LF and NUL: octet-counted frames and datagrams often keep the
    /// sender's line terminator (rsyslog counts its `\r\n`, syslog-ng its `\n`).
    static func trimmingTerminators(_ frame: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var end = frame.count
        while end > 0, frame[end - 1] == SyslogByte.lf || frame[end - 1] == SyslogByte.cr || frame[end - 1] == 0 {
            end -= 1
        }
        return UnsafeRawBufferPointer(rebasing: frame[..<end])
    }

    /// `<PRI>`: one to three digits, at most 191. Returns the value and the index after `>`.
    static func parsePriority(_ text: UnsafeRawBufferPointer) -> (Int, Int)? {
        guard text.count >= 3, text[0] == UInt8(ascii: "<") else { return nil }
        var value = 0
        var i = 1
        while i < text.count, i <= 3, let digit = SyslogByte.digit(text[i]) {
            value = value * 10 + digit
            i += 1
        }
        guard i > 1, i < text.count, text[i] == UInt8(ascii: ">"), value <= SyslogPriority.maximum else { return nil }
        return (value, i + 1)
    }

    /// RFC 5424's VERSION (a number without leading zero, then a space) right after the PRI.
    /// Returns the index after the space; nil for RFC 3164, whose header starts with a month name,
    /// an ISO date (four digits and `-`) or the message itself.
    static func versionEnd(_ text: UnsafeRawBufferPointer, at start: Int) -> Int? {
        var i = start
        while i < text.count, i - start < 3, SyslogByte.digit(text[i]) != nil { i += 1 }
        guard i > start, text[start] != UInt8(ascii: "0"), i < text.count, text[i] == SyslogByte.space else { return nil }
        return i + 1
    }

    /// The end of the space-delimited token starting at `start`.
    static func tokenEnd(_ text: UnsafeRawBufferPointer, from start: Int) -> Int {
        var i = start
        while i < text.count, text[i] != SyslogByte.space { i += 1 }
        return i
    }

    /// The text of `range` (invalid UTF-8 replaced by U+FFFD).
    static func string(_ text: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: text[range]), as: UTF8.self)
    }
}

/// Bytes the parsers look for.
enum SyslogByte {
    static let space = UInt8(ascii: " ")
    static let lf = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r")

    /// The value of a decimal digit byte, nil for any other byte.
    static func digit(_ byte: UInt8) -> Int? {
        let value = byte &- UInt8(ascii: "0")
        return value < 10 ? Int(value) : nil
    }
}
