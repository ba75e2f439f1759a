import SiftCore
import SiftPipeline
import Testing

/// Grok over real third-party logs from the shared data folder, checked field by field.
@Suite struct GrokDataTests {
    /// A loghub system: a grok expression and, per structured-CSV column, the field that must hold it.
    struct LoghubCase: Sendable, CustomTestStringConvertible {
        var system: String
        var pattern: String
        /// CSV column → document field; several columns may join into one field with a space.
        var columns: [(column: [String], field: String)]
        var testDescription: String { system }
    }

    static let loghub: [LoghubCase] = [
        LoghubCase(system: "OpenSSH",
                   pattern: #"^%{SYSLOGTIMESTAMP:ts} %{HOSTNAME:host.name} %{DATA:process.name}\[%{POSINT:process.pid:int}\]: %{GREEDYDATA:message}$"#,
                   columns: [(["Date", "Day", "Time"], "ts"), (["Component"], "host.name"), (["Pid"], "process.pid"),
                             (["Content"], "message")]),
        LoghubCase(system: "HDFS",
                   pattern: #"^%{INT:date} %{INT:time} %{INT:process.pid:int} %{LOGLEVEL:log.level} %{NOTSPACE:log.logger}: %{GREEDYDATA:message}$"#,
                   columns: [(["Date"], "date"), (["Time"], "time"), (["Pid"], "process.pid"), (["Level"], "log.level"),
                             (["Component"], "log.logger"), (["Content"], "message")]),
        LoghubCase(system: "Apache",
                   pattern: #"^\[%{HTTPDERROR_DATE:timestamp}\] \[%{LOGLEVEL:log.level}\] %{GREEDYDATA:message}$"#,
                   columns: [(["Time"], "timestamp"), (["Level"], "log.level"), (["Content"], "message")]),
        LoghubCase(system: "Proxifier",
                   pattern: #"^\[%{DATA:time}\] %{DATA:process.name} - %{GREEDYDATA:message}$"#,
                   columns: [(["Time"], "time"), (["Program"], "process.name"), (["Content"], "message")]),
        LoghubCase(system: "HealthApp",
                   pattern: #"^(?<time>[^|]+)\|(?<component>[^|]+)\|%{INT:process.pid:int}\|%{GREEDYDATA:message}$"#,
                   columns: [(["Time"], "time"), (["Component"], "component"), (["Pid"], "process.pid"), (["Content"], "message")]),
    ]

