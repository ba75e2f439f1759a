import Hummingbird
import NIOCore
import SiftCore
import SiftNative
import SiftQuery

extension Request {
    /// The URL's query parameters, percent-decoded; a repeated name keeps its last value.
    var parameters: [String: String] {
        var result: [String: String] = [:]
        for (name, value) in uri.queryParameters { result[String(name)] = String(value) }
        return result
    }

    /// The whole body as bytes, refused past `limit` (413, as Elasticsearch's `http.max_content_length`).
    /// A `Content-Encoding: gzip` (or `deflate`) body is inflated, under the same limit.
    func bodyBytes(limit: Int) async throws -> [UInt8] {
        let bytes = Array(buffer: try await body.collect(upTo: limit))
        switch headers[.contentEncoding]?.lowercased() {
        case nil, "identity":
            return bytes
        case "gzip", "x-gzip", "deflate":
            do { return try Gzip.decompress(bytes, limit: limit) } catch {
                if case .tooLarge = error { throw HTTPError(.contentTooLarge) }
                throw ElasticsearchError(status: .badRequest, type: "parse_exception", reason: error.description)
            }
        case let other?:
            throw ElasticsearchError.illegalArgument("unsupported Content-Encoding [\(other)]")
        }
    }

    /// The body parsed as JSON; nil when there is none.
    func jsonBody(limit: Int) async throws -> JSONValue? {
        let bytes = try await bodyBytes(limit: limit)
        guard bytes.contains(where: { !isJSONWhitespace($0) }) else { return nil }
        do { return try JSONReader.parse(bytes) } catch { throw ElasticsearchError.badJSON(error) }
    }
}

extension Parameters {
    /// The `index` path parameter. Names starting with `_` are APIs, never indices (`_all` aside):
    /// a path such as `/_no_such_api` is answered as an unknown route, as Elasticsearch does.
    func indexExpression() throws -> String {
        let expression = decoded("index")
        guard !expression.hasPrefix("_") || expression.hasPrefix("_all") else { throw HTTPError(.notFound) }
        return expression
    }

    /// A path parameter, percent-decoded (index expressions arrive as `logs-%2A` from some clients).
    func decoded(_ name: String) -> String {
        let raw = Array((self.get(name) ?? "").utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            if raw[i] == UInt8(ascii: "%"), i + 2 < raw.count, let high = hexValue(raw[i + 1]), let low = hexValue(raw[i + 2]) {
                bytes.append(high << 4 | low)
                i += 3
            } else {
                bytes.append(raw[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Elasticsearch's boolean URL parameters: absent is `default`, empty or `true` is true.
func flag(_ parameters: [String: String], _ name: String, default value: Bool = false) throws -> Bool {
    guard let text = parameters[name] else { return value }
    return try URLParameters.bool(name, text)
}

/// JSON's insignificant whitespace.
func isJSONWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
}
