import Hummingbird
import Logging

/// Records each request's duration and outcome in ``ServerMetrics`` and writes one log line per request.
///
/// It sits outermost, so it sees the final status of every response, errors already rendered. The time
/// is taken when the handler returns its response; writing a buffered body afterwards is not included.
/// `/metrics` is left out: scrapes would otherwise dominate the latency histogram they report.
struct RequestObservationMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path == "/metrics" {
            return try await next(request, context)
        }
        let start = ContinuousClock.now
        metrics.requestStarted()
        do {
            let response = try await next(request, context)
            finish(request, context: context, status: response.status.code, start: start)
            return response
        } catch {
            // Only reached if an inner middleware let an error escape; count it as Hummingbird will answer it.
            finish(request, context: context, status: (error as? any HTTPResponseError)?.status.code ?? 500, start: start)
            throw error
        }
    }

    private func finish(_ request: Request, context: Context, status: Int, start: ContinuousClock.Instant) {
        let duration = ContinuousClock.now - start
        let route = context.endpointPath ?? "unmatched"
        metrics.requestFinished(route: route, method: request.method.rawValue, status: status, duration: duration)
        context.logger.info(
            "request",
            metadata: [
                "http.request.method": .string(request.method.rawValue),
                "url.path": .string(request.uri.path),
                "http.route": .string(route),
                "http.response.status_code": .stringConvertible(status),
                "event.duration_ns": .stringConvertible(duration.nanoseconds),
            ]
        )
    }
}
