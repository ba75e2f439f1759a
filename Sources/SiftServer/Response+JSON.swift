import Hummingbird
import NIOCore
import SiftCore

extension Response {
    /// A JSON response written by SiftCore's byte-level writer (no Foundation on the response path).
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        json(bytes: value.jsonBytes(), status: status)
    }

    /// A JSON response from bytes already written.
    static func json(bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json", .contentLength: String(bytes.count)],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }

    /// Plain text (the `_cat` APIs).
    static func text(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/plain; charset=UTF-8", .contentLength: String(text.utf8.count)],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }

    /// The answer to HEAD: a status and no body.
    static func head(_ status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "application/json", .contentLength: "0"], body: .init())
    }
}
