import HTTPTypes
import Hummingbird
import Logging

/// Makes every response look like Elasticsearch's, errors included.
///
/// The official clients (elasticsearch-py 8+, the Go and Java clients) refuse to talk to a server whose
/// first successful response lacks `X-Elastic-Product: Elasticsearch`, and Elasticsearch sends the header
/// on failures too. Errors are rendered here, in one place, in Elasticsearch's JSON shape.
struct ElasticProductMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let failure = ElasticsearchError.from(error, request: request)
            if failure.status.code >= 500 {
                context.logger.error("request failed", metadata: ["error": "\(error)"])
            }
            response = .json(failure.body, status: failure.status)
        }
        response.headers[.elasticProduct] = "Elasticsearch"
        if let accept = request.headers[.accept], accept.contains("application/vnd.elasticsearch+json"),
           response.headers[.contentType] == "application/json" {
            response.headers[.contentType] = Self.vendorType(accept)
        }
        return response
    }

    /// JSON replies stay `application/json` (opensearch-py parses nothing else) unless the client
    /// asked for Elasticsearch's vendor type, which is then answered with the version it named.
    static func vendorType(_ accept: String) -> String {
        let version = accept.split(separator: "compatible-with=").dropFirst().first?.prefix { $0.isNumber } ?? "8"
        return "application/vnd.elasticsearch+json;compatible-with=\(version)"
    }
}

extension HTTPField.Name {
    static let elasticProduct = Self("X-Elastic-Product")!
}
