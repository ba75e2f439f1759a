import Foundation
import SiftCore
import SiftPipeline
import Testing

/// The pipelines in `pipelines/`, each run line by line over its real sample and checked field by field.
@Suite struct ShippedPipelineTests {
    /// One field of a loghub case against the structured CSV.
    enum Check: Sendable {
        /// The string field holds the cell exactly.
        case text(_ column: String, _ field: String)
        /// The field is an integer equal to the cell; absent when the cell is empty.
        case int(_ column: String, _ field: String)
        /// The cells joined with `:` equal the fields joined with `:` (loghub splits some values
        /// at a different colon than the format does).
        case joined(_ columns: [String], _ fields: [String])
        /// A described check of the row against the document.
        case custom(_ description: String, @Sendable (_ row: [String: String], _ document: Document) -> Bool)
    }

    struct LoghubCase: Sendable, CustomTestStringConvertible {
        var system: String
        var pipeline: String
        var checks: [Check]
        /// The `@timestamp` that the row's date columns denote.
        var timestamp: @Sendable (_ row: [String: String]) -> String
        var testDescription: String { system }
    }

    /// ``testNow`` is 2024-03-01, so the year-less syslog dates (June to December) fall in 2023.
    static let loghub: [LoghubCase] = [
        LoghubCase(system: "Apache", pipeline: "apache-error",
                   checks: [.text("Content", "message"), .text("Level", "log.level")],
                   timestamp: { row in
                       // Sun Dec 04 04:47:44 2005
                       let parts = (row["Time"] ?? "").split(separator: " ").map(String.init)
                       guard parts.count == 5 else { return "?" }
                       return "\(parts[4])-\(monthNumbers[parts[1]] ?? "?")-\(parts[2])T\(parts[3]).000Z"
                   }),
        LoghubCase(system: "OpenSSH", pipeline: "openssh",
                   checks: [.text("Content", "message"), .int("Pid", "process.pid"), .text("Component", "host.hostname"),
                            .custom("login fields read from Content", sshLoginFieldsMatch)],
                   timestamp: { row in
                       "2023-\(monthNumbers[row["Date"] ?? ""] ?? "?")-\(twoDigits(row["Day"] ?? ""))T\(row["Time"] ?? "").000Z"
                   }),
        // loghub names the host column of this sample `Level`; syslog lines have no level.
        LoghubCase(system: "Linux", pipeline: "linux-syslog",
                   checks: [.text("Content", "message"), .int("PID", "process.pid"), .text("Component", "process.name"),
                            .text("Level", "host.hostname")],
                   timestamp: { row in
                       "2023-\(monthNumbers[row["Month"] ?? ""] ?? "?")-\(twoDigits(row["Date"] ?? ""))T\(row["Time"] ?? "").000Z"
                   }),
        LoghubCase(system: "HDFS", pipeline: "hdfs",
                   checks: [.text("Content", "message"), .text("Level", "log.level"), .int("Pid", "process.pid"),
                            .text("Component", "log.logger")],
                   timestamp: { row in
                       let date = Array(row["Date"] ?? ""), time = Array(row["Time"] ?? "")
                       guard date.count == 6, time.count == 6 else { return "?" }
                       return "20\(String(date[0..<2]))-\(String(date[2..<4]))-\(String(date[4..<6]))T"
                           + "\(String(time[0..<2])):\(String(time[2..<4])):\(String(time[4..<6])).000Z"
                   }),
        LoghubCase(system: "Hadoop", pipeline: "hadoop",
                   checks: [.text("Content", "message"), .text("Level", "log.level"), .text("Process", "process.thread.name"),
                            .text("Component", "log.logger")],
                   timestamp: { row in "\(row["Date"] ?? "")T\((row["Time"] ?? "").replacing(",", with: "."))Z" }),
        // loghub cuts `[thread:Class@line]` at the thread's first colon: Node:Component is thread:Class.
        LoghubCase(system: "Zookeeper", pipeline: "zookeeper",
                   checks: [.text("Content", "message"), .text("Level", "log.level"), .int("Id", "log.origin.file.line"),
                            .joined(["Node", "Component"], ["process.thread.name", "log.logger"])],
                   timestamp: { row in "\(row["Date"] ?? "")T\((row["Time"] ?? "").replacing(",", with: "."))Z" }),
        LoghubCase(system: "Spark", pipeline: "spark",
                   checks: [.text("Content", "message"), .text("Level", "log.level"), .text("Component", "log.logger")],
                   timestamp: { row in "20\((row["Date"] ?? "").replacing("/", with: "-"))T\(row["Time"] ?? "").000Z" }),
        LoghubCase(system: "OpenStack", pipeline: "openstack",
                   checks: [.text("Content", "message"), .text("Level", "log.level"), .int("Pid", "process.pid"),
                            .text("Component", "log.logger"), .text("Logrecord", "log.file.path"),
                            .custom("ADDR is [request id, user, project, ...]", openStackContextMatches)],
                   timestamp: { row in "\(row["Date"] ?? "")T\(row["Time"] ?? "")Z" }),
    ]