    @Test(arguments: loghub) func loghubLinesMatchTheirGroundTruth(_ testCase: LoghubCase) throws {
        let lines = try dataLines("loghub/\(testCase.system)/\(testCase.system)_2k.log")
        let rows = csvRows(try dataLines("loghub/\(testCase.system)/\(testCase.system)_2k.log_structured.csv")
            .joined(separator: "\n") + "\n")
        let header = try #require(rows.first)
        #expect(lines.count == 2000)
        #expect(rows.count == 2001)
        let chain = try makeChain("  - grok: { field: message, patterns: ['\(testCase.pattern.replacing("'", with: "''"))'] }\n")
        var mismatches = 0
        for (line, row) in zip(lines, rows.dropFirst()) {
            var doc = Document(fields: ["message": .string(line)])
            #expect(chain.run(&doc) == .keep)
            for (columns, field) in testCase.columns {
                let expected = columns.map { column in header.firstIndex(of: column).map { row[$0] } ?? "?" }.joined(separator: " ")
                let actual: String
                switch doc[FieldPath(field)] {
                case .string(let text)?: actual = text
                case .int(let number)?: actual = String(number)
                default: actual = "<missing>"
                }
                // loghub's CSVs drop trailing blanks of the content.
                if trimmedTrailing(actual) != expected {
                    mismatches += 1
                    if mismatches <= 3 { Issue.record("\(testCase.system) \(field): [\(actual)] != [\(expected)] in \(line)") }
                }
            }
        }
        #expect(mismatches == 0)
    }

    private func trimmedTrailing(_ text: String) -> String {
        var result = Substring(text)
        while result.last == " " || result.last == "\t" || result.last == "\r" { result.removeLast() }
        return String(result)
    }

    @Test func combinedApacheLogOverTheAccessLog() throws {
        let lines = try dataLines("access/apache_combined_2k.log")
        let chain = try makeChain("  - grok: { field: message, patterns: ['%{COMBINEDAPACHELOG}'] }\n")
        var statuses: [Int64: Int] = [:]
        var methods: [String: Int] = [:]
        var totalBytes: Int64 = 0
        var withoutBytes = 0
        var withoutReferrer = 0
        var failures = 0
        var first: Document?
        for line in lines {
            var doc = Document(fields: ["message": .string(line)])
            _ = chain.run(&doc)
            if doc["tags"] != nil { failures += 1 }
            if let status = doc["http.response.status_code"]?.intValue { statuses[status, default: 0] += 1 }
            if let method = doc["http.request.method"]?.stringValue { methods[method, default: 0] += 1 }
            if let bytes = doc["http.response.body.bytes"]?.intValue { totalBytes += bytes } else { withoutBytes += 1 }
            if doc["http.request.referrer"] == nil { withoutReferrer += 1 }
            if first == nil { first = doc }
        }
        #expect(lines.count == 2000)
        #expect(failures == 0)
        #expect(statuses == [200: 1845, 206: 21, 301: 62, 304: 37, 404: 35])
        #expect(methods == ["GET": 1993, "HEAD": 7])
        #expect(totalBytes == 440_646_553)
        #expect(withoutBytes == 73)
        #expect(withoutReferrer == 872)
        let expected = try document(#"""
            {"message":"83.149.9.216 - - [17/May/2015:10:05:03 +0000] \"GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1\" 200 203023 \"http://semicomplete.com/presentations/logstash-monitorama-2013/\" \"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36\"",
             "source":{"address":"83.149.9.216"},
             "timestamp":"17/May/2015:10:05:03 +0000",
             "http":{"request":{"method":"GET","referrer":"http://semicomplete.com/presentations/logstash-monitorama-2013/"},
                     "version":"1.1","response":{"status_code":200,"body":{"bytes":203023}}},
             "url":{"original":"/presentations/logstash-monitorama-2013/images/kibana-search.png"},
             "user_agent":{"original":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"}}
            """#)
        #expect(first == expected)
    }

    @Test func combinedApacheLogOverTheNginxLog() throws {
        let lines = try dataLines("access/nginx_access_beats_test.log")
        #expect(lines.count == 13)
        let chain = try makeChain("  - grok: { field: message, patterns: ['%{COMBINEDAPACHELOG}'] }\n")
        var docs: [Document] = []
        for line in lines {
            var doc = Document(fields: ["message": .string(line)])
            _ = chain.run(&doc)
            #expect(doc["tags"] == nil, "\(line)")
            docs.append(doc)
        }
        #expect(docs[0]["http.request.referrer"] == nil)
        #expect(docs[0]["timestamp"] == "25/Oct/2016:14:49:33 +0200")
        #expect(docs[1]["http.request.referrer"] == "http://localhost:8080/")
        #expect(docs[10]["http.response.status_code"] == 304)
        #expect(docs[10]["http.response.body.bytes"] == 0)
        #expect(docs[10]["user_agent.original"] == "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.12; rv:49.0) Gecko/20100101 Firefox/49.0")
        // The virtual-host line: grok searches, so the match starts at the client address after the host.
        #expect(docs[12]["source.address"] == "192.168.0.1")
        #expect(docs[12]["http.response.status_code"] == 206)
        #expect(docs[12]["http.response.body.bytes"] == 7_648_063)
        #expect(docs[12]["url.original"] == "/A%20Beka%20G1%20Howe/029_AND_30/15%20reading%20elephants.mp4")
    }
}
