import Hummingbird
import SiftCore

/// An error rendered the way Elasticsearch renders its own:
/// `{"error":{"root_cause":[{"type":…,"reason":…}],"type":…,"reason":…},"status":N}`.
///
/// Clients read `error.type` to tell failures apart, so every failure the API reports goes
/// through this type with an Elasticsearch type name.
package struct ElasticsearchError: Error, Sendable, CustomStringConvertible {
    package var status: HTTPResponse.Status
    package var type: String
    package var reason: String

    package init(status: HTTPResponse.Status, type: String, reason: String) {
        self.status = status
        self.type = type
        self.reason = reason
    }

    package var description: String { "\(type): \(reason)" }

    /// The JSON body Elasticsearch sends with this error.
    package var body: JSONValue {
        let cause: JSONValue = ["type": .string(type), "reason": .string(reason)]
        return [
            "error": ["root_cause": [cause], "type": .string(type), "reason": .string(reason)],
            "status": .int(Int64(status.code)),
        ]
    }

    /// Elasticsearch answers an unknown path with 400 and this reason, not 404.
    static func noHandler(method: HTTPRequest.Method, path: String) -> Self {
        .init(
            status: .badRequest, type: "illegal_argument_exception",
            reason: "no handler found for uri [\(path)] and method [\(method)]"
        )
    }

    /// Maps any error that reached the edge of the server to the Elasticsearch error that describes it.
    static func from(_ error: any Error, request: Request) -> Self {
        switch error {
        case let error as ElasticsearchError:
            return error
        case let error as any HTTPResponseError where error.status == .notFound:
            return .noHandler(method: request.method, path: request.uri.path)
        case let error as any HTTPResponseError where error.status == .contentTooLarge:
            return .init(
                status: .contentTooLarge, type: "content_too_long_exception",
                reason: "request body is larger than the configured limit"
            )
        case let error as any HTTPResponseError:
            return .init(status: error.status, type: "status_exception", reason: error.status.reasonPhrase)
        default:
            return .init(status: .internalServerError, type: "exception", reason: String(describing: error))
        }
    }
}
