import Foundation
import SiftConfig
import SiftCore
import SiftPipeline
import SiftTestSupport
import Testing

/// Helpers for ``ShippedPipelineTests``: the repository's `pipelines/` files, sample lines read as
/// the inputs read them, loghub's structured CSVs, and `genlogs.py` output.
enum ShippedPipelines {
    /// `<repo>/pipelines`, found from this file's path (`<repo>/Tests/SiftPipelineTests/<file>`).
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("pipelines")

    /// The pipeline file `pipelines/<name>.yaml`, parsed.
    static func definition(_ name: String) throws -> PipelineDefinition {
        let url = directory.appendingPathComponent("\(name).yaml")
        return try PipelineDefinition(yaml: try String(contentsOf: url, encoding: .utf8), file: url.path)
    }

    /// The processors of `pipelines/<name>.yaml`, built with the clock fixed at ``testNow``.
    static func chain(_ name: String) throws -> ProcessorChain {
        let definition = try definition(name)
        return try ProcessorChain(definition.processors, file: "pipelines/\(name).yaml", environment: .fixed(testNow))
    }

    /// Runs `chain` over `line` as an input would hand it over (``EventDocument/line(_:truncated:)``).
    static func run(_ chain: ProcessorChain, _ line: String) -> Document {
        var document = EventDocument.line(Array(line.utf8))
        #expect(chain.run(&document) == .keep)
        return document
    }

    /// The lines of `bytes` as the file and stdin inputs split them (LF, a CR before it dropped).
    static func lines(_ bytes: [UInt8]) -> [String] {
        var splitter = LineSplitter(maxLineBytes: 1 << 20)
        var lines: [String] = []
        let collect = { (line: LineSplitter.Line) in lines.append(String(decoding: line.bytes, as: UTF8.self)) }
        splitter.append(bytes, collect)
        splitter.flush(collect)
        return lines
    }

    /// The lines of a file under the shared data folder.
    static func dataFileLines(_ relativePath: String) throws -> [String] {
        lines(Array(try Data(contentsOf: URL(fileURLWithPath: sharedDataPath(relativePath)))))
    }

    /// `python3 shared/bench/genlogs.py <arguments>`, split into lines.
    static func genlogs(_ arguments: [String]) throws -> [String] {
        let script = URL(fileURLWithPath: sharedDataPath("../bench/genlogs.py")).standardizedFileURL.path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "genlogs.py \(arguments) failed")
        return lines(Array(bytes))
    }

    /// A value as the CSVs write it: strings as they are, integers in decimal, else nil.
    static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: text
        case .int(let number)?: String(number)
        default: nil
        }
    }
}

/// A loghub sample: its 2,000 log lines and the structured CSV's row for each.
struct LoghubSample {
    let lines: [String]
    let header: [String]
    let rows: [[String]]

    init(system: String) throws {
        lines = try ShippedPipelines.dataFileLines("loghub/\(system)/\(system)_2k.log")
        let csv = try String(contentsOfFile: sharedDataPath("loghub/\(system)/\(system)_2k.log_structured.csv"), encoding: .utf8)
        let table = csvRows(csv)
        header = table.first ?? []
        rows = Array(table.dropFirst())
    }

    /// Row `index`'s cells by column name.
    func row(_ index: Int) -> [String: String] {
        Dictionary(zip(header, rows[index]), uniquingKeysWith: { first, _ in first })
    }
}

/// Month numbers by English abbreviation, for expected timestamps.
let monthNumbers: [String: String] = [
    "Jan": "01", "Feb": "02", "Mar": "03", "Apr": "04", "May": "05", "Jun": "06",
    "Jul": "07", "Aug": "08", "Sep": "09", "Oct": "10", "Nov": "11", "Dec": "12",
]

/// `7` → `07`.
func twoDigits(_ text: String) -> String {
    text.count == 1 ? "0" + text : text
}

/// A combined-format access line taken apart by its quotes and spaces, independently of grok, with
/// the fields the `apache-access` pipeline must give (`-` for a user, size, referrer or agent: absent).
struct CombinedLogLine {
    let fields: [String: JSONValue]

    /// Nil unless the line has the shape `client ident user [time zone] "method url HTTP/v" status bytes "referrer" "agent"`.
    init?(_ line: String, dates: (DateFormatter, ISO8601DateFormatter)) {
        let quoted = line.split(separator: "\"", omittingEmptySubsequences: false).map(String.init)
        let head = quoted.first?.split(separator: " ").map(String.init) ?? []
        guard quoted.count == 7, head.count == 5, head[3].hasPrefix("["), head[4].hasSuffix("]") else { return nil }
        let request = quoted[1].split(separator: " ").map(String.init)
        let middle = quoted[2].split(separator: " ").map(String.init)
        guard request.count == 3, request[2].hasPrefix("HTTP/"), middle.count == 2, let status = Int64(middle[0]),
              let date = dates.0.date(from: String(head[3].dropFirst()) + " " + String(head[4].dropLast()))
        else { return nil }
        var fields: [String: JSONValue] = [
            "source.address": .string(head[0]), "source.ip": .string(head[0]),
            "http.request.method": .string(request[0]), "url.original": .string(request[1]),
            "http.version": .string(String(request[2].dropFirst(5))), "http.response.status_code": .int(status),
            "@timestamp": .string(dates.1.string(from: date)),
        ]
        if head[2] != "-" { fields["user.name"] = .string(head[2]) }
        if let bytes = Int64(middle[1]) { fields["http.response.body.bytes"] = .int(bytes) }
        if quoted[3] != "-" { fields["http.request.referrer"] = .string(quoted[3]) }
        if quoted[5] != "-" { fields["user_agent.original"] = .string(quoted[5]) }
        self.fields = fields
    }

    /// Parses `17/May/2015:10:05:03 +0000` and prints `2015-05-17T10:05:03.000Z`.
    static func dateFormatters() -> (DateFormatter, ISO8601DateFormatter) {
        let parser = DateFormatter()
        parser.locale = Locale(identifier: "en_US_POSIX")
        parser.dateFormat = "dd/MMM/yyyy:HH:mm:ss Z"
        let printer = ISO8601DateFormatter()
        printer.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return (parser, printer)
    }
}

/// What `json-app` must make of one NDJSON line, read with Foundation's JSON parser: the
/// message, the upper-cased level, the trace and span ids and `@timestamp`, wherever the line
/// spells them.
struct JSONAppLine {
    let object: [String: Any]

    init?(_ line: String) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else { return nil }
        self.object = object
    }

    private func nested(_ key: String, _ inner: String) -> Any? { (object[key] as? [String: Any])?[inner] }

    var message: String? { (object["message"] ?? object["msg"]) as? String }
    var level: String? { ((object["level"] ?? object["log.level"] ?? nested("log", "level")) as? String)?.uppercased() }
    var traceID: String? { (object["trace_id"] ?? object["trace.id"] ?? nested("trace", "id")) as? String }
    var spanID: String? { (object["span_id"] ?? object["span.id"] ?? nested("span", "id")) as? String }
    /// `@timestamp` as written, else Elasticsearch 7's `timestamp` (`2019-01-18T08:55:08,159+0100`) in UTC.
    func timestamp(_ parser: DateFormatter, _ printer: ISO8601DateFormatter) -> String? {
        if let written = object["@timestamp"] as? String { return written }
        return (object["timestamp"] as? String).flatMap { parser.date(from: $0) }.map { printer.string(from: $0) }
    }
}
