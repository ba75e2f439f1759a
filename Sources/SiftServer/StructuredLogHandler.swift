import Foundation
import Logging
import SiftCore

#if canImport(Glibc)
import Glibc
#endif

/// How log lines are written: one JSON object per line (ECS field names) or logfmt `key=value` pairs.
package enum LogFormat: String, Sendable, CaseIterable {
    case json
    case logfmt
}

/// A swift-log backend that writes one structured line per event, to standard error by default.
///
/// Metadata keeps its dotted keys (`hb.request.id`, `url.path`), so a line can be shipped straight back
/// into Sift and searched by field.
package struct StructuredLogHandler: LogHandler {
    package var metadata: Logger.Metadata = [:]
    package var metadataProvider: Logger.MetadataProvider?
    package var logLevel: Logger.Level
    private let label: String
    private let format: LogFormat
    private let sink: @Sendable ([UInt8]) -> Void

    package init(
        label: String,
        format: LogFormat,
        level: Logger.Level = .info,
        metadataProvider: Logger.MetadataProvider? = nil,
        sink: @escaping @Sendable ([UInt8]) -> Void = Self.writeToStandardError
    ) {
        self.label = label
        self.format = format
        self.logLevel = level
        self.metadataProvider = metadataProvider
        self.sink = sink
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let own = event.metadata { merged.merge(own) { $1 } }
        if let error = event.error { merged["error.message"] = .string("\(error)") }
        let time = Timestamp(epochMillis: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))).iso8601(fractionDigits: 3)
        var line: [UInt8]
        switch format {
        case .json: line = jsonLine(time: time, level: event.level, message: event.message.description, metadata: merged)
        case .logfmt: line = logfmtLine(time: time, level: event.level, message: event.message.description, metadata: merged)
        }
        line.append(UInt8(ascii: "\n"))
        sink(line)
    }

    private func jsonLine(time: String, level: Logger.Level, message: String, metadata: Logger.Metadata) -> [UInt8] {
        var object: JSONObject = [
            "@timestamp": .string(time), "log.level": .string(level.rawValue),
            "log.logger": .string(label), "message": .string(message),
        ]
        for key in metadata.keys.sorted() { object[key] = Self.json(metadata[key]!) }
        return JSONValue.object(object).jsonBytes()
    }

    private func logfmtLine(time: String, level: Logger.Level, message: String, metadata: Logger.Metadata) -> [UInt8] {
        var pairs = [("time", time), ("level", level.rawValue), ("logger", label), ("msg", message)]
        for key in metadata.keys.sorted() { pairs.append((key, metadata[key]!.description)) }
        let text = pairs.map { "\($0.0)=\(Self.logfmtValue($0.1))" }.joined(separator: " ")
        return Array(text.utf8)
    }

    private static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let string): .string(string)
        case .stringConvertible(let convertible): .string(convertible.description)
        case .array(let values): .array(values.map(json))
        case .dictionary(let entries): .object(JSONObject(entries.keys.sorted().map { ($0, json(entries[$0]!)) }))
        }
    }

    /// Quotes a logfmt value when it is empty or holds a space, `=`, a quote or a control character.
    static func logfmtValue(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.utf8.contains { $0 <= 0x20 || $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: "\"") }
        guard needsQuotes else { return value }
        return JSONValue.string(value).jsonString
    }

    /// One `write(2)` per line, so concurrent lines never interleave.
    package static let writeToStandardError: @Sendable ([UInt8]) -> Void = { line in
        line.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(STDERR_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