    /// `req-… user project - - -` gives the request id and the non-`-` user and project; `-` gives none.
    @Sendable static func openStackContextMatches(_ row: [String: String], _ document: Document) -> Bool {
        let parts = (row["ADDR"] ?? "").split(separator: " ").map(String.init)
        func expected(_ index: Int) -> JSONValue? {
            index < parts.count && parts[index] != "-" ? .string(parts[index]) : nil
        }
        return document["http.request.id"] == expected(0) && document["user.id"] == expected(1)
            && document["cloud.project.id"] == expected(2)
    }

    /// `Accepted|Failed <method> for [invalid user ]<user> from <ip> port <port> ...` and
    /// `Invalid user [<user> ]from <ip>[ port <port>]`, taken apart word by word.
    @Sendable static func sshLoginFieldsMatch(_ row: [String: String], _ document: Document) -> Bool {
        let words = (row["Content"] ?? "").split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        var expected: [String: JSONValue] = [:]
        if let from = words.lastIndex(of: "from"), from + 1 < words.count {
            let port = from + 3 < words.count && words[from + 2] == "port" ? Int64(words[from + 3]) : nil
            var login = false
            if ["Accepted", "Failed"].contains(words[0]), words.count > 3, words[2] == "for", port != nil {
                let user = words.count > 5 && words[3] == "invalid" && words[4] == "user" ? 5 : 3
                expected = ["system.auth.ssh.event": .string(words[0]), "system.auth.ssh.method": .string(words[1]),
                            "user.name": .string(words[user..<from].joined(separator: " "))]
                login = true
            } else if words.count > 2, words[0] == "Invalid", words[1] == "user" {
                if from > 2 { expected["user.name"] = .string(words[2..<from].joined(separator: " ")) }
                login = true
            }
            if login {
                expected["source.ip"] = .string(words[from + 1])
                expected["source.port"] = port.map { .int($0) }
            }
        }
        return ["system.auth.ssh.event", "system.auth.ssh.method", "user.name", "source.ip", "source.port"]
            .allSatisfy { document[FieldPath($0)] == expected[$0] }
    }

