import Hummingbird
import SiftCore
import SiftNode
import SiftQuery
import SiftSearch

/// An error rendered the way Elasticsearch renders its own:
/// `{"error":{"root_cause":[{"type":…,"reason":…}],"type":…,"reason":…},"status":N}`.
///
/// Clients read `error.type` to tell failures apart, so every failure the API reports goes
/// through this type with an Elasticsearch type name.
package struct ElasticsearchError: Error, Sendable, CustomStringConvertible {
    package var status: HTTPResponse.Status
    package var type: String
    package var reason: String
    /// Further keys of the error object (`index`, `resource.id`, ...), in order.
    package var details: JSONObject
    /// The underlying failure, rendered as `caused_by`.
    package var causedBy: (type: String, reason: String)?

    package init(
        status: HTTPResponse.Status, type: String, reason: String, details: JSONObject = [:],
        causedBy: (type: String, reason: String)? = nil
    ) {
        self.status = status
        self.type = type
        self.reason = reason
        self.details = details
        self.causedBy = causedBy
    }

    package var description: String { "\(type): \(reason)" }

    /// The error object (`error` of the body, and of a failed bulk item or msearch response).
    package var object: JSONValue {
        var cause: JSONObject = ["type": .string(type), "reason": .string(reason)]
        for (key, value) in details { cause[key] = value }
        var error: JSONObject = ["root_cause": [.object(cause)]]
        for (key, value) in cause { error[key] = value }
        if let causedBy { error["caused_by"] = ["type": .string(causedBy.type), "reason": .string(causedBy.reason)] }
        return .object(error)
    }

    /// The JSON body Elasticsearch sends with this error.
    package var body: JSONValue {
        ["error": object, "status": .int(Int64(status.code))]
    }

    /// Elasticsearch answers an unknown path with 400 and this reason, not 404.
    static func noHandler(method: HTTPRequest.Method, path: String) -> Self {
        .init(
            status: .badRequest, type: "illegal_argument_exception",
            reason: "no handler found for uri [\(path)] and method [\(method)]"
        )
    }

    /// A request body that is not the JSON it should be.
    static func badJSON(_ error: JSONError) -> Self {
        .init(status: .badRequest, type: "x_content_parse_exception", reason: "\(error)")
    }

    static func illegalArgument(_ reason: String) -> Self {
        .init(status: .badRequest, type: "illegal_argument_exception", reason: reason)
    }

    init(_ error: QueryError) {
        self.init(status: .badRequest, type: error.elasticsearchType, reason: error.reason, causedBy: error.causedBy)
    }

    init(_ error: SearchError) {
        var details: JSONObject = [:]
        if let index = error.index { details["index"] = .string(index) }
        self.init(status: .init(code: error.status), type: error.type, reason: error.reason, details: details)
    }

    init(_ error: CatalogError) {
        var details: JSONObject = [:]
        if let index = error.index {
            if error.type == "index_not_found_exception" {
                details["resource.type"] = "index_or_alias"
                details["resource.id"] = .string(index)
                details["index_uuid"] = "_na_"
            }
            details["index"] = .string(index)
        }
        self.init(status: .init(code: error.status), type: error.type, reason: error.reason, details: details)
    }

    /// Maps any error that reached the edge of the server to the Elasticsearch error that describes it.
    static func from(_ error: any Error, request: Request) -> Self {
        if let error = error as? any HTTPResponseError, error.status == .notFound {
            return .noHandler(method: request.method, path: request.uri.path)
        }
        return .init(describing: error)
    }

    /// The Elasticsearch error for a failure of any layer (also used for one failed `_msearch` item).
    init(describing error: any Error) {
        switch error {
        case let error as ElasticsearchError:
            self = error
        case let error as CatalogError:
            self.init(error)
        case let error as QueryError:
            self.init(error)
        case let error as SearchError:
            self.init(error)
        case let error as JSONError:
            self = .badJSON(error)
        case let error as any HTTPResponseError where error.status == .contentTooLarge:
            self.init(
                status: .contentTooLarge, type: "content_too_long_exception",
                reason: "request body is larger than the configured limit"
            )
        case let error as any HTTPResponseError:
            self.init(status: error.status, type: "status_exception", reason: error.status.reasonPhrase)
        default:
            self.init(status: .internalServerError, type: "exception", reason: String(describing: error))
        }
    }
}
