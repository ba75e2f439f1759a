import NIOCore
import SiftCore

/// How a socket input reads each event: the `format` option.
package enum SocketEventFormat: String, Sendable, CaseIterable {
    /// Text: `message` and `event.original` (``EventDocument/line(_:truncated:)``).
    case lines
    /// RFC 5424 or RFC 3164 syslog (``SyslogParser``).
    case syslog
    /// One JSON object per event, plus `event.original`.
    case ndjson
}

/// Turns the frames of a socket input into documents, the same way for `tcp` and `udp`.
struct SocketEventDecoder: Sendable {
    var format: SocketEventFormat
    var timezoneOffsetSeconds: Int

    static let jsonFailureTag = "_jsonparsefailure"
    private static let sourceAddressPath: FieldPath = "log.source.address"
    private static let originalPath: FieldPath = "event.original"
    private static let errorMessagePath: FieldPath = "error.message"

    /// The document for one frame received from `peer` at `now`; empty frames give none (a blank
    /// line between events, a keep-alive newline).
    ///
    /// Every document gets `log.source.address` (the peer's `ip:port`) and, when `truncated`, the
    /// ``EventDocument/truncatedTag``. An `ndjson` frame that is not a JSON object is kept as text,
    /// tagged `_jsonparsefailure` with the reason in `error.message`.
    func document(_ frame: UnsafeRawBufferPointer, truncated: Bool, peer: String?, now: Timestamp) -> Document? {
        guard !frame.isEmpty || truncated else { return nil }
        var document: Document
        switch format {
        case .lines:
            document = EventDocument.line(frame, truncated: truncated)
        case .syslog:
            document = SyslogParser.parse(frame, now: now, timezoneOffsetSeconds: timezoneOffsetSeconds)
            if truncated { EventDocument.tag(&document, EventDocument.truncatedTag) }
        case .ndjson:
            do {
                document = try Document(parsing: frame)
                // A sender's own event.original (an already-processed ECS document) is kept.
                if document[Self.originalPath] == nil {
                    document.set(Self.originalPath, to: .string(String(decoding: frame, as: UTF8.self)))
                }
                if truncated { EventDocument.tag(&document, EventDocument.truncatedTag) }
            } catch {
                document = EventDocument.line(frame, truncated: truncated)
                EventDocument.tag(&document, Self.jsonFailureTag)
                document.set(Self.errorMessagePath, to: .string(error.description))
            }
        }
        if let peer { document.set(Self.sourceAddressPath, to: .string(peer)) }
        return document
    }

    /// `ip:port` of a peer, `[ip]:port` for IPv6 (as ECS's `log.source.address` examples and
    /// Filebeat write it); nil for an address without IP (a Unix socket).
    static func peerText(_ address: SocketAddress?) -> String? {
        guard let address, let ip = address.ipAddress, let port = address.port else { return nil }
        if case .v6 = address { return "[\(ip)]:\(port)" }
        return "\(ip):\(port)"
    }
}