    @Test(arguments: loghub) func loghubSampleMatchesItsStructuredCSV(_ testCase: LoghubCase) throws {
        let sample = try LoghubSample(system: testCase.system)
        #expect(sample.lines.count == 2000)
        try #require(sample.rows.count == sample.lines.count)
        let chain = try ShippedPipelines.chain(testCase.pipeline)
        var mismatches = 0
        func mismatch(_ number: Int, _ what: String, _ actual: String?, _ expected: String?) {
            mismatches += 1
            if mismatches <= 5 {
                Issue.record("\(testCase.system) line \(number) \(what): [\(actual ?? "<absent>")] != [\(expected ?? "<absent>")]")
            }
        }
        for (index, line) in sample.lines.enumerated() {
            let number = index + 1
            let row = sample.row(index)
            let document = ShippedPipelines.run(chain, line)
            if document["tags"] != nil { mismatch(number, "tags", document["tags"]?.description, nil) }
            if document["event.original"] != .string(line) { mismatch(number, "event.original", ShippedPipelines.text(document["event.original"]), line) }
            if document["timestamp"] != nil { mismatch(number, "timestamp (intermediate)", ShippedPipelines.text(document["timestamp"]), nil) }
            let timestamp = document["@timestamp"]?.stringValue
            if timestamp.flatMap({ Timestamp(iso8601: $0) }) == nil || timestamp != testCase.timestamp(row) {
                mismatch(number, "@timestamp", timestamp, testCase.timestamp(row))
            }
            for check in testCase.checks {
                switch check {
                case .text(let column, let field):
                    let expected = row[column]
                    if document[FieldPath(field)] != expected.map({ .string($0) }) {
                        mismatch(number, field, ShippedPipelines.text(document[FieldPath(field)]), expected)
                    }
                case .int(let column, let field):
                    let cell = row[column] ?? ""
                    let expected: JSONValue? = cell.isEmpty ? nil : Int64(cell).map { .int($0) } ?? .string(cell)
                    if document[FieldPath(field)] != expected { mismatch(number, field, document[FieldPath(field)]?.description, cell) }
                case .joined(let columns, let fields):
                    let expected = columns.map { row[$0] ?? "?" }.joined(separator: ":")
                    let actual = fields.map { ShippedPipelines.text(document[FieldPath($0)]) ?? "<absent>" }.joined(separator: ":")
                    if actual != expected { mismatch(number, fields.joined(separator: ":"), actual, expected) }
                case .custom(let description, let holds):
                    if !holds(row, document) { mismatch(number, description, document.fields.description, row.description) }
                }
            }
        }
        #expect(mismatches == 0)
    }

    static let accessFields = [
        "source.address", "source.ip", "user.name", "apache.access.user.identity", "http.request.method", "url.original",
        "http.version", "http.response.status_code", "http.response.body.bytes", "http.request.referrer",
        "user_agent.original", "@timestamp",
    ]

    /// Runs `apache-access` over `lines` and compares each with ``CombinedLogLine``; returns the documents.
    func checkAccessLines(_ lines: [String]) throws -> [Document] {
        let chain = try ShippedPipelines.chain("apache-access")
        let dates = CombinedLogLine.dateFormatters()
        var documents: [Document] = []
        var mismatches = 0
        for (index, line) in lines.enumerated() {
            let document = ShippedPipelines.run(chain, line)
            documents.append(document)
            guard let expected = CombinedLogLine(line, dates: dates) else {
                Issue.record("line \(index + 1) is not in the combined format: \(line)")
                continue
            }
            var problems: [String] = []
            for field in Self.accessFields where document[FieldPath(field)] != expected.fields[field] {
                problems.append("\(field): [\(document[FieldPath(field)]?.description ?? "<absent>")] != [\(expected.fields[field]?.description ?? "<absent>")]")
            }
            if document["tags"] != nil { problems.append("tags \(document["tags"]?.description ?? "")") }
            if document["timestamp"] != nil { problems.append("timestamp left") }
            if document["message"] != .string(line) || document["event.original"] != .string(line) { problems.append("message or event.original") }
            if !problems.isEmpty {
                mismatches += 1
                if mismatches <= 5 { Issue.record("line \(index + 1): \(problems.joined(separator: "; "))") }
            }
        }
        #expect(mismatches == 0)
        return documents
    }

