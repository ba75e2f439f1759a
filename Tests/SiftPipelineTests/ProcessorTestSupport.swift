import Foundation
import SiftConfig
import SiftCore
import SiftPipeline
import SiftTestSupport
import Testing

/// 2024-03-01T12:00:00Z, the "now" of processor tests.
let testNow = Timestamp(seconds: 1_709_294_400)

/// A chain from the `processors:` list of a YAML pipeline, as a pipeline file would give it.
func makeChain(_ processorsYAML: String, now: Timestamp = testNow) throws -> ProcessorChain {
    let pipeline = try PipelineDefinition(yaml: "processors:\n" + processorsYAML, file: "pipelines/test.yaml")
    return try ProcessorChain(pipeline.processors, file: "pipelines/test.yaml", environment: .fixed(now))
}

/// The configuration error building `processorsYAML` throws, or nil.
func chainError(_ processorsYAML: String) -> ConfigError? {
    do {
        _ = try makeChain(processorsYAML)
        return nil
    } catch let error as ConfigError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

/// Parses a JSON object literal.
func document(_ json: String) throws -> Document {
    try Document(parsing: Array(json.utf8))
}

/// Runs `chain` over the JSON document and returns the outcome and the document as JSON text.
func run(_ chain: ProcessorChain, _ json: String) throws -> (ProcessorOutcome, String) {
    var doc = try document(json)
    let outcome = chain.run(&doc)
    return (outcome, String(decoding: doc.jsonBytes(), as: UTF8.self))
}

/// Runs a one-processor chain and returns the resulting JSON text (documents are never dropped here).
func process(_ processorsYAML: String, _ json: String, now: Timestamp = testNow) throws -> String {
    let (outcome, result) = try run(try makeChain(processorsYAML, now: now), json)
    #expect(outcome == .keep)
    return result
}

/// Minimal RFC 4180 reader for loghub's structured CSVs: quoted fields may hold commas and `""`.
func csvRows(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var iterator = text.makeIterator()
    var pending: Character? = nil
    while let c = pending ?? iterator.next() {
        pending = nil
        if quoted {
            if c == "\"" {
                if let next = iterator.next() {
                    if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                } else {
                    quoted = false
                }
            } else {
                field.append(c)
            }
            continue
        }
        switch c {
        case "\"": quoted = true
        case ",": row.append(field); field = ""
        case "\n", "\r\n":
            row.append(field); field = ""
            rows.append(row); row = []
        default: field.append(c)
        }
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return rows
}

/// The lines of a shared data file, without the final empty line.
func dataLines(_ relativePath: String) throws -> [String] {
    let text = try String(contentsOfFile: sharedDataPath(relativePath), encoding: .utf8)
    // loghub files end lines with CRLF, which Swift reads as one Character.
    var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
    if lines.last == "" { lines.removeLast() }
    return lines
}
