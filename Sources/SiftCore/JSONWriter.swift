/// Writes compact JSON (no insignificant whitespace) into a byte buffer.
///
/// Strings escape only what JSON requires: `"`, `\` and control characters below 0x20 (`\n \r \t
/// \b \f` in short form, the rest as `\u00XX`); `/` and non-ASCII are written raw as UTF-8. Integers
/// are exact; doubles use the shortest text that parses back to the same `Double`, and non-finite
/// doubles, which JSON cannot express, become `null`. Object keys are written in their stored order.
///
/// ```swift
/// var writer = JSONWriter()
/// writer.write(JSONValue.object(["level": "INFO", "status": 200]))
/// writer.output  // Array(#"{"level":"INFO","status":200}"#.utf8)
/// ```
package struct JSONWriter: Sendable {
    /// Everything written so far.
    package var output: [UInt8]

    /// An empty writer with room for `capacity` bytes.
    package init(reservingCapacity capacity: Int = 0) {
        output = []
        output.reserveCapacity(capacity)
    }

    /// Appends `value` as JSON.
    package mutating func write(_ value: JSONValue) {
        Self.append(value, to: &output)
    }

    /// Appends `object` as JSON.
    package mutating func write(_ object: JSONObject) {
        Self.append(object, to: &output)
    }

    /// Appends `string` as a quoted, escaped JSON string.
    package mutating func write(string: String) {
        Self.append(string: string, to: &output)
    }

    /// Appends `fragment` unchanged; the caller vouches that the result is valid JSON.
    package mutating func writeRaw(_ fragment: String) {
        output.append(contentsOf: fragment.utf8)
    }

    /// Appends `value` as JSON to `buffer`.
    package static func append(_ value: JSONValue, to buffer: inout [UInt8]) {
        ByteSink.withSink(appendingTo: &buffer) { $0.write(value) }
    }

    /// Appends `object` as JSON to `buffer`, keys in stored order.
    package static func append(_ object: JSONObject, to buffer: inout [UInt8]) {
        ByteSink.withSink(appendingTo: &buffer) { $0.write(object) }
    }

    /// Appends the decimal digits of `value`.
    package static func append(int value: Int64, to buffer: inout [UInt8]) {
        ByteSink.withSink(appendingTo: &buffer) { $0.write(int: value) }
    }

    /// Appends the shortest round-tripping text of `value`, or `null` if it is not finite.
    package static func append(double value: Double, to buffer: inout [UInt8]) {
        ByteSink.withSink(appendingTo: &buffer) { $0.write(double: value) }
    }

    /// Appends `string` quoted and escaped.
    package static func append(string: String, to buffer: inout [UInt8]) {
        ByteSink.withSink(appendingTo: &buffer) { $0.write(string: string) }
    }
}

extension JSONValue {
    /// Appends this value as compact JSON to `buffer`; see ``JSONWriter``.
    package func write(to buffer: inout [UInt8]) {
        JSONWriter.append(self, to: &buffer)
    }

    /// This value as compact UTF-8 JSON.
    package func jsonBytes() -> [UInt8] {
        var buffer: [UInt8] = []
        write(to: &buffer)
        return buffer
    }

    /// This value as compact JSON text.
    package var jsonString: String {
        String(decoding: jsonBytes(), as: UTF8.self)
    }
}
