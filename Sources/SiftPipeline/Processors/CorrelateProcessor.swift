import SiftConfig
import SiftCore
import SiftNative
import W3CTraceContext

/// `correlate` (Sift's own): fills the ECS correlation fields so that the lines of one request or
/// trace can be found together (`trace.id:<id>`), across services.
///
/// Sources, first found wins, and fields already present are kept unless `override: true`:
/// 1. the W3C `traceparent` in `field` (default `traceparent`), parsed with swift-w3c-trace-context:
///    `trace.id` (32 hex) and `span.id` (16 hex);
/// 2. `key=value` or `"key": "value"` text in `message_field` (default `message`), keys matched
///    case-insensitively with `.`, `_`, `-` or nothing between the words:
///    `traceparent` → `trace.id` and `span.id`; `trace_id`/`trace.id`/`traceId` → `trace.id`;
///    `span_id` → `span.id`; `transaction_id` → `transaction.id`;
///    `request_id`, `req_id`, `x-request-id` → `http.request.id` (ECS's field for a request id);
/// 3. the options `service_name` → `service.name` and `host_name` → `host.name`, when absent.
///
/// An invalid `traceparent` field is a failure (tag `_correlatefailure`), reported after the other
/// sources have been applied.
struct CorrelateProcessor: Processor {
    let field: FieldPath
    let messageField: FieldPath
    let serviceName: String?
    let hostName: String?
    let override: Bool
    let keys: MatcherPool

    static let traceID: FieldPath = "trace.id"
    static let spanID: FieldPath = "span.id"
    static let transactionID: FieldPath = "transaction.id"
    static let requestID: FieldPath = "http.request.id"
    static let serviceNamePath: FieldPath = "service.name"
    static let hostNamePath: FieldPath = "host.name"

    /// Group 1 is the key, group 2 the value.
    static let keyPattern = #"(?i)(?<![0-9A-Za-z_.-])(traceparent|trace[._-]?id|span[._-]?id|transaction[._-]?id|x-request-id|req(?:uest)?[._-]?id)["']?[ \t]*[=:][ \t]*["']?([0-9A-Za-z][0-9A-Za-z-]*)"#

    init(options: inout ComponentOptions) throws(ConfigError) {
        field = FieldPath(try options.string("field") ?? "traceparent")
        messageField = FieldPath(try options.string("message_field") ?? "message")
        serviceName = try options.string("service_name")
        hostName = try options.string("host_name")
        override = try options.bool("override", default: false)
        do {
            keys = MatcherPool(try PCRE2Pattern(Self.keyPattern))
        } catch {
            preconditionFailure("the built-in correlation pattern does not compile: \(error)")
        }
    }

    func process(_ document: inout Document) throws(ProcessorError) -> ProcessorOutcome {
        var failure: ProcessorError?
        var written: Set<FieldPath> = []
        if let value = document[field], !value.isNull {
            if let header = value.stringValue, let context = try? TraceContext(traceParentHeaderValue: header) {
                fill(&document, Self.traceID, context.traceID.description, &written)
                fill(&document, Self.spanID, context.spanID.description, &written)
            } else {
                failure = ProcessorError("field [\(field)] is not a valid W3C traceparent: [\(ConvertProcessor.text(of: value))]")
            }
        }
        if case .string(var message)? = document[messageField] {
            let found = message.withUTF8 { utf8 in scan(UnsafeRawBufferPointer(utf8)) }
            for (key, value) in found { apply(key: key, value: value, to: &document, &written) }
        }
        if let serviceName, document[Self.serviceNamePath] == nil { document.set(Self.serviceNamePath, to: .string(serviceName)) }
        if let hostName, document[Self.hostNamePath] == nil { document.set(Self.hostNamePath, to: .string(hostName)) }
        if let failure { throw failure }
        return .keep
    }

    /// The (normalised key, value) pairs in `text`, in order.
    private func scan(_ text: UnsafeRawBufferPointer) -> [(String, String)] {
        keys.withMatcher { matcher in
            var found: [(String, String)] = []
            var start = 0
            while start <= text.count, let match = try? matcher.firstMatch(in: text, from: start),
                  let keyRange = match[group: 1], let valueRange = match[group: 2] {
                let key = String(decoding: text[keyRange], as: UTF8.self).lowercased()
                    .filter { $0 != "." && $0 != "_" && $0 != "-" }
                found.append((key, String(decoding: text[valueRange], as: UTF8.self)))
                start = max(match.range.upperBound, start + 1)
            }
            return found
        }
    }

    private func apply(key: String, value: String, to document: inout Document, _ written: inout Set<FieldPath>) {
        switch key {
        case "traceparent":
            guard let context = try? TraceContext(traceParentHeaderValue: value) else { return }
            fill(&document, Self.traceID, context.traceID.description, &written)
            fill(&document, Self.spanID, context.spanID.description, &written)
        case "traceid": fill(&document, Self.traceID, value, &written)
        case "spanid": fill(&document, Self.spanID, value, &written)
        case "transactionid": fill(&document, Self.transactionID, value, &written)
        default: fill(&document, Self.requestID, value, &written)  // requestid, reqid, xrequestid
        }
    }

    /// Sets `path` unless this run already did, or it holds a value and `override` is off.
    private func fill(_ document: inout Document, _ path: FieldPath, _ value: String, _ written: inout Set<FieldPath>) {
        guard !written.contains(path) else { return }
        if let existing = document[path], !existing.isNull, !override { return }
        document.set(path, to: .string(value))
        written.insert(path)
    }
}
