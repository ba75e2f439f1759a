import Glibc
import HummingbirdTesting
import SiftTestSupport
import Testing

/// `Expect: 100-continue` over a raw socket: the interim answer must come before the body is sent.
@Suite struct ExpectContinueTests {
    @Test func continueIsAnsweredBeforeTheBodyAndTheRequestThenCompletes() async throws {
        try await withLiveServer { client in
            let port = try #require(client.port)
            let (interim, final) = try await Task.detached { try Self.exchange(port: port) }.value
            #expect(interim.hasPrefix("HTTP/1.1 100 Continue\r\n"))
            #expect(final.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(final.contains(#""errors":false"#))
        }
    }

    private struct SocketError: Error { var step: String }

    /// Sends the head, reads the interim response, then sends the body and reads the final one.
    private static func exchange(port: Int) throws -> (interim: String, final: String) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketError(step: "socket") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw SocketError(step: "connect") }
        let body = "{\"index\":{\"_index\":\"continued\"}}\n{\"a\":1}\n"
        try send(fd, "POST /_bulk HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-ndjson\r\n"
            + "Content-Length: \(body.utf8.count)\r\nExpect: 100-continue\r\n\r\n")
        let interim = try receive(fd, until: "\r\n\r\n")
        try send(fd, body)
        let final = try receive(fd, until: "}]}")
        return (interim, final)
    }

    private static func send(_ fd: Int32, _ text: String) throws {
        let bytes = Array(text.utf8)
        guard Glibc.send(fd, bytes, bytes.count, 0) == bytes.count else { throw SocketError(step: "send") }
    }

    private static func receive(_ fd: Int32, until marker: String) throws -> String {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !String(decoding: received, as: UTF8.self).contains(marker) {
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { throw SocketError(step: "receive (got \(String(decoding: received, as: UTF8.self)))") }
            received += buffer[..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }
}