    @Test func apacheAccessOverTheCombinedSample() throws {
        let lines = try ShippedPipelines.dataFileLines("access/apache_combined_2k.log")
        #expect(lines.count == 2000)
        let documents = try checkAccessLines(lines)
        #expect(documents.filter { $0["http.response.body.bytes"] == nil }.count == 73)
        #expect(documents.filter { $0["http.response.status_code"] == 404 }.count == 35)
        let first = String(decoding: try #require(documents.first).jsonBytes(), as: UTF8.self)
        #expect(first == #"{"message":"83.149.9.216 - - [17/May/2015:10:05:03 +0000] \"GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1\" 200 203023 \"http://semicomplete.com/presentations/logstash-monitorama-2013/\" \"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36\"","event":{"original":"83.149.9.216 - - [17/May/2015:10:05:03 +0000] \"GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1\" 200 203023 \"http://semicomplete.com/presentations/logstash-monitorama-2013/\" \"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36\""},"source":{"address":"83.149.9.216","ip":"83.149.9.216"},"http":{"request":{"method":"GET","referrer":"http://semicomplete.com/presentations/logstash-monitorama-2013/"},"version":"1.1","response":{"status_code":200,"body":{"bytes":203023}}},"url":{"original":"/presentations/logstash-monitorama-2013/images/kibana-search.png"},"user_agent":{"original":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"},"@timestamp":"2015-05-17T10:05:03.000Z"}"#)
        // Line 77: no body size (`-`) and no referrer.
        #expect(lines[76] == #"218.30.103.62 - - [17/May/2015:11:05:11 +0000] "GET /robots.txt HTTP/1.1" 200 - "-" "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)""#)
        #expect(documents[76]["http"] == .object(["request": .object(["method": "GET"]), "version": "1.1", "response": .object(["status_code": 200])]))
        #expect(documents[76]["@timestamp"] == "2015-05-17T11:05:11.000Z")
    }

    @Test func apacheAccessOverGeneratedNginxLines() throws {
        let lines = try ShippedPipelines.genlogs(["--kind", "nginx", "--count", "2000", "--seed", "42"])
        #expect(lines.count == 2000)
        let documents = try checkAccessLines(lines)
        #expect(documents.contains { $0["user.name"] != nil })
        #expect(Set(documents.compactMap { $0["http.request.method"]?.stringValue }) == ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"])
    }

    /// The nginx module's test log: offsets other than +0000, a 304 of size 0, a virtual host in front.
    @Test func apacheAccessOverTheNginxTestLog() throws {
        let lines = try ShippedPipelines.dataFileLines("access/nginx_access_beats_test.log")
        let chain = try ShippedPipelines.chain("apache-access")
        let documents = lines.map { ShippedPipelines.run(chain, $0) }
        #expect(documents.count == 13)
        #expect(documents.allSatisfy { $0["tags"] == nil })
        #expect(documents[0]["@timestamp"] == "2016-10-25T12:49:33.000Z")  // 14:49:33 +0200
        #expect(documents[10]["http.response.body.bytes"] == 0)
        #expect(documents[12]["source.address"] == "192.168.0.1")
    }

    /// Runs `json-app` over `lines` and compares each with ``JSONAppLine``; returns the documents.
    func checkJSONAppLines(_ lines: [String]) throws -> [Document] {
        let chain = try ShippedPipelines.chain("json-app")
        let parser = DateFormatter()
        parser.locale = Locale(identifier: "en_US_POSIX")
        parser.dateFormat = "yyyy-MM-dd'T'HH:mm:ss,SSSZ"
        let printer = ISO8601DateFormatter()
        printer.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var documents: [Document] = []
        var mismatches = 0
        for (index, line) in lines.enumerated() {
            let document = ShippedPipelines.run(chain, line)
            documents.append(document)
            guard let expected = JSONAppLine(line) else {
                Issue.record("line \(index + 1) is not a JSON object: \(line)")
                continue
            }
            let checks: [(String, JSONValue?, String?)] = [
                ("message", document["message"], expected.message),
                ("log.level", document["log.level"], expected.level),
                ("trace.id", document["trace.id"], expected.traceID),
                ("span.id", document["span.id"], expected.spanID),
                ("@timestamp", document["@timestamp"], expected.timestamp(parser, printer)),
                ("event.original", document["event.original"], line),
            ]
            var problems = checks.filter { $0.1 != $0.2.map { .string($0) } }
                .map { "\($0.0): [\($0.1?.description ?? "<absent>")] != [\($0.2 ?? "<absent>")]" }
            if document["tags"] != nil { problems.append("tags \(document["tags"]?.description ?? "")") }
            if document["level"] != nil || document["trace_id"] != nil || document["span_id"] != nil { problems.append("a renamed key is left") }
            if let timestamp = document["@timestamp"]?.stringValue, Timestamp(iso8601: timestamp) == nil { problems.append("@timestamp does not parse") }
            if !problems.isEmpty {
                mismatches += 1
                if mismatches <= 5 { Issue.record("line \(index + 1): \(problems.joined(separator: "; "))") }
            }
        }
        #expect(mismatches == 0)
        return documents
    }

    @Test(arguments: [[], ["--nested"]]) func jsonAppOverGeneratedLines(_ flags: [String]) throws {
        let lines = try ShippedPipelines.genlogs(["--kind", "json", "--count", "2000", "--seed", "42"] + flags)
        #expect(lines.count == 2000)
        let documents = try checkJSONAppLines(lines)
        // service and host strings become ECS objects; the other keys stay as the line had them.
        for (line, document) in zip(lines, documents).prefix(200) {
            let source = try Document(parsing: Array(line.utf8))
            #expect(document["service.name"] == source["service"] && document["host.name"] == source["host"])
            for (key, value) in source.fields where !["level", "trace_id", "span_id", "service", "host"].contains(key) {
                #expect(document[FieldPath(key)] == value, "\(key) in \(line)")
            }
        }
    }

    @Test(arguments: ["elasticsearch_server_7.0", "elasticsearch_ecs_8.0_mixed", "kibana_audit_8.14"])
    func jsonAppOverRealNDJSON(_ name: String) throws {
        let lines = try ShippedPipelines.dataFileLines("json/\(name).ndjson")
        #expect(!lines.isEmpty)
        let documents = try checkJSONAppLines(lines)
        switch name {
        case "elasticsearch_server_7.0":
            #expect(documents[0]["@timestamp"] == "2019-01-18T07:55:08.159Z")
            #expect(documents[0]["log.level"] == "INFO" && documents[0]["component"] == "o.e.e.NodeEnvironment")
        case "elasticsearch_ecs_8.0_mixed":
            #expect(documents[1]["log.level"] == "CRITICAL" && documents[1]["trace.id"] == "0af7651916cd43dd8448eb211c80319c")
        default:
            // The line's own `event` object is merged with the one holding event.original.
            #expect(documents[0]["event.action"] == "saved_object_create" && documents[0]["event.original"] == .string(lines[0]))
            #expect(documents[0]["transaction.id"] == "49a38064b0f1dc1e")
        }
    }

    /// pino (epoch millis, numeric level, traceparent), zerolog (RFC 3339 `time`), zap (`ts` seconds, `msg`), GCP (`severity`).
    @Test(arguments: [
        (#"{"level":30,"time":1709510400123,"msg":"slow request","service":"api","traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}"#,
         #"{"message":"slow request","event":{"original":"{\"level\":30,\"time\":1709510400123,\"msg\":\"slow request\",\"service\":\"api\",\"traceparent\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\"}"},"time":1709510400123,"traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01","log":{"level":30},"service":{"name":"api"},"@timestamp":"2024-03-04T00:00:00.123Z","trace":{"id":"0af7651916cd43dd8448eb211c80319c"},"span":{"id":"b7ad6b7169203331"}}"#),
        (#"{"level":"info","time":"2024-03-04T00:00:01+01:00","message":"ok","host":"web-1"}"#,
         #"{"message":"ok","event":{"original":"{\"level\":\"info\",\"time\":\"2024-03-04T00:00:01+01:00\",\"message\":\"ok\",\"host\":\"web-1\"}"},"time":"2024-03-04T00:00:01+01:00","log":{"level":"INFO"},"host":{"name":"web-1"},"@timestamp":"2024-03-03T23:00:01.000Z"}"#),
        (#"{"level":"error","ts":1709510400.5,"caller":"main.go:12","msg":"boom request_id=r-42"}"#,
         #"{"message":"boom request_id=r-42","event":{"original":"{\"level\":\"error\",\"ts\":1709510400.5,\"caller\":\"main.go:12\",\"msg\":\"boom request_id=r-42\"}"},"ts":1709510400.5,"caller":"main.go:12","log":{"level":"ERROR"},"@timestamp":"2024-03-04T00:00:00.500Z","http":{"request":{"id":"r-42"}}}"#),
        (#"{"severity":"WARNING","timestamp":"2024-03-04T00:00:02.250Z","message":"disk"}"#,
         #"{"message":"disk","event":{"original":"{\"severity\":\"WARNING\",\"timestamp\":\"2024-03-04T00:00:02.250Z\",\"message\":\"disk\"}"},"timestamp":"2024-03-04T00:00:02.250Z","log":{"level":"WARNING"},"@timestamp":"2024-03-04T00:00:02.250Z"}"#),
    ]) func jsonAppNormalisesCommonLoggerShapes(_ line: String, _ expected: String) throws {
        let document = ShippedPipelines.run(try ShippedPipelines.chain("json-app"), line)
        #expect(String(decoding: document.jsonBytes(), as: UTF8.self) == expected)
    }

    @Test func jsonAppKeepsALineThatIsNotJSON() throws {
        let line = "2024-03-04 05:06:07.089 WARN [cart-service] traceparent=00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01 slow"
        let document = ShippedPipelines.run(try ShippedPipelines.chain("json-app"), line)
        #expect(document["message"] == .string(line) && document["event.original"] == .string(line))
        #expect(document["tags"] == ["_jsonparsefailure"])
        #expect(document["trace.id"] == "0af7651916cd43dd8448eb211c80319c" && document["span.id"] == "b7ad6b7169203331")
    }

    static let textPipelines = ["apache-error", "openssh", "linux-syslog", "hdfs", "hadoop", "zookeeper", "spark", "openstack", "apache-access"]

    /// Every shipped file has a description and processors only, so it serves `?pipeline=` and `sift ship`.
    @Test func pipelineFilesHoldOnlyProcessors() throws {
        for name in Self.textPipelines + ["json-app"] {
            let definition = try ShippedPipelines.definition(name)
            #expect(definition.name == name)
            #expect(definition.inputs.isEmpty && definition.outputs.isEmpty, "\(name)")
            #expect(definition.processors.count >= 2, "\(name)")
        }
    }

    /// A line of another format keeps its message and gets only the grok tag: later steps do not pile up failures.
    @Test(arguments: textPipelines) func foreignLineIsKeptWithOnlyTheGrokTag(_ name: String) throws {
        let line = "garbage: not a line of this format"
        let document = ShippedPipelines.run(try ShippedPipelines.chain(name), line)
        #expect(document["message"] == .string(line))
        #expect(document["event.original"] == .string(line))
        #expect(document["tags"] == ["_grokparsefailure"])
        #expect(document["@timestamp"] == nil)
        #expect(document["error.message"]?.stringValue?.hasPrefix("Provided Grok expressions do not match") == true)
    }

    /// Variants of the formats that the loghub samples do not contain, with the whole resulting document.
    @Test(arguments: [
        ("apache-error",
         "[Wed Oct 11 14:32:52.123456 2000] [core:error] [pid 35708:tid 4328636416] [client 72.15.99.187:53312] AH00124: Request exceeded the limit",
         #"{"message":"[client 72.15.99.187:53312] AH00124: Request exceeded the limit","event":{"original":"[Wed Oct 11 14:32:52.123456 2000] [core:error] [pid 35708:tid 4328636416] [client 72.15.99.187:53312] AH00124: Request exceeded the limit"},"apache":{"error":{"module":"core"}},"log":{"level":"error"},"process":{"pid":35708,"thread":{"id":4328636416}},"source":{"address":"72.15.99.187","port":53312},"@timestamp":"2000-10-11T14:32:52.123Z"}"#),
        ("apache-error",
         "[Sun Dec 04 05:15:09 2005] [error] [client 222.166.160.184] Directory index forbidden by rule: /var/www/html/",
         #"{"message":"[client 222.166.160.184] Directory index forbidden by rule: /var/www/html/","event":{"original":"[Sun Dec 04 05:15:09 2005] [error] [client 222.166.160.184] Directory index forbidden by rule: /var/www/html/"},"log":{"level":"error"},"source":{"address":"222.166.160.184"},"@timestamp":"2005-12-04T05:15:09.000Z"}"#),
        ("openssh",
         "Dec 10 09:32:20 LabSZ sshd[24680]: Accepted password for fztu from 119.137.62.142 port 49116 ssh2",
         #"{"message":"Accepted password for fztu from 119.137.62.142 port 49116 ssh2","event":{"original":"Dec 10 09:32:20 LabSZ sshd[24680]: Accepted password for fztu from 119.137.62.142 port 49116 ssh2"},"host":{"hostname":"LabSZ"},"process":{"name":"sshd","pid":24680},"@timestamp":"2023-12-10T09:32:20.000Z","system":{"auth":{"ssh":{"event":"Accepted","method":"password"}}},"user":{"name":"fztu"},"source":{"ip":"119.137.62.142","port":49116}}"#),
        ("openssh",
         "Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186",
         #"{"message":"Invalid user webmaster from 173.234.31.186","event":{"original":"Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186"},"host":{"hostname":"LabSZ"},"process":{"name":"sshd","pid":24200},"@timestamp":"2023-12-10T06:55:46.000Z","user":{"name":"webmaster"},"source":{"ip":"173.234.31.186"}}"#),
        ("linux-syslog",
         "<38>2024-02-29T23:59:58.123+01:00 web-1 CRON[4242]: (root) CMD (run-parts /etc/cron.hourly)   ",
         #"{"message":"(root) CMD (run-parts /etc/cron.hourly)","event":{"original":"<38>2024-02-29T23:59:58.123+01:00 web-1 CRON[4242]: (root) CMD (run-parts /etc/cron.hourly)   "},"log":{"syslog":{"priority":38}},"host":{"hostname":"web-1"},"process":{"name":"CRON","pid":4242},"@timestamp":"2024-02-29T22:59:58.123Z"}"#),
        ("hadoop",
         "2015-10-18 18:01:50,353 INFO org.apache.hadoop.yarn.event.AsyncDispatcher: Registering class",
         #"{"message":"Registering class","event":{"original":"2015-10-18 18:01:50,353 INFO org.apache.hadoop.yarn.event.AsyncDispatcher: Registering class"},"log":{"level":"INFO","logger":"org.apache.hadoop.yarn.event.AsyncDispatcher"},"@timestamp":"2015-10-18T18:01:50.353Z"}"#),
        ("zookeeper",
         "2019-03-01 10:00:00,001 [myid:3] - WARN  [SyncThread:3:FileTxnLog@338] - fsync-ing the write ahead log took 1200ms",
         #"{"message":"fsync-ing the write ahead log took 1200ms","event":{"original":"2019-03-01 10:00:00,001 [myid:3] - WARN  [SyncThread:3:FileTxnLog@338] - fsync-ing the write ahead log took 1200ms"},"service":{"node":{"name":"3"}},"log":{"level":"WARN","logger":"FileTxnLog","origin":{"file":{"line":338}}},"process":{"thread":{"name":"SyncThread:3"}},"@timestamp":"2019-03-01T10:00:00.001Z"}"#),
        ("openstack",
         #"nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server [req-38101a0b-2096-447d-96ea-a692162415ae 113d3a99c3da401fbd62cc2caa5b96d2 54fadb412c4e40cdbaed9335e4c35a9e - - -] 10.11.10.1 "GET /v2/54fadb412c4e40cdbaed9335e4c35a9e/servers/detail HTTP/1.1" status: 200 len: 1893 time: 0.2477829"#,
         #"{"message":"10.11.10.1 \"GET /v2/54fadb412c4e40cdbaed9335e4c35a9e/servers/detail HTTP/1.1\" status: 200 len: 1893 time: 0.2477829","event":{"original":"nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server [req-38101a0b-2096-447d-96ea-a692162415ae 113d3a99c3da401fbd62cc2caa5b96d2 54fadb412c4e40cdbaed9335e4c35a9e - - -] 10.11.10.1 \"GET /v2/54fadb412c4e40cdbaed9335e4c35a9e/servers/detail HTTP/1.1\" status: 200 len: 1893 time: 0.2477829"},"log":{"file":{"path":"nova-api.log.1.2017-05-16_13:53:08"},"level":"INFO","logger":"nova.osapi_compute.wsgi.server"},"process":{"pid":25746},"http":{"request":{"id":"req-38101a0b-2096-447d-96ea-a692162415ae","method":"GET"},"version":"1.1","response":{"status_code":200,"body":{"bytes":1893}}},"user":{"id":"113d3a99c3da401fbd62cc2caa5b96d2"},"cloud":{"project":{"id":"54fadb412c4e40cdbaed9335e4c35a9e"}},"@timestamp":"2017-05-16T00:00:00.008Z","source":{"address":"10.11.10.1"},"url":{"original":"/v2/54fadb412c4e40cdbaed9335e4c35a9e/servers/detail"}}"#),
    ]) func formatVariantGivesTheWholeDocument(_ name: String, _ line: String, _ expected: String) throws {
        let document = ShippedPipelines.run(try ShippedPipelines.chain(name), line)
        #expect(String(decoding: document.jsonBytes(), as: UTF8.self) == expected)
    }
}

/// What the hot-path changes made for the shipped pipelines keep: grok writes each new top-level
/// object whole, rename looks up one path fewer, `convert` to ip scans bytes once.
@Suite struct ShippedPipelineHotPathTests {
    @Test func grokGivesTheDocumentThatSettingEachFieldInOrderGives() throws {
        let grok = "  - grok: { field: message, patterns: ['^(?:%{WORD:a.x}-)?%{WORD:b.y} %{WORD:a.z}$'] }\n"
        // Objects get their keys in the order the fields that took part first reach them.
        #expect(try process(grok, #"{"message":"one two"}"#) == #"{"message":"one two","b":{"y":"one"},"a":{"z":"two"}}"#)
        #expect(try process(grok, #"{"message":"x-one two"}"#) == #"{"message":"x-one two","a":{"x":"x","z":"two"},"b":{"y":"one"}}"#)
        // Below an object the document has, nested or as a dotted literal, fields land where lookups find them.
        let http = "  - grok: { field: message, patterns: ['%{WORD:http.request.method} %{INT:http.response.status_code:int}'] }\n"
        #expect(try process(http, #"{"message":"GET 200","http":{"version":"1.1"}}"#)
            == #"{"message":"GET 200","http":{"version":"1.1","request":{"method":"GET"},"response":{"status_code":200}}}"#)
        #expect(try process(http, #"{"message":"GET 200","http.request":{"id":"r1"}}"#)
            == #"{"message":"GET 200","http.request":{"id":"r1","method":"GET"},"http":{"response":{"status_code":200}}}"#)
        // A field that is a prefix of another: the second goes under a dotted literal key.
        #expect(try process("  - grok: { field: message, patterns: ['%{WORD:a} %{WORD:a.b}'] }\n", #"{"message":"x y"}"#)
            == #"{"message":"x y","a":"x","a.b":"y"}"#)
        // A capture that does not convert leaves the document as it was, as in Elasticsearch.
        #expect(try process("  - grok: { field: message, patterns: ['%{WORD:w} %{WORD:n:int}'] }\n", #"{"message":"abc def"}"#)
            == #"{"message":"abc def","tags":["_grokparsefailure"],"error":{"message":"cannot convert [def] captured for field [n] to int"}}"#)
    }

    @Test func renameReportsAMissingFieldBeforeATakenTarget() throws {
        #expect(try process("  - rename: { field: a, target_field: b }\n", #"{"b":2}"#)
            == #"{"b":2,"tags":["_renamefailure"],"error":{"message":"field [a] not present as part of path [a]"}}"#)
        #expect(try process("  - rename: { field: a, target_field: b, ignore_missing: true }\n", #"{"b":2}"#) == #"{"b":2}"#)
        #expect(try process("  - rename: { field: a, target_field: a, override: true }\n", #"{"a":1,"b":2}"#) == #"{"a":1,"b":2}"#)
        #expect(try process("  - rename: { field: a, target_field: b }\n", #"{"a":1,"b":null}"#) == #"{"b":1}"#)
    }

    @Test func convertToIPChecksEachDottedQuad() throws {
        let valid = ["1.2.3.4", "255.255.255.255", "01.002.3.4", "::ffff:10.0.0.1"]
        let invalid = ["256.1.1.1", "1.2.3", "1.2.3.4.", ".1.2.3", "1..2.3", "1.2.3.4.5", "1.2.3.0004", "a.b.c.d", ""]
        for text in valid {
            #expect(try process("  - convert: { field: v, type: ip }\n", #"{"v":"\#(text)"}"#) == #"{"v":"\#(text)"}"#)
        }
        for text in invalid {
            #expect(try process("  - convert: { field: v, type: ip }\n", #"{"v":"\#(text)"}"#).contains("_convertfailure"), "\(text)")
        }
    }

    @Test func uppercaseLeavesAnUnchangedValueInPlace() throws {
        #expect(try process("  - uppercase: { field: log.level }\n", #"{"log.level":"INFO","b":1}"#) == #"{"log.level":"INFO","b":1}"#)
        #expect(try process("  - uppercase: { field: log.level }\n", #"{"log":{"level":"warn"}}"#) == #"{"log":{"level":"WARN"}}"#)
    }
}
