import SiftConfig

/// The options the `tcp` and `udp` inputs share.
///
/// - `address` (required): `host:port` to listen on, e.g. `127.0.0.1:5514` or `[::1]:5514`;
///   port 0 picks a free port (tests read it back with `boundPort()`).
/// - `format`: `lines` (default; `message` and `event.original`), `syslog` (RFC 5424 / 3164, see
///   ``SyslogParser``) or `ndjson` (one JSON object per event).
/// - `max_event_size`: a byte size, default `1mb`; a longer event is cut and tagged `_truncated`.
/// - `timezone`: the zone of syslog dates written without one (RFC 3164): `UTC` (default) or an
///   offset `+HH:MM` / `-HH:MM`.
struct SocketInputOptions: Sendable {
    var host: String
    var port: Int
    var format: SocketEventFormat
    var maxEventSize: Int
    var timezoneOffsetSeconds: Int

    static let defaultMaxEventSize = 1 << 20

    /// Reads the shared options; the caller reads its own and calls `finish()`.
    init(_ options: inout ComponentOptions) throws(ConfigError) {
        let address = try options.requiredString("address")
        guard let (host, port) = Self.parseAddress(address) else {
            throw options.error("address", "must be host:port with a port from 0 to 65535, such as 127.0.0.1:5514, got [\(address)]")
        }
        self.host = host
        self.port = port
        let formats = SocketEventFormat.allCases.map(\.rawValue)
        format = SocketEventFormat(rawValue: try options.choice("format", of: formats, default: "lines")) ?? .lines
        maxEventSize = try options.byteSize("max_event_size") ?? Self.defaultMaxEventSize
        let zone = try options.string("timezone") ?? "UTC"
        guard let offset = Self.parseTimezone(zone) else {
            throw options.error("timezone", "must be UTC or an offset such as +02:00 or -05:00, got [\(zone)]")
        }
        timezoneOffsetSeconds = offset
    }

    /// `host:port`, `[ipv6]:port`; nil when malformed.
    static func parseAddress(_ text: String) -> (String, Int)? {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        var host = text[..<colon]
        let portText = text[text.index(after: colon)...]
        guard !portText.isEmpty, portText.allSatisfy(\.isASCII), let port = Int(portText), (0...65_535).contains(port)
        else { return nil }
        if host.hasPrefix("["), host.hasSuffix("]"), host.count > 2 {
            host = host.dropFirst().dropLast()
        }
        guard !host.isEmpty, !host.contains(" ") else { return nil }
        return (String(host), port)
    }

    /// `UTC`, `Z`, `+HH:MM`, `-HH:MM`, `+HHMM` or `+HH` as seconds east of UTC; nil otherwise.
    static func parseTimezone(_ text: String) -> Int? {
        if text == "UTC" || text == "utc" || text == "Z" { return 0 }
        var utf8 = Array(text.utf8)
        guard let sign = utf8.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        utf8.removeFirst()
        if utf8.count == 5, utf8[2] == UInt8(ascii: ":") { utf8.remove(at: 2) }
        guard utf8.count == 2 || utf8.count == 4 else { return nil }
        var digits: [Int] = []
        for byte in utf8 {
            guard let digit = SyslogByte.digit(byte) else { return nil }
            digits.append(digit)
        }
        let hours = digits[0] * 10 + digits[1]
        let minutes = digits.count == 4 ? digits[2] * 10 + digits[3] : 0
        guard hours <= 23, minutes <= 59 else { return nil }
        let seconds = hours * 3600 + minutes * 60
        return sign == UInt8(ascii: "-") ? -seconds : seconds
    }
}
