import Foundation
import HTTPTypes
import Hummingbird
import SiftCore

/// Who may call the API when the operator configured credentials: HTTP basic users and
/// Elasticsearch-style API keys (`Authorization: ApiKey <base64 of id:key>`, the encoded form
/// Elasticsearch hands out). Without any configured, the API is open (it binds to loopback).
package struct Credentials: Sendable, Hashable {
    /// `user` → `password`.
    package var users: [String: String] = [:]
    /// Encoded API keys, as clients send them.
    package var apiKeys: Set<String> = []

    package init() {}

    package var isEmpty: Bool { users.isEmpty && apiKeys.isEmpty }

    /// Reads an auth file: one `user:password` or `apikey:<encoded key>` per line; `#` comments.
    package init(file text: String, name: String) throws {
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimming(" \t\r")
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex, line.index(after: colon) != line.endIndex else {
                throw CredentialsError(reason: "\(name):\(number + 1): expected user:password or apikey:<encoded key>")
            }
            let (head, tail) = (String(line[..<colon]), String(line[line.index(after: colon)...]))
            if head == "apikey" { apiKeys.insert(tail) } else { users[head] = tail }
        }
    }

    /// Whether an `Authorization` header value names a configured user or key.
    func admits(_ authorization: String?) -> Bool {
        guard let authorization, let space = authorization.firstIndex(of: " ") else { return false }
        let scheme = authorization[..<space].lowercased()
        let value = String(authorization[authorization.index(after: space)...].drop { $0 == " " })
        switch scheme {
        case "basic":
            guard let decoded = Data(base64Encoded: value).map(Array.init), let colon = decoded.firstIndex(of: UInt8(ascii: ":")) else { return false }
            let user = String(decoding: decoded[..<colon], as: UTF8.self)
            guard let expected = users[user] else { return false }
            return constantTimeEqual(Array(decoded[(colon + 1)...]), Array(expected.utf8))
        case "apikey":
            return apiKeys.contains { constantTimeEqual(Array($0.utf8), Array(value.utf8)) }
        default:
            return false
        }
    }

    /// Compares without an early exit, so response times do not reveal how much of a secret matched.
    private func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

package struct CredentialsError: Error, CustomStringConvertible {
    package var reason: String
    package var description: String { reason }
}

/// Refuses requests without valid credentials with Elasticsearch's 401 (`security_exception`) and
/// a `WWW-Authenticate` challenge, so clients and browsers know to send them.
struct AuthenticationMiddleware<Context: RequestContext>: RouterMiddleware {
    let credentials: Credentials

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if credentials.isEmpty || credentials.admits(request.headers[.authorization]) {
            return try await next(request, context)
        }
        let reason = request.headers[.authorization] == nil
            ? "missing authentication credentials for REST request [\(request.uri.path)]"
            : "unable to authenticate with provided credentials for REST request [\(request.uri.path)]"
        var response = Response.json(
            ElasticsearchError(status: .unauthorized, type: "security_exception", reason: reason).body, status: .unauthorized)
        response.headers[.wwwAuthenticate] = #"Basic realm="security" charset="UTF-8""#
        response.headers.append(HTTPField(name: .wwwAuthenticate, value: "ApiKey"))
        return response
    }
}
