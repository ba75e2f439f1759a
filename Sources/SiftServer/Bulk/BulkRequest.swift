import HTTPTypes
import SiftCore

/// A `_bulk` body read into actions, checked whole before anything is written: a malformed
/// action line fails the request, a malformed document fails only its item (later).
struct BulkRequest {
    enum Kind: String {
        case index, create, delete, update
    }

    struct Action {
        var kind: Kind
        var index: String
        var id: String?
        /// The document (index, create) or the update body (`{"doc":…}`), as sent.
        var source: [UInt8]
        /// The ingest pipeline to run on the document first (`_none`: none).
        var pipeline: String?
    }

    var actions: [Action] = []

    /// Reads NDJSON: an action line, then (except for `delete`) its source line. Empty lines between
    /// pairs are skipped; the last line may lack its newline.
    ///
    /// - Throws: ``ElasticsearchError``: `x_content_parse_exception` for an action line that is not
    ///   JSON, `illegal_argument_exception` for an unknown action or a missing source line,
    ///   `action_request_validation_exception` when an action names no index and the path none.
    init(_ body: [UInt8], defaultIndex: String?, defaultPipeline: String? = nil) throws(ElasticsearchError) {
        var lines = LineReader(body)
        var missingIndex: [Int] = []
        while let (number, line) = lines.next() {
            let header: JSONObject
            do { header = try JSONReader.parseObject(Array(line)) } catch {
                throw ElasticsearchError(status: .badRequest, type: "x_content_parse_exception", reason: "[\(number):1] \(error)")
            }
            guard header.count == 1, let (name, value) = header.first, let kind = Kind(rawValue: name) else {
                let found = header.first?.key ?? "END_OBJECT"
                throw .illegalArgument(
                    "Malformed action/metadata line [\(number)], expected field [create], [delete], [index] or [update] but found [\(found)]")
            }
            guard let metadata = value.objectValue else {
                throw .illegalArgument("Malformed action/metadata line [\(number)], expected START_OBJECT but found [\(value.tokenName)]")
            }
            var action = Action(kind: kind, index: defaultIndex ?? "", id: nil, source: [], pipeline: defaultPipeline)
            for (key, value) in metadata {
                switch key {
                case "_index":
                    guard let index = value.stringValue else { throw Self.badMetadata(number, key, value) }
                    action.index = index
                case "_id":
                    switch value {
                    case .string(let id): action.id = id
                    case .int(let id): action.id = String(id)
                    case .null: break
                    default: throw Self.badMetadata(number, key, value)
                    }
                case "pipeline":
                    guard let pipeline = value.stringValue else { throw Self.badMetadata(number, key, value) }
                    action.pipeline = pipeline
                case "_type", "routing", "require_alias", "retry_on_conflict", "version", "version_type",
                     "if_seq_no", "if_primary_term", "dynamic_templates", "require_data_stream", "list_executed_pipelines",
                     "_source":
                    // `_type`: Debian 12's rsyslog sends `"_type":"events"`; accepted and ignored on purpose.
                    continue
                default:
                    throw .illegalArgument("Action/metadata line [\(number)] contains an unknown parameter [\(key)]")
                }
            }
            if action.index.isEmpty { missingIndex.append(actions.count + 1) }
            if kind != .delete {
                guard let (_, source) = lines.next() else {
                    throw .illegalArgument("The bulk request must be terminated by a newline [\\n]")
                }
                action.source = Array(source)
            }
            if kind == .delete || kind == .update, action.id == nil {
                throw ElasticsearchError(
                    status: .badRequest, type: "action_request_validation_exception",
                    reason: "Validation Failed: 1: id is missing;")
            }
            actions.append(action)
        }
        if !missingIndex.isEmpty {
            throw ElasticsearchError(
                status: .badRequest, type: "action_request_validation_exception",
                reason: "Validation Failed: " + missingIndex.enumerated().map { "\($0.offset + 1): index is missing;" }.joined(separator: " "))
        }
    }

    private static func badMetadata(_ line: Int, _ key: String, _ value: JSONValue) -> ElasticsearchError {
        .illegalArgument("Malformed action/metadata line [\(line)], [\(key)] must be a string, found [\(value.tokenName)]")
    }
}

/// The non-empty lines of an NDJSON body with their 1-based numbers, without copying.
struct LineReader {
    private let bytes: [UInt8]
    private var position = 0
    private var lineNumber = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func next() -> (number: Int, line: ArraySlice<UInt8>)? {
        while position < bytes.count {
            let start = position
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            position = end + 1
            lineNumber += 1
            var line = bytes[start..<end]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if line.contains(where: { !isJSONWhitespace($0) }) { return (lineNumber, line) }
        }
        return nil
    }
}
