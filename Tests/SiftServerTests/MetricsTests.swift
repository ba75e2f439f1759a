import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SiftServer
import Testing

@Suite struct MetricsTests {
    @Test func requestDurationsAreRecordedByRouteWithSLOBuckets() async throws {
        try await withLiveServer { client in
            try await client.execute(uri: "/", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/no/such/api/here", method: .get) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                let text = String(buffer: response.body)
                let rootCount = #/http_request_duration_seconds_count\{route="/",method="GET",status="200"\} 1/#
                #expect(text.contains(rootCount))
                #expect(text.contains(#/http_request_duration_seconds_count\{route="NotFound",method="GET",status="400"\} 1/#))
                for bound in ["0.001", "0.1", "0.5", "1.0", "2.0", "5.0", "+Inf"] {
                    #expect(text.contains(#"http_request_duration_seconds_bucket{route="/",method="GET",status="200",le="\#(bound)"} 1"#))
                }
                #expect(text.contains("# TYPE http_request_duration_seconds histogram"))
                #expect(text.contains("# TYPE http_requests_active gauge"))
                #expect(text.contains(#/process_resident_memory_bytes [1-9][0-9]{5,}/#))
                #expect(!text.contains(#"route="/metrics""#))
            }
        }
    }

    @Test func metricsScrapesAreNotCounted() async throws {
        try await withLiveServer { client in
            for _ in 0..<3 {
                try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .ok) }
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(!String(buffer: response.body).contains("http_request_duration_seconds_count"))
            }
        }
    }

    @Test func activeRequestsReturnToZero() async throws {
        try await withLiveServer { client in
            try await client.execute(uri: "/", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(String(buffer: response.body).contains("\nhttp_requests_active 0"))
            }
        }
    }
}
