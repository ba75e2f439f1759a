import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SiftCore
import SiftServer
import Testing

@Suite struct LoggingTests {
    @Test func everyRequestLineCarriesARequestId() async throws {
        let lines = CapturedLines()
        try await withLiveServer(logLines: lines) { client in
            try await client.execute(uri: "/", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/no/such/api/here", method: .get) { #expect($0.status == .badRequest) }
        }
        let requests = try lines.lines.map { try JSONReader.parse(Array($0.utf8)) }.filter { $0["message"] == "request" }
        #expect(requests.count == 2)
        #expect(requests.map { $0["url.path"] } == ["/", "/no/such/api/here"])
        #expect(requests.map { $0["http.response.status_code"] } == ["200", "400"])
        let ids = requests.compactMap { $0["hb.request.id"]?.stringValue }
        #expect(ids.count == 2)
        #expect(Set(ids).count == 2)
    }

    @Test func jsonLinesUseECSNames() throws {
        let lines = CapturedLines()
        var logger = Logger(label: "sift.test") { StructuredLogHandler(label: $0, format: .json, sink: { lines.append($0) }) }
        logger[metadataKey: "component.id"] = "auth_log"
        logger.warning("offset saved", metadata: ["file.path": "/var/log/auth.log", "count": .stringConvertible(3)])
        logger.debug("not written at the default level")
        #expect(lines.lines.count == 1)
        let line = try #require(lines.lines.first)
        #expect(line.hasSuffix("}\n"))
        let object = try JSONReader.parse(Array(line.utf8))
        #expect(object["log.level"] == "warning")
        #expect(object["log.logger"] == "sift.test")
        #expect(object["message"] == "offset saved")
        #expect(object["component.id"] == "auth_log")
        #expect(object["file.path"] == "/var/log/auth.log")
        #expect(object["count"] == "3")
        let time = try #require(object["@timestamp"]?.stringValue)
        #expect(Timestamp(iso8601: time) != nil)
    }

    @Test func logfmtQuotesOnlyWhatNeedsIt() throws {
        let lines = CapturedLines()
        let logger = Logger(label: "sift") { StructuredLogHandler(label: $0, format: .logfmt, sink: { lines.append($0) }) }
        logger.info("server listening", metadata: ["server.port": "9200", "note": #"say "hi""#, "empty": ""])
        let line = try #require(lines.lines.first)
        #expect(line.hasPrefix("time="))
        #expect(line.hasSuffix(#" level=info logger=sift msg="server listening" empty="" note="say \"hi\"" server.port=9200"# + "\n"))
    }
}
